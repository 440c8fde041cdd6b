"""Do no harm: what ocrfix changes in clean French that no rule was tuned on.

``build`` downloads Debian's French documentation packages (``apt-get
download``: needs a Debian or Ubuntu machine that reaches its mirror; nothing
of it is committed, the licences are those of the packages), and keeps the
paragraphs of their HTML that read as French (code, tables and untranslated
English paragraphs dropped), one text per page, up to a word budget per
package: about 150,000 words of technical prose, lists of commands, names of
programs, typos of the authors and all.

``measure`` cleans every text with every stage and lists each edit with its
context, by stage.  Every edit is a change to text that was clean: most are
damage (a word inside a path, English words, names), a few mend the authors'
own typos (a space lost after a comma).  Read them before and after changing
a stage; a rule that adds edits here is tuned to something else than French.

Usage::

    python scripts/noharm.py build [--dir /tmp/ocrfix-noharm]
    python scripts/noharm.py measure [--dir /tmp/ocrfix-noharm] [--stage NAME|all]

``make eval-noharm`` does both.
"""

from __future__ import annotations

import argparse
import collections
import html.parser
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Debian package, and the most words taken from it.
PACKAGES = {
    "debian-reference-fr": 40_000,
    "gimp-help-fr": 60_000,
    "debian-faq-fr": 30_000,
    "debian-edu-doc-fr": 30_000,
}
FRENCH = frozenset("le la les de des du et est un une pour dans que qui sur au aux par pas "
                   "ne se il vous".split())
ENGLISH = frozenset("the and is of to in you for with this that are be".split())
SKIPPED = ("pre", "table", "script", "style", "code")


class _Paragraphs(html.parser.HTMLParser):
    """The text of the ``<p>`` elements of a page that read as French."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self._buf: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIPPED:
            self._skip += 1
        if tag == "p" and not self._skip:
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skip = max(0, self._skip - 1)
        if tag == "p" and self._buf is not None:
            text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
            words = re.findall(r"\w+", text.lower())
            if len(words) >= 8 and sum(w in FRENCH for w in words) / len(words) > 0.12 \
                    and sum(w in ENGLISH for w in words) / len(words) < 0.03:
                self.out.append(text)
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._buf is not None and not self._skip:
            self._buf.append(data)


def build(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for package, budget in PACKAGES.items():
            subprocess.run(["apt-get", "download", package], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            deb = next(Path(tmp).glob(f"{package}_*.deb"))
            unpacked = Path(tmp) / package
            subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
            pages = sorted(unpacked.rglob("*.html"))
            random.Random(0).shuffle(pages)
            words = 0
            for page in pages:
                parser = _Paragraphs()
                parser.feed(page.read_text(encoding="utf-8", errors="replace"))
                if not parser.out:
                    continue
                text = "\n\n".join(parser.out) + "\n"
                name = f"{package.removesuffix('-fr')}_{page.stem.replace('.fr', '')}.txt"
                (folder / name).write_text(text, encoding="utf-8")
                words += len(text.split())
                if words > budget:
                    break
            print(f"{package}: {words:,} words")
            total += words
    print(f"{folder}: {total:,} words")
    return 0


def measure(folder: Path, show: str | None) -> int:
    from ocrfix import clean
    files = sorted(folder.glob("*.txt"))
    if not files:
        print(f"no texts in {folder}: run `python scripts/noharm.py build` first", file=sys.stderr)
        return 2
    counts: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    words = 0
    for f in files:
        source = f.read_text(encoding="utf-8")
        words += len(source.split())
        for e in clean(source).edits:
            counts[e.stage] += 1
            s = e.source_start if e.source_start >= 0 else e.start
            context = source[max(0, s - 40):s + len(e.before) + 40].replace("\n", "⏎")
            examples[e.stage].append(f"{f.stem[:24]:24s} {e.before!r} -> {e.after!r} | {context}")
    n = sum(counts.values())
    print(f"{len(files)} texts, {words:,} words: {n} edits ({1e4 * n / words:.1f} per 10k words)")
    for stage, k in counts.most_common():
        print(f"  {stage}: {k}")
    for stage in (list(examples) if show == "all" else [show] if show else []):
        print(f"\n== {stage}")
        print("\n".join(examples.get(stage, [])))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("action", choices=["build", "measure"])
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "ocrfix-noharm")
    ap.add_argument("--stage", help="list the edits of this stage (or 'all')")
    args = ap.parse_args(argv)
    return build(args.dir) if args.action == "build" else measure(args.dir, args.stage)


if __name__ == "__main__":
    raise SystemExit(main())
