"""Before/after reports of a cleaning run, as self-contained HTML pages.

A report shows the original and the cleaned text side by side (or inline),
every change highlighted in the colour of its stage, with what each edit did
and why on hover or focus, a legend with the counts per stage that also
filters the view, and buttons and keys to go from one change to the next.
It is built from the recorded edits (:func:`ocrfix.diffview.word_changes`),
never from a fresh comparison of the two texts.

The page is one file with its CSS and JavaScript inline; it loads nothing
(its Content-Security-Policy forbids it) and the document's text is escaped,
so a document that contains ``<script>`` shows it as text:

>>> from ocrfix import clean
>>> page = render_html(clean("Le ﬁnancement <script>alert(1)</script>"), name="a.txt")
>>> "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
True

:func:`render_index` lists the reports of a batch.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import regex

from . import __version__
from .diffview import WordChange, word_changes
from .pipeline import GROUPS, STAGES, Cleaned

if TYPE_CHECKING:
    from .batch import FileResult, Job

logger = logging.getLogger(__name__)

__all__ = ["render_html", "render_index", "IndexEntry", "html_path_for", "stage_colours",
           "write_batch_index"]

#: Hue (HSL degrees) of each group; its stages get shades around it.  The same
#: families as the terminal colours of :data:`ocrfix.diffview.GROUP_COLOURS`.
GROUP_HUES = {"encoding": 290, "layout": 215, "words": 35, "segmentation": 170}

# Characters shown by name (ESC, CR, U+0085): C0 controls (except tab and
# newline, handled apart), DEL, C1 controls and lone surrogates, which are
# invalid in HTML or in UTF-8.  Form feed (a page break) gets its own marker.
# Names and markers are CSS generated content: copying the text skips them.
_SPECIAL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\p{Cs}]", regex.V1)
_CHANGED_SPECIAL = regex.compile(r"[\t\n]")


_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK "
             "SYN ETB CAN EM SUB ESC FS GS RS US").split()


def _symbol(ch: str) -> str:
    code = ord(ch)
    if code == 0x0C:
        return '<span class="ff" title="form feed (page break)"></span>'
    if code < 0x20:
        label = _C0_NAMES[code]
    elif code == 0x7F:
        label = "DEL"
    else:
        label = f"U+{code:04X}"
    return f'<span class="cc" data-c="{label}"></span>'


def _text(s: str) -> str:
    """Escape document text for HTML, making invisible control characters visible."""
    return _SPECIAL.sub(lambda m: _symbol(m.group()), html.escape(s, quote=False))


def _changed_text(s: str) -> str:
    """Like :func:`_text`, with newlines and tabs also marked (by CSS, so copying skips them)."""
    out = _text(s)
    return _CHANGED_SPECIAL.sub(
        lambda m: '<span class="nl"></span>\n' if m.group() == "\n" else '<span class="tb"></span>\t',
        out)


def _json_text(s: str) -> str:
    """Lone surrogates cannot be written as UTF-8: name them."""
    return regex.sub(r"\p{Cs}", lambda m: f"⟨U+{ord(m.group()):04X}⟩", s)


def _script_json(data: object) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@cache
def _asset(name: str) -> str:
    return resources.files("ocrfix").joinpath("data", name).read_text(encoding="utf-8")


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def stage_colours(stages: Iterable[str]) -> dict[str, tuple[str, str]]:
    """A (strong, light) CSS colour for each stage: its group's hue, one shade per stage.

    Stages outside the pipeline (``external``) are grey.

    >>> stage_colours(["repair_mojibake", "external"])["external"]
    ('hsl(0 0% 40%)', 'hsl(0 0% 88%)')
    """
    order = {s.name: s for s in STAGES}
    out: dict[str, tuple[str, str]] = {}
    for name in stages:
        stage = order.get(name)
        if stage is None or stage.group not in GROUP_HUES:
            out[name] = ("hsl(0 0% 40%)", "hsl(0 0% 88%)")
            continue
        siblings = [s.name for s in STAGES if s.group == stage.group]
        k = siblings.index(name)
        hue = GROUP_HUES[stage.group] + round((k - (len(siblings) - 1) / 2) * 20)
        out[name] = (f"hsl({hue % 360} 70% 36%)", f"hsl({hue % 360} 85% {88 + (k % 2) * 4}%)")
    return out


def _line_index(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch == "\n"]


def _line_of(newlines: list[int], pos: int) -> int:
    return bisect.bisect_left(newlines, pos) + 1


def _kind(c: WordChange) -> str:
    if not c.after:
        return "del"
    if not c.before:
        return "ins"
    return "rep"


def _removed_what(before: str) -> str:
    """How the cleaned column names a removal: ``a line removed``, ``3 lines removed``.

    >>> _removed_what("3/39\\n"), _removed_what("Sénat\\n\\n- page 2 -\\n"), _removed_what("|")
    ('a line removed', '2 lines removed', 'text removed')
    """
    if not before.strip():
        return "line break removed" if "\n" in before else "space removed"
    if "\n" not in before:
        return "text removed"
    lines = sum(1 for line in before.split("\n") if line.strip())
    return "a line removed" if lines == 1 else f"{lines} lines removed"


#: Each column is cut into blocks of about this many characters, at line
#: ends of unchanged text, the same places in both columns: the browser lays
#: out only the blocks in view (``content-visibility``), and scrolling one
#: column can follow the other block by block.
BLOCK_CHARS = 2000
#: Above this many characters (both columns), blocks out of view are not laid
#: out (``content-visibility: auto``): the page opens at once even for a few
#: MB, at the cost of estimated heights, and so of small jumps, while scrolling.
LAZY_CHARS = 400_000


def _block_splits(src: str, changes: Sequence[WordChange]) -> list[tuple[int, int]]:
    """Where blocks start, as (original, cleaned) positions of the same unchanged place."""
    splits: list[tuple[int, int]] = []
    last = pos = tpos = 0
    for c in [*changes, None]:
        gap_end = c.source_start if c is not None else len(src)
        while True:
            nl = src.find("\n", max(pos, last + BLOCK_CHARS), gap_end)
            if nl < 0 or nl + 1 >= gap_end:
                break
            last = nl + 1
            splits.append((last, tpos + (last - pos)))
        if c is not None:
            pos, tpos = c.source_end, c.target_end
    return splits


def _block(text: str) -> str:
    lines = text.count("\n") + 1 + sum(len(line) // 100 for line in text.split("\n"))
    return f'<div class="blk" style="contain-intrinsic-size:auto {lines * 20}px">'


def _pane(text: str, changes: Sequence[WordChange], source: bool,
          stage_ix: dict[str, int], splits: Sequence[int]) -> str:
    """One column: ``text`` with each change wrapped in a ``.ch`` span, in blocks."""
    bounds = [0, *splits, len(text)]
    out: list[str] = [_block(text[bounds[0]:bounds[1]])]
    j = 0            # splits[j] is the next block start

    def plain(a: int, b: int) -> None:
        nonlocal j
        while j < len(splits) and splits[j] <= b:
            out.append(_text(text[a:splits[j]]))
            out.append("</div>" + _block(text[splits[j]:bounds[j + 2]]))
            a = splits[j]
            j += 1
        out.append(_text(text[a:b]))

    pos = 0
    for c in changes:
        start, end = (c.source_start, c.source_end) if source else (c.target_start, c.target_end)
        plain(pos, start)
        inner = text[start:end]
        kind = _kind(c)
        if inner:
            body = _changed_text(inner)
        elif source:
            body = '<span class="mark-ins"></span>'
        else:
            body = f'<span class="mark-del" data-what="{_removed_what(c.before)}"></span>'
        out.append(f'<span class="ch k-{kind} st{stage_ix[c.stages[0]]}">{body}</span>')
        pos = end
    plain(pos, len(text))
    out.append("</div>")
    return "".join(out)


def _stage_table(result: Cleaned, changes: Sequence[WordChange]) -> list[dict]:
    """The stages that made edits, in pipeline order (the stages of every change are among them)."""
    counts = result.counts()
    change_counts: Counter = Counter()
    for c in changes:
        change_counts.update(set(c.stages))
    colours = stage_colours(counts)
    summaries = {s.name: s.summary for s in STAGES}
    groups = {s.name: s.group for s in STAGES}
    return [{"name": n, "group": groups.get(n, "other"), "summary": summaries.get(n, ""),
             "edits": counts[n], "changes": change_counts[n],
             "colour": colours[n][0], "light": colours[n][1]} for n in counts]


def _legend(stages: Sequence[dict]) -> str:
    if not stages:
        return '<p class="none">No edits: the text comes out unchanged.</p>'
    rows: list[str] = []
    by_group: dict[str, list[tuple[int, dict]]] = {}
    for i, st in enumerate(stages):
        by_group.setdefault(st["group"], []).append((i, st))
    order = [g for g in GROUPS if g in by_group] + [g for g in by_group if g not in GROUPS]
    for g in order:
        items = []
        for i, st in by_group[g]:
            tip = html.escape(st["summary"], quote=True)
            items.append(
                f'<label class="stage st{i}" title="{tip}"><input type="checkbox" checked '
                f'data-stage="{i}"><span class="sw"></span><code>{html.escape(st["name"])}</code> '
                f'<b class="n" data-edits="{st["edits"]}">{st["edits"]}</b></label>')
        total = sum(st["edits"] for _, st in by_group[g])
        rows.append(f'<div class="group" data-group="{html.escape(g, quote=True)}">'
                    f'<label class="gname"><input type="checkbox" checked data-group-toggle>'
                    f'{html.escape(g)} <span class="n">{total}</span></label>{"".join(items)}</div>')
    return "".join(rows)


def _stage_css(stages: Sequence[dict]) -> str:
    return "".join(f".st{i}{{--c:{st['colour']};--b:{st['light']}}}"
                   for i, st in enumerate(stages))


def render_html(result: Cleaned, *, name: str = "") -> str:
    """The before/after report of ``result`` as one self-contained HTML page.

    ``name`` is the document's name, shown in the title.

    >>> from ocrfix import clean
    >>> page = render_html(clean("Lâ€™Ã©tat a dÃ©cidÃ©."), name="scan.txt")
    >>> page.startswith("<!DOCTYPE html>") and page.count('class="ch ') == 4
    True
    >>> "http" in page.replace("http-equiv", "")
    False
    """
    changes = word_changes(result)
    src, dst = result.original, result.text
    stages = _stage_table(result, changes)
    stage_ix = {st["name"]: i for i, st in enumerate(stages)}
    splits = _block_splits(src, changes)
    order = {id(e): k for k, e in enumerate(result.edits)}
    src_lines, dst_lines = _line_index(src), _line_index(dst)
    reasons: dict[str, int] = {}
    data_changes = []
    for c in changes:
        edits = sorted(c.edits, key=lambda e: order.get(id(e), 0))
        # An edit that is the whole change takes its texts from the page (null here).
        same = len(edits) == 1 and (edits[0].before, edits[0].after) == (c.before, c.after) \
            and not _SPECIAL.search(c.before + c.after)
        data_changes.append([
            [stage_ix[s] for s in c.stages],
            _line_of(src_lines, c.source_start),
            _line_of(dst_lines, c.target_start),
            [[stage_ix[e.stage], None if same else _json_text(e.before),
              None if same else _json_text(e.after),
              reasons.setdefault(_json_text(e.reason), len(reasons)), round(e.confidence, 3)]
             for e in edits],
        ])
    data = {"stages": stages, "reasons": list(reasons), "changes": data_changes,
            "lines": len(src_lines) + 1}
    n_edits = len(result.edits)
    removed = sum(len(c.before) for c in changes if not c.after)
    title = f"ocrfix report: {name}" if name else "ocrfix report"
    facts = [f"{len(src):,} → {len(dst):,} characters",
             f"{n_edits:,} edit{'s' * (n_edits != 1)} in {len(changes):,} "
             f"change{'s' * (len(changes) != 1)}"]
    if removed:
        facts.append(f"{removed:,} characters removed")
    if result.encoding:
        facts.append(f"decoded as {result.encoding}")
    script = _asset("report.js")
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<meta name=\"generator\" content=\"ocrfix {__version__}\">",
        f"<title>{_text(title)}</title>",
        f"<style>{_asset('report.css')}{_stage_css(stages)}</style></head>",
        f'<body class="view-side{" lazy" if len(src) + len(dst) > LAZY_CHARS else ""}"><header>',
        f'<h1>ocrfix report <span class="doc">{_text(name)}</span></h1>',
        f'<p class="facts">{" · ".join(html.escape(f) for f in facts)}</p>',
        '<nav class="bar" aria-label="changes">',
        '<button type="button" id="prev" title="Previous change (p or k)">◀ Previous</button>',
        '<button type="button" id="next" title="Next change (n or j)">Next ▶</button>',
        f'<span id="pos" aria-live="polite">{len(changes):,} changes</span>',
        '<span class="sep"></span>',
        '<button type="button" id="view" aria-pressed="false" title="Switch between side by '
        'side and inline (v)">Inline view</button>',
        '<label title="Scroll both columns together"><input type="checkbox" id="sync" checked> '
        'Sync scrolling</label>',
        '<span class="keys">keys: <kbd>n</kbd>/<kbd>p</kbd> next/previous, '
        '<kbd>v</kbd> view</span></nav>',
        f'<div id="legend" aria-label="stages: check to show">{_legend(stages)}'
        '<span class="shown" id="shown"></span></div></header>',
        '<div id="work"><main id="side"><section><h2>Original</h2><div class="pane" id="orig">',
        _pane(src, changes, True, stage_ix, [a for a, _ in splits]),
        '</div></section><section><h2>Cleaned</h2><div class="pane" id="clean">',
        _pane(dst, changes, False, stage_ix, [b for _, b in splits]),
        '</div></section></main>',
        '<main id="inline" hidden><section><h2>Changes inline: <del>removed</del> '
        '<ins>added</ins></h2><div class="pane" id="inl"></div></section></main>',
        '<canvas id="map" title="Where the changes are in the document: click to go there">'
        '</canvas></div>',
        '<div id="tip" role="tooltip" hidden></div>',
        f'<script type="application/json" id="data">{_script_json(data)}</script>',
        f"<script>{script}</script></body></html>\n",
    ]
    return "".join(parts)


def html_path_for(report_json: Path) -> Path:
    """Where the HTML report goes beside a batch's JSON report.

    >>> html_path_for(Path("rapports/a/scan.txt.json")).as_posix()
    'rapports/a/scan.txt.html'
    """
    return report_json.with_suffix(".html")


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One file of a batch, as the index lists it.

    ``report`` is the HTML report's path relative to the index (``None``
    when there is none, as for a failed file).
    """

    name: str
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    report: str | None = None
    reason: str = ""


def render_index(entries: Sequence[IndexEntry], *, title: str = "ocrfix batch reports") -> str:
    """A page listing each file of a batch with its counts and a link to its report.

    >>> page = render_index([IndexEntry("a.txt", "cleaned", {"repair_mojibake": 2}, "a.txt.html"),
    ...                      IndexEntry("b.txt", "failed", reason="empty file")])
    >>> '<a href="a.txt.html">a.txt</a>' in page, "empty file" in page
    (True, True)
    """
    stage_names = [s.name for s in STAGES]
    used = [n for n in stage_names if any(e.counts.get(n) for e in entries)]
    used += sorted({n for e in entries for n in e.counts if n not in stage_names})
    colours = stage_colours(used)
    status = Counter(e.status for e in entries)
    totals: Counter = Counter()
    for e in entries:
        totals.update(e.counts)
    head = "".join(f'<th class="num" title="{html.escape(n)}"><span class="sw" '
                   f'style="background:{colours[n][0]}"></span><code>{html.escape(n)}</code></th>'
                   for n in used)
    rows: list[str] = []
    for e in entries:
        label = _text(e.name)
        link = (f'<a href="{html.escape(e.report, quote=True)}">{label}</a>'
                if e.report else label)
        total = sum(e.counts.values())
        cells = "".join(f'<td class="num">{e.counts.get(n, 0) or ""}</td>' for n in used)
        note = f'<td class="reason">{_text(e.reason)}</td>'
        rows.append(f'<tr class="{html.escape(e.status)}"><td>{link}</td>'
                    f'<td>{html.escape(e.status)}</td><td class="num">{total}</td>{cells}{note}</tr>')
    foot = "".join(f'<td class="num">{totals[n]}</td>' for n in used)
    summary = ", ".join(f"{status[s]} {s}" for s in ("cleaned", "unchanged", "skipped", "failed")
                        if status[s])
    script = _asset("index.js")
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">',
        f"<meta name=\"generator\" content=\"ocrfix {__version__}\">",
        f"<title>{_text(title)}</title><style>{_asset('report.css')}</style></head>",
        f'<body class="index"><header><h1>{_text(title)}</h1>',
        f'<p class="facts">{len(entries)} files: {html.escape(summary) or "none"} · '
        f'{sum(totals.values()):,} edits · click a column to sort</p></header>',
        '<table id="files"><thead><tr><th>file</th><th>status</th>'
        f'<th class="num">edits</th>{head}<th>note</th></tr></thead>',
        f'<tbody>{"".join(rows)}</tbody>',
        f'<tfoot><tr><td>total</td><td></td><td class="num">{sum(totals.values())}</td>'
        f"{foot}<td></td></tr></tfoot></table>",
        f"<script>{script}</script></body></html>\n",
    ])


def _saved_counts(report: Path) -> dict[str, int]:
    """The counts of an earlier JSON report (for files a batch skipped as up to date)."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        counts = data.get("counts", {}) if data.get("format") == "ocrfix-report" else {}
        return {str(k): int(v) for k, v in counts.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _relative(page: Path, report_dir: Path) -> str:
    """``page``'s path from ``report_dir``, as a link (reports mirror the batch's tree)."""
    try:
        return page.relative_to(report_dir).as_posix()
    except ValueError:
        return page.name


def write_batch_index(report_dir: Path, root: Path, jobs: Sequence[Job],
                      results: Sequence[FileResult]) -> Path:
    """Write ``index.html`` in ``report_dir`` for a batch run over ``root``; return its path.

    Files skipped as up to date are listed with the counts and report of
    their earlier run, when there is one.  Raises :class:`~ocrfix.OutputError`
    when the index cannot be written.
    """
    from .io import printable, write_atomic

    by_source = {r.source: r for r in results}
    entries: list[IndexEntry] = []
    for job in jobs:
        r = by_source.get(job.source)
        if r is None or job.report is None:
            continue
        try:
            name = printable(job.source.relative_to(root).as_posix())
        except ValueError:
            name = printable(job.source)
        page = html_path_for(job.report)
        counts = dict(r.counts)
        if r.status == "skipped" and not counts:
            counts = _saved_counts(job.report)
        link = (quote(_relative(page, report_dir), errors="surrogateescape")  # the name's bytes
                if r.status != "failed" and page.exists() else None)
        entries.append(IndexEntry(name, r.status, counts, link, r.reason))
    report_dir.mkdir(parents=True, exist_ok=True)
    target = report_dir / "index.html"
    write_atomic(target, render_index(entries, title=f"ocrfix reports: {printable(root)}"))
    return target
