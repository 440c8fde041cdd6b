"""Views of a cleaning run's edits: a word-level diff for the terminal, and counts.

Every view is computed from :meth:`ocrfix.pipeline.Cleaned.changes`, never by
comparing texts afresh, so what it shows is what the stages recorded.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

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


def word_changes(result: Cleaned) -> list[WordChange]:
    """The changes of ``result``, widened to word boundaries and merged where they touch.

    >>> from ocrfix import clean
    >>> [(w.before, w.after) for w in word_changes(clean("Lâ€™Ã©tat"))]
    [('Lâ€™Ã©tat', 'L’état')]
    """
    src, dst = result.original, result.text
    raw = result.changes()
    out: list[list] = []  # [s, e, ts, te, stages, reasons]
    for i, c in enumerate(raw):
        lo = out[-1][1] if out else 0
        lo_t = out[-1][3] if out else 0
        s, ts = c.source_start, c.target_start
        while s > lo and ts > lo_t and _WORD_CHAR.match(src[s - 1]) and src[s - 1] == dst[ts - 1]:
            s -= 1
            ts -= 1
        hi = raw[i + 1].source_start if i + 1 < len(raw) else len(src)
        e, te = c.source_end, c.target_end
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
        else:
            out.append([s, e, ts, te, stages, reasons])
    return [WordChange(s, e, src[s:e], dst[ts:te], st, rs) for s, e, ts, te, st, rs in out]


def _group(stage: str) -> str:
    try:
        return group_of(stage)
    except ValueError:
        return stage


def _visible(s: str) -> str:
    return s.replace("\n", "⏎").replace("\f", "␌").replace("\t", "⇥")


def _paint(s: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{s}\x1b[0m" if color and s else s


def render_diff(result: Cleaned, *, color: bool = False, name: str = "") -> str:
    """Changed lines of the original with ``[-before-]{+after+}`` and stage labels.

    >>> from ocrfix import clean
    >>> print(render_diff(clean("Le rapport est ﬁni.\\nRien ici.")))
    @@ line 1 @@
    Le rapport est [-ﬁni-]{+fini+}⟨fix_latin_ligatures⟩.
    """
    src = result.original
    changes = word_changes(result)
    if not changes:
        return ""
    line_starts = [0] + [i + 1 for i, ch in enumerate(src) if ch == "\n"]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos) - 1

    # group changes into hunks of consecutive source lines
    hunks: list[list[WordChange]] = []
    last_line = -2
    for c in changes:
        first = line_of(c.source_start)
        if hunks and first <= last_line:
            hunks[-1].append(c)
        else:
            hunks.append([c])
        last_line = line_of(max(c.source_end - 1, c.source_start))
    out: list[str] = []
    if name:
        out.append(_paint(f"--- {name}", "1", color))
    for hunk in hunks:
        l1 = line_of(hunk[0].source_start)
        l2 = line_of(max(hunk[-1].source_end - 1, hunk[-1].source_start))
        start = line_starts[l1]
        end = line_starts[l2 + 1] - 1 if l2 + 1 < len(line_starts) else len(src)
        label = f"line {l1 + 1}" if l1 == l2 else f"lines {l1 + 1}-{l2 + 1}"
        out.append(_paint(f"@@ {label} @@", "36", color))
        pieces: list[str] = []
        pos = start
        for c in hunk:
            pieces.append(src[pos:c.source_start])
            colour = GROUP_COLOURS.get(_group(c.stages[0]), "0")
            if c.before:
                pieces.append(_paint(f"[-{_visible(c.before)}-]", "31", color))
            if c.after:
                pieces.append(_paint(f"{{+{_visible(c.after)}+}}", "32", color))
            pieces.append(_paint("⟨" + ",".join(c.stages) + "⟩", colour, color))
            pos = c.source_end
        pieces.append(src[pos:max(pos, end)])
        out.append("".join(pieces))
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


__all__ = ["WordChange", "word_changes", "render_diff", "render_stat", "external_result"]
