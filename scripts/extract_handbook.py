"""Extract clean French paragraphs from the HTML of the Debian handbook (a measurement set).

``corpus/clean/{dev,heldout}/handbook-*.txt`` come from *Le cahier de
l'administrateur Debian* (Debian package ``debian-handbook``); this script
extracts other chapters the same way (one paragraph per line, a blank line
between paragraphs; headings, sidebar titles and list items as paragraphs of
their own; code blocks and tables dropped, inline code kept; the paragraphs
the French edition leaves in English dropped), for a third measurement set
that no rule is tuned on:

    apt-get download debian-handbook && dpkg-deb -x debian-handbook_*.deb hb
    python scripts/extract_handbook.py hb/usr/share/doc/debian-handbook/html/fr-FR OUT
    python scripts/segmentation_eval.py --extra OUT

The chapters already in ``corpus/clean/`` are skipped (:data:`IN_CORPUS`),
and so are the files with fewer than ``--min-words`` French words.  The
output is not committed (GPL-2.0+ or CC-BY-SA-3.0, like the book; several
hundred KB).
"""

from __future__ import annotations

import argparse
import html.parser
import re
import sys
from pathlib import Path

#: HTML files whose text is in corpus/clean/dev or corpus/clean/heldout.
IN_CORPUS = frozenset({
    "foreword", "preface", "sect.book-structure", "the-debian-project",
    "sect.foundation-documents", "sect.debian-internals", "sect.release-lifecycle",
    "case-study", "sect.master-plan", "sect.role-of-distributions",
    "sect.why-gnu-linux", "sect.why-debian", "sect.why-debian-stable",
    "sect.computer-layers", "sect.user-space", "sect.kernel-role-and-tasks",
    "sect.follow-debian-news", "conclusion",
    # front matter, index, the book's structure: not running text
    "index", "sect.who-is-this-book-for", "sect.acknowledgments",
})

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "li", "dt", "dd", "div"}
_SKIP = {"pre", "table", "script", "style", "head"}
_FR = set("le la les de des du et est un une en pour que qui dans sur par pas avec "
          "au aux ce cette il elle sont ne se plus ou".split())
_EN = set("the and of to is in for that with are this it be on as by not or from "
          "can an which you your".split())


class _Paragraphs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.nav: list[list[str | int]] = []  # [tag, depth] of navigation blocks

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if self.nav and tag == self.nav[-1][0]:
            self.nav[-1][1] += 1  # type: ignore[operator]
        if tag in _SKIP or (tag == "div" and cls in ("programlisting", "screen")):
            self.skip += 1
        elif tag in ("ul", "div", "p") and (cls.startswith("docnav") or dict(attrs).get("id")
                                            in ("banner", "title")):
            self.skip += 1  # navigation links, banner: no text of the book
            self.nav.append([tag, 1])
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if self.nav and tag == self.nav[-1][0]:
            self.nav[-1][1] -= 1  # type: ignore[operator]
            if not self.nav[-1][1]:
                self.nav.pop()
                self.skip -= 1
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)


def french(paragraph: str) -> bool:
    """Whether a paragraph is in French (not left in English by the translators)."""
    words = re.findall(r"[a-zà-ÿ]+", paragraph.lower())
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    return fr > en or (fr == en == 0 and not paragraph.isascii())


def extract(path: Path) -> list[str]:
    p = _Paragraphs()
    p.feed(path.read_text(encoding="utf-8"))
    p._flush()
    skip = {"Précédent", "Suivant", "Niveau supérieur", "Sommaire",
            "Download the ebook", "Le cahier de l'administrateur Debian"}
    return [t for t in p.out if t not in skip and french(t)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("html", type=Path, help="the fr-FR folder of the handbook's HTML")
    ap.add_argument("out", type=Path)
    ap.add_argument("--min-words", type=int, default=300)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for f in sorted(args.html.glob("*.html")):
        if f.stem in IN_CORPUS:
            continue
        paras = extract(f)
        words = sum(len(t.split()) for t in paras)
        if words < args.min_words:
            continue
        (args.out / f"handbook-{f.stem.removeprefix('sect.')}.txt").write_text(
            "\n\n".join(paras) + "\n", encoding="utf-8")
        total += words
    print(f"{total:,} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
