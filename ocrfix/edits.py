"""Edits: the record of every change a stage makes, and the tools to replay them.

An :class:`Edit` replaces ``before`` with ``after`` at ``span`` in the text *as the
stage saw it* (the output of the previous stage).  Edits of one stage never
overlap and are kept in text order, so replaying them stage by stage on the
input reproduces the output exactly:

>>> text = "Les élus a Paris"
>>> e = Edit("restore_accents", 9, 10, "a", "à", "context: before a name")
>>> apply_edits(text, [e])
'Les élus à Paris'
>>> replay(text, [e]) == apply_edits(text, [e])
True

Each edit also carries ``source_span``, the span of the original input it
comes from, so that diffs and reports can point into the document the user
gave us (see :func:`attach_source_spans`).
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import regex

__all__ = [
    "Edit",
    "Change",
    "apply_edits",
    "compose_edits",
    "replay",
    "diff_edits",
    "edits_by_line",
    "attach_source_spans",
    "changes",
]


@dataclass(frozen=True, slots=True)
class Edit:
    """One change made by one stage.

    ``start``/``end`` index the stage's input text; ``before`` is exactly
    ``input[start:end]``.  ``confidence`` is 1.0 for deterministic repairs and
    lower for choices made from frequencies.  ``source_start``/``source_end``
    index the original document (filled in by the pipeline).
    """

    stage: str
    start: int
    end: int
    before: str
    after: str
    reason: str = ""
    confidence: float = 1.0
    source_start: int = -1
    source_end: int = -1

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def source_span(self) -> tuple[int, int]:
        return (self.source_start, self.source_end)

    def to_dict(self) -> dict:
        """A JSON-ready dict (the format of ``--report`` files)."""
        return {
            "stage": self.stage,
            "span": [self.start, self.end],
            "source_span": [self.source_start, self.source_end],
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Edit":
        start, end = d["span"]
        s_start, s_end = d.get("source_span", (-1, -1))
        return cls(
            d["stage"], start, end, d["before"], d["after"], d.get("reason", ""),
            float(d.get("confidence", 1.0)), s_start, s_end,
        )


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply the edits of one stage (sorted, non-overlapping) to ``text``.

    Raises ``ValueError`` when an edit does not match the text, which would
    mean a stage recorded something other than what it did.
    """
    out: list[str] = []
    pos = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > len(text):
            raise ValueError(f"edit out of order or out of range: {e!r}")
        if text[e.start:e.end] != e.before:
            raise ValueError(
                f"edit does not match the text at {e.start}:{e.end}: "
                f"expected {e.before!r}, found {text[e.start:e.end]!r} ({e.stage})"
            )
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _stage_runs(edits: Sequence[Edit]) -> Iterable[list[Edit]]:
    run: list[Edit] = []
    for e in edits:
        if run and e.stage != run[-1].stage:
            yield run
            run = []
        run.append(e)
    if run:
        yield run


def replay(text: str, edits: Sequence[Edit]) -> str:
    """Reproduce a cleaned text from its input and its edits.

    Edits are grouped into consecutive runs of the same stage and each run is
    applied to the output of the previous one, exactly as the pipeline ran.

    >>> edits = [Edit("a", 0, 1, "x", "y"), Edit("b", 1, 2, "b", "")]
    >>> replay("xb", edits)
    'y'
    """
    for run in _stage_runs(edits):
        text = apply_edits(text, run)
    return text


# --- building edits --------------------------------------------------------

_TOKEN = regex.compile(r"\w+|\s+|[^\w\s]", regex.V1)
#: Above this many characters, a line is diffed by common prefix/suffix only
#: (difflib is quadratic in the worst case).
MAX_DIFF_CHARS = 20_000


def _trimmed_edit(old: str, new: str, offset: int, stage: str, reason: str,
                  confidence: float) -> list[Edit]:
    if old == new:
        return []
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return [Edit(stage, offset + p, offset + len(old) - s, old[p:len(old) - s],
                 new[p:len(new) - s], reason, confidence)]


def diff_edits(old: str, new: str, stage: str, reason: str = "", *, offset: int = 0,
               confidence: float = 1.0) -> list[Edit]:
    """Word-level edits that turn ``old`` into ``new``.

    Used by stages that transform a whole line (ftfy, NFC) to record tight,
    readable edits instead of one big replacement.

    >>> [(e.before, e.after) for e in diff_edits("Ã©tÃ© chaud", "été chaud", "m")]
    [('Ã©tÃ©', 'été')]
    """
    if old == new:
        return []
    if len(old) + len(new) > MAX_DIFF_CHARS:
        return _trimmed_edit(old, new, offset, stage, reason, confidence)
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits: list[Edit] = []
    a_pos = [0]
    for tok in a:
        a_pos.append(a_pos[-1] + len(tok))
    b_pos = [0]
    for tok in b:
        b_pos.append(b_pos[-1] + len(tok))
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        before = old[a_pos[i1]:a_pos[i2]]
        after = new[b_pos[j1]:b_pos[j2]]
        edits.append(Edit(stage, offset + a_pos[i1], offset + a_pos[i2], before, after,
                          reason, confidence))
    return edits


def edits_by_line(text: str, fix: Callable[[str], tuple[str, str]], stage: str,
                  *, keepends: bool = False) -> list[Edit]:
    """Run ``fix(line) -> (new_line, reason)`` on every line and diff the results.

    Lines are split on ``\\n`` only; ``keepends`` passes the newline to ``fix``.
    """
    edits: list[Edit] = []
    pos = 0
    for line in text.splitlines(keepends=True) if "\n" in text else [text]:
        # str.splitlines also splits on \x0b, \x1c, ... : re-split on \n only.
        for part in _split_newlines(line):
            body = part if keepends else part.rstrip("\n")
            new, reason = fix(body)
            if new != body:
                edits.extend(diff_edits(body, new, stage, reason, offset=pos))
            pos += len(part)
    return edits


def _split_newlines(chunk: str) -> list[str]:
    if "\n" in chunk[:-1]:
        return [p for p in regex.split(r"(?<=\n)", chunk) if p]
    return [chunk]


def compose_edits(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    r"""Edits on ``text`` equal to applying ``first``, then ``second`` on the result.

    For a stage that works in two passes: the edits of both passes that touch
    or overlap become one edit, whose reason joins theirs, so the stage still
    records sorted, non-overlapping edits on its own input.

    >>> a = [Edit("s", 4, 5, "\f", "\n", "form feed")]
    >>> b = [Edit("s", 5, 8, " . ", "", "stray mark")]
    >>> [(e.before, e.after, e.reason) for e in compose_edits("les \f . les", a, b)]
    [('\x0c . ', '\n', 'form feed; stray mark')]
    """
    if not first:
        return list(second)
    if not second:
        return list(first)
    middle = _StageMap(first)
    # every edit as an interval of the middle text: first by its output, second by its input
    spans = sorted([(middle.out_starts[i], middle.out_ends[i], 0, i) for i in range(len(first))]
                   + [(e.start, e.end, 1, i) for i, e in enumerate(second)])
    mid_text = apply_edits(text, first)
    out: list[Edit] = []
    cluster: list[tuple[int, int, int, int]] = []

    def flush() -> None:
        cs = min(c[0] for c in cluster)
        ce = max(c[1] for c in cluster)
        s = middle.back(cs, end=False)
        t = middle.back(ce, end=True)
        inner = [second[i] for c0, c1, which, i in cluster if which == 1]
        piece = mid_text[cs:ce]
        after = apply_edits(piece, [Edit(e.stage, e.start - cs, e.end - cs, e.before, e.after)
                                    for e in inner]) if inner else piece
        members = sorted(cluster, key=lambda c: (c[2], c[3]))
        edits = [(first if which == 0 else second)[i] for _, _, which, i in members]
        reason = "; ".join(dict.fromkeys(e.reason for e in edits if e.reason))
        out.append(Edit(edits[0].stage, s, t, text[s:t], after, reason,
                        min(e.confidence for e in edits)))

    for span in spans:
        if cluster and span[0] > max(c[1] for c in cluster):
            flush()
            cluster = []
        cluster.append(span)
    flush()
    return [e for e in out if e.before != e.after]


# --- mapping spans back to the source --------------------------------------

class _StageMap:
    """Position map between the input and output of one stage.

    A *start* position is biased to the left (it takes in a replaced region
    that begins there); an *end* position is biased to the right.
    """

    def __init__(self, run: Sequence[Edit]):
        self.run = run
        self.in_starts = [e.start for e in run]
        self.out_starts: list[int] = []
        shift = 0
        for e in run:
            self.out_starts.append(e.start + shift)
            shift += len(e.after) - len(e.before)
        self.in_ends = [e.end for e in run]
        self.out_ends = [o + len(e.after) for o, e in zip(self.out_starts, run)]

    def _map(self, pos: int, end: bool, forward: bool) -> int:
        if forward:
            ins, ine, outs, oute = self.in_starts, self.in_ends, self.out_starts, self.out_ends
        else:
            ins, ine, outs, oute = self.out_starts, self.out_ends, self.in_starts, self.in_ends
        if not end:
            i = bisect.bisect_left(ins, pos)
            if i < len(ins) and ins[i] == pos:
                return outs[i]
            i -= 1
            if i < 0:
                return pos
            return outs[i] if pos < ine[i] else oute[i] + (pos - ine[i])
        i = bisect.bisect_right(ins, pos) - 1
        while i >= 0 and ins[i] == pos and ine[i] > pos:
            i -= 1
        if i < 0:
            return pos
        return oute[i] if pos <= ine[i] else oute[i] + (pos - ine[i])

    def back(self, pos: int, *, end: bool) -> int:
        """Map a position of the stage's output to its input."""
        return self._map(pos, end, forward=False)

    def forward(self, pos: int, *, end: bool) -> int:
        """Map a position of the stage's input to its output."""
        return self._map(pos, end, forward=True)


def attach_source_spans(edits: Sequence[Edit]) -> list[Edit]:
    """Return the edits with ``source_start``/``source_end`` set.

    >>> es = [Edit("s1", 0, 2, "ab", ""), Edit("s2", 1, 2, "d", "D")]
    >>> [e.source_span for e in attach_source_spans(es)]   # input "abcd"
    [(0, 2), (3, 4)]
    """
    maps: list[_StageMap] = []
    out: list[Edit] = []
    for run in _stage_runs(edits):
        for e in run:
            s, t = e.start, e.end
            for m in reversed(maps):
                s = m.back(s, end=False)
                t = m.back(t, end=True)
            out.append(replace(e, source_start=s, source_end=max(s, t)))
        maps.append(_StageMap(run))
    return out


@dataclass(frozen=True, slots=True)
class Change:
    """A region where the output differs from the input, for diffs and reports.

    Several edits of several stages may fall in one change (a line joined by
    ``restore_paragraphs`` whose word was then re-accented).
    """

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    before: str
    after: str
    edits: tuple[Edit, ...]

    @property
    def stages(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for e in self.edits:
            seen.setdefault(e.stage, None)
        return tuple(seen)


def changes(source: str, target: str, edits: Sequence[Edit]) -> list[Change]:
    """Group edits (with source spans) into changed regions of source and target.

    >>> src = "Les élus a Paris"
    >>> es = attach_source_spans([Edit("restore_accents", 9, 10, "a", "à")])
    >>> [(c.before, c.after, c.stages) for c in changes(src, "Les élus à Paris", es)]
    [('a', 'à', ('restore_accents',))]
    """
    if not edits:
        return []
    order = {id(e): i for i, e in enumerate(edits)}
    ordered = sorted(edits, key=lambda e: (e.source_start, e.source_end))
    clusters: list[list[Edit]] = []
    c_end = -1
    for e in ordered:
        if clusters and e.source_start <= c_end:
            clusters[-1].append(e)
            c_end = max(c_end, e.source_end)
        else:
            clusters.append([e])
            c_end = e.source_end
    maps = [_StageMap(run) for run in _stage_runs(edits)]
    result: list[Change] = []
    for cl in clusters:
        s = min(e.source_start for e in cl)
        t = max(e.source_end for e in cl)
        ts, tt = s, t
        for m in maps:
            ts = m.forward(ts, end=False)
            tt = m.forward(tt, end=True)
        tt = max(ts, tt)
        before, after = source[s:t], target[ts:tt]
        if before == after:
            continue
        cl.sort(key=lambda e: order[id(e)])
        result.append(Change(s, t, ts, tt, before, after, tuple(cl)))
    return result
