# mediabias: two commands.
#   make notebooks   set up, execute every notebook on the corpus, write figures, build the HTML site
#   make test        set up, run the whole test suite (which also executes every notebook)
#   make lab         set up, open JupyterLab on the notebooks (the .py sources open as notebooks)
# Options: make notebooks STORY=iraq-letter-2020 OUTLETS=hotair,fp CORPUS=path/to/corpus

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export PYTHONHASHSEED := 0
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: notebooks test setup browser lock evaluate clean-build help lab

help:
	@sed -n '2,6p' Makefile

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python scripts/install_cmudict.py
	$(BIN)/python scripts/build_onnx.py
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

notebooks: setup
	$(BIN)/python -m mediabias.site $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(STORY),--story "$(STORY)") $(if $(OUTLETS),--outlets "$(OUTLETS)")

# JupyterLab on the same notebooks, to rerun them interactively (jupytext opens the .py sources as notebooks;
# edit CORPUS, STORY, OUTLETS in the first cell). LAB_PORT, LAB_TOKEN and LAB_ARGS pass options through, e.g.
# make lab LAB_ARGS=--no-browser. The executed .ipynb and the site are still made by `make notebooks` only.
LAB_PORT ?= 8888
lab: setup
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp lab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
	  --port=$(LAB_PORT) $(if $(LAB_TOKEN),--IdentityProvider.token=$(LAB_TOKEN)) \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

test: setup browser
	$(BIN)/python scripts/import_graph.py
	$(BIN)/python -m pytest -q --durations=15

# Headless Chromium for the site check in the tests (Debian's package; skipped with a note where impossible).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "note: could not install chromium; the browser check of the site will be skipped"; \
	  else echo "note: chromium not installed; the browser check of the site will be skipped"; fi; }

# Score every instrument against the gold data in $MEDIABIAS_DATA (default ../shared/datasets).
evaluate: setup
	$(BIN)/mediabias evaluate attribution
	$(BIN)/mediabias evaluate target-sentiment --data $${MEDIABIAS_DATA:-../shared/datasets}/newsmtsc/splits/rw/dev.jsonl
	$(BIN)/mediabias evaluate target-sentiment --data $${MEDIABIAS_DATA:-../shared/datasets}/newsmtsc/splits/mt/dev.jsonl
	$(BIN)/mediabias evaluate frames
	$(BIN)/mediabias evaluate roles
	$(BIN)/mediabias evaluate loaded-language
	$(BIN)/mediabias evaluate comparison --data $${MEDIABIAS_DATA:-../shared/datasets}/basil
	$(BIN)/mediabias evaluate known-groups --data $${MEDIABIAS_DATA:-../shared/datasets}/allsides-articles/articles.jsonl.gz

# Re-pin the environment after changing dependencies (writes requirements.lock and environment.yml).
lock:
	$(BIN)/python scripts/lock.py

clean-build:
	rm -rf build site results corpus/results
