# mediabias: two commands.
#   make notebooks   set up, execute every notebook on the corpus, write figures, build the HTML site
#   make test        set up, run the whole test suite (which also executes every notebook)
# Options: make notebooks STORY=iraq-letter-2020 OUTLETS=hotair,fp CORPUS=path/to/corpus

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export PYTHONHASHSEED := 0
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export MPLBACKEND := Agg

.PHONY: notebooks test setup site lock evaluate bench clean-build help

help:
	@sed -n '2,5p' Makefile

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python scripts/install_cmudict.py
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

notebooks: setup
	$(BIN)/python -m mediabias.notebooks $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(STORY),--story "$(STORY)") $(if $(OUTLETS),--outlets "$(OUTLETS)")

test: setup
	$(BIN)/python -m pytest -q

# Score every instrument against the gold data in $MEDIABIAS_DATA (default ../shared/datasets).
evaluate: setup
	$(BIN)/mediabias evaluate attribution
	$(BIN)/mediabias evaluate target-sentiment --data $${MEDIABIAS_DATA:-../shared/datasets}/newsmtsc/splits/rw/dev.jsonl
	$(BIN)/mediabias evaluate target-sentiment --data $${MEDIABIAS_DATA:-../shared/datasets}/newsmtsc/splits/mt/dev.jsonl
	$(BIN)/mediabias evaluate frames
	$(BIN)/mediabias evaluate roles
	$(BIN)/mediabias evaluate loaded-language

# Re-pin the environment after changing dependencies (writes requirements.lock and environment.yml).
lock:
	$(BIN)/python scripts/lock.py

clean-build:
	rm -rf build site results
