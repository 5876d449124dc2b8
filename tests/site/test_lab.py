"""`make lab` starts JupyterLab on the notebooks: the jupytext sources are served as notebooks, parameters first.

The test starts it headless on a free port with a token, asks the server over HTTP for the notebook list and
one notebook, checks the .py files open in the notebook viewer by default, and stops it."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from mediabias import paths
from mediabias.site.execute import list_notebooks

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port, token = free_port(), secrets.token_hex(12)
    log = tmp_path_factory.mktemp("lab") / "lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_PORT={port}", f"LAB_TOKEN={token}",
                                 "LAB_ARGS=--no-browser --ServerApp.ip=127.0.0.1"],
                                cwd=paths.PROJECT_DIR, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)  # its own process group: stopped below with make's children

    def get(path):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.loads(response.read())

    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                get("/api/status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + log.read_text(errors="replace")[-3000:])
                time.sleep(1)
        yield get
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_lab_lists_the_py_sources_as_notebooks(lab):
    listing = lab("/api/contents/notebooks")
    types = {item["name"]: item["type"] for item in listing["content"]}
    sources = [p.name for p in list_notebooks(paths.PROJECT_DIR / "notebooks")]
    assert sources, "no notebook sources"
    assert {name: types.get(name) for name in sources} == {name: "notebook" for name in sources}


@pytest.mark.parametrize("source", list_notebooks(paths.PROJECT_DIR / "notebooks"), ids=lambda p: p.stem)
def test_first_code_cell_sets_corpus_story_and_outlets(lab, source):
    nb = lab(f"/api/contents/notebooks/{source.name}?type=notebook")["content"]
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert "parameters" in first["metadata"].get("tags", [])
    for name in ("CORPUS", "STORY", "OUTLETS"):
        assert f"\n{name} = " in "\n" + first["source"], f"{source.name}: {name} is not set in the first cell"


def test_py_files_open_in_the_notebook_viewer(lab):
    settings = lab("/lab/api/settings/@jupyterlab/docmanager-extension:plugin")
    # lab/overrides.json (installed by `make lab`) changes the default; a user's own setting still wins
    default = settings["schema"]["properties"]["defaultViewers"]["default"]
    assert default.get("python") == "Jupytext Notebook"
    assert settings["settings"].get("defaultViewers", default).get("python") == "Jupytext Notebook"
