"""A tokenizer for French text that knows what must never be changed.

:func:`tokenize` cuts a text into :class:`Token` s that cover it exactly
(``"".join(t.text for t in tokens) == text``), each of one kind:

``word``
    letters, with inner hyphens and apostrophes that are not elisions:
    ``peut-être``, ``aujourd’hui``, ``presqu’île``, ``Saône-et-Loire``;
``elision``
    an elided word with its apostrophe, either ``'`` or ``’``: ``l’``, ``qu'``,
    ``jusqu’``, ``lorsqu'`` (the next word is a token of its own);
``mixed``
    lower-case letters with digits inside them, as OCR makes of ``côté``
    (``c6té``): a candidate for repair, never a code;
``protected``
    what a words stage must leave alone, with :attr:`Token.what` saying why:
    ``number``, ``ordinal`` (``XIXe``, ``4ème``, ``1er``), ``roman``,
    ``acronym`` (``CPTS``, all capitals), ``code`` (letters and digits: ``r21``,
    ``30m²``, ``A4``), ``url``, ``email``, ``host`` (``lagazette.fr``),
    ``tag`` (``<b>``), ``code-span`` (```inline```);
``space`` and ``punct``
    white space, and any other single character.

>>> [(t.kind, t.text) for t in tokenize("L’ARS l’a dit")]
[('elision', 'L’'), ('protected', 'ARS'), ('space', ' '), ('elision', 'l’'), ('word', 'a'), ('space', ' '), ('word', 'dit')]
>>> [t.text for t in tokenize("Jusqu'à aujourd’hui, peut-être") if t.kind != "space"]
["Jusqu'", 'à', 'aujourd’hui', ',', 'peut-être']
>>> [(t.what, t.text) for t in tokenize("Au XIXe siècle, 30m² à www.senat.fr") if t.kind == "protected"]
[('ordinal', 'XIXe'), ('code', '30m²'), ('url', 'www.senat.fr')]
>>> [(t.kind, t.text) for t in tokenize("du c6té")][-1]
('mixed', 'c6té')
"""

from __future__ import annotations

import itertools
import operator
import threading
from collections.abc import Iterable, Iterator
from typing import NamedTuple, cast

import regex

__all__ = ["Token", "tokenize", "tokenize_spans", "chunk_local", "words", "joined", "remember",
           "ELIDED", "APOSTROPHES"]

APOSTROPHES = "'’"
#: Words that elide before a vowel (lower case, without the apostrophe).
ELIDED = frozenset({
    "l", "d", "j", "m", "n", "s", "t", "c", "ç", "qu",
    "jusqu", "lorsqu", "puisqu", "quoiqu",
})


class Token(NamedTuple):
    """A piece of text: ``text == source[start:end]`` (a light immutable tuple)."""

    kind: str
    start: int
    end: int
    text: str
    what: str = ""

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_protected(self) -> bool:
        return self.kind == "protected"


_HOSTS = r"(?:fr|com|org|net|eu|info|io|be|ch|ca|de|uk|gouv\.fr)"
_SCANNER = regex.compile(
    r"""
      (?P<tag><[/!]?[A-Za-z][^<>\n]{0,200}>)
    | (?P<codespan>`[^`\n]+`)
    | (?P<url>(?:https?://|ftp://|www\.)[^\s<>«»"'’\]\[)(]+)
    | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<host>(?:[\p{L}\p{N}-]+\.)+""" + _HOSTS + r"""(?![\p{L}\p{N}]))
    | (?P<word>[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*)
    | (?P<space>\s+)
    | (?P<punct>.)
    """,
    regex.VERBOSE | regex.DOTALL | regex.V1,
)
_ELISION = regex.compile(r"([\p{L}]+)['’](?=[\p{L}\p{N}])")
_ROMAN = regex.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ORDINAL = regex.compile(r"\d+(?:e|er|re|ère|ème|eme|è|nd|nde|d)s?")
_ROMAN_ORDINAL = regex.compile(r"([IVXLCDM]{2,}|I)(?:e|er|re|ème)s?")
_MIXED = regex.compile(r"\p{L}\p{Ll}*(?:\d+\p{Ll}+)+", regex.V1)
_TRAILING = ".,;:!?"


_ROMAN_CHARS = frozenset("IVXLCDM")


def _classify(word: str) -> tuple[str, str]:
    if word.isalpha():  # the common case, without regular expressions
        if word[0] in _ROMAN_CHARS:
            m = _ROMAN_ORDINAL.fullmatch(word)
            if m and _ROMAN.fullmatch(m.group(1)):
                return "protected", "ordinal"
            if _ROMAN.fullmatch(word):
                return "protected", "roman"
        if len(word) >= 2 and word.isupper():
            return "protected", "acronym"
        return "word", ""
    if word.isdigit():
        return "protected", "number"
    if _ORDINAL.fullmatch(word):
        return "protected", "ordinal"
    m = _ROMAN_ORDINAL.fullmatch(word)
    if m and _ROMAN.fullmatch(m.group(1)):
        return "protected", "ordinal"
    has_digit = any(ch.isdigit() for ch in word)
    if has_digit:
        if _MIXED.fullmatch(word):
            return "mixed", ""
        return "protected", "code"
    letters = word.replace("-", "")
    if _ROMAN.fullmatch(word) and word:
        return "protected", "roman"
    if len(letters) >= 2 and letters.isupper() and letters.isalpha():
        return "protected", "acronym"
    return "word", ""


def _word_tokens(word: str, start: int) -> Iterator[Token]:
    pos = 0
    while "'" in word or "’" in word:
        m = _ELISION.match(word, pos)
        if not m or m.group(1).lower() not in ELIDED:
            break
        yield Token("elision", start + pos, start + m.end(), word[pos:m.end()])
        pos = m.end()
    rest = word[pos:]
    kind, what = _classify(rest)
    yield Token(kind, start + pos, start + len(word), rest, what)


def tokenize(text: str) -> list[Token]:
    """Cut ``text`` into tokens that cover it exactly (see the module doc).

    The stages of a pipeline tokenize the same text one after another when
    the stage before them changed nothing: the last text's tokens are kept
    (and a stage that knows the tokens of its output may leave them, see
    :func:`remember`).
    """
    with _LOCK:
        cached = _CACHE.get(text)
    if cached is None:
        cached = _scan(text)
        _remember(text, cached)
    return list(cached)


#: The tokens of the last text tokenized, if it is no longer than
#: ``_CACHE_MAX_CHARS`` (tokens take some 200 bytes each: a long text's are
#: not kept).
_CACHE: dict[str, tuple[Token, ...]] = {}
_CACHE_SIZE = 1
_CACHE_MAX_CHARS = 200_000
_LOCK = threading.Lock()


def _remember(text: str, tokens: tuple[Token, ...]) -> None:
    if len(text) > _CACHE_MAX_CHARS:
        return  # a long text's tokens take much memory: not kept
    with _LOCK:
        _CACHE.pop(text, None)
        _CACHE[text] = tokens
        while len(_CACHE) > _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]


def joined(text: str, tokens: list[Token], joins: list[int]) -> tuple[str, list[Token]]:
    """``text`` with the space token after each token of ``joins`` removed
    (``con tinue`` → ``continue``), and its tokens: those of the joined words
    cut again, the others moved (for :func:`remember`).

    Each index of ``joins`` is a word token followed by a space and a word
    token, glued to no other word character (what a stage that joins words
    checks), and no two joins share a token.

    >>> text, tokens = joined("la con tinue", tokenize("la con tinue"), [2])
    >>> text, tokens[-1]
    ('la continue', Token(kind='word', start=3, end=11, text='continue', what=''))
    >>> tokens == tokenize(text)
    True
    """
    out: list[Token] = []
    pieces: list[str] = []
    shift = last = pos = 0
    for i in sorted(joins):
        out.extend(_moved(tokens[last:i], shift))
        left, space, right = tokens[i], tokens[i + 1], tokens[i + 2]
        start = left.start - shift
        out.extend(_new_token(Token, (t.kind, t.start + start, t.end + start, t.text, t.what))
                   for t in _scan(left.text + right.text))
        pieces.append(text[pos:space.start])
        pos = space.end
        shift += space.end - space.start
        last = i + 3
    out.extend(_moved(tokens[last:], shift))
    pieces.append(text[pos:])
    return "".join(pieces), out


def _moved(tokens: list[Token], shift: int) -> Iterable[Token]:
    """``tokens`` moved ``shift`` characters to the left."""
    if not shift:
        return tokens
    back = itertools.repeat(shift)
    return map(_new_token, itertools.repeat(Token), zip(
        map(_kind, tokens), map(operator.sub, map(_start, tokens), back),
        map(operator.sub, map(_end, tokens), back), map(_text, tokens), map(_token_what, tokens)))


def remember(text: str, tokens: list[Token]) -> None:
    """Keep ``tokens`` as the tokens of ``text`` for :func:`tokenize`, when
    they cover it exactly (a stage that knows the tokens of its output)."""
    if "".join(map(_text, tokens)) == text:
        _remember(text, tuple(tokens))


_new_token = tuple.__new__  # Token(...) without the keyword handling: faster


def chunk_local(text: str) -> bool:
    """Whether every token of ``text`` lies inside one run of characters
    between white space (a *chunk*), so that the tokens of a chunk do not
    depend on the text around it: a text without markup tags or code spans
    (``<a href="x y">``, `` `ls -l` ``), the only tokens that may hold a space.

    >>> chunk_local("la santé, l’ARS et www.senat.fr"), chunk_local("voir <a href='x y'>")
    (True, False)
    """
    return "<" not in text and "`" not in text


def tokenize_spans(text: str, spans: list[tuple[int, int]]) -> list[Token]:
    """The tokens of the spans ``spans`` of ``text`` (in order, apart), at
    their offsets in ``text``: the tokens :func:`tokenize` finds there, when
    ``text`` is :func:`chunk_local` and each span starts and ends at chunk
    edges (white space or an end of the text on the outer side, none inside).
    What lies between two spans is one space token of line breaks, so that
    what reads the tokens around a token reads nothing across it (a line
    break ends a paragraph).

    >>> text = "Elle con tinue le travail et le reste."
    >>> tokens = tokenize_spans(text, [(5, 14), (28, 37)])
    >>> [t.text if t.text.strip() or t.text == " " else "(gap)" for t in tokens]
    ['(gap)', 'con', ' ', 'tinue', '(gap)', 'le', ' ', 'reste', '(gap)']
    >>> tokens[1:4] == tokenize(text)[2:5] and tokens[5:8] == tokenize(text)[-4:-1]
    True
    """
    if not spans:
        return []
    # the text with line breaks for what is not in a span: the same length,
    # the same tokens in the spans
    pieces = []
    done = 0
    for a, b in spans:
        pieces.append("\n" * (a - done))
        pieces.append(text[a:b])
        done = b
    pieces.append("\n" * (len(text) - done))
    return list(_scan("".join(pieces)))


#: What the scanner's ``tag``, ``codespan``, ``url``, ``email`` and ``host``
#: tokens need: a text (or a line) without any of these has only ``word``,
#: ``space`` and ``punct`` tokens, which :data:`_PLAIN` cuts as the scanner does.
_SPECIAL = regex.compile(r"[<`@]|://|www\.|\." + _HOSTS + r"(?![\p{L}\p{N}])", regex.V1)
#: The scanner on a text without special tokens, with the elided words cut
#: off their word as :func:`_word_tokens` does (``qu’`` + ``il``): each match
#: is one token, whose kind and ``what`` depend on its text alone.
_PLAIN = regex.compile(
    r"(?:" + "|".join("".join(f"[{c}{c.upper()}]" for c in w)
                       for w in sorted(ELIDED, key=len, reverse=True))
    + r")['’](?=[\p{L}\p{N}])"
    r"|[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*|\s+|.",
    regex.DOTALL | regex.V1)
#: White space with a line break: a space token of its own whatever the
#: scanner does around it (no other token holds a line break).
_LINE_BREAK = regex.compile(r"(\s*\n\s*)", regex.V1)
#: The (kind, what) of the texts of :data:`_PLAIN`'s matches.
_KINDS: dict[str, tuple[str, str]] = {}
_KINDS_MAX = 50_000
_KIND_PAIRS: dict[tuple[str, str], tuple[str, str]] = {}  # one tuple of each
_ELISION_KIND = ("elision", "")
_WORD_KIND = _KIND_PAIRS.setdefault(("word", ""), ("word", ""))
_kind = operator.itemgetter(0)
_what = operator.itemgetter(1)
_start, _end, _text, _token_what = (operator.itemgetter(k) for k in range(1, 5))


def _scan(text: str) -> tuple[Token, ...]:
    """The tokens of ``text`` (what :data:`_SCANNER` makes of it, see :func:`_scan_all`).

    The lines without a special token (most of them) are cut by :data:`_PLAIN`,
    all the lines between two with special tokens at once, with no Python
    code per token.
    """
    if not _SPECIAL.search(text):
        tokens = _scan_plain(text, 0)
        return tuple(tokens) if tokens is not None else _scan_all(text)
    out: list[Token] = []
    pos = 0
    plain = 0  # where the lines without special tokens since the last one with start
    for k, piece in enumerate(_LINE_BREAK.split(text)):
        if not k % 2 and _SPECIAL.search(piece):
            if plain < pos:  # those lines and the line breaks between, in one scan
                out.extend(_scan_plain_or_all(text[plain:pos], plain))
            out.extend(_scan_special(piece, pos))
            plain = pos + len(piece)
        pos += len(piece)
    if plain < pos:
        out.extend(_scan_plain_or_all(text[plain:pos], plain))
    return tuple(out)


#: What is before the last white space of a text, and what goes on to the next.
_TO_LAST_SPACE = regex.compile(r".*\s", regex.DOTALL | regex.V1)
_TO_SPACE = regex.compile(r"\S*", regex.V1)


def _scan_special(line: str, base: int) -> list[Token]:
    """The tokens of a line with special tokens (see :func:`_scan`), from offset ``base``.

    In a line without ``<`` or a backquote (a tag or a code span may hold a
    space), no token but white space holds white space: the runs of
    characters between white space that hold a hint of a special token (a
    URL, an email, a host) are cut by the scanner, the rest, as in the lines
    without, by :data:`_PLAIN`.
    """
    if "<" in line or "`" in line:
        return list(_scan_all(line, base))
    out: list[Token] = []
    done = 0  # what is cut
    for m in _SPECIAL.finditer(line):
        if m.start() < done:
            continue  # in the run cut already
        before = _TO_LAST_SPACE.match(line, done, m.start())
        start = before.end() if before else done
        end = _TO_SPACE.match(line, m.end()).end()
        if start > done:
            out.extend(_scan_plain_or_all(line[done:start], base + done))
        out.extend(_scan_all(line[start:end], base + start))
        done = end
    if done < len(line):
        out.extend(_scan_plain_or_all(line[done:], base + done))
    return out


def _scan_plain_or_all(text: str, base: int) -> Iterable[Token]:
    tokens = _scan_plain(text, base)
    return tokens if tokens is not None else _scan_all(text, base)


def _scan_plain(text: str, base: int) -> list[Token] | None:
    """The tokens of ``text`` (without special tokens) from offset ``base``,
    or ``None`` if a match of :data:`_PLAIN` is not one token."""
    pieces = _PLAIN.findall(text)
    kinds = list(map(_KINDS.get, pieces))
    if None in kinds:
        if len(_KINDS) > _KINDS_MAX:
            _KINDS.clear()
        # the pieces not seen before, in order (found without Python code per piece)
        for k in itertools.compress(itertools.count(), map(operator.is_, kinds,
                                                           itertools.repeat(None))):
            piece = pieces[k]
            if len(piece) > 1 and piece[-1] in APOSTROPHES:
                kinds[k] = _KINDS[piece] = _ELISION_KIND
                continue
            if piece.isalpha() and piece[0] not in _ROMAN_CHARS and (
                    len(piece) == 1 or not piece.isupper()):
                kinds[k] = _KINDS[piece] = _WORD_KIND  # what _scan_all finds, faster
                continue
            tokens = _scan_all(piece)
            if len(tokens) != 1:
                return None
            kind = (tokens[0].kind, tokens[0].what)
            kinds[k] = _KINDS[piece] = _KIND_PAIRS.setdefault(kind, kind)
    ends = list(itertools.accumulate(map(len, pieces), initial=base))
    known = cast("list[tuple[str, str]]", kinds)   # every None was filled in above
    return list(map(_new_token, itertools.repeat(Token), zip(
        map(_kind, known), ends, ends[1:], pieces, map(_what, known))))


def _scan_all(text: str, base: int = 0) -> tuple[Token, ...]:
    """The tokens of ``text`` from offset ``base``, by :data:`_SCANNER`."""
    tokens: list[Token] = []
    append = tokens.append
    for m in _SCANNER.finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        s += base
        e += base
        if kind == "space" or kind == "punct":
            append(_new_token(Token, (kind, s, e, m.group(), "")))
        elif kind == "word":
            word = m.group()
            if word.isalpha() and word[0] not in _ROMAN_CHARS and (
                    len(word) == 1 or not word.isupper()):
                append(_new_token(Token, ("word", s, e, word, "")))  # the common case
            elif "'" in word or "’" in word:
                tokens.extend(_word_tokens(word, s))
            else:
                k, what = _classify(word)
                append(_new_token(Token, (k, s, e, word, what)))
        elif kind in ("url", "host"):
            url = m.group().rstrip(_TRAILING)
            tokens.append(Token("protected", s, s + len(url), url, "url" if kind == "url"
                                else "host"))
            for i, ch in enumerate(m.group()[len(url):]):
                tokens.append(Token("punct", s + len(url) + i, s + len(url) + i + 1, ch))
        elif kind in ("tag", "codespan", "email"):
            tokens.append(Token("protected", s, e, m.group(),
                                "code-span" if kind == "codespan" else kind))
        else:
            append(Token(kind, s, e, m.group()))
    return tuple(tokens)


def words(text: str) -> Iterator[Token]:
    """The ``word`` tokens of ``text``.

    >>> [t.text for t in words("L’État, le 2e arrondissement et la CPTS.")]
    ['État', 'le', 'arrondissement', 'et', 'la']
    """
    return (t for t in tokenize(text) if t.kind == "word")
