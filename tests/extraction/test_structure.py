"""The extraction package stays small-stage, short-function and free of Django."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "claims" / "extraction"
MAX_FUNCTION_LINES = 60


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_function_in_the_extraction_package_is_over_sixty_lines():
    long = [
        f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
        for path in sorted(PACKAGE.rglob("*.py"))
        for fn in _functions(path)
        if fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


_WITHOUT_DJANGO = textwrap.dedent(
    """
    import sys
    from importlib.abc import MetaPathFinder

    class NoDjango(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("django", "rest_framework", "celery"):
                raise ImportError(f"{name} is not importable in this test")
            return None

    sys.meta_path.insert(0, NoDjango())
    from datetime import date
    import claims.extraction as ex

    result = ex.extract(
        'The plan will fail, Jane Doe said on Friday. "We will fight it," she added.',
        published=date(2024, 3, 15),
        actors=[],
        nlp=ex.load_nlp(),
    )
    assert not any(m.split(".")[0] == "django" for m in sys.modules), "django was imported"
    print(len(result.statements))
    """
)


@pytest.mark.slow
def test_the_extraction_package_imports_and_runs_without_django():
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_DJANGO], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 1
