"""Measuring a cleaner against a gold text: error rates, paragraph breaks, damage.

The yardstick of the project (``ocrfix eval``, ``make eval`` and the quality
gates).  Everything here compares texts; nothing is used by the cleaning
pipeline itself.

**Scoring conventions.**  ’ and ' are the same character when scoring, so that
a typographic choice is never counted as an error.  The character error rate
(CER) is the Levenshtein distance between the two texts with every run of
whitespace collapsed to one space, over the length of the (collapsed) gold
text; the word error rate (WER) is the same on words (runs of non-space).
Line and paragraph structure is measured apart, by paragraph-break precision
and recall (a break is a blank line).

>>> s = score("Le medecin  est arrive.\\n\\nFin.", "Le médecin est arrivé.\\n\\nFin.")
>>> s.char_distance, s.chars, s.word_distance, s.words
(2, 27, 2, 5)
>>> round(s.cer, 4), s.wer, s.breaks.f1
(0.0741, 0.4, 1.0)

**The approximation.**  An exact Levenshtein distance between two 1 MB texts
is out of reach in Python, so :func:`distance` first aligns the two texts on
tokens (tokens that occur as often in both texts anchor the alignment, as in
patience diff; :mod:`difflib` aligns the short gaps between anchors) and sums
the exact distances of the differing chunks, computed with a bit-parallel
algorithm (Myers 1999, Hyyrö 2001).  The sum is an upper bound
of the true distance and equals it whenever the anchors are right, which is
what happens on OCR text against its gold (differences are local).  It runs
in a few seconds on a megabyte.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .noise import InjectedError

__all__ = [
    "levenshtein",
    "distance",
    "Alignment",
    "BreakScores",
    "Scores",
    "KindScore",
    "WorseEdit",
    "MissedRepair",
    "PairReport",
    "score",
    "paragraph_breaks",
    "error_reduction",
    "score_errors",
    "worse_changes",
    "evaluate_pair",
    "evaluate_output",
    "normalize",
    "collapse",
    "total",
    "Pair",
    "find_pairs",
    "evaluate_files",
    "render_table",
    "report_json",
]

_WS = regex.compile(r"\s+")
_TOKEN = regex.compile(r"\w+|\s+|[^\w\s]")
_BLANK = regex.compile(r"\n[^\S\n]*\n\s*")
#: Chunks up to this many characters on both sides are aligned character by
#: character; longer differing chunks are kept whole.
_REFINE_LIMIT = 4000


def normalize(text: str) -> str:
    """The text as scored: ’ is '.  Same length as ``text`` (offsets are kept)."""
    return text.replace("’", "'")


def collapse(text: str) -> str:
    """Whitespace runs collapsed to one space, ends stripped (after :func:`normalize`).

    >>> collapse(" Le\\n\\n  médecin\\tn’est\\fpas là ")
    "Le médecin n'est pas là"
    """
    return _WS.sub(" ", normalize(text)).strip()


# --- edit distance ------------------------------------------------------------

def levenshtein(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Exact Levenshtein distance between two strings (or sequences of tokens).

    Bit-parallel (Myers/Hyyrö): one pass over ``b`` with ``len(a)``-bit integers.

    >>> levenshtein("médecin", "meédecin"), levenshtein("kitten", "sitting")
    (1, 3)
    >>> levenshtein(["la", "maison"], ["la", "mai", "son"])
    2
    """
    if len(a) < len(b):
        a, b = b, a
    m = len(a)
    if m == 0:
        return len(b)
    if not b:
        return m
    peq: dict[Hashable, int] = {}
    bit = 1
    for c in a:
        peq[c] = peq.get(c, 0) | bit
        bit <<= 1
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    pv, mv, score_ = mask, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score_ += 1
        elif mh & last:
            score_ -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score_


#: Gaps between anchors up to this many tokens on both sides are aligned by
#: difflib; larger gaps are first anchored on their own unique tokens.
_GAP_LIMIT = 120


#: Tokens occurring up to this many times, as often in both ranges, anchor an alignment.
_ANCHOR_MAX_COUNT = 64


def _unique_anchors(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int,
                    blo: int, bhi: int) -> list[tuple[int, int]]:
    """Anchor pairs for aligning ``a[alo:ahi]`` and ``b[blo:bhi]`` (patience diff, generalised).

    A token that occurs as many times in both ranges (at most
    :data:`_ANCHOR_MAX_COUNT`) pairs its occurrences in order, so that a text
    repeated several times still has anchors; the longest chain of pairs
    increasing in both texts is kept.
    """
    ca = Counter(a[alo:ahi])
    cb = Counter(b[blo:bhi])
    occurrences: dict[Hashable, list[int]] = {}
    for j in range(blo, bhi):
        t = b[j]
        if ca[t] == cb[t] <= _ANCHOR_MAX_COUNT:
            occurrences.setdefault(t, []).append(j)
    seen: Counter = Counter()
    pairs = []
    for i in range(alo, ahi):
        t = a[i]
        if t in occurrences:
            pairs.append((i, occurrences[t][seen[t]]))
            seen[t] += 1
    # longest increasing subsequence of the b positions
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        t = bisect.bisect_left(tails, j)
        if t == len(tails):
            tails.append(j)
            tails_idx.append(k)
        else:
            tails[t] = j
            tails_idx[t] = k
        prev[k] = tails_idx[t - 1] if t > 0 else -1
    chain: list[tuple[int, int]] = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        chain.append(pairs[k])
        k = prev[k]
    return chain[::-1]


def _gap_opcodes(a, b, alo, ahi, blo, bhi, out: list) -> None:
    # common prefix and suffix
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        out.append(("equal", alo, alo + 1, blo, blo + 1))
        alo, blo = alo + 1, blo + 1
    tail = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        tail.append(("equal", ahi - 1, ahi, bhi - 1, bhi))
        ahi, bhi = ahi - 1, bhi - 1
    if alo == ahi and blo == bhi:
        pass
    elif alo == ahi:
        out.append(("insert", alo, alo, blo, bhi))
    elif blo == bhi:
        out.append(("delete", alo, ahi, blo, blo))
    else:
        anchors = [] if (ahi - alo) + (bhi - blo) <= _GAP_LIMIT else \
            _unique_anchors(a, b, alo, ahi, blo, bhi)
        if anchors:
            i0, j0 = alo, blo
            for i, j in anchors:
                _gap_opcodes(a, b, i0, i, j0, j, out)
                out.append(("equal", i, i + 1, j, j + 1))
                i0, j0 = i + 1, j + 1
            _gap_opcodes(a, b, i0, ahi, j0, bhi, out)
        else:
            # no unique token to anchor on (a text repeated): difflib's own heuristic
            sm = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi],
                                         autojunk=(ahi - alo) * (bhi - blo) > 4_000_000)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                out.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))
    out.extend(reversed(tail))


def _token_opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes of two token sequences, anchored on unique tokens.

    >>> _token_opcodes(list("abxcd"), list("abcyd"))
    [('equal', 0, 2, 0, 2), ('delete', 2, 3, 2, 2), ('equal', 3, 4, 2, 3), ('insert', 4, 4, 3, 4), ('equal', 4, 5, 4, 5)]
    """
    raw: list[tuple[str, int, int, int, int]] = []
    _gap_opcodes(a, b, 0, len(a), 0, len(b), raw)
    merged: list[list] = []
    for tag, i1, i2, j1, j2 in raw:
        if i1 == i2 and j1 == j2:
            continue
        if merged and (merged[-1][0] == tag == "equal" or (merged[-1][0] != "equal" and tag != "equal")):
            m = merged[-1]
            m[2], m[4] = i2, j2
            if tag != "equal":
                m[0] = "replace" if (m[2] > m[1] and m[4] > m[3]) else ("insert" if m[2] == m[1] else "delete")
            continue
        merged.append([tag, i1, i2, j1, j2])
    return [tuple(m) for m in merged]  # type: ignore[misc]


def _diff_regions(ta: Sequence[str], tb: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """Character ranges ``(a1, a2, b1, b2)`` where two token lists differ.

    Differing token chunks separated by a short equal run (up to three tokens
    of 16 characters) are merged: the token diff of ``des professionnels`` and
    ``des professionn els`` may split one error across a space.
    """
    pa, pb = [0], [0]
    for t in ta:
        pa.append(pa[-1] + len(t))
    for t in tb:
        pb.append(pb[-1] + len(t))
    regions: list[list[int]] = []
    pending_equal: tuple[int, int] | None = None
    for tag, i1, i2, j1, j2 in _token_opcodes(ta, tb):
        if tag == "equal":
            pending_equal = (i2 - i1, pa[i2] - pa[i1])
            continue
        if regions and pending_equal is not None and pending_equal[0] <= 3 \
                and pending_equal[1] <= 16 and regions[-1][1] == pa[i1] - pending_equal[1]:
            regions[-1][1], regions[-1][3] = pa[i2], pb[j2]
        elif regions and pending_equal is None:
            regions[-1][1], regions[-1][3] = pa[i2], pb[j2]
        else:
            regions.append([pa[i1], pa[i2], pb[j1], pb[j2]])
        pending_equal = None
    return [tuple(r) for r in regions]  # type: ignore[misc]


def distance(a: str, b: str) -> int:
    """Levenshtein distance between two texts, anchored on words (see the module doc).

    >>> distance("Les maisonsde santé", "Les maisons de santé")
    1
    >>> distance("des professionnels (avec", "des professionn els (avec")
    1
    """
    if a == b:
        return 0
    total = 0
    for a1, a2, b1, b2 in _diff_regions(_TOKEN.findall(a), _TOKEN.findall(b)):
        total += levenshtein(a[a1:a2], b[b1:b2])
    return total


def word_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Levenshtein distance between two word lists, anchored on words."""
    total = 0
    for tag, i1, i2, j1, j2 in _token_opcodes(a, b):
        if tag != "equal":
            total += levenshtein(a[i1:i2], b[j1:j2])
    return total


# --- alignment --------------------------------------------------------------------

#: Regions up to this many cells (len(a) * len(b)) are aligned by a minimal
#: edit script; larger ones by difflib.
_DP_CELLS = 20_000


def _edit_script(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes of a minimal insert/delete alignment of two short strings.

    Substitutions are a deletion beside an insertion (merged into one
    ``replace``): with a substitution of cost 1, an inserted apostrophe could
    be paired with any letter of a deleted page header, far away.

    >>> _edit_script("10000", "10 000")
    [('equal', 0, 2, 0, 2), ('insert', 2, 2, 2, 3), ('equal', 2, 5, 3, 6)]
    >>> _edit_script("tres", "très")
    [('equal', 0, 2, 0, 2), ('replace', 2, 3, 2, 3), ('equal', 3, 4, 3, 4)]
    """
    n, m = len(a), len(b)
    big = n + m + 1
    d = [list(range(m + 1))]
    for i in range(1, n + 1):
        row = [i] + [0] * m
        prev = d[-1]
        ai = a[i - 1]
        for k in range(1, m + 1):
            row[k] = min(prev[k - 1] if ai == b[k - 1] else big, prev[k] + 1, row[k - 1] + 1)
        d.append(row)
    steps: list[str] = []
    i, k = n, m
    # walking back, a gap is preferred to a match of equal cost: deleted or
    # inserted text then stays in one piece instead of matching stray letters
    while i or k:
        if i and d[i][k] == d[i - 1][k] + 1:
            steps.append("delete")
            i -= 1
        elif k and d[i][k] == d[i][k - 1] + 1:
            steps.append("insert")
            k -= 1
        else:
            steps.append("equal")
            i, k = i - 1, k - 1
    ops: list[list] = []
    i = k = 0
    for step in reversed(steps):
        di, dk = (step != "insert"), (step != "delete")
        kind = "equal" if step == "equal" else "diff"
        if ops and ops[-1][0] == kind:
            ops[-1][2] += di
            ops[-1][4] += dk
        else:
            ops.append([kind, i, i + di, k, k + dk])
        i, k = i + di, k + dk
    out = []
    for kind, i1, i2, k1, k2 in ops:
        if kind == "diff":
            kind = "replace" if i1 < i2 and k1 < k2 else ("delete" if i1 < i2 else "insert")
        out.append((kind, i1, i2, k1, k2))
    return out


class Alignment:
    """Character alignment of ``a`` and ``b``: token diff refined character by character.

    Differing regions are aligned by a minimal edit script when small, by
    difflib otherwise.

    ``opcodes`` are difflib-style ``(tag, i1, i2, j1, j2)``, only the non-equal ones
    in :attr:`diffs`.

    >>> al = Alignment("la maisonsde santé", "la maisons de santé")
    >>> [(t, al.a[i1:i2], al.b[j1:j2]) for t, i1, i2, j1, j2 in al.diffs]
    [('insert', '', ' ')]
    >>> al.map_ab(12), al.map_ab(18)
    (13, 19)
    """

    def __init__(self, a: str, b: str):
        self.a, self.b = a, b
        ops: list[tuple[str, int, int, int, int]] = []
        pos_a = pos_b = 0
        for a1, a2, b1, b2 in _diff_regions(_TOKEN.findall(a), _TOKEN.findall(b)):
            if a1 > pos_a:
                ops.append(("equal", pos_a, a1, pos_b, b1))
            if (a2 - a1) * (b2 - b1) <= _DP_CELLS and a1 < a2 and b1 < b2:
                for t2, k1, k2, l1, l2 in _edit_script(a[a1:a2], b[b1:b2]):
                    ops.append((t2, a1 + k1, a1 + k2, b1 + l1, b1 + l2))
            elif (a2 - a1) + (b2 - b1) <= _REFINE_LIMIT and a1 < a2 and b1 < b2:
                sm = difflib.SequenceMatcher(None, a[a1:a2], b[b1:b2], autojunk=False)
                for t2, k1, k2, l1, l2 in sm.get_opcodes():
                    ops.append((t2, a1 + k1, a1 + k2, b1 + l1, b1 + l2))
            else:
                tag = "replace" if a1 < a2 and b1 < b2 else ("insert" if a1 == a2 else "delete")
                ops.append((tag, a1, a2, b1, b2))
            pos_a, pos_b = a2, b2
        if pos_a < len(a) or pos_b < len(b):
            ops.append(("equal", pos_a, len(a), pos_b, len(b)))
        self.opcodes = ops
        self.diffs = [op for op in ops if op[0] != "equal"]
        self._a_starts = [op[1] for op in ops]
        self._b_starts = [op[3] for op in ops]
        self._d_a1 = [op[1] for op in self.diffs]

    def _map(self, pos: int, forward: bool, end: bool) -> int:
        starts = self._a_starts if forward else self._b_starts
        i = bisect.bisect_right(starts, pos) - 1
        # prefer the opcode that ends at pos for an end position, starts there for a start
        if end:
            while i > 0 and starts[i] == pos:
                prev = self.opcodes[i - 1]
                if (prev[2] if forward else prev[4]) >= pos:
                    i -= 1
                else:
                    break
        if i < 0:
            return 0
        tag, i1, i2, j1, j2 = self.opcodes[i]
        if not forward:
            i1, i2, j1, j2 = j1, j2, i1, i2
        if tag == "equal":
            return j1 + min(pos - i1, j2 - j1)
        return j2 if end else j1

    def map_ab(self, pos: int, *, end: bool = False) -> int:
        """A position of ``a`` in ``b`` (a start is biased left, an end right)."""
        return self._map(pos, True, end)

    def map_ba(self, pos: int, *, end: bool = False) -> int:
        """A position of ``b`` in ``a``."""
        return self._map(pos, False, end)

    def span_ab(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``b`` aligned with ``a[start:end]``, widened over insertions at its ends."""
        s, e = self.map_ab(start), self.map_ab(end, end=True)
        for tag, i1, i2, j1, j2 in self.diffs[max(0, bisect.bisect_left(self._d_a1, start) - 1):]:
            if i1 > end:
                break
            if i1 == i2 and i1 == start:
                s = min(s, j1)
            if i1 == i2 and i1 == end:
                e = max(e, j2)
        return s, max(s, e)


# --- scores -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BreakScores:
    """Paragraph breaks (blank lines) of a text against the gold's."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "BreakScores") -> "BreakScores":
        return BreakScores(self.true_positives + other.true_positives,
                           self.false_positives + other.false_positives,
                           self.false_negatives + other.false_negatives)

    def to_dict(self) -> dict:
        return {"tp": self.true_positives, "fp": self.false_positives,
                "fn": self.false_negatives, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _words_with_breaks(text: str) -> tuple[list[str], list[bool]]:
    words: list[str] = []
    breaks: list[bool] = []
    for i, para in enumerate(_BLANK.split(normalize(text))):
        for j, w in enumerate(para.split()):
            words.append(w)
            breaks.append(j == 0 and i > 0 and len(words) > 1)
    return words, breaks


def paragraph_breaks(text: str, gold: str) -> BreakScores:
    """Paragraph breaks of ``text`` against ``gold``, matched through a word alignment.

    A break sits before a word; breaks before aligned words must match, breaks
    inside a differing chunk are matched by count.

    >>> b = paragraph_breaks("Un.\\nDeux.\\n\\nTrois.\\n\\nQua\\n\\ntre.", "Un.\\n\\nDeux.\\n\\nTrois.\\n\\nQuatre.")
    >>> b.true_positives, b.false_positives, b.false_negatives
    (2, 1, 1)
    """
    wt, bt = _words_with_breaks(text)
    wg, bg = _words_with_breaks(gold)
    tp = fp = fn = 0
    for tag, i1, i2, j1, j2 in _token_opcodes(wt, wg):
        if tag == "equal":
            for k in range(i2 - i1):
                t, g = bt[i1 + k], bg[j1 + k]
                tp += t and g
                fp += t and not g
                fn += g and not t
        else:
            nt, ng = sum(bt[i1:i2]), sum(bg[j1:j2])
            tp += min(nt, ng)
            fp += max(0, nt - ng)
            fn += max(0, ng - nt)
    return BreakScores(tp, fp, fn)


@dataclass(frozen=True, slots=True)
class Scores:
    """A text against its gold: characters, words and paragraph breaks."""

    chars: int
    char_distance: int
    words: int
    word_distance: int
    breaks: BreakScores

    @property
    def cer(self) -> float:
        return self.char_distance / self.chars if self.chars else float(self.char_distance > 0)

    @property
    def wer(self) -> float:
        return self.word_distance / self.words if self.words else float(self.word_distance > 0)

    def __add__(self, other: "Scores") -> "Scores":
        return Scores(self.chars + other.chars, self.char_distance + other.char_distance,
                      self.words + other.words, self.word_distance + other.word_distance,
                      self.breaks + other.breaks)

    def to_dict(self) -> dict:
        return {"chars": self.chars, "char_distance": self.char_distance,
                "cer": round(self.cer, 6), "words": self.words,
                "word_distance": self.word_distance, "wer": round(self.wer, 6),
                "paragraph_breaks": self.breaks.to_dict()}


def score(text: str, gold: str) -> Scores:
    """CER, WER and paragraph breaks of ``text`` against ``gold``."""
    ct, cg = collapse(text), collapse(gold)
    wt, wg = ct.split(), cg.split()
    return Scores(len(cg), distance(ct, cg), len(wg), word_distance(wt, wg),
                  paragraph_breaks(text, gold))


def error_reduction(before: int | float, after: int | float) -> float | None:
    """Share of the errors removed, in % (negative: the text got worse).

    >>> error_reduction(200, 50), error_reduction(10, 12), error_reduction(0, 0)
    (75.0, -20.0, None)
    """
    if before == 0:
        return None if after == 0 else -100.0 * after
    return 100.0 * (before - after) / before


# --- per error kind -------------------------------------------------------------------

@dataclass
class KindScore:
    """What a cleaner did to the injected errors of one kind.

    ``repaired``: the gold text is back; ``left``: the noisy text is untouched;
    ``worse``: changed, but not into the gold.  ``recall`` is repaired / total;
    ``precision`` is repaired / (repaired + worse), the share of its changes
    to errors of this kind that were right.
    """

    total: int = 0
    repaired: int = 0
    left: int = 0
    worse: int = 0

    @property
    def recall(self) -> float:
        return self.repaired / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        tried = self.repaired + self.worse
        return self.repaired / tried if tried else 1.0

    def add(self, other: "KindScore") -> None:
        self.total += other.total
        self.repaired += other.repaired
        self.left += other.left
        self.worse += other.worse

    def to_dict(self) -> dict:
        return {"total": self.total, "repaired": self.repaired, "left": self.left,
                "worse": self.worse, "recall": round(self.recall, 4),
                "precision": round(self.precision, 4)}


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened over the whitespace around it and one character more."""
    lo = start
    while lo > 0 and text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and text[hi].isspace():
        hi += 1
    return max(0, lo - 1), min(len(text), hi + 1)


_EOL_SPACES = regex.compile(r"[ \t]+(?=\n)")
#: Largest cluster of neighbouring errors whose outcomes are told apart one by one.
_MAX_CLUSTER = 10


def _local(text: str) -> str:
    """Local text as compared: spaces and tabs before a line end dropped."""
    return _EOL_SPACES.sub("", text)


def _cluster_outcomes(cluster: list[InjectedError], lo: int, hi: int, gold: str,
                      cleaned_region: str) -> list[str]:
    import itertools

    target = _local(cleaned_region)

    def render(choice: Sequence[bool]) -> str:
        out, pos = [], lo
        for e, repaired in zip(cluster, choice):
            out.append(gold[pos:e.gold_start])
            out.append(normalize(e.gold if repaired else e.noisy))
            pos = e.gold_end
        out.append(gold[pos:hi])
        return _local("".join(out))

    n = len(cluster)
    if n > _MAX_CLUSTER:
        found = _match_pieces(cluster, lo, hi, gold, target)
        return (["repaired" if c else "left" for c in found] if found is not None
                else ["worse"] * n)
    else:
        # most repairs first: the kindest reading of an ambiguous result
        choices = sorted(itertools.product((True, False), repeat=n), key=lambda c: -sum(c))
    for choice in choices:
        if render(choice) == target:
            return ["repaired" if c else "left" for c in choice]
    return ["worse"] * n


def _match_pieces(cluster: list[InjectedError], lo: int, hi: int, gold: str,
                  target: str) -> tuple[bool, ...] | None:
    """For a large cluster: which errors were repaired, matched left to right.

    The region is gold text between errors, and each error either repaired
    (its gold) or left (its noisy text); a depth-first match against the
    target, repairs tried first, with failed (error, position) pairs
    remembered, is linear in practice where trying every combination is not.
    Pieces are compared with spaces before line ends dropped piece by piece.
    """
    gaps = [_local(gold[lo:cluster[0].gold_start])]
    for a, b in zip(cluster, cluster[1:] + [None]):
        gaps.append(_local(gold[a.gold_end:b.gold_start if b else hi]))
    options = [(_local(normalize(e.gold)), _local(normalize(e.noisy))) for e in cluster]
    failed: set[tuple[int, int]] = set()

    def walk(i: int, pos: int) -> tuple[bool, ...] | None:
        if i == len(cluster):
            return () if pos == len(target) else None
        if (i, pos) in failed:
            return None
        for repaired, piece in ((True, options[i][0]), (False, options[i][1])):
            end = pos + len(piece)
            if target.startswith(piece, pos) and target.startswith(gaps[i + 1], end):
                rest = walk(i + 1, end + len(gaps[i + 1]))
                if rest is not None:
                    return (repaired, *rest)
        failed.add((i, pos))
        return None

    if not target.startswith(gaps[0]):
        return None
    import sys
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * len(cluster) + 100))
    try:
        return walk(0, len(gaps[0]))
    finally:
        sys.setrecursionlimit(limit)


@dataclass(frozen=True, slots=True)
class MissedRepair:
    """An injected error the cleaner changed, but not back into the gold."""

    kind: str
    gold_start: int
    gold: str
    noisy: str
    #: the cleaned text of the region judged (the error with a little context)
    cleaned: str
    #: the gold text of the same region
    expected: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "gold_start": self.gold_start, "gold": self.gold,
                "noisy": self.noisy, "cleaned_region": self.cleaned,
                "gold_region": self.expected}


def score_errors(errors: Sequence[InjectedError], noisy: str, cleaned: str, gold: str,
                 missed: list[MissedRepair] | None = None,
                 ) -> tuple[dict[str, KindScore], int]:
    """Score a cleaned text against the errors injected into ``noisy``.

    Returns the scores per kind and the number of *spurious* changes: changes
    the cleaner made (differences between ``noisy`` and ``cleaned``) that meet
    no injected error.  ``missed``, when given, receives the errors judged
    ``worse``.

    Each error is judged on its region of the gold text widened by the
    whitespace around it and one character on each side; errors whose regions
    touch are judged together.  The region is mapped exactly into the noisy
    text, then into the cleaned text through a character alignment
    noisy-cleaned, and compared (spaces before a line end
    ignored) with every combination of
    repaired (gold) and left (noisy) errors; no match means ``worse``.

    >>> from ocrfix.noise import damage_words, Rates
    >>> d = damage_words("Un souci à régler à Paris.", rates=Rates(accent_loss=1.0))
    >>> d.text
    'Un souci a régler a Paris.'
    >>> kinds, spurious = score_errors(d.errors, d.text, "Un souci à régler a Paris!", d.gold)
    >>> kinds["accent_loss"].to_dict()["repaired"], kinds["accent_loss"].left, spurious
    (1, 1, 1)
    """
    g, n, c = normalize(gold), normalize(noisy), normalize(cleaned)
    al_nc = Alignment(n, c)
    al_gc: Alignment | None = None
    kinds: dict[str, KindScore] = {}
    ordered = sorted(errors, key=lambda e: (e.gold_start, e.gold_end, e.noisy_start))
    k = 0
    while k < len(ordered):
        lo, hi = _context(g, ordered[k].gold_start, ordered[k].gold_end)
        j = k + 1
        while j < len(ordered) and ordered[j].gold_start <= hi:
            hi = max(hi, _context(g, ordered[j].gold_start, ordered[j].gold_end)[1])
            j += 1
        cluster = ordered[k:j]
        # the region in the noisy text is known exactly; the cleaner changed
        # little, so the noisy-cleaned alignment maps it reliably
        nlo = cluster[0].noisy_start - (cluster[0].gold_start - lo)
        nhi = cluster[-1].noisy_end + (hi - cluster[-1].gold_end)
        expected = [g[lo:cluster[0].gold_start]]
        for err, nxt in zip(cluster, cluster[1:] + [None]):
            expected.append(normalize(err.noisy))
            expected.append(g[err.gold_end:nxt.gold_start if nxt else hi])
        if n[nlo:nhi] == "".join(expected):
            al, a, b = al_nc, nlo, nhi
        else:  # errors inconsistent with the texts: fall back on the gold alignment
            al_gc = al_gc or Alignment(g, c)
            al, a, b = al_gc, lo, hi
        region = c[al.map_ab(a):al.map_ab(b, end=True)]
        outcomes = _cluster_outcomes(cluster, lo, hi, g, region)
        if "worse" in outcomes:  # an equally short alignment may put an insertion just outside
            s_, e_ = al.span_ab(a, b)
            region = c[s_:e_]
            outcomes = _cluster_outcomes(cluster, lo, hi, g, region)
        if "worse" in outcomes and al is al_nc:
            # a deletion next to other edits can slide along equal characters in
            # the noisy-cleaned alignment; the gold-cleaned one places it apart
            al_gc = al_gc or Alignment(g, c)
            region = c[al_gc.map_ab(lo):al_gc.map_ab(hi, end=True)]
            outcomes = _cluster_outcomes(cluster, lo, hi, g, region)
        for e, outcome in zip(cluster, outcomes):
            if outcome == "worse" and missed is not None:
                missed.append(MissedRepair(e.kind, e.gold_start, e.gold, e.noisy,
                                           region, g[lo:hi]))
            ks = kinds.setdefault(e.kind, KindScore())
            ks.total += 1
            setattr(ks, outcome, getattr(ks, outcome) + 1)
        k = j
    # spurious changes: differences noisy -> cleaned meeting no injected error
    spans = sorted((e.noisy_start, e.noisy_end) for e in errors)
    starts = [s for s, _ in spans]
    spurious = 0
    for _, i1, i2, _, _ in al_nc.diffs:
        # an alignment may place a change anywhere in a run of whitespace, or
        # one character beside the error it repairs
        while i1 > 0 and n[i1 - 1].isspace():
            i1 -= 1
        while i2 < len(n) and n[i2].isspace():
            i2 += 1
        i1, i2 = i1 - 1, i2 + 1
        k = bisect.bisect_right(starts, i2) - 1
        # errors do not overlap: those starting at or before i2 and ending at or after i1
        hit = False
        while k >= 0 and not hit:
            hit = spans[k][1] >= i1
            if spans[k][1] < i1 and spans[k][0] < i1:
                break
            k -= 1
        spurious += not hit
    return dict(sorted(kinds.items())), spurious


# --- edits that made the text worse -------------------------------------------------------

def _canonical(text: str) -> str:
    """Whitespace as a reader sees it: a blank line is a break, any other run a space."""
    return regex.sub(r"\s+", lambda m: "\n\n" if m.group().count("\n") >= 2 else " ",
                     normalize(text)).strip()


@dataclass(frozen=True, slots=True)
class WorseEdit:
    """A change that moved the text away from the gold."""

    stages: tuple[str, ...]
    before: str
    after: str
    gold: str
    source_start: int
    source_end: int
    distance_before: int
    distance_after: int

    def to_dict(self) -> dict:
        return {"stages": list(self.stages), "before": self.before, "after": self.after,
                "gold": self.gold, "source_span": [self.source_start, self.source_end],
                "distance_before": self.distance_before, "distance_after": self.distance_after}


def _regions(noisy: str, cleaned: str, edits) -> list[tuple[int, int, int, int, tuple[str, ...]]]:
    """Changed regions ``(s, t, ts, tt, stages)`` of noisy -> cleaned."""
    if edits is not None:
        from .edits import changes
        return [(c.source_start, c.source_end, c.target_start, c.target_end, c.stages)
                for c in changes(noisy, cleaned, edits)]
    al = Alignment(noisy, cleaned)
    return [(i1, i2, j1, j2, ("external",)) for _, i1, i2, j1, j2 in al.diffs]


def worse_changes(noisy: str, cleaned: str, gold: str, edits=None) -> list[WorseEdit]:
    """Changes from ``noisy`` to ``cleaned`` that increased the distance to ``gold``.

    With ``edits`` (an ocrfix run's), changes are labelled by stage; without,
    they come from a character alignment and are labelled ``external``.  Each
    change is compared on the gold region it maps to, with whitespace read as
    a reader sees it (a blank line, or a space).

    >>> w = worse_changes("la maison a Paris", "la maisons à Paris", "la maison à Paris")
    >>> [(x.before, x.after, x.gold) for x in w]
    [('', 's', '')]
    """
    n, c, g = normalize(noisy), normalize(cleaned), normalize(gold)
    al_ng = Alignment(n, g)
    al_cg = Alignment(c, g)
    out: list[WorseEdit] = []
    for s, t, ts, tt, stages in _regions(noisy, cleaned, edits):
        lo = min(al_ng.map_ab(s), al_cg.map_ab(ts))
        hi = max(al_ng.map_ab(t, end=True), al_cg.map_ab(tt, end=True))
        ns, ne = min(s, al_ng.map_ba(lo)), max(t, al_ng.map_ba(hi, end=True))
        cs, ce = min(ts, al_cg.map_ba(lo)), max(tt, al_cg.map_ba(hi, end=True))
        ref = _canonical(g[lo:hi])
        d_before = levenshtein(_canonical(n[ns:ne]), ref)
        d_after = levenshtein(_canonical(c[cs:ce]), ref)
        if d_after > d_before:
            out.append(WorseEdit(stages, noisy[s:t], cleaned[ts:tt], gold[lo:hi], s, t,
                                 d_before, d_after))
    return out


# --- a whole evaluation -----------------------------------------------------------------

@dataclass
class PairReport:
    """One OCR text and its gold: scores before and after cleaning, and what changed."""

    name: str
    before: Scores
    after: Scores
    counts: dict[str, int] = field(default_factory=dict)
    worse: list[WorseEdit] = field(default_factory=list)
    kinds: dict[str, KindScore] | None = None
    spurious: int = 0
    missed: list[MissedRepair] = field(default_factory=list)

    @property
    def char_reduction(self) -> float | None:
        return error_reduction(self.before.char_distance, self.after.char_distance)

    @property
    def word_reduction(self) -> float | None:
        return error_reduction(self.before.word_distance, self.after.word_distance)

    def to_dict(self) -> dict:
        d = {"name": self.name, "before": self.before.to_dict(), "after": self.after.to_dict(),
             "char_error_reduction": _round(self.char_reduction),
             "word_error_reduction": _round(self.word_reduction),
             "edits_per_stage": self.counts, "worse_edits": [w.to_dict() for w in self.worse]}
        if self.kinds is not None:
            d["kinds"] = {k: v.to_dict() for k, v in self.kinds.items()}
            d["spurious_changes"] = self.spurious
            d["errors_made_worse"] = [m.to_dict() for m in self.missed]
        return d


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def evaluate_output(name: str, ocr: str, gold: str, cleaned: str, *, edits=None,
                    counts: dict[str, int] | None = None,
                    errors: Sequence[InjectedError] | None = None) -> PairReport:
    """Score ``cleaned`` (any cleaner's output for ``ocr``) against ``gold``.

    ``edits`` (from :func:`ocrfix.clean`) label the damaging changes by stage;
    ``errors`` (from :mod:`ocrfix.noise`) add the scores per error kind.
    """
    missed: list[MissedRepair] = []
    kinds, spurious = (score_errors(errors, ocr, cleaned, gold, missed) if errors is not None
                       else (None, 0))
    if counts is None and edits is None and cleaned != ocr:
        # another tool: its changes are the regions where its output differs
        counts = {"external": len(Alignment(ocr, cleaned).diffs)}
    return PairReport(name, score(ocr, gold), score(cleaned, gold), dict(counts or {}),
                      worse_changes(ocr, cleaned, gold, edits), kinds, spurious, missed)


def evaluate_pair(ocr: str, gold: str, config=None, *, name: str = "",
                  errors: Sequence[InjectedError] | None = None,
                  cleaner: Callable[[str], str] | None = None) -> PairReport:
    """Clean ``ocr`` with ocrfix (or ``cleaner``) and score it against ``gold``.

    >>> r = evaluate_pair("Lâ€™Ã©tat a dÃ©cidÃ©.", "L’État a décidé.")
    >>> r.before.char_distance, r.after.char_distance, r.char_reduction
    (9, 1, 88.8...)
    >>> r.counts
    {'repair_mojibake': 2}
    """
    if cleaner is not None:
        return evaluate_output(name, ocr, gold, cleaner(ocr), errors=errors)
    from .pipeline import clean
    result = clean(ocr, config)
    return evaluate_output(name, result.original, gold, result.text, edits=result.edits,
                           counts=result.counts(), errors=errors)


def total(reports: Sequence[PairReport]) -> PairReport:
    """All reports summed (micro-averaged: distances over lengths)."""
    before = after = Scores(0, 0, 0, 0, BreakScores(0, 0, 0))
    counts: Counter = Counter()
    kinds: dict[str, KindScore] | None = None
    spurious = 0
    for r in reports:
        before, after = before + r.before, after + r.after
        counts.update(r.counts)
        if r.kinds is not None:
            kinds = kinds if kinds is not None else {}
            for k, v in r.kinds.items():
                kinds.setdefault(k, KindScore()).add(v)
            spurious += r.spurious
    worse = [w for r in reports for w in r.worse]
    missed = [m for r in reports for m in r.missed]
    return PairReport("TOTAL", before, after, dict(counts), worse,
                      dict(sorted(kinds.items())) if kinds is not None else None, spurious,
                      missed)


# --- pairs of files, and the tables of ``ocrfix eval`` ---------------------------------------

OCR_SUFFIX, GOLD_SUFFIX, ERRORS_SUFFIX = ".ocr.txt", ".gold.txt", ".errors.json"


@dataclass(frozen=True, slots=True)
class Pair:
    """An OCR file, its gold, and (for synthetic noise) its injected errors."""

    name: str
    ocr: Path
    gold: Path
    errors: Path | None = None


def find_pairs(root: Path) -> tuple[list[Pair], list[str]]:
    """Pairs ``NAME.ocr.txt`` / ``NAME.gold.txt`` under ``root``, recursively.

    Returns the pairs (sorted by name) and a message for each OCR file without
    its gold.  ``NAME.errors.json`` beside them is picked up when present.
    """
    pairs, problems = [], []
    for ocr in sorted(root.rglob("*" + OCR_SUFFIX)):
        stem = ocr.name[: -len(OCR_SUFFIX)]
        gold = ocr.with_name(stem + GOLD_SUFFIX)
        errors = ocr.with_name(stem + ERRORS_SUFFIX)
        name = ocr.relative_to(root).as_posix()[: -len(OCR_SUFFIX)]
        if not gold.is_file():
            problems.append(f"{ocr}: no gold {gold.name} beside it")
            continue
        pairs.append(Pair(name, ocr, gold, errors if errors.is_file() else None))
    return pairs, problems


def evaluate_files(pair: Pair, config=None, cleaner: Callable[[str], str] | None = None
                   ) -> PairReport:
    """Read one pair from disk and evaluate it (OCR bytes decoded as ``ocrfix clean`` does)."""
    from .io import read_bytes
    from .noise import load_errors
    from .pipeline import clean_bytes

    gold = read_bytes(pair.gold).decode("utf-8")
    errors = load_errors(pair.errors.read_text(encoding="utf-8")) if pair.errors else None
    data = read_bytes(pair.ocr)
    if cleaner is not None:
        ocr = data.decode("utf-8")
        return evaluate_output(pair.name, ocr, gold, cleaner(ocr), errors=errors)
    result = clean_bytes(data, config)
    return evaluate_output(pair.name, result.original, gold, result.text, edits=result.edits,
                           counts=result.counts(), errors=errors)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.1f}%"


def _listing(title: str, items: list[str], limit: int) -> list[str]:
    """A titled list of at most ``limit`` items (all if ``limit`` < 0), or nothing."""
    if not items:
        return []
    shown = items[:limit] if limit >= 0 else items
    return ["", f"{title} ({len(shown)} of {len(items)}):", *("  " + i for i in shown)]


def render_table(reports: Sequence[PairReport], *, worse_limit: int = 10,
                 title: str = "ocrfix") -> str:
    """The text tables of ``ocrfix eval``: one row per pair, the total, kinds, damage."""
    tot = total(reports)
    rows = [*reports, tot] if len(reports) > 1 else list(reports)
    width = max(12, *(len(r.name) for r in rows))
    head = (f"{'pair':<{width}} {'chars':>9} {'CER before':>10} {'after':>7} {'reduct.':>8} "
            f"{'WER before':>10} {'after':>7} {'reduct.':>8} {'¶F1 before':>10} {'after':>6} "
            f"{'edits':>6} {'worse':>5}")
    lines = [f"{title}: {len(reports)} pair(s)", head, "-" * len(head)]
    for r in rows:
        if r is tot:
            lines.append("-" * len(head))
        lines.append(
            f"{r.name:<{width}} {r.before.chars:>9,} {r.before.cer:>10.2%} {r.after.cer:>7.2%} "
            f"{_pct(r.char_reduction):>8} {r.before.wer:>10.2%} {r.after.wer:>7.2%} "
            f"{_pct(r.word_reduction):>8} {r.before.breaks.f1:>10.3f} {r.after.breaks.f1:>6.3f} "
            f"{sum(r.counts.values()):>6} {len(r.worse):>5}")
    b = tot.after.breaks
    lines.append(f"paragraph breaks after: precision {b.precision:.3f}, recall {b.recall:.3f} "
                 f"(tp {b.true_positives}, fp {b.false_positives}, fn {b.false_negatives})")
    if tot.counts:
        lines.append("edits per stage: " + ", ".join(f"{k} {v}" for k, v in tot.counts.items()))
    if tot.kinds:
        lines.append("")
        lines.append("by injected error kind:")
        kw = max(len(k) for k in tot.kinds)
        lines.append(f"  {'kind':<{kw}} {'total':>6} {'repaired':>8} {'left':>6} {'worse':>6} "
                     f"{'recall':>7} {'precision':>9}")
        for k, v in tot.kinds.items():
            lines.append(f"  {k:<{kw}} {v.total:>6} {v.repaired:>8} {v.left:>6} {v.worse:>6} "
                         f"{v.recall:>7.1%} {v.precision:>9.1%}")
        lines.append(f"  changes that meet no injected error: {tot.spurious}")
    lines += _listing("injected errors changed but not repaired",
                      [f"{r.name}:{m.gold_start} [{m.kind}] {m.gold!r} read {m.noisy!r}: "
                       f"{m.expected!r} became {m.cleaned!r}" for r in reports for m in r.missed],
                      worse_limit)
    lines += _listing("edits that made the text worse",
                      [f"{r.name}:{w.source_start} [{','.join(w.stages)}] {w.before!r} -> "
                       f"{w.after!r} (gold {w.gold!r})" for r in reports for w in r.worse],
                      worse_limit)
    return "\n".join(lines)


def report_json(reports: Sequence[PairReport], **meta) -> dict:
    """The ``--json`` output of ``ocrfix eval``."""
    return {"format": "ocrfix-eval", "version": 1, **meta,
            "pairs": [r.to_dict() for r in reports], "total": total(reports).to_dict()}
