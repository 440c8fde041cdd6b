"""Headless Chromium from the system (Debian's chromium and chromium-driver), driven by selenium.

Never downloads a browser or a driver: both must be installed (``.ci/run``
installs them with apt-get).  Used by ``tests/test_browser.py`` and by
``scripts/report_screenshot.py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Flags for a quiet, offline, sandbox-free (root, containers) headless Chromium.
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
    "--force-device-scale-factor=1", "--lang=en",
)


def _first(env: str, *candidates: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env] if Path(os.environ[env]).is_file() else None
    for c in candidates:
        found = shutil.which(c) or (c if Path(c).is_file() else None)
        if found:
            return found
    return None


def find_chromium() -> tuple[str | None, str | None]:
    """Paths of the browser and of its driver (``OCRFIX_CHROMIUM``/``OCRFIX_CHROMEDRIVER`` win)."""
    browser = _first("OCRFIX_CHROMIUM", "/usr/bin/chromium", "chromium", "chromium-browser")
    driver = _first("OCRFIX_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver")
    return browser, driver


def missing_reason() -> str | None:
    """Why a browser test cannot run here, or ``None`` when it can."""
    browser, driver = find_chromium()
    if browser is None or driver is None:
        return ("headless Chromium not found (/usr/bin/chromium and /usr/bin/chromedriver); "
                "install it with `apt-get install -y chromium chromium-driver`")
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is missing: run `make install` (test extra)"
    return None


@contextlib.contextmanager
def chromium(width: int = 1400, height: int = 900) -> Iterator[object]:
    """A selenium ``WebDriver`` on a fresh profile, quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = find_chromium()
    if browser is None or driver_path is None:
        raise RuntimeError(missing_reason())
    with tempfile.TemporaryDirectory(prefix="ocrfix-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in (*CHROMIUM_FLAGS, f"--window-size={width},{height}",
                     f"--user-data-dir={profile}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        # A driver path given to Service means selenium never runs Selenium Manager.
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
        try:
            # the page's own viewport, whatever the window decorations take
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            yield driver
        finally:
            driver.quit()


def console_errors(driver) -> list[str]:
    """Errors the page logged since the last call (script errors, CSP violations)."""
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def damaged_seed(every: int = 3) -> str:
    """Seed 003 with synthetic encoding damage, for pages with many changes of several stages.

    Line by line: mojibake (UTF-8 read as cp1252) on one line in ``every``,
    a ligature on the next, and CRLF line ends on one line in four.
    """
    seed = next(p for p in sorted((Path(__file__).resolve().parent.parent / "seeds")
                                  .glob("003_*.txt")) if not p.name.endswith(".clean.txt"))
    out = []
    for k, line in enumerate(seed.read_text(encoding="utf-8").split("\n")):
        if k % every == 0:
            try:
                line = line.encode("utf-8").decode("cp1252")
            except UnicodeDecodeError:
                pass
        elif k % every == 1:
            line = line.replace("fi", "ﬁ", 1)
        out.append(line + ("\r" if k % 4 == 2 else ""))
    return "\n".join(out)
