"""Lines of a page and the statistics the layout stages read from them.

The layout stages (:mod:`ocrfix.layout`) work on lines split on ``\\n`` only.
Everything they know about a document comes from the text they are given: its
usual line width, how tightly it is wrapped, its usual indentation, and
whether it is hard-wrapped at all.  A chunk of a large document (split at
paragraph boundaries) is profiled on its own, like any other text.

>>> p = profile("Les élus locaux cherchent à se mobiliser face aux\\n"
...             "difficultés d’accès aux soins dans les territoires.\\n")
>>> p.wrapped
True
>>> profile("Une ligne par paragraphe.\\n\\nEt une autre ici.\\n").wrapped
False
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import regex

__all__ = ["Line", "Profile", "split_lines", "profile", "protected_lines", "is_markdown_heading",
           "ends_sentence", "ends_clause", "starts_lowercase", "list_marker",
           "first_word", "is_all_caps"]


#: White space around a line's text.  Not the no-break spaces: they belong to
#: the text (French spacing), a line never starts or ends with one by chance.
BLANKS = " \t\r\f\v\x1c\x1d\x1e\x1f\x85\u2028\u2029"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: ``text[start:end]``, without its ``\\n``.

    ``content`` is the line without the white space around it, which starts
    at ``content_start`` and ends at ``content_end`` in the text.
    """

    index: int
    start: int
    end: int
    raw: str
    content: str
    indent: int     #: width of the leading white space (a tab counts as one)

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def content_start(self) -> int:
        return self.start + self.indent

    @property
    def content_end(self) -> int:
        return self.content_start + len(self.content)


def split_lines(text: str) -> list[Line]:
    """The lines of ``text``, split on ``\\n`` only (never on other separators).

    >>> [(l.start, l.end, l.raw) for l in split_lines("ab\\n\\ncd")]
    [(0, 2, 'ab'), (3, 3, ''), (4, 6, 'cd')]
    """
    lines: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        content = raw.strip(BLANKS)
        indent = len(raw) - len(raw.lstrip(BLANKS)) if content else len(raw)
        lines.append(Line(i, pos, pos + len(raw), raw, content, indent))
        pos += len(raw) + 1
    return lines


# --- what a line looks like -------------------------------------------------

_FENCE = regex.compile(r"^\s*(```|~~~)")
_TABLE_ROW = regex.compile(r"^\s*\|.*\|")
_MD_HEADING = regex.compile(r"^\s*#{1,6}\s+\S")
_WORD = regex.compile(r"[^ \t]+")
_OPENING_WORD = regex.compile(r"[«“(\[]+[ \t]+[^ \t]+")
#: Sentence-final punctuation, optionally followed by closing quotes or brackets.
_SENTENCE_END = regex.compile(r"(?:[.!?…]|\.\.\.)[\s\"»”’')\]]*$")
_CLAUSE_END = regex.compile(r"[:;][\s\"»”’')\]]*$")
_LIST_MARKER = regex.compile(
    r"^(?:[•·▪◦●○■□►▸➢➤✓✔]\s*(?=\S)"          # bullets
    r"|[*–—-]\s+(?=\S)"                        # dashes and stars, then a space
    r"|\d{1,2}[.)°](?:\s+|(?=\p{Lu}))"          # 1. 2) 3° and 2.Renforcer
    r"|[a-z][.)]\s+"                            # a) b.
    r"|[IVX]{1,5}[.)]\s+"                       # roman numerals I. II)
    r"|[«»]\s)"                                 # guillemets used as bullets
)


def is_protected(raw: str) -> bool:
    """A markdown table row."""
    return bool(_TABLE_ROW.match(raw))


def is_markdown_heading(content: str) -> bool:
    """``## Titre``: a markdown heading, always its own paragraph."""
    return bool(_MD_HEADING.match(content))


def ends_sentence(content: str) -> bool:
    """Ends with ``. ! ? …``, possibly followed by closing quotes or brackets.

    >>> ends_sentence("Il est parti. »"), ends_sentence("la santé")
    (True, False)
    """
    return bool(_SENTENCE_END.search(content))


def ends_clause(content: str) -> bool:
    """Ends with ``:`` or ``;`` (a clause or a list introduction ends)."""
    return bool(_CLAUSE_END.search(content))


def list_marker(content: str) -> str:
    """The list marker the line starts with (``1.``, ``-``, ``•``, ``«``), or ``''``.

    >>> list_marker("1. Bâtir des centres"), list_marker("- qui"), list_marker("10 000 assistants")
    ('1. ', '- ', '')
    """
    m = _LIST_MARKER.match(content)
    return m.group() if m else ""


#: An elided ``l'`` as OCR reads it, before a vowel: ``I'`` or ``|'``, or the
#: apostrophe alone (its ``l`` lost); the words stages make it ``l'`` (English
#: ``I'm``, ``I've``, ``I'd``, ``I'll`` aside).
_MISREAD_ELISION = regex.compile(
    r"[I|]?['’‘](?!(?:m|ve|d|ll)\b)(?=[aeiouyhàâéèêëîïôûùAEIOUYHÀÂÉÈÊÎÔ])")


def starts_lowercase(content: str) -> bool:
    """Starts with a lower-case letter, after any opening punctuation.

    >>> starts_lowercase("(par exemple"), starts_lowercase("Les"), starts_lowercase("2 pages")
    (True, False, False)

    An elided ``l'`` misread (``I'organisation``, ``’Administrateur``) starts
    in lower case, as the words stages will write it (else a second run would
    join a line the first left alone):

    >>> starts_lowercase("I'organisation"), starts_lowercase("’Administrateur"), starts_lowercase("I'm here")
    (True, True, False)
    """
    for i, ch in enumerate(content):
        if _MISREAD_ELISION.match(content, i):
            return True
        if ch in "([«“\"'‘ \u00a0\u202f":
            continue
        return ch.islower()
    return False


def first_word(content: str) -> str:
    """The first word as a wrapping program sees it (split on spaces and tabs).

    An opening guillemet, quote or bracket standing alone goes with the word
    after it, as it must not end a line.

    >>> first_word("« déserts médicaux »"), first_word("Les élus")
    ('« déserts', 'Les')
    """
    # Not str.split(): it also splits on no-break spaces, which wrap programs keep.
    head = _OPENING_WORD.match(content) or _WORD.match(content)
    return head.group() if head else ""


def is_all_caps(content: str) -> bool:
    """At least three letters and no lower-case letter (a heading in capitals)."""
    letters = [c for c in content if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)


# --- the statistics of a text ------------------------------------------------

#: Lines on each side of a line used for its local width.
WIDTH_WINDOW = 40
#: The local width is this quantile of the line lengths around a line.
WIDTH_QUANTILE = 0.9
#: Continuation pairs needed to take a low quantile of the tightness, not the minimum.
MIN_TOLERANCE_SAMPLES = 10
#: The tightness is this low quantile of (line + next word) / width over the
#: lines that go on: a line that stops shorter than that stopped early.
TOLERANCE_QUANTILE = 0.02
MIN_TOLERANCE, MAX_TOLERANCE = 0.6, 1.05
#: Tightness assumed when no continuation pair measures it.
DEFAULT_TOLERANCE = 0.9
#: Below this usual width (in characters) lines are too short to be a page's
#: lines: a list of names, a poem, an address is not hard-wrapped prose.
MIN_WRAP_WIDTH = 30
#: Lines that go on in lower case on the next line are, in the median, at
#: least this share of the usual width in a hard-wrapped text (a title split
#: over two short lines in a text written one paragraph per line is not).
MIN_CONTINUATION_SHARE = 0.3


@dataclass
class Profile:
    """What the layout stages know about one text.

    ``wrapped`` says whether the text is hard-wrapped (lines are pieces of
    paragraphs) rather than one paragraph per line.  ``tolerance`` is how far
    below the usual width a line may end and still be a full line: just above
    1 for a text wrapped by a program at a fixed number of characters (a
    full line and the next word never fit), less for the OCR of a page set
    in a proportional font.
    """

    lines: list[Line]
    protected: frozenset[int]
    wrapped: bool
    tolerance: float
    usual_indent: int
    _widths: dict[int, float]

    def width(self, index: int) -> float:
        """The usual width of the lines around line ``index``."""
        return self._widths.get(index, 0.0)

    def fits(self, a: Line, b: Line) -> bool:
        """Would ``b``'s first word have fitted at the end of ``a``?

        When it would have, ``a`` ended early: a heading, the end of a
        paragraph, or a list item, not a line wrapped because it was full.
        """
        need = len(a.content) + 1 + len(first_word(b.content))
        return need < self.tolerance * self.width(a.index)

    @cached_property
    def content_lines(self) -> list[Line]:
        return [l for l in self.lines if not l.blank and l.index not in self.protected]


def protected_lines(lines: list[Line]) -> frozenset[int]:
    out: set[int] = set()
    fence: str | None = None
    for line in lines:
        m = _FENCE.match(line.raw)
        if fence is not None:
            out.add(line.index)
            if m and m.group(1) == fence:
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.add(line.index)
        elif is_protected(line.raw):
            out.add(line.index)
    return frozenset(out)


def _is_continuation(a: str, b: str) -> bool:
    """``a`` stops mid-sentence and ``b`` carries on in lower case."""
    if ends_sentence(a) or ends_clause(a) or is_markdown_heading(a):
        return False
    return starts_lowercase(b) and not list_marker(b)


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def _local_widths(content: list[Line]) -> dict[int, float]:
    """The 90th percentile of line lengths over a window around each line."""
    lengths = [len(l.content) for l in content]
    widths: dict[int, float] = {}
    if not lengths:
        return widths
    window: list[int] = sorted(lengths[: WIDTH_WINDOW + 1])
    lo, hi = 0, min(len(lengths), WIDTH_WINDOW + 1)   # window is lengths[lo:hi]
    for k, line in enumerate(content):
        new_lo, new_hi = max(0, k - WIDTH_WINDOW), min(len(lengths), k + WIDTH_WINDOW + 1)
        while hi < new_hi:
            bisect.insort(window, lengths[hi])
            hi += 1
        while lo < new_lo:
            window.pop(bisect.bisect_left(window, lengths[lo]))
            lo += 1
        widths[line.index] = float(_quantile(window, WIDTH_QUANTILE))
    return widths


def profile(text: str) -> Profile:
    """Measure ``text``: hard-wrapped or not, usual widths, tightness, indentation.

    A text is hard-wrapped when enough of its lines stop mid-sentence and go
    on in lower case on the next line, and those lines are about as long as
    the text's usual line (so a few short lines in a document written one
    paragraph per line do not count).
    """
    lines = split_lines(text)
    protected = protected_lines(lines)
    content = [l for l in lines if not l.blank and l.index not in protected]
    widths = _local_widths(content)
    pairs = [(a, b) for a, b in zip(lines, lines[1:])
             if not a.blank and not b.blank
             and a.index not in protected and b.index not in protected]
    continuations = [(a, b) for a, b in pairs if _is_continuation(a.content, b.content)]
    usual_indent = (statistics.mode(l.indent for l in content) if content else 0)
    wrapped = False
    if continuations and len(continuations) >= 0.03 * len(content):
        lengths = sorted(len(l.content) for l in content)
        overall = _quantile(lengths, 0.9)
        share = statistics.median(len(a.content) / overall for a, _ in continuations)
        wrapped = share >= MIN_CONTINUATION_SHARE and overall >= MIN_WRAP_WIDTH
    ratios = sorted(
        (len(a.content) + 1 + len(first_word(b.content))) / widths[a.index]
        for a, b in continuations
        if widths.get(a.index) and len(a.content) >= 0.5 * widths[a.index])
    if ratios:
        low = _quantile(ratios, TOLERANCE_QUANTILE) if len(ratios) >= MIN_TOLERANCE_SAMPLES else ratios[0]
        tolerance = min(MAX_TOLERANCE, max(MIN_TOLERANCE, low))
    else:
        tolerance = DEFAULT_TOLERANCE
    return Profile(lines, protected, wrapped, tolerance, usual_indent, widths)
