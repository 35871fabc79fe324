"""Which Chromium the browser tests and the screenshots command drive."""

import os
import shutil
from pathlib import Path


def chromium_executable() -> str | None:
    """Debian's Chromium where there is one; None means Playwright's own browser
    (uv run playwright install chromium)."""
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None
