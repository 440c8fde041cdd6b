"""Regenerate docs/report-003.png: the HTML report of seed 003 in headless Chromium.

    make report-screenshot          # or: .venv/bin/python scripts/report_screenshot.py

Needs Debian's chromium and chromium-driver (never downloads a browser) and
the test extra (selenium).  The report is built by the current pipeline, so
rerun this whenever stages land; the first change is selected so that its
tooltip shows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocrfix import clean_bytes  # noqa: E402
from ocrfix.htmlreport import render_html  # noqa: E402
from tests.browser import chromium, missing_reason  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "report-003.png")
    parser.add_argument("--change", type=int, default=1,
                        help="the change to select (1-based; 0 for none) [default: 1]")
    parser.add_argument("--size", default="1400x900", help="viewport WIDTHxHEIGHT [1400x900]")
    args = parser.parse_args(argv)
    reason = missing_reason()
    if reason:
        print(f"report_screenshot: {reason}", file=sys.stderr)
        return 1
    seed = next(p for p in sorted((ROOT / "seeds").glob("003_*.txt"))
                if not p.name.endswith(".clean.txt"))
    result = clean_bytes(seed.read_bytes())
    width, height = (int(x) for x in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory() as tmp, chromium(width, height) as driver:
        page = Path(tmp) / "report-003.html"
        page.write_text(render_html(result, name=f"seeds/{seed.name}"), encoding="utf-8")
        anchor = f"#change-{args.change}" if args.change > 0 else ""
        driver.get(page.as_uri() + anchor)
        driver.execute_async_script(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(args.output))
    print(f"wrote {args.output} ({len(result.edits)} edits, counts {result.counts()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
