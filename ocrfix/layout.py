"""The ``layout`` group: give hard-wrapped scanned text back its paragraphs.

Scanned documents reach ocrfix as lines hard-wrapped at the page width, with
page numbers, running headers and infographic debris between them, and words
hyphenated at line ends.  The stages, in order:

- :func:`remove_page_furniture`: page numbers, running headers and footers,
  debris lines and form feeds go (each removal is an edit carrying the text);
- :func:`rejoin_hyphenated_lines`: a word cut at a line end is put back
  together, or its hyphen kept when it is a compound (``sous-denses``);
- :func:`restore_paragraphs`: one paragraph per line, paragraphs separated by
  one blank line (with ``Config.keep_lines``, the lines stay and only the
  paragraph breaks are restored);
- :func:`wrap_paragraphs`: with ``Config.width``, re-wrap at that width.

A text that is not hard-wrapped (already one paragraph per line, like a
markdown export) is left alone: only form feeds are removed from it.  What a
text is comes from its own statistics (:func:`ocrfix.lines.profile`).
"""

from __future__ import annotations

import bisect
import logging
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import NamedTuple

import regex

from .config import DEFAULT, Config
from .edits import Edit, apply_edits, compose_edits
from .fixed import Fixed
from .lexicon import lexicon, lookup_key, strip_accents
from .lines import (
    Line,
    Profile,
    ends_clause,
    ends_sentence,
    first_word,
    is_all_caps,
    is_markdown_heading,
    list_marker,
    profile,
    protected_lines,
    split_lines,
    starts_lowercase,
)

logger = logging.getLogger(__name__)


# --- the lexicon ---------------------------------------------------------------

@lru_cache(maxsize=65536)
def word_info(form: str) -> tuple[float, bool]:
    """How common a French form is (Zipf scale, 0 when unknown), and whether it is valid.

    The one lexicon lookup of the layout stages (:mod:`ocrfix.lexicon`: wordfreq
    frequencies, Lexique's valid forms, hyphenated compounds included).  The
    lexicon normalises the lookup key (case, ’ read as '); the document is
    never changed.

    >>> word_info("communes")[1], word_info("commu")[1], word_info("peut-être")[1]
    (True, False, True)
    >>> word_info("aujourd’hui") == word_info("aujourd'hui")
    True
    >>> word_info("sousdenses")
    (0.0, False)
    """
    entry = lexicon().entry(form)
    return (entry.zipf, entry.valid) if entry else (0.0, False)


@lru_cache(maxsize=1)
def _lexicon_keys() -> list[str]:
    return list(lexicon().keys())


@lru_cache(maxsize=65536)
def is_known_compound(compound: str) -> bool:
    """The lexicon knows this compound, or another inflection of it.

    ``pluri-professionnels`` is known from ``pluri-professionnelles``: the
    key without its last two letters starts a valid form of the lexicon.

    >>> is_known_compound("peut-être"), is_known_compound("pluri-professionnels")
    (True, True)
    >>> is_known_compound("commu-nes"), is_known_compound("pour-tant")
    (False, False)
    """
    if word_info(compound)[1]:
        return True
    right = compound.rsplit("-", 1)[-1]
    return len(right) >= 5 and _valid_form_starting(lookup_key(compound)[:-2])


@lru_cache(maxsize=65536)
def _valid_form_starting(prefix: str) -> bool:
    """A valid form of the lexicon starts with this lookup key."""
    keys = _lexicon_keys()
    i = bisect.bisect_left(keys, prefix)
    while i < len(keys) and keys[i].startswith(prefix):
        if any(e.valid for e in lexicon().variants(keys[i])):
            return True
        i += 1
    return False


def starts_compounds(first: str) -> bool:
    """The lexicon knows compounds made with this first part (``pluri-``, ``sous-``).

    >>> starts_compounds("pluri"), starts_compounds("commu")
    (True, False)
    """
    return _valid_form_starting(lookup_key(first) + "-")


def word_zipf(form: str) -> float:
    """How common a French form is, on the Zipf scale (0 when unknown)."""
    return word_info(form)[0]


# --- shared helpers --------------------------------------------------------------

def _next_content(prof: Profile, index: int, max_blank: int) -> tuple[Line | None, int]:
    """The next non-blank line after ``index`` and the blank lines skipped."""
    lines = prof.lines
    k = index + 1
    while k < len(lines) and lines[k].blank and k - index - 1 < max_blank + 1:
        k += 1
    blanks = k - index - 1
    if blanks <= max_blank and k < len(lines) and not lines[k].blank:
        return lines[k], blanks
    return None, blanks


def _previous_content(prof: Profile, index: int) -> Line | None:
    """The last non-blank line before ``index``."""
    k = index - 1
    while k >= 0 and prof.lines[k].blank:
        k -= 1
    return prof.lines[k] if k >= 0 else None


# --- remove_page_furniture ------------------------------------------------------

_PAGE_NUMBER = regex.compile(
    r"(?i)^(?:"
    r"(?P<n>\d{1,3})\s*/\s*(?P<m>\d{1,3})"                          # 3/39
    r"|[-–—]?\s*(?:page|p\.)\s*\d{1,4}"
    r"(?:\s*(?:/|sur|de|of)\s*\d{1,4})?\s*[-–—]?"                   # page 12, - page 2414
    r"|[-–—]\s*\d{1,4}\s*[-–—]"                                     # - 12 -
    r")$")
_BARE_NUMBER = regex.compile(r"^\d{1,3}$")
#: Characters that ordinary French text is made of, besides letters, digits and spaces.
_PLAIN_PUNCT = frozenset(".,;:!?'’‘\"“”«»()–—-…•·▪◦°")
_SEPARATOR = regex.compile(r"^([-*_=~•·.])(?:\s*\1){2,}$")
_LETTER_RUN = regex.compile(r"[\p{L}\p{M}]+")
_WORD_OF_THREE = regex.compile(r"[\p{L}\p{M}]{3}")
_DIGIT = regex.compile(r"\d")


def _is_debris(content: str) -> bool:
    """A line of infographic or scanning debris: ``E}fi``, ``<&``, ``—_—``, ``_J``, ``|``.

    No word of three letters or more, no digit, and at least one character that
    French prose is not made of.  Separators (``***``, ``---``) and lone
    bullets or dashes are kept.

    >>> [_is_debris(s) for s in ["E}fi", "<&", "—_—", "_J", "|", "=t/"]]
    [True, True, True, True, True, True]
    >>> [_is_debris(s) for s in ["a2", "II.", "Où ?", "***", "-", "« »", "[4]"]]
    [False, False, False, False, False, False, False]
    """
    if not content or _WORD_OF_THREE.search(content) or _DIGIT.search(content) \
            or _SEPARATOR.match(content):
        return False
    return any(not (c.isalpha() or c.isspace() or c in _PLAIN_PUNCT
                    or unicodedata.category(c).startswith("M")) for c in content)


_ROMAN_OR_NUMBER = regex.compile(r"^(?:[IVXLC]+|\d+)[.)°]?$")


def _is_stray_mark(content: str) -> bool:
    """A very short line that is no word: ``»``, ``’``, ``a2``, ``wv``, a lone capital.

    Debris only where it stands: at a page edge or inside a sentence
    (:func:`_stray_marks`).  Words (``à``, ``et``), numbers and roman
    numerals are never stray marks.

    >>> [_is_stray_mark(s) for s in ["»", "’", "a2", "wv", "S", "à", "et", "II", "12", "1."]]
    [True, True, True, True, True, False, False, False, False, False]
    """
    bare = "".join(content.split())
    if not bare or len(bare) > 3 or _ROMAN_OR_NUMBER.match(bare):
        return False
    if _WORD_OF_THREE.search(bare):
        return False
    if len(bare) == 1 and bare.isupper():
        return True                     # a lone capital is a letter, not a word
    return not word_info(bare)[1]


def _stray_marks(prof: Profile, page_lines: set[int]) -> dict[int, str]:
    """Stray marks next to a page number or a form feed, or inside a sentence."""
    edges = page_lines | {l.index for l in prof.lines if "\f" in l.raw}
    found = {}
    for line in prof.content_lines:
        if line.index in page_lines or not _is_stray_mark(line.content):
            continue
        near_edge = any(abs(line.index - e) <= 2 for e in edges)
        if near_edge or _sentence_runs_through(prof, line):
            found[line.index] = f"stray mark {line.content!r}"
    return found


def _sentence_runs_through(prof: Profile, line: Line) -> bool:
    """The line sits inside a sentence: the text before it goes on after it."""
    before = _previous_content(prof, line.index)
    after, _ = _next_content(prof, line.index, max_blank=3)
    return (before is not None and after is not None
            and not ends_sentence(before.content) and not ends_clause(before.content)
            and starts_lowercase(after.content))


def _page_numbers(prof: Profile) -> dict[int, str]:
    """Lines that are page numbers: ``3/39``, ``- page 2414``, ``- 12 -``, and bare
    numbers that count pages, stand by a form feed, cut a sentence, or stand
    alone between blank lines in prose."""
    found: dict[int, str] = {}
    bare: dict[int, list[int]] = defaultdict(list)   # number -> line indices
    for line in prof.content_lines:
        c = line.content
        m = _PAGE_NUMBER.match(c)
        if m and (m.group("n") is None or 1 <= int(m.group("n")) <= int(m.group("m"))):
            found[line.index] = f"page number {c!r}"
        elif _BARE_NUMBER.match(c):
            bare[int(c)].append(line.index)
    lines = prof.lines
    for n, indices in bare.items():
        for i in indices:
            counted = any(0 < (j - i) * step and abs(j - i) >= 8 * abs(step)
                          for step in (-3, -2, -1, 1, 2, 3) for j in bare.get(n + step, ()))
            near_feed = any("\f" in lines[k].raw for k in (i - 1, i, i + 1) if 0 <= k < len(lines))
            if (counted or near_feed or _sentence_runs_through(prof, lines[i])
                    or _alone_in_prose(prof, lines[i])):
                found[i] = f"page number {lines[i].content!r}"
    return found


def _alone_in_prose(prof: Profile, line: Line) -> bool:
    """Between blank lines, next to a line of prose (half the width or more)."""
    lines, i = prof.lines, line.index
    if not (i == 0 or lines[i - 1].blank) or not (i + 1 >= len(lines) or lines[i + 1].blank):
        return False
    neighbours = (_previous_content(prof, i), _next_content(prof, i, max_blank=3)[0])
    return any(l is not None and len(l.content) >= 0.5 * prof.width(l.index) for l in neighbours)


#: A running header or footer is shorter than this share of the usual width
#: (a full line at a page edge is the text going on).
HEAD_SHARE = 0.8
#: A running header or footer stands at the edge of at least this share of
#: the pages (OCR misses some copies; a coincidence is not that regular).
HEAD_PAGES = 0.25


def _running_heads(prof: Profile, page_lines: set[int], removed: set[int]) -> dict[int, str]:
    """Headers and footers repeated at the edges of many pages.

    Page edges are known from page numbers and form feeds; a short line (its
    digits, accents and spaces ignored) that stands within two lines of an edge on at least two
    pages and on a quarter of them is a running header or footer.  A line that ends
    with a full stop or starts in lower case is the text, not a header; the
    first line of the text is its title and stays.
    """
    edges = sorted(page_lines | {l.index for l in prof.lines if "\f" in l.raw})
    if not edges:
        return {}
    # a page number and a form feed a few lines apart are one page break
    boundaries = [b for i, b in enumerate(edges) if i == 0 or b - edges[i - 1] > 3]
    content = [l for l in prof.content_lines if l.index not in removed]
    if not content:
        return {}
    starts = [l.index for l in content]
    groups: list[list[Line]] = [content[:2], content[-2:]]
    for b in edges:
        # A line that starts with the form feed belongs to the next page.
        k = bisect.bisect_left(starts, b)
        groups.append(content[max(0, k - 2):k])
        groups.append(content[k:k + 2])

    def key(line: Line) -> str:
        # OCR reads each copy differently: compare without digits, accents, spaces
        return regex.sub(r"\d+", "#", regex.sub(r"[\W_]+", "", strip_accents(line.content.casefold())))

    seen: dict[str, set[int]] = defaultdict(set)    # key -> line indices
    for group in groups:
        for line in group:
            c = line.content
            if (sum(ch.isalpha() for ch in c) >= 3 and len(c) <= HEAD_SHARE * prof.width(line.index)
                    and not c.endswith((".", ",")) and not starts_lowercase(c)):
                seen[key(line)].add(line.index)
    pages = len(boundaries) + 1
    heads = {k for k, found in seen.items() if len(found) >= 2 and len(found) >= HEAD_PAGES * pages}
    # the first line of the text is its title, even when the pages repeat it
    title = content[0].index
    return {line.index: f"running header or footer {line.content!r}"
            for group in groups for line in group
            if key(line) in heads and line.index in seen[key(line)] and line.index != title}


_MID_LINE_FEED = regex.compile(r"(?<=[^\s])[^\S\n]*\f+[^\S\n]*(?=[^\s])")


def _form_feed_edits(text: str, line: Line, stage: str) -> list[Edit]:
    """A form feed goes; between two pieces of text it becomes a line break."""
    edits = []
    for m in regex.finditer(r"\f+", line.raw):
        before, after = line.raw[:m.start()], line.raw[m.end():]
        new = "\n" if before.strip() and after.strip() else ""
        s, e = line.start + m.start(), line.start + m.end()
        edits.append(Edit(stage, s, e, text[s:e], new, "form feed (page break)"))
    return edits


_DEBRIS_MARK = frozenset("{}<>|\\_~^`=")
_FIRST_TOKEN = regex.compile(r"([^ \t]+)[ \t]+")
_NOT_DEBRIS_TOKEN = regex.compile(r"^(?:[-=<>]+|</?[A-Za-z][^>]*>)$")   # arrows, HTML tags


def _leading_debris(content: str) -> str:
    """Debris before the first word of a line (``<& Déployer``, ``| et le suivi``).

    >>> _leading_debris("<& E}fi Déployer la télémédecine"), _leading_debris("<b> Texte")
    ('<& E}fi ', '')
    """
    pos = 0
    while m := _FIRST_TOKEN.match(content, pos):
        token = m.group(1)
        if not ((len(token) >= 2 or token == "|") and _is_debris(token)
                and any(c in _DEBRIS_MARK for c in token) and not _NOT_DEBRIS_TOKEN.match(token)):
            break
        pos = m.end()
    if pos and _WORD_OF_THREE.search(content, pos):
        return content[:pos]
    return ""


def _page_gaps(prof: Profile, page_lines: set[int], removed: set[int]) -> set[int]:
    """The blank line on each side of a page number or running head: its page margin.

    One blank line on each side goes with the furniture; more blank lines
    than that were there before (a paragraph break) and stay.
    """
    gaps: set[int] = set()
    for i in page_lines:
        for step in (-1, 1):
            k = i + step
            while 0 <= k < len(prof.lines) and k in removed and not prof.lines[k].blank:
                k += step
            if 0 <= k < len(prof.lines) and prof.lines[k].blank:
                gaps.add(k)
    return gaps


def _line_runs(indices: set[int]) -> list[tuple[int, int]]:
    """Runs of consecutive line indices, as (first, last)."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def remove_page_furniture(text: str, config: Config = DEFAULT) -> Fixed:
    """Remove page numbers, running headers and footers, debris lines and form feeds.

    Only in a hard-wrapped text; a text written one paragraph per line keeps
    every line (only its form feeds go).  Each removed line is an edit that
    carries it, newline included.  A blank line on each side of a page number
    or a running header is its page margin and goes with it, so that a
    sentence cut by a page break can be joined again.

    >>> page = ("Les élus locaux cherchent depuis longtemps à se mobiliser face\\n"
    ...         "aux difficultés d’accès aux soins et\\n\\n3/39\\n\\n"
    ...         "E}fi\\nà la carence de l’État dans les territoires ruraux.\\n")
    >>> fixed = remove_page_furniture(page)
    >>> [(e.before, e.reason) for e in fixed.edits]
    [('\\n3/39\\n\\nE}fi\\n', "page number '3/39'; debris line 'E}fi'")]
    >>> print(fixed.text, end="")
    Les élus locaux cherchent depuis longtemps à se mobiliser face
    aux difficultés d’accès aux soins et
    à la carence de l’État dans les territoires ruraux.
    >>> remove_page_furniture("Un paragraphe par ligne.\\n\\n- page 2414\\n").edits
    []
    """
    # A form feed between two pieces of text is a line break: make it one
    # first and judge the lines as they will be, so that running the stage
    # again finds nothing new.
    feeds = [Edit("remove_page_furniture", m.start(), m.end(), m.group(), "\n",
                  "form feed (page break)") for m in _MID_LINE_FEED.finditer(text)]
    if not feeds:
        return Fixed.from_edits(text, _furniture_edits(text))
    lines = apply_edits(text, feeds)
    return Fixed.from_edits(text, compose_edits(text, feeds, _furniture_edits(lines)))


def _furniture_edits(text: str) -> list[Edit]:
    stage = "remove_page_furniture"
    prof = profile(text)
    wrapped = prof.wrapped
    removed: dict[int, str] = {}
    gaps: set[int] = set()
    if wrapped:
        removed.update(_page_numbers(prof))
        page_lines = set(removed)
        for line in prof.content_lines:
            if line.index not in removed and _is_debris(line.content):
                removed[line.index] = f"debris line {line.content!r}"
        removed.update(_stray_marks(prof, page_lines))
        heads = _running_heads(prof, page_lines, set(removed))
        removed.update(heads)
        gaps = _page_gaps(prof, page_lines | set(heads), set(removed))
    edits: list[Edit] = []
    for first, last in _line_runs(set(removed) | gaps):
        start = prof.lines[first].start
        end = prof.lines[last].end
        end = end + 1 if end < len(text) else end
        reason = "; ".join(removed[i] for i in range(first, last + 1) if i in removed)
        edits.append(Edit(stage, start, end, text[start:end], "", reason, 1.0))
    for line in prof.lines:
        if line.index in removed or line.index in gaps:
            continue
        line_edits = _form_feed_edits(text, line, stage) if "\f" in line.raw else []
        debris = _leading_debris(line.content) if wrapped and not line.blank else ""
        if debris and line.index not in prof.protected:
            s = line.content_start
            line_edits.append(Edit(stage, s, s + len(debris), debris, "",
                                   f"debris at the start of a line {debris.strip()!r}", 0.9))
        edits.extend(sorted(line_edits, key=lambda e: e.start))
    edits.sort(key=lambda e: e.start)
    return edits


# --- rejoin_hyphenated_lines ------------------------------------------------------

_LINE_END_HYPHEN = regex.compile(r"(?<=[\p{L}\p{M}\p{N}])([-\u2010\u00ad¬])$")
_LEFT_PART = regex.compile(r"[\p{L}\p{M}]+$")
_RIGHT_PART = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")
#: Words with their hyphens, as the text writes them elsewhere.
_WORD_FORM = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*")
_LEFT_WORD = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*$")
#: Addresses, paths, codes and numbers keep their hyphen (``debian-announce@lists``).
_TECHNICAL = regex.compile(r"[/@\\_=\d]|\.\w")
_HYPHENS = "-\u2010\u00ad¬"
_LAST_WORD = regex.compile(r"[^ \t]+$")
#: Pronouns and particles joined to a word by a hyphen (``rappelons-le``,
#: ``celui-ci``, ``lui-même``): after a line-end hyphen they keep it unless the
#: joined form is a very common word (``vil-le`` is ``ville``).
CLITICS = frozenset(
    "le la les lui leur leurs moi toi soi nous vous en il ils elle elles on je tu "
    "ce ci là même mêmes".split())
#: A joined form at least this common is a word cut at the line end.
COMMON_WORD = 3.0
#: A clitic after the hyphen is kept unless the joined form is at least this common.
COMMON_WORD_BEFORE_CLITIC = 4.0
#: A joined form may be this much rarer than the rarer part of the compound and win.
JOIN_MARGIN = 1.0
#: A part rarer than this is no word, so the hyphen cannot join two words.
NOT_A_WORD = 2.0


def _run_together(word: str, keep: str) -> tuple[str, str] | None:
    """``zonessous`` is ``zones`` + ``sous``: two words the OCR ran together.

    ``keep`` says which part the hyphen touches: ``"tail"`` for the word
    before a line-end hyphen (the longest valid head is cut off), ``"head"``
    for the word after it.  The other part must be a valid word, the part
    kept at least a known form.

    >>> _run_together("zonessous", "tail"), _run_together("citraitent", "head")
    (('zones', 'sous'), ('ci', 'traitent'))
    """
    cuts = range(2, len(word) - 1)
    for k in (reversed(cuts) if keep == "tail" else cuts):
        head, tail = word[:k], word[k:]
        whole, part = (head, tail) if keep == "tail" else (tail, head)
        if word_info(whole)[1] and word_zipf(part) >= NOT_A_WORD:
            return head, tail
    return None


class Usage(NamedTuple):
    """How the document writes a cut word elsewhere.

    ``hyphenated``/``solid``: the compound ``left-right`` and the word
    ``leftright``; ``hyphenated_prefix``/``solid_prefix``: any word starting
    with ``left-`` and any longer word starting with ``left``.
    """

    hyphenated: int = 0
    solid: int = 0
    hyphenated_prefix: int = 0
    solid_prefix: int = 0


class _Forms:
    """The word forms of a text (hyphens kept, lower case), counted."""

    def __init__(self, text: str):
        self.counts = Counter(w.lower() for w in _WORD_FORM.findall(text))
        self.sorted = sorted(self.counts)

    def starting(self, prefix: str) -> list[str]:
        i = bisect.bisect_left(self.sorted, prefix)
        j = bisect.bisect_left(self.sorted, prefix + "\U0010ffff")
        return self.sorted[i:j]

    def usage(self, left: str, right: str) -> Usage:
        left, right = left.lower(), right.lower()
        hyphenated_prefix = sum(self.counts[f] for f in self.starting(left + "-"))
        solid_prefix = sum(self.counts[f] for f in self.starting(left)
                           if len(f) >= len(left) + 3 and f[len(left)] != "-")
        return Usage(self.counts[f"{left}-{right}"], self.counts[left + right],
                     hyphenated_prefix, solid_prefix)


def hyphen_choice(left: str, right: str, mark: str = "-",
                  usage: Usage = Usage()) -> tuple[bool, str, float]:
    """Should ``left-`` at a line end and ``right`` on the next line be one word?

    Returns ``(join, reason, confidence)``.  ``usage`` says how the document
    writes the word elsewhere: that wins; a document that writes ``left-``
    compounds and no longer word starting with ``left`` keeps the hyphen
    (``pluri-``).  Otherwise a compound the lexicon knows
    keeps its hyphen (also when the joined form is a word too: the hyphen may
    be the author's); a joined form the lexicon knows is joined.  Otherwise
    the frequencies decide: join when the joined form is more likely than a
    compound of the two parts; keep the hyphen for names and ``-le``,
    ``-t-il``, ``-ci``, ``-là``, ``-même``.

    >>> hyphen_choice("commu", "nes")[0], hyphen_choice("sous", "denses")[0]
    (True, False)
    >>> hyphen_choice("rappelons", "le")[0], hyphen_choice("vil", "le")[0]
    (False, True)
    >>> hyphen_choice("peut", "être")[0], hyphen_choice("et", "Loire")[0]
    (False, False)
    >>> hyphen_choice("zonessous", "denses")[0]      # 'zones' and 'sous' run together
    False
    >>> hyphen_choice("ceux", "citraitent")[0]       # 'ci' and 'traitent' run together
    False
    """
    joined = left + right
    if mark == "\u00ad":
        return True, "soft hyphen at the line end", 1.0
    if usage.hyphenated != usage.solid:
        form = f"{left}-{right}" if usage.hyphenated > usage.solid else joined
        return usage.solid > usage.hyphenated, f"the text writes '{form}' elsewhere", 0.95
    if usage.hyphenated_prefix and not usage.solid_prefix and right[:1].islower():
        return False, f"compound kept: the text writes '{left}-' compounds elsewhere", 0.8
    if len(left) < 2 or len(right) < 2:
        return False, f"compound kept: one-letter part in '{left}-{right}'", 0.9
    if right[0].isupper() and not (left.isupper() and right.isupper()):
        return False, f"compound kept: '{left}-{right}' goes on with a capital", 0.9
    j, joined_valid = word_info(joined)
    if j < 1.0:
        # a compound with a word the OCR ran into it: 'zonessous-' / 'denses'
        if not word_info(left)[1] and (cut := _run_together(left, "tail")) \
                and is_known_compound(f"{cut[1]}-{right}"):
            return False, (f"compound kept: the lexicon knows '{cut[1]}-{right}' "
                           f"('{cut[0]}' run into it)"), 0.8
        if not word_info(right)[1] and (cut := _run_together(right, "head")) and (
                cut[0].lower() in CLITICS or is_known_compound(f"{left}-{cut[0]}")):
            return False, (f"compound kept: '{left}-{cut[0]}' "
                           f"('{cut[1]}' run into it)"), 0.8
    compound = f"{left}-{right}"
    if is_known_compound(compound):
        why = "both forms are words" if joined_valid else f"'{joined}' is no word"
        return False, f"compound kept: the lexicon knows '{compound}' ({why})", 0.95
    if joined_valid:
        return True, f"'{joined}' is a word, '{compound}' is not", 0.95
    if right.lower() in CLITICS and j < COMMON_WORD_BEFORE_CLITIC:
        return False, f"compound kept: '-{right}' is joined to the word before", 0.9
    if j >= COMMON_WORD:
        return True, f"'{joined}' is a common word (zipf {j:.1f})", 0.95
    parts = min(word_zipf(left), word_zipf(right))
    if j > 0 and j >= parts - JOIN_MARGIN:
        return True, (f"'{joined}' (zipf {j:.1f}) is more likely than "
                      f"'{left}-{right}' (parts {parts:.1f})"), 0.8
    if j == 0 and parts < NOT_A_WORD:
        if starts_compounds(left) and right[:1].islower():
            return False, f"compound kept: '{left}-' makes compounds, '{joined}' is unknown", 0.7
        return True, f"'{left}-{right}': a part is no word, a word cut at the line end", 0.7
    return False, (f"compound kept: '{left}' and '{right}' are words, "
                   f"'{joined}' is rare (zipf {j:.1f})"), 0.8


def rejoin_hyphenated_lines(text: str, config: Config = DEFAULT) -> Fixed:
    """Put back together words cut by a hyphen at a line end; keep compounds.

    The cut word moves down to the start of the next line, so lines stay lines
    (:func:`restore_paragraphs` joins them) and no line gets shorter than the
    wrap made it.  A soft hyphen (U+00AD) at a line end always joins.  Only in
    a hard-wrapped text.

    >>> text = ("Les élus souhaitent aider les habitants des commu-\\n"
    ...         "nes rurales et des zones sous-\\n"
    ...         "denses ; le plan, rappelons-\\n"
    ...         "le, est prêt depuis le mois de juin.\\n")
    >>> print(rejoin_hyphenated_lines(text).text, end="")
    Les élus souhaitent aider les habitants des
    communes rurales et des zones
    sous-denses ; le plan,
    rappelons-le, est prêt depuis le mois de juin.
    """
    stage = "rejoin_hyphenated_lines"
    prof = profile(text)
    if not prof.wrapped:
        return Fixed(text, [])
    edits: list[Edit] = []
    last_end = -1
    forms: _Forms | None = None
    for line in prof.content_lines:
        c = line.content
        m = _LINE_END_HYPHEN.search(c)
        if not m:
            continue
        nxt, blanks = _next_content(prof, line.index, max_blank=3)
        if nxt is None or nxt.index in prof.protected:
            continue
        token = first_word(nxt.content)
        rm = _RIGHT_PART.match(token)
        if not rm or token[-1] in _HYPHENS:
            continue
        right = rm.group()
        if blanks and not right[0].islower():
            continue
        mark = m.group(1)
        cut_word = _LAST_WORD.search(c).group()       # the left part with its hyphen
        left_token = cut_word[:-1]
        lm = _LEFT_PART.search(left_token)
        if not lm or _TECHNICAL.search(left_token) or _TECHNICAL.search(token):
            join, reason, confidence = False, "an address, a code or a number: the hyphen stays", 0.9
        else:
            if forms is None:
                forms = _Forms(text)
            usage = forms.usage(_LEFT_WORD.search(left_token).group(),
                                _WORD_FORM.match(token).group())
            join, reason, confidence = hyphen_choice(lm.group(), right, mark, usage)
        word_start = line.content_end - len(cut_word)
        preceding = text[line.content_start:word_start].rstrip(" \t")
        if preceding[-1:] in tuple(_HYPHENS):
            continue        # 'pré- et post-': the line would end on a hyphen again
        if preceding:
            # other words precede it: the line ends before it, it starts the next line
            start, lead = line.content_start + len(preceding), "\n"
        else:
            # the line is only the cut word: it merges into the next line
            start, lead = line.start, ""
        if start < last_end:
            continue
        end = nxt.content_start
        kept = cut_word[:-1] if join else cut_word[:-1] + (mark if mark in "-\u2010" else "-")
        edits.append(Edit(stage, start, end, text[start:end], lead + kept, reason, confidence))
        last_end = end
    return Fixed.from_edits(text, edits)


# --- restore_paragraphs ------------------------------------------------------------

_HYPHEN_END = regex.compile(r"[\p{L}\p{M}\p{N}][-\u2010\u00ad¬]$")
#: A heading is at most this share of the usual width.
HEADING_SHARE = 0.6


def _heading_like(prof: Profile, b: Line) -> bool:
    """A short line, without final punctuation, that the next line does not continue."""
    c = b.content
    if ends_sentence(c) or ends_clause(c) or c.endswith(",") or starts_lowercase(c):
        return False
    if len(c) > HEADING_SHARE * prof.width(b.index):
        return False
    nxt, blanks = _next_content(prof, b.index, max_blank=0)
    return nxt is None or blanks > 0 or not starts_lowercase(nxt.content)


# A choice is (separator or None for a paragraph break, reason, confidence).
_Choice = tuple[str | None, str, float]
#: A line ending with one of these goes on: a sentence does not end on a comma or a dash.
_GOES_ON = regex.compile(r"(?:,|\s[-–—])$")


def _after_blank(prof: Profile, a: Line, b: Line) -> _Choice:
    """A blank line is a paragraph break, unless the sentence visibly goes on.

    Page and column breaks of a scan leave blank lines inside sentences: a
    line without final punctuation followed, after the blank, by a line that
    starts in lower case (and is not indented) is the same sentence, unless
    it is a short title standing alone.
    """
    A, B = a.content, b.content
    if (not ends_sentence(A) and not ends_clause(A) and not list_marker(B)
            and starts_lowercase(B) and not is_all_caps(A)
            and b.indent <= max(prof.usual_indent, a.indent) and not _standalone_title(prof, a)):
        return " ", "blank line inside a sentence: the line goes on in lower case", 0.8
    return None, "paragraph break (blank line)", 1.0


def _standalone_title(prof: Profile, a: Line) -> bool:
    """A short line alone between blank lines, starting with a capital or a digit."""
    before = prof.lines[a.index - 1] if a.index > 0 else None
    return ((before is None or before.blank) and not starts_lowercase(a.content)
            and len(a.content) <= HEADING_SHARE * prof.width(a.index))


def _list_item(prof: Profile, a: Line, b: Line, marker: str, in_list: bool) -> _Choice:
    """``b`` starts with a list marker: a new item, or a dash or quote inside a sentence?"""
    A = a.content
    final, clause = ends_sentence(A), ends_clause(A)
    fits = prof.fits(a, b)
    indented = b.indent > max(prof.usual_indent, a.indent)
    kind = marker[0]
    if kind in "*–—-":                    # also a dash inside a sentence
        new_item = final or clause or indented or (fits and in_list)
    elif kind in "«»":                    # also a quotation inside a sentence
        new_item = ((final or clause) and (fits or indented)) or (fits and in_list)
    elif kind.isalnum():                  # 1. a) II.
        new_item = final or clause or fits or indented
    else:                                 # a bullet is always an item
        new_item = True
    if new_item:
        return None, f"list item {marker.strip()!r}", 0.85
    return " ", f"{marker.strip()!r} inside a sentence", 0.7


def paragraph_choice(prof: Profile, a: Line, b: Line, in_list: bool = False) -> _Choice:
    """How line ``a`` and the next non-blank line ``b`` are separated.

    ``in_list`` says that ``a``'s paragraph starts with a list marker.
    """
    A, B = a.content, b.content
    if is_markdown_heading(A) or is_markdown_heading(B):
        return None, "markdown heading", 1.0
    blank = b.index > a.index + 1
    if _HYPHEN_END.search(A) and B[:1].isalnum() and (not blank or B[:1].islower()):
        return "", "line ends with a hyphen: joined without a space", 0.8
    if blank:
        return _after_blank(prof, a, b)
    if _GOES_ON.search(A):
        return " ", "the line ends with a comma or a dash: the sentence goes on", 0.9
    marker = list_marker(B)
    if marker:
        return _list_item(prof, a, b, marker, in_list)
    final, clause = ends_sentence(A), ends_clause(A)
    fits = prof.fits(a, b)
    indented = b.indent > max(prof.usual_indent, a.indent)
    if starts_lowercase(B) or not B[0].isalnum():
        if (final or clause) and (fits or indented):
            return None, f"'{A[-1]}' and the line stops short: a list item or paragraph ends", 0.8
        if indented and fits:
            return None, "the line stops short and the next one is indented", 0.7
        return " ", "the sentence goes on", 0.95
    if is_all_caps(A) and is_all_caps(B) and not final:
        return " ", "a heading in capitals goes on", 0.8
    if fits:
        return None, "the line stops short of the width: a heading or a paragraph ends", 0.85
    if indented and (final or clause):
        return None, "the next line is indented: a new paragraph", 0.8
    if final and _heading_like(prof, b):
        return None, "a short line without final punctuation: a heading", 0.7
    return " ", "the line is full: the paragraph goes on", 0.8


def restore_paragraphs(text: str, config: Config = DEFAULT) -> Fixed:
    """One paragraph per line, paragraphs separated by one blank line.

    Where no blank line marks a paragraph end, it is found from the line's
    length against the usual width around it, its final punctuation, how the
    next line starts (capital, bullet, number, dash, opening quote) and its
    indentation.  Headings, document headers and list items are paragraphs of
    their own.  With ``config.keep_lines`` lines are kept and only paragraph
    breaks are restored.  Markdown tables and fenced blocks are left as they
    are.  Only in a hard-wrapped text.

    >>> text = ("LES DÉSERTS MÉDICAUX\\nLes élus locaux cherchent depuis longtemps à\\n"
    ...         "se mobiliser face aux difficultés.\\nIls agissent :\\n"
    ...         "1. Bâtir des centres de santé ;\\n2. Attirer des médecins.\\n")
    >>> print(restore_paragraphs(text).text)
    LES DÉSERTS MÉDICAUX
    <BLANKLINE>
    Les élus locaux cherchent depuis longtemps à se mobiliser face aux difficultés.
    <BLANKLINE>
    Ils agissent :
    <BLANKLINE>
    1. Bâtir des centres de santé ;
    <BLANKLINE>
    2. Attirer des médecins.
    <BLANKLINE>
    """
    stage = "restore_paragraphs"
    prof = profile(text)
    if not prof.wrapped:
        logger.debug("not hard-wrapped: paragraphs left as they are")
        return Fixed(text, [])
    logger.debug("hard-wrapped: %d lines, tightness %.2f, usual indentation %d",
                 len(prof.content_lines), prof.tolerance, prof.usual_indent)
    keep = config.keep_lines
    content = [l for l in prof.lines if not l.blank]
    edits: list[Edit] = []
    first = content[0] if content else None
    if not keep and first is not None and first.index not in prof.protected \
            and first.content_start > first.start:
        edits.append(Edit(stage, first.start, first.content_start,
                          text[first.start:first.content_start], "", "indentation", 1.0))
    paragraph_start = first
    for a, b in zip(content, content[1:]):
        if a.index in prof.protected or b.index in prof.protected:
            paragraph_start = b
            continue
        in_list = paragraph_start is not None and bool(list_marker(paragraph_start.content))
        sep, reason, confidence = paragraph_choice(prof, a, b, in_list)
        if sep is None:
            paragraph_start = b
        if keep:
            start, end = a.end, b.start
            new = "\n" if sep is not None else "\n\n"
        else:
            start, end = a.content_end, b.content_start
            new = sep if sep is not None else "\n\n"
        if text[start:end] != new:
            edits.append(Edit(stage, start, end, text[start:end], new, reason, confidence))
    last = content[-1] if content else None
    if not keep and last is not None and last.index not in prof.protected \
            and last.content_end < last.end:
        edits.append(Edit(stage, last.content_end, last.end, text[last.content_end:last.end],
                          "", "trailing white space", 1.0))
    return Fixed.from_edits(text, edits)


# --- wrap_paragraphs ------------------------------------------------------------

#: Tokens that never start a line (French spacing puts a space before them).
_NO_LINE_START = regex.compile(r"^[»:;!?)\]}%…,.]+$")
_NO_LINE_END = regex.compile(r"(?:^[«(\[]+|[-\u2010])$")


def _wrap_points(raw: str, width: int) -> list[tuple[int, int]]:
    """Spans of the spaces where ``raw`` is broken to fit in ``width`` columns."""
    groups: list[list[int]] = []      # [start, end] of runs of unbreakable tokens
    for m in regex.finditer(r"[^ ]+", raw):
        if groups and (_NO_LINE_START.match(m.group())
                       or _NO_LINE_END.search(raw[groups[-1][0]:groups[-1][1]])):
            groups[-1][1] = m.end()
        else:
            groups.append([m.start(), m.end()])
    points = []
    line_start = 0
    for prev, cur in zip(groups, groups[1:]):
        if cur[1] - line_start > width:
            points.append((prev[1], cur[0]))
            line_start = cur[0]
    return points


def wrap_paragraphs(text: str, config: Config = DEFAULT) -> Fixed:
    """Re-wrap lines longer than ``config.width`` columns (off unless a width is set).

    Breaks only at spaces, never inside a word or before ``»``, ``:``, ``;``,
    ``!``, ``?``; markdown headings, tables and fenced blocks stay whole.

    >>> from dataclasses import replace
    >>> text = "Les élus locaux cherchent à se mobiliser face aux difficultés : « oui »."
    >>> print(wrap_paragraphs(text, replace(DEFAULT, width=30)).text)
    Les élus locaux cherchent à se
    mobiliser face aux
    difficultés : « oui ».
    """
    width = config.width
    if not width:
        return Fixed(text, [])
    lines = split_lines(text)
    protected = protected_lines(lines)
    edits: list[Edit] = []
    for line in lines:
        if (len(line.raw) <= width or line.index in protected
                or is_markdown_heading(line.content)):
            continue
        for s, e in _wrap_points(line.raw, width):
            edits.append(Edit("wrap_paragraphs", line.start + s, line.start + e,
                              line.raw[s:e], "\n", f"wrapped at {width} columns"))
    return Fixed.from_edits(text, edits)
