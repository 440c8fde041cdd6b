"""The French lexicon: word forms, frequencies, parts of speech, and variants.

Built by ``scripts/build_lexicon.py`` (``make lexicon``) from

* wordfreq's ``fr`` large list (frequencies of 300,000 forms; it also holds
  accent-stripped and OCR forms such as ``tres`` or ``ceuvre``, so a form being
  frequent does not make it right);
* ``wordlists/lexique383.tsv``: the valid forms of Lexique 3.83 with their
  parts of speech (CC BY-SA 4.0, see ``wordlists/README.md``);
* ``wordlists/domain.txt`` (valid words of the field that Lexique lacks) and
  ``wordlists/protected.txt`` (correct forms no stage may change);
* the rule tables ``wordlists/accent_context.tsv`` and
  ``wordlists/confusions.tsv``, carried verbatim (``header["rules"]``),

into ``ocrfix/data/lexicon.msgpack.gz``, loaded once per process on first use.

Forms are looked up by a lossy key (:func:`lookup_key`: NFC, lower case,
diacritics stripped, ``’`` as ``'``, ``œ`` as ``oe``), so the forms that differ
from a word only by accents, cedillas or ``œ`` are one look-up away:

>>> lex = lexicon()
>>> [e.form for e in lex.variants("tres")][:2]
['très', 'tres']
>>> lex.entry("très").valid, lex.entry("tres").valid
(True, False)
>>> lex.best_variant("Francais").form
'français'
>>> lex.entry("l’heure") == lex.entry("l'heure")
True

Parts of speech come from Lexique (a form may have several):

>>> lex.entry("élevé").tags
('adj', 'verb', 'ppas')
>>> "inf" in lex.entry("parcourir").tags
True
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.resources
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import msgpack

__all__ = [
    "FORMAT",
    "VERSION",
    "DATA_FILE",
    "Flag",
    "Entry",
    "Lexicon",
    "LexiconError",
    "lexicon",
    "lookup_key",
    "strip_accents",
    "source_digest",
]

FORMAT = "ocrfix-lexicon"
#: Bump when the layout of the data file or the meaning of a flag changes.
VERSION = 2
DATA_FILE = "lexicon.msgpack.gz"
#: The curated sources the data file is built from (relative to the repository).
SOURCES = ("wordlists/lexique383.tsv", "wordlists/domain.txt", "wordlists/protected.txt",
           "wordlists/accent_context.tsv", "wordlists/confusions.tsv")


class Flag:
    """Bits of :attr:`Entry.flags`."""

    VALID = 1 << 0      #: a valid French form (Lexique, domain or protected list)
    NOUN = 1 << 1
    ADJ = 1 << 2
    VERB = 1 << 3       #: verb or auxiliary, any form
    INF = 1 << 4        #: infinitive
    PPAS = 1 << 5       #: past participle
    DET = 1 << 6        #: article, possessive, demonstrative or numeral determiner
    PRON = 1 << 7       #: personal pronoun
    PREP = 1 << 8
    CONJ = 1 << 9
    ADV = 1 << 10
    DOMAIN = 1 << 11    #: from wordlists/domain.txt
    PROTECTED = 1 << 12  #: from wordlists/protected.txt: never changed
    OTHER = 1 << 13     #: other Lexique categories (other pronouns, interjections)
    FINITE = 1 << 14    #: finite verb form (indicative, subjunctive, conditional, imperative)
    PLURAL = 1 << 15    #: a plural form only (never singular)
    PPRES = 1 << 16     #: present participle


#: Lexique category -> flag.
LEXIQUE_TAGS = {
    "NOM": Flag.NOUN, "ADJ": Flag.ADJ, "VER": Flag.VERB, "AUX": Flag.VERB,
    "VER:inf": Flag.INF, "VER:ppas": Flag.PPAS, "VER:fin": Flag.FINITE, "VER:ppre": Flag.PPRES,
    "PL": Flag.PLURAL,
    "ART:def": Flag.DET, "ART:ind": Flag.DET, "ADJ:pos": Flag.DET, "ADJ:dem": Flag.DET,
    "ADJ:num": Flag.DET, "ADJ:ind": Flag.DET, "ADJ:int": Flag.DET,
    "PRO:per": Flag.PRON, "PRE": Flag.PREP, "CON": Flag.CONJ, "ADV": Flag.ADV,
}

#: The parts of speech whose valid forms the data file lists (few: closed
#: classes), for :meth:`Lexicon.is_valid_with`.
CLOSED_CLASSES = {Flag.DET: "det", Flag.PREP: "prep", Flag.PRON: "pron", Flag.CONJ: "conj"}

_TAG_NAMES = (
    (Flag.NOUN, "noun"), (Flag.ADJ, "adj"), (Flag.VERB, "verb"), (Flag.INF, "inf"),
    (Flag.PPAS, "ppas"), (Flag.FINITE, "finite"), (Flag.DET, "det"), (Flag.PRON, "pron"), (Flag.PREP, "prep"),
    (Flag.CONJ, "conj"), (Flag.ADV, "adv"),
)


class LexiconError(RuntimeError):
    """The lexicon data file is missing, damaged or of another version."""


_KEY_TABLE = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "œ": "oe", "æ": "ae"})


def _ascii_bases() -> dict[int, str]:
    """The letters of Latin-1 and Latin Extended-A/B that decompose into an
    ASCII letter and combining marks, with that letter (``é``: ``e``)."""
    table = {}
    for cp in range(0x80, 0x250):
        decomposed = unicodedata.normalize("NFD", chr(cp))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if len(base) == 1 and base.isascii() and decomposed[0] == base and len(decomposed) > 1:
            table[cp] = base
    return table


#: A text of ASCII and of these letters loses its accents by translation
#: (NFD, marks dropped, NFC gives the same: its marks follow their own letter).
_ASCII_BASES = _ascii_bases()
#: :data:`_KEY_TABLE` and :data:`_ASCII_BASES` in one (their letters differ, and
#: what the first writes is ASCII, which the second leaves).
_KEY_AND_BASES = {**_ASCII_BASES, **_KEY_TABLE}
assert not _ASCII_BASES.keys() & _KEY_TABLE.keys()


def strip_accents(text: str) -> str:
    """Remove combining marks (accents, cedilla, diaeresis), keep the case.

    >>> strip_accents("Ça déjà forêt")
    'Ca deja foret'
    """
    if text.isascii():
        return text
    stripped = text.translate(_ASCII_BASES)
    if stripped.isascii():
        return stripped
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def lookup_key(word: str) -> str:
    """The lossy key under which a word's variants are stored.

    >>> lookup_key("Œuvre"), lookup_key("CÔTÉ"), lookup_key("aujourd’hui")
    ('oeuvre', 'cote', "aujourd'hui")
    """
    if word.isascii():  # nothing to translate nor strip
        return word.lower()
    low = word.lower()
    key = low.translate(_KEY_AND_BASES)  # both tables at once (they share no letter)
    if key.isascii():
        return key
    return strip_accents(low.translate(_KEY_TABLE))


def _form_key(form: str) -> str:
    """How a form is stored: lower case, curly apostrophes straightened."""
    return unicodedata.normalize("NFC", form.lower().translate(
        {ord("’"): "'", ord("ʼ"): "'", ord("‘"): "'"}))


@dataclass(frozen=True, slots=True)
class Entry:
    """One form of the lexicon (lower case, ``'`` for apostrophes)."""

    form: str
    zipf: float
    flags: int

    @property
    def valid(self) -> bool:
        """A form known to be correct French (not only seen in wordfreq)."""
        return bool(self.flags & Flag.VALID)

    @property
    def protected(self) -> bool:
        return bool(self.flags & Flag.PROTECTED)

    @property
    def tags(self) -> tuple[str, ...]:
        """Parts of speech from Lexique: noun adj verb inf ppas finite det pron prep conj adv."""
        return tuple(name for bit, name in _TAG_NAMES if self.flags & bit)

    def has(self, flag: int) -> bool:
        return bool(self.flags & flag)


#: Keys whose entries :class:`Lexicon` keeps (then it starts again).
_ENTRIES_CACHE = 1 << 14


class Lexicon:
    """Look-ups in the compiled lexicon (use :func:`lexicon` to get the shared one)."""

    def __init__(self, header: dict, keys: list[str], values: list[str],
                 closed: dict[int, frozenset[str]] | None = None):
        self.header = header
        self._closed = closed or {}  # valid forms by closed class (CLOSED_CLASSES)
        self._keys = keys          # sorted lookup keys
        self._values = values      # the forms of each key (see scripts/build_lexicon.py)
        self._by_key = dict(zip(keys, values))  # the same, by key (faster than bisecting)
        self._cache: dict[str, tuple[Entry, ...]] = {}

    def __len__(self) -> int:
        return int(self.header.get("forms", 0))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.entry(word) is not None

    def _entries(self, key: str) -> list[Entry]:
        value = self._by_key.get(key)
        if value is None:
            return []
        f = value.split("\t")
        if len(f) == 3:  # one form (most keys)
            return [Entry(f[0] or key, int(f[1]) / 100, int(f[2]))]
        return [Entry(form or key, int(z) / 100, int(flags))
                for form, z, flags in zip(f[0::3], f[1::3], f[2::3])]

    def _cached(self, key: str) -> tuple[Entry, ...]:
        """:meth:`_entries` as stored (most frequent first), remembered (the
        same words come back: up to :data:`_ENTRIES_CACHE` keys); ``()`` for
        a key the lexicon lacks (not remembered: one dictionary look-up)."""
        cached = self._cache.get(key)
        if cached is None:
            if key not in self._by_key:
                return ()
            cached = tuple(self._entries(key))
            if len(self._cache) >= _ENTRIES_CACHE:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def variants(self, word: str) -> list[Entry]:
        """Every form sharing ``word``'s key, most frequent first (``word`` included)."""
        return list(self._cached(lookup_key(word)))

    def key_entries(self, key: str) -> tuple[Entry, ...]:
        """The forms of lookup key ``key`` (:func:`lookup_key`), most frequent
        first: :meth:`variants` for a caller that has the key already."""
        return self._cached(key)

    def entry(self, word: str) -> Entry | None:
        """The entry of exactly this form (case-insensitive, either apostrophe)."""
        if word.isascii():  # then its form is its key
            form = key = word.lower()
        else:
            form, key = _form_key(word), lookup_key(word)
        for e in self._cached(key):
            if e.form == form:
                return e
        return None

    def is_valid_with(self, word: str, flag: int) -> bool:
        """Whether ``word`` (any case, either apostrophe) is a valid form with
        the bit ``flag`` (:class:`Flag`); without a look-up when it is none of
        the forms of a closed class (:data:`CLOSED_CLASSES`).

        >>> lex = lexicon()
        >>> lex.is_valid_with("Par", Flag.PREP), lex.is_valid_with("parle", Flag.PREP)
        (True, False)
        """
        closed = self._closed.get(flag)
        if closed is not None and (
                word.lower() if word.isascii() else _form_key(word)) not in closed:
            return False
        e = self.entry(word)
        return e is not None and e.valid and e.has(flag)

    def closed_forms(self, flag: int) -> frozenset[str] | None:
        """The valid forms (lower case, ``'`` apostrophes) with the bit ``flag``
        of a closed class (:data:`CLOSED_CLASSES`), or ``None`` for another bit.

        >>> "par" in lexicon().closed_forms(Flag.PREP)
        True
        """
        return self._closed.get(flag)

    def zipf(self, word: str) -> float:
        """Frequency on the Zipf scale (0 for an unknown form)."""
        e = self.entry(word)
        return e.zipf if e else 0.0

    def is_valid(self, word: str) -> bool:
        e = self.entry(word)
        return bool(e and e.valid)

    def best_variant(self, word: str) -> Entry | None:
        """The most frequent valid form sharing ``word``'s key, if any."""
        for e in self._cached(lookup_key(word)):
            if e.valid:
                return e
        return None

    def keys(self) -> Iterable[str]:
        """Every lookup key, sorted."""
        return iter(self._keys)

    def key_zipf(self, key: str) -> float:
        """The Zipf frequency of the most frequent form of lookup key ``key`` (0: none)."""
        by_zipf = self._cached(key)
        return by_zipf[0].zipf if by_zipf else 0.0

    def key_set(self) -> Collection[str]:
        """Every lookup key, for fast ``in`` tests (a form whose key is not
        one of them is not in the lexicon)."""
        return self._by_key.keys()

    def entries(self) -> Iterable[Entry]:
        """Every entry of the lexicon, key by key."""
        for key in self._keys:
            yield from self._entries(key)


def _decode(raw: bytes, origin: str) -> Lexicon:
    try:
        data = msgpack.unpackb(gzip.decompress(raw), raw=False, strict_map_key=False)
    except Exception as exc:  # gzip/msgpack raise many types for damaged data
        raise LexiconError(f"{origin}: not a readable lexicon file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LexiconError(f"{origin}: not an {FORMAT} file")
    if data.get("version") != VERSION:
        raise LexiconError(
            f"{origin}: lexicon version {data.get('version')!r}, this ocrfix reads "
            f"version {VERSION}; rebuild it with 'make lexicon'")
    try:
        keys, values = data.pop("keys").split("\n"), data.pop("values").split("\n")
    except (KeyError, AttributeError):
        raise LexiconError(f"{origin}: damaged index") from None
    if not len(keys) == len(values) == data.get("keys_count"):
        raise LexiconError(f"{origin}: damaged index ({len(keys)} keys, {len(values)} "
                           f"values, header says {data.get('keys_count')})")
    try:
        listed = data.pop("closed")
        closed = {flag: frozenset(listed[name]) for flag, name in CLOSED_CLASSES.items()}
    except (KeyError, TypeError):
        raise LexiconError(f"{origin}: damaged closed classes") from None
    return Lexicon(data, keys, values, closed)


def load(path: str | Path | None = None) -> Lexicon:
    """Read a lexicon file (the packaged one by default) and check its header."""
    if path is None:
        ref = importlib.resources.files("ocrfix") / "data" / DATA_FILE
        try:
            raw = ref.read_bytes()
        except FileNotFoundError:
            raise LexiconError(f"the packaged lexicon ocrfix/data/{DATA_FILE} is missing; "
                               "rebuild it with 'make lexicon'") from None
        return _decode(raw, f"ocrfix/data/{DATA_FILE}")
    return _decode(Path(path).read_bytes(), str(path))


@functools.cache
def lexicon() -> Lexicon:
    """The packaged lexicon, loaded on first use and shared by the process."""
    return load()


def source_digest(root: Path, extra: str = "") -> str:
    """SHA-256 of the curated sources (and ``extra``), as stored in the header."""
    h = hashlib.sha256()
    for rel in SOURCES:
        h.update(rel.encode())
        h.update(b"\0")
        h.update((root / rel).read_bytes())
        h.update(b"\0")
    h.update(extra.encode())
    return h.hexdigest()
