"""How the HTML report copes with a large document, in headless Chromium.

    .venv/bin/python scripts/report_bench.py [--copies 60]

Builds a document from seed 003 with synthetic encoding damage (many changes
of several stages), repeated COPIES times (60: about 2 MB and 39,000
changes), and prints the seconds to clean it, to render the page, to open it
in Chromium, and for each action a reviewer takes.  Figures for the README
and reports, not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocrfix import clean  # noqa: E402
from ocrfix.diffview import word_changes  # noqa: E402
from ocrfix.htmlreport import render_html  # noqa: E402
from tests.browser import chromium, damaged_seed, missing_reason  # noqa: E402

FRAMES = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60)
    args = parser.parse_args(argv)
    reason = missing_reason()
    if reason:
        print(f"report_bench: {reason}", file=sys.stderr)
        return 1
    text = damaged_seed(every=2) * args.copies
    t0 = time.perf_counter()
    result = clean(text)
    t1 = time.perf_counter()
    page = render_html(result, name="bench.txt")
    t2 = time.perf_counter()
    print(f"document {len(text.encode()) / 1e6:.2f} MB, {len(result.edits)} edits, "
          f"{len(word_changes(result))} changes; page {len(page.encode()) / 1e6:.1f} MB")
    print(f"clean {t1 - t0:.2f} s, render_html {t2 - t1:.2f} s")
    from selenium.webdriver.common.action_chains import ActionChains

    with tempfile.TemporaryDirectory() as tmp, chromium() as d:
        path = Path(tmp) / "bench.html"
        path.write_text(page, encoding="utf-8")

        def timed(label: str, action) -> None:
            t = time.perf_counter()
            action()
            d.execute_async_script(FRAMES)
            print(f"{label:<28} {time.perf_counter() - t:6.2f} s")

        timed("open the page", lambda: d.get(path.as_uri()))
        for label, key in [("next change (n)", "n"), ("previous, wraps to last (p)", "p"),
                           ("inline view, first time (v)", "v"), ("side by side (v)", "v")]:
            timed(label, lambda key=key: ActionChains(d).send_keys(key).perform())
        timed("untick a stage", lambda: d.find_element(
            "css selector", '#legend input[data-stage="0"]').click())
        timed("scroll one column to half", lambda: d.execute_script(
            "const o = document.getElementById('orig'); o.scrollTop = o.scrollHeight / 2;"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
