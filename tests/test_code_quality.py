import shutil
import subprocess

from django.conf import settings


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff")
    assert ruff, "ruff is a dev dependency: uv sync installs it"
    result = subprocess.run(  # noqa: S603
        [ruff, "check", "--no-cache", str(settings.BASE_DIR)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
