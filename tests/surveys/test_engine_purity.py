"""The survey engine is a library: importing it loads nothing from Django."""

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys\n"
        "import concerto.surveys.engine as engine\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
        "assert engine.KINDS\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=SRC,
        env={"PYTHONPATH": str(SRC)},
        check=True,
    )
    assert result.stdout.strip() == ""
