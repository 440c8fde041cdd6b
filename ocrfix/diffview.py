"""Views of a cleaning run's edits: a word-level diff for the terminal, and counts.

Every view is computed from :meth:`ocrfix.pipeline.Cleaned.changes`, never by
comparing texts afresh, so what it shows is what the stages recorded.
"""

from __future__ import annotations

import bisect
import textwrap
import unicodedata
from dataclasses import dataclass

import regex

from .edits import Edit
from .pipeline import STAGES, Cleaned, group_of

_WORD_CHAR = regex.compile(r"[\w’']", regex.V1)

#: ANSI colours of the groups, for terminals.
GROUP_COLOURS = {"encoding": "35", "layout": "34", "words": "33", "segmentation": "36"}


@dataclass(frozen=True, slots=True)
class WordChange:
    """A change widened to whole words: the unit the diff view shows."""

    source_start: int
    source_end: int
    before: str
    after: str
    stages: tuple[str, ...]
    reasons: tuple[str, ...]
    #: Where ``after`` sits in the cleaned text.
    target_start: int = -1
    target_end: int = -1
    #: The edits that make this change, in pipeline order.
    edits: tuple[Edit, ...] = ()


def _is_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(_WORD_CHAR.match(text[i]))


def word_changes(result: Cleaned) -> list[WordChange]:
    """The changes of ``result``, widened to word boundaries and merged where they touch.

    A change is widened to whole words where it cuts through a word on
    either side (``ﬁ`` in ``ﬁnancement``, a hyphen joined across a line
    break), not where it sits between words (a removed line, a line break
    turned into a space).

    >>> from ocrfix import clean
    >>> [(w.before, w.after) for w in word_changes(clean("Lâ€™Ã©tat"))]
    [('Lâ€™Ã©tat', 'L’état')]
    >>> [(w.before, w.after) for w in word_changes(clean("Le ﬁnancement"))]
    [('ﬁnancement', 'financement')]
    """
    src, dst = result.original, result.text
    raw = result.changes()
    out: list[list] = []  # [s, e, ts, te, stages, reasons, edits]
    for i, c in enumerate(raw):
        lo = out[-1][1] if out else 0
        lo_t = out[-1][3] if out else 0
        s, ts = c.source_start, c.target_start
        # Widen only a change that cuts through a word, on either side: a
        # removed line or a joined line break does not take in its neighbours.
        if _is_word(src, s) or _is_word(dst, ts):
            while (s > lo and ts > lo_t and _WORD_CHAR.match(src[s - 1])
                   and src[s - 1] == dst[ts - 1]):
                s -= 1
                ts -= 1
        hi = raw[i + 1].source_start if i + 1 < len(raw) else len(src)
        e, te = c.source_end, c.target_end
        if _is_word(src, e - 1) or _is_word(dst, te - 1):
            while e < hi and te < len(dst) and _WORD_CHAR.match(src[e]) and src[e] == dst[te]:
                e += 1
                te += 1
        stages = c.stages
        reasons = tuple(dict.fromkeys(ed.reason for ed in c.edits if ed.reason))
        if out and s <= out[-1][1]:
            prev = out[-1]
            prev[1], prev[3] = e, te
            prev[4] = tuple(dict.fromkeys(prev[4] + stages))
            prev[5] = tuple(dict.fromkeys(prev[5] + reasons))
            prev[6] = prev[6] + c.edits
        else:
            out.append([s, e, ts, te, stages, reasons, c.edits])
    return [WordChange(s, e, src[s:e], dst[ts:te], st, rs, ts, te, eds)
            for s, e, ts, te, st, rs, eds in out]


def _group(stage: str) -> str:
    try:
        return group_of(stage)
    except ValueError:
        return stage


def _visible(s: str) -> str:
    return s.replace("\n", "⏎").replace("\f", "␌").replace("\t", "⇥")


def _paint(s: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{s}\x1b[0m" if color and s else s


@dataclass(frozen=True, slots=True)
class _Hunk:
    first_line: int     # 0-based lines of the original
    last_line: int
    start: int          # the hunk's lines in the original: src[start:end]
    end: int
    changes: list[WordChange]


def _hunks(result: Cleaned) -> list[_Hunk]:
    """Changes grouped by the lines of the original they touch."""
    src = result.original
    changes = word_changes(result)
    if not changes:
        return []
    line_starts = [0] + [i + 1 for i, ch in enumerate(src) if ch == "\n"]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos) - 1

    groups: list[list[WordChange]] = []
    last_line = -2
    for c in changes:
        first = line_of(c.source_start)
        if groups and first <= last_line:
            groups[-1].append(c)
        else:
            groups.append([c])
        last_line = line_of(max(c.source_end - 1, c.source_start))
    hunks = []
    for hunk in groups:
        l1 = line_of(hunk[0].source_start)
        l2 = line_of(max(hunk[-1].source_end - 1, hunk[-1].source_start))
        start = line_starts[l1]
        end = line_starts[l2 + 1] - 1 if l2 + 1 < len(line_starts) else len(src)
        hunks.append(_Hunk(l1, l2, start, end, hunk))
    return hunks


def render_diff(result: Cleaned, *, color: bool = False, name: str = "") -> str:
    """Changed lines of the original with ``[-before-]{+after+}`` and stage labels.

    >>> from ocrfix import clean
    >>> print(render_diff(clean("Le rapport est ﬁni.\\nRien ici.")))
    @@ line 1 @@
    Le rapport est [-ﬁni-]{+fini+}⟨fix_latin_ligatures⟩.
    """
    src = result.original
    hunks = _hunks(result)
    if not hunks:
        return ""
    out: list[str] = []
    if name:
        out.append(_paint(f"--- {_caret(name)}", "1", color))
    for h in hunks:
        l1, l2, start, end, hunk = h.first_line, h.last_line, h.start, h.end, h.changes
        label = f"line {l1 + 1}" if l1 == l2 else f"lines {l1 + 1}-{l2 + 1}"
        out.append(_paint(f"@@ {label} @@", "36", color))
        pieces: list[str] = []
        pos = start
        for c in hunk:
            pieces.append(_caret(src[pos:c.source_start]))
            colour = GROUP_COLOURS.get(_group(c.stages[0]), "0")
            if c.before:
                pieces.append(_paint(f"[-{_caret(_visible(c.before))}-]", "31", color))
            if c.after:
                pieces.append(_paint(f"{{+{_caret(_visible(c.after))}+}}", "32", color))
            pieces.append(_paint("⟨" + ",".join(c.stages) + "⟩", colour, color))
            pos = c.source_end
        pieces.append(_caret(src[pos:max(pos, end)]))
        out.append("".join(pieces))
    return "\n".join(out)


_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PIECE = regex.compile(r"\n|[^\S\n]+|\S+")


def _caret(s: str) -> str:
    """Control characters in caret notation (``^[`` for ESC): a document never drives the terminal.

    >>> _caret("a\\x1b[31mb\\rc\\x85")
    'a^[[31mb^Mc<U+0085>'
    """
    def name(m: regex.Match) -> str:
        code = ord(m.group())
        return "^" + chr(code ^ 0x40) if code < 0x80 else f"<U+{code:04X}>"
    return _CONTROL.sub(name, s)


def _shown(s: str) -> str:
    """A changed span for the side-by-side view: line breaks kept and marked."""
    return _caret(s.replace("\t", "⇥").replace("\f", "␌").replace("\n", "⏎\n"))


def _cells(s: str) -> int:
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _wrap(segments: list[tuple[str, str]], width: int) -> list[list[tuple[str, str]]]:
    """Word-wrap styled ``(text, style)`` segments into rows of at most ``width`` cells."""
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0
    for text, style in segments:
        for tok in _PIECE.findall(text):
            if tok == "\n":
                rows.append([])
                used = 0
                continue
            w = _cells(tok)
            if used + w <= width:
                rows[-1].append((tok, style))
                used += w
            elif tok.isspace():          # a soft break: the space goes
                rows.append([])
                used = 0
            elif w <= width:
                rows.append([(tok, style)])
                used = w
            else:                        # longer than a row: cut it
                for ch in tok:
                    cw = _cells(ch)
                    if used + cw > width and used:
                        rows.append([])
                        used = 0
                    rows[-1].append((ch, style))
                    used += cw
    return rows


_SBS_STYLE = {"del": "31;1", "ins": "32;1", "": ""}


def _row(cells: list[tuple[str, str]], color: bool) -> tuple[str, int]:
    out: list[str] = []
    for style, run in _runs(cells):
        out.append(_paint(run, _SBS_STYLE[style], color) if style else run)
    text = "".join(t for t, _ in cells)
    return "".join(out), _cells(text)


def _runs(cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for text, style in cells:
        if runs and runs[-1][0] == style:
            runs[-1] = (style, runs[-1][1] + text)
        else:
            runs.append((style, text))
    return runs


def render_side_by_side(result: Cleaned, *, width: int = 80, color: bool = False,
                        name: str = "") -> str:
    """Changed lines in two columns, original and cleaned, fitted to ``width`` cells.

    Without colour, changes are marked ``[-…-]`` on the left and ``{+…+}`` on
    the right; removed line breaks show as ``⏎``, removals as ``⌫``.

    >>> from ocrfix import clean
    >>> print(render_side_by_side(clean("Le rapport est ﬁni.\\nRien ici."), width=60))
    @@ line 1 @@ fix_latin_ligatures
    Le rapport est [-ﬁni-]. │ Le rapport est {+fini+}.
    """
    col = max(8, (width - 3) // 2)
    src, dst = result.original, result.text
    out: list[str] = []
    if name:
        out.append(_paint(f"--- {_caret(name)}", "1", color))
    for h in _hunks(result):
        label = (f"line {h.first_line + 1}" if h.first_line == h.last_line
                 else f"lines {h.first_line + 1}-{h.last_line + 1}")
        used = {st for c in h.changes for st in c.stages}
        stages = ", ".join([s.name for s in STAGES if s.name in used]
                           + sorted(used - {s.name for s in STAGES}))
        for row in textwrap.wrap(f"@@ {label} @@ {stages}", max(width, 20),
                                 subsequent_indent="   ", break_on_hyphens=False):
            out.append(_paint(row, "36", color))
        left: list[tuple[str, str]] = []
        right: list[tuple[str, str]] = []
        first, last = h.changes[0], h.changes[-1]
        pos = h.start
        tpos = max(0, first.target_start - (first.source_start - h.start))
        t_end = last.target_end + max(0, h.end - last.source_end)
        for c in h.changes:
            left.append((_caret(src[pos:c.source_start]), ""))
            right.append((_caret(dst[tpos:c.target_start]), ""))
            for side, text, mark, (o, e) in ((left, c.before, "‸", ("[-", "-]")),
                                             (right, c.after, "⌫", ("{+", "+}"))):
                body = _shown(text) if text else mark
                side.append((body if color else o + body + e, "del" if side is left else "ins"))
            pos, tpos = c.source_end, c.target_end
        left.append((_caret(src[pos:max(pos, h.end)]), ""))
        right.append((_caret(dst[tpos:max(tpos, t_end)]), ""))
        lrows, rrows = _wrap(left, col), _wrap(right, col)
        for k in range(max(len(lrows), len(rrows))):
            ltext, lw = _row(lrows[k], color) if k < len(lrows) else ("", 0)
            rtext, _ = _row(rrows[k], color) if k < len(rrows) else ("", 0)
            out.append((ltext + " " * (col - lw) + " │ " + rtext).rstrip())
    return "\n".join(out)


def render_stat(result: Cleaned, name: str = "") -> str:
    """Edits per stage, and words changed.

    >>> from ocrfix import clean
    >>> print(render_stat(clean("Ã©tÃ© ﬁni"), "x.txt"))
    x.txt: 2 edits, 2 words changed
      repair_mojibake        1  (encoding)
      fix_latin_ligatures    1  (encoding)
    """
    counts = result.counts()
    total = sum(counts.values())
    n_words = len(word_changes(result))
    head = f"{name}: " if name else ""
    lines = [f"{head}{total} edits, {n_words} words changed"]
    width = max((len(s.name) for s in STAGES), default=10)
    for stage, n in counts.items():
        lines.append(f"  {stage:<{width}} {n:>4}  ({_group(stage)})")
    return "\n".join(lines)


def external_result(original: str, cleaned_text: str) -> Cleaned:
    """A :class:`Cleaned` for two given texts whose edits we do not know.

    The edits are a plain word diff labelled ``external``.
    """
    from .edits import attach_source_spans, diff_edits

    edits = diff_edits(original, cleaned_text, "external", "difference between the two files")
    return Cleaned(cleaned_text, tuple(attach_source_spans(edits)), original)


__all__ = ["WordChange", "word_changes", "render_diff", "render_side_by_side", "render_stat",
           "external_result"]
