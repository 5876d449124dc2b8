"""Every module imports on its own, in a fresh interpreter (a circular import once broke `import mediabias.roles`
whenever it came before `mediabias.framing`, as in `bench_analyze.py --steps roles`)."""

import pkgutil
import subprocess
import sys

import pytest

import mediabias

MODULES = sorted(m.name for m in pkgutil.walk_packages(mediabias.__path__, "mediabias.") if "__main__" not in m.name)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module):
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
