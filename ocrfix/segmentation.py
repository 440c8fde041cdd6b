"""The ``segmentation`` group: words OCR ran together split, words it broke joined.

Two stages, in this order:

* :func:`split_run_together_words` — ``Lesélus`` → ``Les élus``,
  ``lenombrede`` → ``le nombre de``, ``réled’accélérateur`` → ``réle
  d’accélérateur``: a token that is not a French word is cut where the
  lexicon's frequencies say words meet (a Viterbi search, below);
* :func:`rejoin_split_words` — ``con tinue`` → ``continue``, ``dé
  veloppement`` → ``développement``: two tokens across one space become one
  when the joined form is a word and one of the parts is not.

Both only insert or remove a space (they assert it): they never change a
letter, its case, a hyphen or a punctuation mark.

**With the words group.**  The segmentation group runs *before* the words
group (:data:`ocrfix.pipeline.STAGES`).  Parts are looked up by their lossy
key (:func:`ocrfix.lexicon.lookup_key`: no accents, lower case, ``’`` as
``'``), so a part that lost or changed its accent counts as the word it
stands for: ``lenombrede`` is cut into ``le nombre de`` and
``consultationsmédicalesvirtuellesa`` into ``consultations médicales
virtuelles a``, and the words group, which sees each part as a word of its
own, then restores the accents (``a`` → ``à``, ``dé veloppement`` joined as
``déveloopement``... → ``développement``).  Running after the words group
would not work: a run-together token is unknown as a whole, so the words
stages leave it untouched.  So that a second cleaning finds nothing more
to do, this group reads what the words group will repair: an elided word
OCR misread (``I'entrepriseet``: ``I'`` is ``l'``; ``gu'`` is ``qu'``) is
cut as the elision, and a token next to punctuation that the words group
will mend (``c0u:c0u``, ``rnédicaux,qui``) is spaced as the word it becomes.

**The search.**  Each way of cutting a token into parts is scored in Zipf
units (a part of Zipf frequency ``z`` costs ``8 - z``, plus
:data:`SPLIT_PENALTY` per space inserted); the cheapest way is found by
dynamic programming over the token's characters.  A token that is not a
word costs :data:`UNKNOWN_COST` + :data:`UNKNOWN_COST_PER_LETTER` per
letter, and is split only when the cheapest cut costs at least
:data:`SPLIT_MARGIN` less.  Parts must be valid French forms (Lexique,
domain list) frequent enough for their length; a single letter may only be
``a``, ``à`` or ``y``; an elided word keeps its apostrophe and stays glued
to what follows (``d’accélérateur``).  ``à`` and ``ù`` inside a token that
is not a word make it costlier (they are words of their own: ``miseàjour``).
The words a document prints on their own twice or more (a name, a term of
its field: ``Debian``, ``bogue``, ``mainteneur``) count as words as frequent
as they are there (:func:`_document_words`).

**Words that fit.**  Unigram costs undervalue a pair French writes all
the time: a cut whose words fit together (a subject and a verb of its
person, ``ne``/``se`` and a verb, a determiner and a noun of its number, a
preposition and an infinitive, an auxiliary and a participle, a name and
its verb: :func:`_fits`) gains :data:`FIT_BONUS` against the token as
printed (``nousavons``, ``Ilgère``, ``ladurée``, ``Debianne``), never for
an English word or a token the document prints again and again
(``semanage``).  Two rare cases of valid words are cut as well: a rare word
far likelier as two very frequent words that fit (``quine``,
:func:`_cut_rare_word`), and a preposition-determiner reading (``parle``)
after a past participle and before a noun (:func:`_cut_after_participle`).

**What is never split:** a valid word (``pluriprofessionnelles``,
``téléconsultation``, ``désertification``, ``atout``, ``enfin``), a
form that is an accent away from a valid word (``dela`` may be ``delà``),
numbers, units, ordinals, codes, URLs, acronyms and all-caps text (the
``protected`` tokens of :mod:`ocrfix.tokens`), hyphenated compounds, a
capitalised word inside a sentence or any capitalised form wordfreq knows
(names: ``Maisonneuve``, ``Leblanc``) unless it reads as a name or word
known well glued to words (``Debianest``, ``Gouvernementpour``), a
capitalised word after a name or a title (``Christel Sanguinede``, ``M.
Delescluse``), words with capitals inside (``LibreOffice``) except a
lower-case function word glued to a capitalised one (``deParis``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
import logging
import threading
from dataclasses import dataclass
from typing import NamedTuple, cast

import regex

from .config import DEFAULT, Config
from .edits import Edit
from .fixed import Fixed
from .lexicon import Entry, Flag, lexicon
from .lexicon import lookup_key as _lookup_key
from .lexicon import _form_key
from . import words
from .tokens import APOSTROPHES, ELIDED, Token, chunk_local, tokenize, tokenize_spans
from .tokens import joined as joined_tokens, remember as remember_tokens
from .tokens import _CACHE_MAX_CHARS as TOKENS_KEPT_MAX_CHARS

logger = logging.getLogger(__name__)

#: :func:`ocrfix.lexicon.lookup_key`, remembered (the same words come back).
lookup_key = functools.lru_cache(maxsize=1 << 16)(_lookup_key)

_kind_of, _start_of, _text_of = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(3)


def _word_texts(tokens: list[Token]) -> list[str]:
    """The texts of the word tokens of ``tokens`` (without Python code per token)."""
    return list(itertools.compress(map(_text_of, tokens),
                                   map("word".__eq__, map(_kind_of, tokens))))

__all__ = [
    "split_run_together_words",
    "rejoin_split_words",
    "best_split",
    "Split",
]

# --- costs (Zipf units: 1.0 = ten times less frequent) ----------------------

#: A part of Zipf frequency ``z`` costs ``ZIPF_CEILING - z``.
ZIPF_CEILING = 8.0
#: Cost of each space inserted.
SPLIT_PENALTY = 1.5
#: Cost of a token that is not a word: this ...
UNKNOWN_COST = 4.0
#: ... plus this per letter (a long unknown token is less likely a word) ...
UNKNOWN_COST_PER_LETTER = 0.6
#: ... and this much more per letter beyond :data:`LONG_TOKEN` letters.
UNKNOWN_COST_PER_LONG_LETTER = 0.6
LONG_TOKEN = 12
#: The cheapest cut must cost this much less than the token as printed.
SPLIT_MARGIN = 1.0
#: More at the start of a sentence, where a capitalised token may be a name.
SPLIT_MARGIN_CAPITAL = 2.0
#: A part whose printed form is not valid, only its accent variant.
ACCENT_COST = 0.3
#: An elided word (``d’``) glued to the next part.
ELISION_COST = 0.3
#: Least Zipf frequency of a part, by its length (longer: the last value).
PART_MIN_ZIPF = (0.0, 6.0, 4.5, 3.0, 2.5, 2.0)
#: Letters French writes only in a few short words (``à``, ``là``, ``déjà``,
#: ``voilà``, ``où``): in a token that is not a word they are a sign of words
#: run together (``miseàjour``, ``élanà``, ``oùil``), which makes the token
#: as printed this much costlier.
LONE_LETTERS = frozenset("àù")
LONE_LETTER_COST = 1.5
#: Single letters that are words of their own (by lookup key: ``à`` is ``a``).
ONE_LETTER_WORDS = frozenset({"a", "y"})
#: ... and cost this much more (``desa`` is ``de sa`` more often than ``des a``).
ONE_LETTER_COST = 0.0
#: Parts longer than this are not looked up.
MAX_PART = 30
#: Tokens longer than this are left alone.
MAX_TOKEN = 120
#: Pairs of parts French never writes side by side: articles that contract
#: (du, des, au, aux), a subject pronoun and a verb of the other number.
IMPOSSIBLE_PAIRS = frozenset({
    ("de", "le"), ("de", "les"), ("a", "le"), ("a", "les"),
    *((pron, verb) for pron in ("il", "elle", "on") for verb in (
        "sont", "ont", "etaient", "avaient", "seront", "auront", "font", "vont")),
    *((pron, verb) for pron in ("ils", "elles") for verb in (
        "est", "a", "etait", "avait", "sera", "aura", "fait", "va")),
})
#: Object pronouns between ``ne`` and its verb (by lookup key).
AFTER_NE = frozenset({"le", "la", "les", "l'", "lui", "leur", "y", "en", "se", "s'", "me",
                      "m'", "te", "t'", "nous", "vous", "pas", "plus", "jamais", "rien",
                      "personne", "point", "guere", "nulle"})
#: Determiners that are never pronouns (``les`` is: ``il les ont``) ...
DETERMINERS_ONLY = frozenset({
    "des", "du", "au", "aux", "ses", "mes", "tes", "ces", "nos", "vos", "sa", "ma", "ta",
    "son", "mon", "ton", "cet", "cette"})
#: ... are never followed by a subject pronoun or a finite verb that is no
#: noun or adjective (``ses ont``, ``des on``: ``se sont``, ``de son``).
SUBJECT_PRONOUNS = frozenset({"je", "tu", "il", "ils", "on"})


#: The only words :func:`_impossible_pair` may find first in a pair.
_PAIR_FIRSTS = frozenset({a for a, _ in IMPOSSIBLE_PAIRS} | {"ne"} | DETERMINERS_ONLY)


@functools.lru_cache(maxsize=1 << 14)
def _impossible_pair(a: str, b: str) -> bool:
    """Whether French never writes the words of lookup keys ``a`` ``b`` side by side.

    >>> _impossible_pair("ses", "ont"), _impossible_pair("des", "on"), _impossible_pair("se", "sont")
    (True, True, False)
    """
    if (a, b) in IMPOSSIBLE_PAIRS:
        return True
    if a == "ne":
        # ne goes before a verb or an object pronoun: neon is no « ne on »
        return b not in AFTER_NE and not any(
            e.valid and e.has(Flag.VERB) for e in lexicon().variants(b))
    if a not in DETERMINERS_ONLY:
        return False
    if b in SUBJECT_PRONOUNS:
        return True
    forms = [e for e in lexicon().variants(b) if e.valid]
    return bool(forms) and all(
        e.has(Flag.FINITE) and not e.has(Flag.NOUN | Flag.ADJ | Flag.PPAS) for e in forms)


#: A cut is made only if every other cut (one of its spaces forbidden) costs
#: this much more: ``destable`` (des table, de stable), ``cetoutil`` (cet
#: outil, ce tout il), ``liensont`` are left alone.
AMBIGUITY_MARGIN = 0.7
#: What a pair of words that disagree in number adds to a reading's cost
#: (``certaines organisation sont`` against ``organisations ont``).
DISAGREEMENT_COST = 1.5

# --- re-joining ----------------------------------------------------------

#: The joined form must have a valid variant at least this frequent.
JOIN_MIN_ZIPF = 2.0
#: ... or this, when neither half is a word (``mainteneu rs``), and then a
#: form wordfreq knows this well (``prioritairement``) or an inflection of
#: a word counts too.
JOIN_MIN_ZIPF_PIECES = 1.0
JOIN_KNOWN_FORM_ZIPF = 2.5
#: A half that is a word is a piece of a broken word only if this short
#: (``se raitde`` is ``serait de``).
PIECE_WORD_MAX = 3
#: A whole token that wordfreq knows but that is not valid (``surle``,
#: ``aces``) is split only with this margin ...
SPLIT_MARGIN_KNOWN = 2.0
#: ... if it knows it at least this well (rarer: slips, ``ils'agit``, ``nousavons``).
KNOWN_MARGIN_ZIPF = 1.5
#: Right halves that are an inflectional ending as well as a word: after a
#: noun or an adjective they are the end of it (``parti es``, ``tout es``).
SUFFIX_HALVES = frozenset({"es"})
#: Two halves that are both words are joined only when the joined word is
#: much likelier than the pair: ``z(joined) + STRAY_SPACE_ODDS`` must beat
#: ``z(left) + z(right)`` by :data:`JOIN_BOTH_MARGIN` (unigram odds, with
#: ``STRAY_SPACE_ODDS`` the log10 odds of a space inside a word against two
#: independent words: ``lance ment``, ``direct ion`` join; ``en fin``, ``par
#: fois``, ``a tout``, ``bien tôt``, ``mal gré`` stay) ...
STRAY_SPACE_ODDS = 6.7
JOIN_BOTH_MARGIN = 1.5
#: ... and when the rarer half is rarer than this.
JOIN_BOTH_MAX_ZIPF = 4.5
#: A half as frequent as a function word (``et``, ``de``) joins only into a
#: word at least this frequent (``au fur et`` is not ``furet``).
FUNCTION_WORD_ZIPF = 6.0
JOIN_FUNCTION_MIN_ZIPF = 3.5


#: A form only wordfreq knows (not valid: it may be an OCR or typing slip, or
#: a glued pair like ``parceque``) counts as a word this much less frequent.
NOT_VALID_COST = 1.0
#: ... and only if at least this frequent and this long.
NOT_VALID_MIN_ZIPF = 2.0
NOT_VALID_MIN_LENGTH = 5
#: A form that long is a part even below :data:`PART_MIN_ZIPF` once
#: :data:`NOT_VALID_COST` is taken off (``attributaire``: not ``attribut aire``).
KNOWN_LONG_PART = 9
#: A whole token that wordfreq knows but that is not valid counts as a word
#: this much less frequent (``surle`` is split, ``unstable`` is not).
KNOWN_FORM_COST = 0.5
#: An elided word glued to the next (``linstallation``) counts as a word this
#: much less frequent than the next.
LOST_APOSTROPHE_COST = 1.5
#: A form read as an inflection or derivation of a valid word (see
#: :func:`_derived_zipf`) counts as a word this much less frequent than it.
DERIVED_COST = 1.5

#: Accented letters OCR prints for another accent on the same letter.
_WRONG_ACCENT = frozenset("éèêë")


def _compatible(printed: str, form: str) -> bool:
    """Whether ``printed`` may be ``form`` read by OCR: accents lost or mistaken,
    never an accent added to a plain letter (``sà`` is not ``sa``)."""
    if printed == form:
        return True
    if len(printed) != len(form):
        return True  # œ/oe, æ/ae: the key already matched
    for p, f in zip(printed, form):
        if p == f or p.isascii():
            continue
        if p in _WRONG_ACCENT and f in _WRONG_ACCENT:
            continue
        return False
    return True


@functools.lru_cache(maxsize=1 << 17)
def _valid_zipf(word: str) -> float:
    """Zipf frequency of the best valid form ``word`` may be read as (0: none).

    ``word`` is in lower case with ``'`` apostrophes.  Its printed form if
    valid, else its most frequent compatible accent variant less
    :data:`ACCENT_COST`.
    """
    key = lookup_key(word)
    if key not in _key_set():
        return 0.0
    best = 0.0
    for e in lexicon().key_entries(key):
        if not e.valid:
            continue
        if e.form == word:
            best = max(best, e.zipf)
        elif _compatible(word, e.form):
            best = max(best, e.zipf - ACCENT_COST)
    return best


def _has_flag(word: str, flag: int) -> bool:
    e = lexicon().entry(word)
    return e is not None and e.valid and e.has(flag)


#: How French inflects and derives words: (ending of the form, ending of a
#: valid word it comes from, the flag that valid word must have or 0).
#: ``patienteront`` comes from ``patienter``, ``logicielles`` from ``logiciel``,
#: ``prioritairement`` from ``prioritaire``.  A form that is not in the
#: lexicon but reads as one of these is a word, not a run-together pair.
_INF = Flag.INF
_CONTENT = Flag.NOUN | Flag.ADJ | Flag.PPAS
_ADJECTIVE = Flag.ADJ | Flag.PPAS
INFLECTIONS: tuple[tuple[str, str, int], ...] = (
    # plural and feminine (of nouns, adjectives and participles)
    ("s", "", _CONTENT), ("x", "", _CONTENT),
    *((end, lemma, _ADJECTIVE) for end, lemma in (("e", ""), ("es", ""), ("es", "e"))),
    ("lle", "l", 0), ("lles", "l", 0), ("nne", "n", 0), ("nnes", "n", 0),
    ("tte", "t", 0), ("ttes", "t", 0), ("euse", "eur", 0), ("euses", "eur", 0),
    ("trice", "teur", 0), ("trices", "teur", 0), ("ive", "if", 0), ("ives", "if", 0),
    ("aux", "al", 0), ("ère", "er", 0), ("ères", "er", 0),
    # verbs made from nouns in -n: versionnées, questionnement
    *(("n" + end, "n", Flag.NOUN) for end in (
        "ner", "né", "née", "nés", "nées", "nant", "nement", "nements", "nable", "nables")),
    # adverbs
    ("ment", "", Flag.ADJ), ("amment", "ant", Flag.ADJ), ("emment", "ent", Flag.ADJ),
    # nouns and adjectives made from verbs: partitionnement, archivage, versionnable
    *((end, "er", _INF) for end in (
        "ement", "ements", "age", "ages", "ation", "ations", "eur", "eurs", "able",
        "ables")),
    # verbs of the first group
    *((end, "er", _INF) for end in (
        "e", "es", "ent", "ons", "ez", "ais", "ait", "aient", "ions", "iez", "é", "ée",
        "és", "ées", "ant", "ante", "antes", "ants", "a", "as", "ai", "âmes", "èrent",
        "asse", "assent", "era", "eras", "erai", "erais", "erait", "eraient", "erons",
        "erez", "eront", "erions", "eriez")),
    # verbs of the second group
    *((end, "ir", _INF) for end in (
        "is", "it", "issons", "issez", "issent", "issais", "issait", "issaient",
        "issant", "i", "ie", "ies", "ira", "iras", "irai", "irais", "irait", "iraient",
        "irons", "irez", "iront")),
    # future and conditional of any infinitive: prendra, finira, dérivera
    *((end, "", _INF) for end in (
        "a", "as", "ai", "ais", "ait", "aient", "ons", "ez", "ont", "ions", "iez")),
    *((end, "e", _INF) for end in (
        "a", "as", "ai", "ais", "ait", "aient", "ons", "ez", "ont", "ions", "iez")),
)
_BY_ENDING: dict[str, list[tuple[str, str, int]]] = {}
for _rule in INFLECTIONS:
    _BY_ENDING.setdefault(_rule[0], []).append(_rule)
#: The same, letter by letter from the last: {letter: {letter before: ...,
#: "": the rules of the ending read so far}}.
_ENDINGS_BACKWARDS: dict = {}
for _ending, _rules in _BY_ENDING.items():
    _node = _ENDINGS_BACKWARDS
    for _letter in reversed(_ending):
        _node = _node.setdefault(_letter, {})
    _node[""] = _rules

#: Learned prefixes that make new words of any word (``autopromotion``,
#: ``microcodes``, ``redynamiser``); not prepositions (sur, sous, entre) nor
#: ``dé``/``des``, which OCR glues to the next word as often as not.
#: Matched as printed: ``dés`` with its accent is the prefix (désinstallation),
#: ``des`` without is the article (desétablissements).
PREFIXES = tuple(sorted((
    "auto", "micro", "macro", "multi", "pluri", "poly", "mono", "télé", "anti", "inter",
    "intra", "extra", "hyper", "super", "ultra", "néo", "pseudo", "semi", "mini", "maxi",
    "re", "ré", "co", "pré", "post", "trans", "bio", "éco", "cyber", "vidéo", "radio",
    "photo", "géo", "socio", "psycho", "médico", "euro", "franco", "dé", "dés", "rétro",
    "méta", "para", "infra", "méga", "hydro", "électro", "thermo", "in", "im", "ir",
), key=len, reverse=True))
_PREFIX_SET = frozenset(PREFIXES)
_PREFIX_LENGTHS = sorted({len(p) for p in PREFIXES}, reverse=True)
#: Their first two letters (each has two at least).
_PREFIX_STARTS = frozenset(p[:2] for p in PREFIXES)
#: Prefixes of adjectives only (indéréglable).
VERB_PREFIXES = frozenset({"in", "im", "ir"})
_NOT_STEM = Flag.DET | Flag.PREP | Flag.PRON | Flag.CONJ


#: Endings of agreement (feminine, plural) that go on a singular form only.
_AGREEMENT_ENDINGS = frozenset({"s", "x", "e", "es"})


def _is_base(entry: Entry, flag: int) -> bool:
    """Whether ``entry`` is a valid singular form with ``flag`` (any flag if 0)."""
    return entry.valid and not entry.has(Flag.PLURAL) and (not flag or entry.has(flag))


@functools.lru_cache(maxsize=1 << 16)
def _derived_zipf(word: str) -> float:
    """Zipf frequency of the valid word that ``word`` inflects or derives (0: none).

    >>> _derived_zipf("patienteront") > 0, _derived_zipf("logicielles") > 0
    (True, True)
    >>> _derived_zipf("maisonsde"), _derived_zipf("virtuellesa")
    (0.0, 0.0)
    """
    size = len(word)
    if size < 6:
        return 0.0
    best = 0.0
    # the lookup key of a lemma is its stem's key and its ending (letters
    # whose key is one letter): a lemma whose key is none is no word
    key = lookup_key(word) if _KEY_LETTERS.issuperset(word) else None
    keys = _key_set()
    node: dict = _ENDINGS_BACKWARDS
    for n in range(1, size - 3):  # the endings of word, leaving 4 letters, shortest first
        after = node.get(word[-n])
        if after is None:
            break
        node = after
        rules = node.get("")
        if not rules:
            continue
        stem = word[:-n]
        for ending, lemma_end, flag in rules:
            if key is not None and key[:-n] + lemma_end not in keys:
                continue
            lemma = stem + lemma_end
            z = _valid_zipf(lemma)
            if not z:
                continue
            if ending in _AGREEMENT_ENDINGS and not lemma_end:
                # a feminine or plural ending goes on a singular form: not
                # datés + e (datese is date se)
                if any(_is_base(v, flag) for v in lexicon().variants(lemma)):
                    best = max(best, z)
            elif not flag or _has_flag(lemma, flag) or any(
                    _has_flag(v.form, flag) for v in lexicon().variants(lemma) if v.valid):
                best = max(best, z)
    # the prefixes of PREFIXES word starts with, longest first, leaving 4 letters
    if word[:2] not in _PREFIX_STARTS:
        return max(0.1, best - DERIVED_COST) if best else 0.0
    for p in [word[:k] for k in _PREFIX_LENGTHS if k <= size - 4 and word[:k] in _PREFIX_SET]:
        rest = word[len(p):]
        derived = _derived_zipf(rest) if not _valid_zipf(rest) else 0.0
        z = _valid_zipf(rest) or (derived + DERIVED_COST if derived else 0.0)
        if not z:
            continue
        e = lexicon().best_variant(rest)
        if p in VERB_PREFIXES and not _has(rest, Flag.ADJ | Flag.PPAS):
            continue  # in- makes adjectives (indéréglable), not inversion
        if z and not (e is not None and e.has(_NOT_STEM)):
            best = max(best, z)
    return max(0.1, best - DERIVED_COST) if best else 0.0


@functools.lru_cache(maxsize=1 << 17)
def _zipf(part: str, derived: bool = True) -> float:
    """Effective Zipf frequency of ``part`` as a word of its own (0: not one).

    A valid form, or a compatible accent variant (:func:`_valid_zipf`); else a
    form wordfreq knows, less :data:`NOT_VALID_COST`; else an inflection or
    derivation of a valid word (:func:`_derived_zipf`).  Never an elided stem
    without its apostrophe (``l``, ``qu``), a single letter other than ``a``
    ``y``, or a form rarer than :data:`PART_MIN_ZIPF` for its length.
    """
    low = part.lower().replace("’", "'")
    key = lookup_key(low)
    if len(key) == 1 and key not in ONE_LETTER_WORDS:
        return 0.0
    if low in ELIDED:
        return 0.0
    listed = key in _key_set()  # else no form of it is known
    z = _valid_zipf(low) if listed else 0.0
    known = False
    if not z and listed and len(key) >= NOT_VALID_MIN_LENGTH:
        wf = lexicon().zipf(low)
        if wf >= NOT_VALID_MIN_ZIPF:
            z = wf - NOT_VALID_COST
            known = True
    floor = PART_MIN_ZIPF[min(len(key), len(PART_MIN_ZIPF) - 1)]
    if z < floor and not (known and len(key) >= KNOWN_LONG_PART):
        z = 0.0
    if not z and derived and len(key) >= NOT_VALID_MIN_LENGTH:
        z = _derived_zipf(low)
    if not z and derived:
        z = _lost_apostrophe_zipf(low)
    return z


def _lost_apostrophe_zipf(low: str) -> float:
    """``sagit``, ``linstallation``: an elided word glued to the next, its
    apostrophe lost, as :func:`ocrfix.words.fix_elision_glyphs` finds them
    (it puts the apostrophe back after this group): the next word's Zipf
    frequency less :data:`LOST_APOSTROPHE_COST` (0: not one)."""
    head = low[:2]
    if len(head) == 2 and head.isascii() and not (
            head[0].lower() in _ELISION_LETTERS and head[1] in _ELISION_NEXT
            or head.lower() in _ELISION_STARTS):
        return 0.0  # GLUED_ELISION matches no word that starts so (faster than it)
    m = words.GLUED_ELISION.fullmatch(low)
    if not m:
        return 0.0
    rest = m.group(2)
    z = _valid_zipf(rest)
    if z < (words.GLUED_REST_ZIPF if len(rest) > 2 else words.GLUED_SHORT_ZIPF):
        return 0.0
    if m.group(1) in CLITICS and rest not in CLITIC_NEXT and not _has(rest, Flag.VERB):
        return 0.0  # saprès is not s'après
    if rest in ("il", "ils") and m.group(1) != "s":
        return 0.0  # til is no t'il (a-t-il)
    return max(0.1, z - LOST_APOSTROPHE_COST)


#: How a word :data:`ocrfix.words.GLUED_ELISION` matches starts, in ASCII: a
#: letter elided before a vowel or ``h`` (``linstallation``), or ``qu``,
#: ``puisqu`` (``jusqu``, ``lorsqu`` start as ``ju``, ``lo`` do).
_ELISION_LETTERS = frozenset("ldjmnstc")
_ELISION_NEXT = frozenset("aeiouyhAEIOUYH")
_ELISION_STARTS = frozenset({"qu", "pu"})
#: Elided pronouns (and ``c'``, ``n'``): before a verb (``sétait``: s'était),
#: ``y``, ``en``, or ``il`` after ``s'`` (s'il) only.
CLITICS = frozenset("jmtsnc")
CLITIC_NEXT = frozenset({"y", "en", "il", "ils"})


#: What a join into a word of the document weighs against others (a Zipf frequency).
DOC_WORD_JOIN = 1.0
#: Words of a document that the lexicon lacks: (lookup key, Zipf frequency), sorted.
DocWords = tuple[tuple[str, float], ...]
#: A token printed on its own at least this often in a document is a word of
#: it (a name, a term: ``Debian``, ``mainteneur``, ``bogue``) ...
DOC_WORD_MIN_COUNT = 2
#: ... as frequent as it is in the document (Zipf: per billion words), at
#: most this, and at least 3 letters long.
DOC_WORD_MAX_ZIPF = 4.0
DOC_WORD_MIN_LENGTH = 3


_but_last, _ends_with_s = operator.itemgetter(slice(None, -1)), operator.methodcaller("endswith", "s")


def _document_words(forms: list[str]) -> DocWords:
    """The words of a document that the lexicon lacks or rates low, from
    ``forms``, the texts of its word tokens: tokens
    printed on their own :data:`DOC_WORD_MIN_COUNT` times or more, with
    their plural or singular (a name
    or a term of the document's field), that the lexicon does not cut
    into words (a run-together pair that recurs is no word)."""
    total = len(forms)
    lows = list(map(str.lower, forms))
    counts = Counter(lows)
    printed = dict(zip(reversed(lows), reversed(forms)))  # the first printed form of each
    # the forms printed twice or more, with their plural or singular: mainteneur,
    # mainteneurs (a quicker way to the same words as testing them all)
    singulars = counts.keys() & set(map(_but_last, itertools.compress(
        counts, map(_ends_with_s, counts))))
    out: dict[str, float] = {}
    lows = list(set(itertools.compress(counts, map(
        (DOC_WORD_MIN_COUNT - 1).__lt__, counts.values()))).union(
        singulars, [w + "s" for w in singulars]))
    words = list(map(printed.__getitem__, lows))
    # most are no word of a document whatever their count: known well, short...
    if len(_NOT_DOCUMENT_WORD) > _NOT_DOCUMENT_WORD_MAX:
        _NOT_DOCUMENT_WORD.clear()
    never = list(map(_NOT_DOCUMENT_WORD.get, words))
    for i in itertools.compress(itertools.count(), map(operator.is_not, never,
                                                       itertools.repeat(True))):
        low, word = lows[i], words[i]
        if never[i] is None:
            # the tests below that do not depend on the count
            _NOT_DOCUMENT_WORD[word] = skip = (
                len(word) < DOC_WORD_MIN_LENGTH or not word.isalpha()
                or not word[1:].islower() or _zipf(word) >= DOC_WORD_MAX_ZIPF)
            if skip:
                continue
        n = counts[low]
        # with its plural or singular: mainteneur, mainteneurs
        n += counts.get(low + "s", 0) + (counts.get(low[:-1], 0) if low.endswith("s") else 0)
        if n < DOC_WORD_MIN_COUNT:
            continue
        z = min(DOC_WORD_MAX_ZIPF, math.log10(n / total * 1e9))
        if _zipf(word) >= z:
            continue
        cut = _cut_plain(word, capital_ok=word[:1].isupper(), fit=False)
        if cut is not None and len(cut.words) > 1:
            continue
        k = lookup_key(word)
        out[k] = max(z, out.get(k, 0.0))
    return tuple(sorted(out.items()))


#: Printed forms that are no word of a document whatever their count (see
#: :func:`_document_words`), and those that may be (up to
#: :data:`_NOT_DOCUMENT_WORD_MAX`, then it starts again).
_NOT_DOCUMENT_WORD: dict[str, bool] = {}
_NOT_DOCUMENT_WORD_MAX = 100_000


def _text_document_words(text: str, forms: Callable[[], list[str]]) -> DocWords:
    """:func:`_document_words` of ``text`` (``forms`` gives the texts of its
    word tokens), remembered for a text up to :data:`TOKENS_KEPT_MAX_CHARS`
    long: the two stages of the group read the same text when the first one
    changed nothing."""
    if len(text) > TOKENS_KEPT_MAX_CHARS:
        return _document_words(forms())
    doc = _KEPT_DOCUMENT_WORDS.get(text)
    if doc is None:
        doc = _document_words(forms())
        with _KEPT_LOCK:
            _KEPT_DOCUMENT_WORDS[text] = doc
            while len(_KEPT_DOCUMENT_WORDS) > 2:
                del _KEPT_DOCUMENT_WORDS[next(iter(_KEPT_DOCUMENT_WORDS))]
    return doc


_KEPT_DOCUMENT_WORDS: dict[str, DocWords] = {}
_KEPT_LOCK = threading.Lock()


def _relevant(doc: DocWords, key: str) -> DocWords:
    """The words of ``doc`` found in ``key`` (what a cut of it may use)."""
    return tuple(w for w in doc if w[0] in key) if doc else ()


@dataclass(frozen=True, slots=True)
class Split:
    """The cheapest cut of a token: its parts and what it costs."""

    parts: tuple[str, ...]
    cost: float
    spaces: tuple[int, ...]  # offsets in the token where a space goes

    @property
    def words(self) -> list[str]:
        """The token cut at :attr:`spaces` (an elision stays with its word)."""
        out, last = [], 0
        token = "".join(self.parts)
        for s in self.spaces:
            out.append(token[last:s])
            last = s
        out.append(token[last:])
        return out

    @property
    def text(self) -> str:
        return " ".join(self.words)


_LETTERS = regex.compile(r"[\p{L}\p{M}]+", regex.V1)


def _part_ok_case(part: str, first: bool) -> bool:
    """Parts after the first are lower case; the first may be capitalised."""
    if part.islower():
        return True
    return first and part[:1].isupper() and (len(part) == 1 or part[1:].islower())


@functools.lru_cache(maxsize=1 << 14)
def best_split(token: str, forbid: frozenset[int] = frozenset(),
               extra: DocWords = (), whole: bool = True) -> Split | None:
    """The cheapest cut of ``token`` into French words, or ``None``.

    ``forbid``: offsets where no space may go (to find the next best cut);
    ``extra``: words of the document (lookup key, Zipf frequency) that the
    lexicon lacks (see :func:`_document_words`); ``whole=False``: the token
    may not be one part.

    >>> best_split("Lesélus").text
    'Les élus'
    >>> best_split("lenombrede").text
    'le nombre de'
    >>> best_split("réled’accélérateur") is None   # réle is not a word: see the stage
    True
    """
    n = len(token)
    if n < 2 or n > MAX_TOKEN:
        return None
    inf = float("inf")
    key = lookup_key(token)
    doc = dict(extra)
    sliceable = len(key) == n  # one key character per character (no œ, æ)
    letters = _LETTERS.fullmatch(token) is not None  # then so is every part
    # best[i]: cheapest cut of token[:i]; back[i] = (start of last part, glued?)
    best = [inf] * (n + 1)
    back: list[tuple[int, bool, str]] = [(-1, False, "")] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == inf:
            continue
        first = i == 0
        glued = i > 0 and back[i][1]
        capital_ok = first or glued
        # the key of the word before a space at i, if French never writes some
        # word after it (see _impossible_pair; else no pair is looked up)
        before = None
        if i > 0 and not glued:
            before = key[back[i][0]:i] if sliceable else lookup_key(back[i][2])
            if before not in _PAIR_FIRSTS:
                before = None
        # whether key[i:known_end] starts a key of the lexicon or a word of the document
        known_end, known = -1, False
        j, limit = i, min(n, i + MAX_PART)
        while j < limit:
            j += 1
            if sliceable and j - i > 1 and not first and not (
                    known if known_end == j - 1 else _is_key_prefix(key[i:j - 1])
                    or doc and any(w.startswith(key[i:j - 1]) for w in doc)):
                # no word starts like this, nor any longer part, except an
                # inflection or a lost apostrophe ending the token
                if j < n:
                    if limit < n:
                        break
                    j = n  # key[i:n - 1] is no prefix either
            part = token[i:j]
            if j == n and i == 0 and not whole:
                continue
            z = 0.0
            elision = False
            if part[-1] in APOSTROPHES and j < n and part[:-1].lower() in ELIDED:
                elision = True
            elif letters or _LETTERS.fullmatch(part) or (
                    len(part) > 2 and any(a in part[1:-1] for a in APOSTROPHES)):
                if not part.islower() and not _part_ok_case(part, capital_ok):
                    continue
                if sliceable and not (first or j == n):
                    known_end = j
                    known = _is_key_prefix(key[i:j]) or bool(
                        doc and any(w.startswith(key[i:j]) for w in doc))
                    if not known:
                        continue  # not a word; an inflection only at an end of the token
                z = _zipf(part)
                if doc and sliceable:
                    z = max(z, doc.get(key[i:j], 0.0))
                if z <= 0.0:
                    continue
            else:
                continue
            if elision and not _part_ok_case(part[:-1], first):
                continue
            cost = ELISION_COST if elision else ZIPF_CEILING - z
            if len(part) == 1:
                cost += ONE_LETTER_COST
            if i > 0 and not glued:
                if i in forbid:
                    continue
                cost += SPLIT_PENALTY
                if before is not None and _impossible_pair(
                        before, key[i:j] if sliceable else lookup_key(part)):
                    continue
            total = best[i] + cost
            if total < best[j]:
                best[j] = total
                back[j] = (i, elision, part)
    if best[n] == inf or back[n][1]:
        return None
    parts: list[str] = []
    spaces: list[int] = []
    j = n
    while j > 0:
        i, _, part = back[j]
        parts.append(part)
        if i > 0 and not back[i][1]:
            spaces.append(i)
        j = i
    parts.reverse()
    spaces.reverse()
    return Split(tuple(parts), best[n], tuple(spaces))


@functools.cache
def _sorted_keys() -> list[str]:
    return list(lexicon().keys())


@functools.lru_cache(maxsize=1 << 16)
def _is_key_prefix(prefix: str) -> bool:
    """Whether some lookup key of the lexicon starts with ``prefix``."""
    if prefix in _key_set():
        return True
    keys = _sorted_keys()
    i = bisect.bisect_left(keys, prefix)
    return i < len(keys) and keys[i].startswith(prefix)


def _last_word(token: str, back: list[tuple[int, bool, str]], i: int) -> str | None:
    return back[i][2] if i > 0 and not back[i][1] else None


# --- the words around a token ---------------------------------------------

_SENTENCE_OPENERS = frozenset(".!?…:;«»\"“”(—–-•*#")


def _sentence_start(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` opens a sentence (or a paragraph, an item, a heading).

    A line is a paragraph (this group runs after ``restore_paragraphs``);
    markup tags (``<b>``) are looked through.
    """
    for k in range(i - 1, -1, -1):
        t = tokens[k]
        if t.kind == "space":
            if "\n" in t.text:
                return True
        elif t.kind != "elision" and t.what != "tag":
            return t.kind == "punct" and t.text in _SENTENCE_OPENERS or _label(t.text)
    return True


#: A word in capitals this long at least, a valid word (not an acronym), is
#: the label of a box or a heading (``NOTE``, ``ASTUCE``, ``CULTURE``): what
#: follows it starts a sentence.
LABEL_MIN_LENGTH = 4


def _label(word: str) -> bool:
    """Whether ``word`` is a word in capitals that labels what follows.

    >>> _label("ASTUCE"), _label("SNCF"), _label("Note"), _label("LE")
    (True, False, False, False)
    """
    return len(word) >= LABEL_MIN_LENGTH and word.isupper() and word.isalpha() \
        and _valid_form(word)


#: Characters that glue a word into code, a path or an identifier
#: (``dh_installexamples``, ``/usr/share``, ``a=b``).
CODE_CHARS = frozenset("_/\\=@#$%&{}|~^`+")


def _sentence_dot(text: str, k: int) -> bool:
    """Whether the ``.`` at ``k``, between two letters, ends a sentence whose
    space was lost (``importante.Il souhaite``), not a name's (``index.html``,
    ``java.lang.String``, ``www.debian.org``): a lower-case letter before it,
    a capitalised word after it, and no other dot nor code character in the
    run of text around it.

    >>> [_sentence_dot(t, t.index(".")) for t in ("importante.Il a", "index.html", "java.lang.String")]
    [True, False, False]
    """
    if not (0 < k < len(text) - 2 and text[k - 1].islower() and text[k + 1].isupper()
            and text[k + 2].islower()):
        return False
    start = k
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = k + 1
    while end < len(text) and not text[end].isspace():
        end += 1
    run = text[start:k] + text[k + 1:end].rstrip(".,;:!?…)»\"”")
    return not any(c in CODE_CHARS or c == "." for c in run)


def _code_before(text: str, start: int) -> bool:
    c = text[start - 1] if start > 0 else ""
    return c in CODE_CHARS and c != "" or (c == "." and start > 1 and text[start - 2].isalnum()
                                           and not _sentence_dot(text, start - 1))


def _code_after(text: str, end: int) -> bool:
    c = text[end] if end < len(text) else ""
    return c in CODE_CHARS and c != "" or (
        c == "." and end + 1 < len(text) and text[end + 1].isalnum()
        and not _sentence_dot(text, end) and not _dotted_number(text, end)
    ) or words.MAN_PAGE.match(text, end) is not None


def _dotted_number(text: str, k: int) -> bool:
    """Whether the ``.`` at ``k`` is inside a number (``Figure1.3``,
    ``version1.0``: a digit on each side), not a name's."""
    return 0 < k < len(text) - 1 and text[k - 1].isdigit() and text[k + 1].isdigit()


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` is glued to code-like characters."""
    return _code_before(text, start) or _code_after(text, end)


def _after_number(tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` follows a number (``990 Mo``)."""
    return i >= 2 and tokens[i - 1].kind == "space" and tokens[i - 2].what == "number"


def _plain(word: str, apostrophes: bool = False) -> bool:
    """Letters only (and inner apostrophes if asked), not all capitals."""
    if apostrophes and len(word) > 2 and any(a in word[1:-1] for a in APOSTROPHES):
        word = word.replace("'", "").replace("’", "")
    return bool(_LETTERS.fullmatch(word)) and not word.isupper()


def _is_word(word: str) -> bool:
    return _zipf(word) > 0.0


def _is_known(word: str) -> bool:
    """A word the lexicon or wordfreq knows (not only an inflection of one)."""
    return _zipf(word, derived=False) > 0.0


@functools.lru_cache(maxsize=1 << 16)
def _joinable(left: str, right: str, min_zipf: float | None = None) -> float:
    """Zipf frequency of ``left + right`` when they look like two halves of it (0: no).

    The joined form must be a word (by lookup key) at least ``min_zipf``
    frequent (default: :data:`JOIN_MIN_ZIPF`, or :data:`JOIN_MIN_ZIPF_PIECES`
    when neither half is a word, where a form wordfreq knows or an inflection
    of a word also counts), and one half at least must not be a word; when
    both are (``en fin``, ``bien tôt``, ``par fois``, ``a tout``), the pair is
    what was printed unless the joined word is far likelier (see
    :data:`JOIN_BOTH_MARGIN`) or the right half is the ending ``es`` of a
    noun or adjective (``parti es``).
    """
    if not (_plain(left) and _plain(right, apostrophes=True)) or not right[:1].islower() \
            or len(left) < 2 or len(right) < 2:
        return 0.0
    zl, zr = _zipf(left, derived=False), _zipf(right, derived=False)
    if zl and zr and min(zl, zr) >= JOIN_BOTH_MAX_ZIPF and right not in SUFFIX_HALVES:
        return 0.0  # two common words (the common case): the pair was printed
    joined = (left + right).lower().replace("’", "'")
    z = _valid_zipf(joined)
    pieces = not zl and not zr
    if min_zipf is None:
        min_zipf = JOIN_MIN_ZIPF_PIECES if pieces else JOIN_MIN_ZIPF
    if not z and pieces and len(joined) >= NOT_VALID_MIN_LENGTH:
        wf = lexicon().zipf(joined)
        z = max(wf - NOT_VALID_COST if wf >= JOIN_KNOWN_FORM_ZIPF else 0.0,
                _derived_zipf(joined))
    if z < max(min_zipf, 1e-9):
        return 0.0
    if zl and zr:
        ending = right in SUFFIX_HALVES and len(left) >= 4 and any(
            _has_flag(v.form, _CONTENT) for v in lexicon().variants(left) if v.valid)
        if not ending and (min(zl, zr) >= JOIN_BOTH_MAX_ZIPF
                           or z + STRAY_SPACE_ODDS < zl + zr + JOIN_BOTH_MARGIN):
            return 0.0
    short = left if not zl else right if not zr else ""
    if max(zl, zr) >= FUNCTION_WORD_ZIPF and z < JOIN_FUNCTION_MIN_ZIPF and len(short) <= 4:
        return 0.0  # au fur et à mesure: not furet
    return z


def _common(word: str) -> bool:
    """Whether ``word`` is a word known at least :data:`JOIN_BOTH_MAX_ZIPF`
    frequent: two of them side by side are neither :func:`_joinable` (unless
    the right one is a suffix half) nor :func:`_pieces`, nor a word of the
    document split."""
    return _zipf(word, derived=False) >= JOIN_BOTH_MAX_ZIPF


def _neighbour(tokens: list[Token], i: int, step: int) -> Token | None:
    """The word token one plain space before (``step=-1``) or after token ``i``."""
    j, k = i + step, i + 2 * step
    if 0 <= k < len(tokens) and tokens[j].text == " " and tokens[k].kind == "word":
        return tokens[k]
    return None


# --- rejoin_split_words --------------------------------------------------------

@functools.lru_cache(maxsize=1 << 16)
def _pairing(word: str) -> tuple[bool, bool, str | None]:
    """What :func:`_pairs_to_weigh` needs of a word: whether it is :func:`_common`
    as a left half (printed as it is read: no misread elision) and as a right
    half (not a suffix half), and its lookup key if it is known and of
    :data:`_KEY_LETTERS` (the key of two of them side by side is their keys)."""
    common = _common(word)
    return (common and not _misread_elision(word), common and word not in SUFFIX_HALVES,
            lookup_key(word) if _KEY_LETTERS.issuperset(word) and _is_known(word) else None)


def _pairs_to_weigh(tokens: list[Token], pairs: list[int]) -> list[int]:
    """The pairs of words (indexes of the left word) that :func:`rejoin_split_words`
    must weigh: not two common words (most pairs), nor two known words whose
    joined lookup key is none of the lexicon (the joined form is no word,
    and neither half is a piece of a word nor half of a word of the document,
    since both are known), for which it would find nothing."""
    keys = _key_set()
    texts = list(map(_text_of, tokens))
    lefts = list(map(texts.__getitem__, pairs))
    rights = list(map(texts.__getitem__, map((2).__add__, pairs)))
    info = {w: _pairing(w) for w in {*lefts, *rights}}
    lefts_info, rights_info = list(map(info.__getitem__, lefts)), list(map(info.__getitem__, rights))
    both_common = map(operator.and_, map(_first, lefts_info), map(_second, rights_info))
    out = []
    for i, a, b in itertools.compress(zip(pairs, lefts_info, rights_info),
                                      map(operator.not_, both_common)):
        if a[2] is not None and b[2] is not None and a[2] + b[2] not in keys:
            continue
        out.append(i)
    return out


_first, _second = operator.itemgetter(0), operator.itemgetter(1)


def rejoin_split_words(text: str, config: Config = DEFAULT) -> Fixed:
    """Join the two halves of a word OCR broke with a stray space.

    Two words across one space are joined when the joined form is a word
    (by lookup key: ``dé veloppement`` joins as ``déveloopement`` for the
    accents stage to finish) and one of the halves is not: when both are
    words (``en fin``, ``bien tôt``, ``par fois``, ``a tout``), the pair is
    probably right and stays.  A half that could join either neighbour
    joins the one that makes the more frequent word.

    >>> rejoin_split_words("Elle con tinue le dé veloppement du rés eau.").text
    'Elle continue le développement du réseau.'
    >>> rejoin_split_words("en fin de compte, bien tôt le matin, par fois, a tout prix").edits
    []

    Only the pairs of words that may join are looked at closely, with the
    words around them (:func:`_chunked`, :func:`_windows`): the rest of the
    text is never cut into tokens.
    """
    edits: list[Edit] = []
    if not chunk_local(text):
        tokens = tokenize(text)
        forms = _word_texts(tokens)
        edits, lefts = _rejoin_edits(text, tokens, lambda: forms,
                                     lambda: set(map(lookup_key, set(forms))))
        broken = _broken_elisions(text, tokens)
        edits.extend(broken)
        edits.sort(key=lambda e: e.start)
        fixed = Fixed.from_edits(text, edits)
        if edits and not broken:  # the next stage finds the tokens of the text ready
            new, new_tokens = joined_tokens(text, tokens, lefts)
            if new == fixed.text:
                remember_tokens(new, new_tokens)
        return fixed
    chunks, seps, offsets, infos = _chunked(text)
    marks = _pairs_to_look_at(infos, seps)
    for m in _BROKEN_ELISION_HINT.finditer(text):
        k = _chunk_at(offsets, m.start())
        marks.extend((k, k + 1))
    known: list[set[str]] = []

    def keys_of_text() -> set[str]:
        if not known:
            known.append(set(map(lookup_key, set(_chunk_words(infos)))))
        return known[0]

    tokens = tokenize_spans(text, _windows(marks, len(chunks), offsets))
    edits.extend(_rejoin_edits(text, tokens, lambda: _chunk_words(infos), keys_of_text)[0])
    edits.extend(_broken_elisions(text, tokens))
    edits.sort(key=lambda e: e.start)
    return Fixed.from_edits(text, edits)


def _rejoin_edits(text: str, tokens: list[Token], forms: Callable[[], list[str]],
                  keys: Callable[[], set[str]]) -> tuple[list[Edit], list[int]]:
    """The joins :func:`rejoin_split_words` makes in ``tokens`` (the tokens of
    ``text`` or of a window of it; ``forms`` gives the texts of the word tokens
    of the whole text, ``keys`` their lookup keys, among which are those of
    the words of the document), and the indexes of their left halves."""
    candidates: list[tuple[float, int]] = []
    doc: dict[str, float] | None = None
    common: dict[str, bool] = {}  # word -> _common(word), for this text
    is_word = list(map("word".__eq__, map(_kind_of, tokens)))
    pairs = list(itertools.compress(itertools.count(), map(  # word, " ", word
        operator.and_, map(operator.and_, is_word, map(" ".__eq__, map(_text_of, tokens[1:]))),
        is_word[2:])))
    for i in _pairs_to_weigh(tokens, pairs):  # a word, one plain space, a word (see _neighbour)
        t, right = tokens[i], tokens[i + 2]
        left = t.text[_misread_elision(t.text):]  # I'inter vention: l' inter + vention
        # two common words (most pairs): neither joinable nor pieces of a word
        c = common.get(left)
        if c is None:
            c = common[left] = _common(left)
        if c:
            c = common.get(right.text)
            if c is None:
                c = common[right.text] = _common(right.text)
            if c and right.text not in SUFFIX_HALVES:
                continue
        z = _joinable(left, right.text)
        score = (z + (10.0 if not _is_known(left) and not _is_known(right.text) else 0.0)
                 if z else 0.5 if _pieces(left, right.text) else 0.0)
        if not score and left.isalpha() and right.text.isalpha() and right.text.islower() \
                and left[1:].islower() and not (_is_known(left) and _is_known(right.text)):
            key = lookup_key(left + right.text)
            if doc is None and key in keys():
                doc = dict(_text_document_words(text, forms))
            if doc is not None and key in doc:
                score = DOC_WORD_JOIN  # Debi an, Stallm an: a word of the document
        if not score or _in_code(text, t.start, t.end) or _in_code(text, right.start, right.end):
            continue
        if left[:1].isupper() and (_is_word(left) or _after_number(tokens, i)) \
                and not _sentence_start(tokens, i):
            continue  # a name, a unit (990 Mo de mémoire)
        candidates.append((score, i))
    used: set[int] = set()
    lefts: list[int] = []  # the left halves joined
    edits: list[Edit] = []
    # two pieces of a word first (fi chiers before de fi), then the likelier word
    for z, i in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if i in used or i + 2 in used:
            continue
        first, right = tokens[i], tokens[i + 2]
        head = first.text[_misread_elision(first.text):]
        joined = head + right.text
        # a joined word that would join again (three pieces) is left for a reader
        before, after = _neighbour(tokens, i, -1), _neighbour(tokens, i + 2, 1)
        if head != first.text:
            before = None  # an elision: the word starts here
        if (before is not None and (_joinable(before.text, joined)
                                    or _pieces(before.text, joined))) or (
                after is not None and (_joinable(joined, after.text)
                                       or _pieces(joined, after.text))):
            continue
        used.update((i, i + 2))
        lefts.append(i)
        half = right.text if _is_known(head) else head
        if z < 1.0:
            cut = _pieces(head, right.text)
            reason = (f"{half!r} is a piece of a word: {joined!r} reads "
                      + " + ".join(repr(w) for w in cut.words) if cut else "")
            confidence = 0.8
        else:
            form = lexicon().best_variant(joined)
            reason = (f"{joined!r} is a word ({form.form if form else joined}, "
                      f"zipf {z % 10.0:.1f}); {half!r} is not")
            confidence = 0.9
        edits.append(Edit("rejoin_split_words", tokens[i + 1].start, tokens[i + 1].end, " ",
                          "", reason, confidence))
    return edits, lefts


#: Elided words a stray space breaks before ``qu'``: ``jus qu'à`` is always
#: ``jusqu'à``, ``lors qu'il`` is ``lorsqu'il`` except after ``dès``
#: (``dès lors qu'il``).  (``puis qu'`` and ``quoi qu'`` are French as printed.)
BROKEN_ELISIONS = frozenset({"jus", "lors"})


#: What a text must hold for :func:`_broken_elisions` to find one.
_BROKEN_ELISION_HINT = regex.compile(r"(?i:jus|lors) qu['’]", regex.V1)


def _broken_elisions(text: str, tokens: list[Token]) -> list[Edit]:
    """``jus qu'à``, ``lors qu'elle``: the two halves of an elided word joined."""
    edits: list[Edit] = []
    if not tokens or not _BROKEN_ELISION_HINT.search(text, tokens[0].start, tokens[-1].end):
        return edits
    for i in range(len(tokens) - 2):
        t, space, el = tokens[i], tokens[i + 1], tokens[i + 2]
        if t.kind != "word" or t.text.lower() not in BROKEN_ELISIONS or space.text != " " \
                or el.kind != "elision" or el.text[:-1] != "qu":
            continue
        if i >= 2 and tokens[i - 1].text == " " and tokens[i - 2].text.lower() == "dès":
            continue  # dès lors qu'il
        edits.append(Edit("rejoin_split_words", space.start, space.end, " ", "",
                          f"{t.text + el.text!r} is an elided word", 0.9))
    return edits


# --- split_run_together_words ------------------------------------------------

#: Function words: they may be glued to a name or an acronym (``deParis``,
#: ``laCPTS``).
_FUNCTION = Flag.DET | Flag.PREP | Flag.CONJ | Flag.PRON
#: Other words glued to a name or an acronym must be at least this long
#: (``paquetsDebian``, ``fichiersUNIX``; not ``macOS``, ``openSUSE``).
NAME_GLUE_MIN_LENGTH = 5
#: A capitalised token that wordfreq knows this well is a name (Maisonneuve).
NAME_MIN_ZIPF = 2.5

#: Runs of a token by case: an acronym (two capitals or more, not followed
#: by a lower-case letter that would start a word), a capitalised run, a
#: lower-case run (with elisions).
_CASE_RUNS = regex.compile(
    r"(?P<acr2>\p{Lu}{2,}(?=\p{Ll}))|(?P<acr>\p{Lu}{2,})"
    r"|(?P<cap>\p{Lu}[\p{Ll}\p{M}'’]*)|(?P<low>[\p{Ll}\p{M}'’]+)", regex.V1)


@dataclass(frozen=True, slots=True)
class _Cut:
    """How a run of letters reads: as ``words``, with the ``gain`` of the cut."""

    words: tuple[str, ...]
    gain: float
    detail: str
    cost: float = 0.0


#: A text keeps its accents when at least this share of its words (of
#: :data:`ACCENTED_MIN_WORDS` or more) have an accented letter (French: 20 % or so).
ACCENTED_SHARE = 0.08
ACCENTED_MIN_WORDS = 50
#: In such a text, a token valid only with an accent it lacks counts as a
#: word this much less frequent (OCR that keeps accents seldom loses one).
ACCENT_LOST_COST = 0.5


def _keeps_accents(words: list[str]) -> bool:
    """Whether the words of a text (the texts of its word tokens) keep their
    accents (OCR did not strip them)."""
    if len(words) < ACCENTED_MIN_WORDS:
        return False
    accented = len(words) - sum(map(str.isascii, words))
    return accented >= ACCENTED_SHARE * len(words)


def _accent_lost(low: str) -> bool:
    """Whether ``low`` is valid only as an accent variant with an accent the
    text lacks (``dela``: ``delà``; ``deshabitués``: ``déshabitués``), every
    other letter as printed: a token OCR may have run together as well (``de
    la``, ``des habitués``).

    >>> _accent_lost("dela"), _accent_lost("deshabitués"), _accent_lost("réle"), _accent_lost("delà")
    (True, True, False, False)
    """
    variants = [e for e in lexicon().variants(low) if e.valid]
    if any(e.form == low for e in variants):
        return False
    if low.isascii():
        return True
    # deshabitués: déshabitués with an accent lost, the others kept
    return any(len(e.form) == len(low) and all(
        p == f or p.isascii() for p, f in zip(low, e.form)) for e in variants)


@functools.lru_cache(maxsize=1 << 15)
def _cut_plain(word: str, *, capital_ok: bool, prev: str | None = None,
               accented: bool = False, extra: DocWords = (), fit: bool = True) -> _Cut | None:
    """Cut a run of letters (capitalised or lower case) into words.

    A word comes back whole (gain 0); an unknown run comes back cut when the
    cut beats it by :data:`SPLIT_MARGIN` (:data:`SPLIT_MARGIN_CAPITAL` when
    capitalised) and every other cut by :data:`AMBIGUITY_MARGIN`, unless only
    one of them agrees in number (with ``prev``, the word before the token);
    anything else is ``None``.  ``extra``: words of the document the lexicon
    lacks (:func:`_document_words`); one of them comes back whole.  A cut whose
    words fit together gains :data:`FIT_BONUS` (``fit``; not when telling
    whether a token the document prints again and again is one of its words:
    ``semanage``).  In a text that keeps its accents
    (``accented``), a token valid only with an accent it lacks (``dela``:
    ``delà``) is weighed against its cuts (``de la``) like a known form.
    """
    low = word.lower().replace("’", "'")
    lex = lexicon()
    entry = lex.entry(low)
    variant = _valid_zipf(low)
    if (entry is not None and entry.valid) or (variant and not (accented and _accent_lost(low))):
        return _Cut((word,), 0.0, "a word", ZIPF_CEILING - max(variant,
                                                               entry.zipf if entry else 0.0))
    doc = dict(extra)
    if lookup_key(word) in doc:
        return _Cut((word,), 0.0, "a word of the document",
                    ZIPF_CEILING - doc[lookup_key(word)])
    wf = entry.zipf if entry is not None else 0.0
    capital = word[:1].isupper()
    if capital and (not capital_ok or wf >= NAME_MIN_ZIPF):
        # a name, or a name and words
        return _cut_after_name(word, extra) if not wf else None
    whole_cost = _unknown_cost(sum(1 for ch in word if ch.isalpha()))
    if any(ch in LONE_LETTERS for ch in low):
        whole_cost += LONE_LETTER_COST  # miseàjour, élanà: à is a word of its own
    if wf > 0.0:
        whole_cost = min(whole_cost, ZIPF_CEILING - (wf - KNOWN_FORM_COST))
    derived = _derived_zipf(low)
    if derived:
        whole_cost = min(whole_cost, ZIPF_CEILING - derived)
    if variant:  # valid only with an accent the text lacks: dela (delà, de la)
        whole_cost = min(whole_cost, ZIPF_CEILING - variant + (
            ACCENT_LOST_COST if accented and _accent_lost(low) else 0.0))
    split = best_split(word, extra=extra)
    if split is not None and not split.spaces and variant and accented and _accent_lost(low):
        split = best_split(word, extra=extra, whole=False)  # delimiter: de limiter
    if split is None:
        return _cut_at_elision(word)
    if not split.spaces:
        return _Cut((word,), 0.0, "a word", split.cost)
    fit_bonus = _fit_bonus if fit else (lambda w, ws: 0.0)
    gain = whole_cost - split.cost + fit_bonus(word, split.words)  # nousavons, Ilgère
    known = wf >= KNOWN_MARGIN_ZIPF or wf > 0.0 and _english(word)  # exclude is no exclu de
    if gain < (SPLIT_MARGIN_CAPITAL if capital else SPLIT_MARGIN_KNOWN if known
               and not variant else SPLIT_MARGIN):
        return _cut_at_elision(word)  # nomd'hôte: an elided word starts a word
    readings = [split]
    for space in split.spaces:
        other = best_split(word, frozenset({space}), extra)
        if other is not None and other.spaces and other.cost < (
                split.cost + AMBIGUITY_MARGIN + DISAGREEMENT_COST):
            readings.append(other)
    if len(readings) > 1:
        # des table or de stable: the reading that agrees in number, else none;
        # de sa, not des a: the reading whose words fit together
        scored = sorted((r.cost + DISAGREEMENT_COST * _disagreements(r.words, prev)
                         - (_reading_fit(r.words) if fit else 0.0)
                         + _lost_apostrophes_cost(r.words), k)
                        for k, r in enumerate(readings))
        if scored[1][0] < scored[0][0] + AMBIGUITY_MARGIN:
            return _cut_at_elision(word)
        split = readings[scored[0][1]]
        gain = whole_cost - split.cost + fit_bonus(word, split.words)
    words = tuple(split.words)
    if accented:
        words = _accented_parts(words, extra)
    return _Cut(words, gain,
                f"cost {split.cost:.1f} against {whole_cost:.1f} for {word!r}", split.cost)


def _accented_parts(words: tuple[str, ...], extra: DocWords = ()) -> tuple[str, ...]:
    """In a text that keeps its accents, a part valid only with an accent it
    lacks is weighed against its own cuts as a token would be
    (``généralementdeces``: ``deces`` is ``de ces`` there, not ``décès``)."""
    out: list[str] = []
    for k, w in enumerate(words):
        if len(w) > 2 and w.islower() and _valid_zipf(w) and _accent_lost(w):
            cut = _cut_plain(w, capital_ok=False, prev=out[-1] if out else None,
                             accented=True, extra=_relevant(extra, lookup_key(w)))
            if cut is not None and len(cut.words) > 1:
                out.extend(cut.words)
                continue
        out.append(w)
    return tuple(out)


#: Between two readings of a token, what a part with its apostrophe lost
#: adds (``lits était``, not ``lit s'était``: OCR lost a space there, and an
#: apostrophe as well in the other reading).
LOST_APOSTROPHE_READING_COST = 0.5


def _reading_fit(words: list[str]) -> float:
    """:data:`FIT_BONUS` when two of ``words``, as printed, fit together
    (:func:`_fits`; not after a single letter, ``a`` or ``à``: ``a lien``),
    every word being a valid form: between two readings of a token, the one
    French writes (``de sa``, ``de savoir``, ``disques entiers``)."""
    if not all(map(_valid_form, words)):
        return 0.0
    return FIT_BONUS if any(len(a) > 1 and _fits(a, b, printed=True)
                            for a, b in zip(words, words[1:])) else 0.0


def _lost_apostrophes_cost(words: list[str]) -> float:
    """:data:`LOST_APOSTROPHE_READING_COST` for each of ``words`` read as an elided
    word glued to the next, its apostrophe lost (``sétait``)."""
    return LOST_APOSTROPHE_READING_COST * sum(
        1 for w in words if len(w) > 2 and not _zipf(w, derived=False)
        and _lost_apostrophe_zipf(w.lower()))


#: A name glued to the words after it must be at least this long.
NAME_HEAD_MIN_LENGTH = 4


@functools.lru_cache(maxsize=1 << 14)
def _cut_after_name(word: str, extra: DocWords = ()) -> _Cut | None:
    """A capitalised token inside a sentence is a name, unless it reads as a
    name or word wordfreq knows well (at least :data:`NAME_MIN_ZIPF`, not a
    function word) glued to lower-case words: ``Debianest``, ``Béthuneétant``,
    ``Gouvernementpour``; with :data:`SPLIT_MARGIN_CAPITAL`.  A token wordfreq
    knows as a whole is a name (``Maisonneuve``), and so is one that starts
    with a function word (``Lesélus``, ``Delescluse``).

    >>> _cut_after_name("Debianest").words, _cut_after_name("Gouvernementpour").words
    (('Debian', 'est'), ('Gouvernement', 'pour'))
    >>> _cut_after_name("Lesélus"), _cut_after_name("Delescluse"), _cut_after_name("Leblanc")
    (None, None, None)
    """
    if not (word[:1].isupper() and word[1:].islower()) or lexicon().zipf(word.lower()):
        return None
    doc = dict(extra)
    whole_cost = _unknown_cost(len(word))
    best: _Cut | None = None
    for k in range(NAME_HEAD_MIN_LENGTH, len(word)):
        head, tail = word[:k], word[k:]
        low = head.lower()
        z = max(_valid_zipf(low), lexicon().zipf(low), doc.get(lookup_key(low), 0.0))
        if z < NAME_MIN_ZIPF or _has(low, _NOT_STEM):
            continue
        cut: _Cut | None
        if lookup_key(tail) in ONE_LETTER_WORDS:  # Debiana, Debianà
            cut = _Cut((tail,), 0.0, "a word", ZIPF_CEILING - _valid_zipf(tail))
        else:
            cut = _cut_plain(tail, capital_ok=False, extra=_relevant(extra, lookup_key(tail)))
        if cut is None or cut.cost <= 0.0 or not all(_is_word(w) for w in cut.words):
            continue
        cost = ZIPF_CEILING - z + SPLIT_PENALTY + cut.cost
        bonus = FIT_BONUS if _fits_after_name(cut.words[0]) else 0.0  # Debianne, Debiana
        if whole_cost - cost + bonus >= SPLIT_MARGIN_CAPITAL and (
                best is None or cost < best.cost):
            best = _Cut((head, *cut.words), whole_cost - cost,
                        f"{head!r} is a name or a word, glued to words", cost)
    return best if best is not None else _cut_name_verb(word)


#: A name glued to the verb after it: the verb is this long at least and
#: this frequent (Zipf), the name this long at least.
NAME_VERB_MIN_LENGTH = 6
NAME_VERB_MIN_ZIPF = 4.0


@functools.lru_cache(maxsize=1 << 12)
def _cut_name_verb(word: str) -> _Cut | None:
    """``Pinaultdemande`` → ``Pinault demande``: a capitalised token that
    neither the lexicon nor wordfreq knows, which ends with a frequent verb
    of the third person (:data:`NAME_VERB_MIN_LENGTH` letters or more,
    :data:`NAME_VERB_MIN_ZIPF`) after a name that is no word
    (:data:`NAME_HEAD_MIN_LENGTH` letters or more): a name glued to its verb.

    >>> _cut_name_verb("Benaliindique").words, _cut_name_verb("Lamarque"), _cut_name_verb("Debian")
    (('Benali', 'indique'), None, None)
    """
    if not (word[:1].isupper() and word[1:].islower() and word.isalpha()) \
            or lexicon().zipf(word.lower()) or _valid_zipf(word.lower()):
        return None
    found = []
    for k in range(NAME_HEAD_MIN_LENGTH, len(word) - NAME_VERB_MIN_LENGTH + 1):
        head, verb = word[:k], word[k:]
        if _valid_form(verb) and _tags(verb, True) & Flag.FINITE and _fits("il", verb, True) \
                and _valid_zipf(verb) >= NAME_VERB_MIN_ZIPF and not _is_word(head) \
                and any(c in "aeiouyéèêëîïôûü" for c in head.lower()):
            found.append((head, verb))
    if len(found) != 1:
        return None
    return _Cut(found[0], SPLIT_MARGIN_CAPITAL, f"the name {found[0][0]!r} glued to its verb")


#: A first name glued to the name after it (after a title: ``Mme
#: CarolineParmentier``): each this long at least, the first name a form
#: wordfreq knows this well and no word of the lexicon.
FIRST_NAME_MIN_LENGTH = 3
FIRST_NAME_MIN_ZIPF = 3.0
_TWO_NAMES = regex.compile(r"(\p{Lu}\p{Ll}{2,})(\p{Lu}\p{Ll}{2,})", regex.V1)


def _cut_first_name(word: str) -> _Cut | None:
    """``CarolineParmentier`` → ``Caroline Parmentier``, after a title: a first
    name wordfreq knows (at least :data:`FIRST_NAME_MIN_ZIPF`, not a noun nor
    a function word of the lexicon: not ``Mac``, ``Van``, ``Le``) glued to a capitalised name,
    the token unknown to wordfreq.

    >>> _cut_first_name("CarolineParmentier").words, _cut_first_name("MacArthur")
    (('Caroline', 'Parmentier'), None)
    """
    m = _TWO_NAMES.fullmatch(word)
    if m is None or lexicon().zipf(word.lower()):
        return None
    first = m.group(1).lower()
    if _tags(first, True) & (Flag.NOUN | _NOT_STEM) or lexicon().zipf(first) < FIRST_NAME_MIN_ZIPF:
        return None
    return _Cut(m.groups(), SPLIT_MARGIN_CAPITAL, "a first name glued to a name")


#: Determiners of a plural or a singular noun (by lookup key).
PLURAL_DETERMINERS = frozenset({
    "les", "des", "ces", "mes", "tes", "ses", "nos", "vos", "leurs", "aux", "plusieurs",
    "quelques", "certains", "certaines", "divers", "diverses", "differents", "differentes"})
SINGULAR_DETERMINERS = frozenset({
    "le", "la", "un", "une", "ce", "cet", "cette", "mon", "ton", "son", "ma", "ta", "sa",
    "du", "au", "notre", "votre", "leur", "chaque", "l'"})


def _plural(word: str) -> bool:
    return lookup_key(word)[-1:] in ("s", "x", "z")


def _has(word: str, flag: int) -> bool:
    return any(_has_flag(v.form, flag) for v in lexicon().variants(word.lower()) if v.valid)


def _disagreements(words: list[str], prev: str | None = None) -> int:
    """Pairs of words that disagree in number: ``des table``, ``médicales
    virtuelle``, ``le chiens`` (``prev``: the word before them)."""
    seq = ([prev] if prev else []) + list(words)
    faults = 0
    for a, b in zip(seq, seq[1:]):
        ka, kb = lookup_key(a), lookup_key(b)
        if not _has(b, Flag.NOUN | Flag.ADJ):
            continue
        if ka in PLURAL_DETERMINERS and not _plural(b):
            faults += 1
        elif ka in SINGULAR_DETERMINERS and _plural(b) and _valid_zipf(kb[:-1]):
            faults += 1
        elif (_plural(a) and _has(a, Flag.NOUN | Flag.ADJ) and _valid_zipf(ka[:-1])
              and not _plural(b) and _has(b, Flag.ADJ) and not _has(b, Flag.NOUN)
              and _valid_zipf(kb + "s")):
            faults += 1
    return faults


# --- words that fit together ------------------------------------------------

#: What a cut gains when two of its words fit together as French writes them
#: (a subject pronoun and a verb of its person, ``ne``/``se`` and a verb, a
#: determiner and a noun of its number, a preposition and an infinitive, a
#: determiner or a noun, a modal and an infinitive): such a pair is far likelier
#: than the unigram odds of the cut say (Zipf units).
FIT_BONUS = 1.5
#: Subject pronouns (lookup keys) and the endings of the verbs they take
#: (``None``: any ending but those of another person).
_SUBJECTS: dict[str, tuple[str, ...] | None] = {
    "je": None, "j'": None, "tu": ("s", "x"), "il": None, "elle": None, "on": None,
    "cela": None, "ceci": None, "ca": None,
    "nous": ("ons", "sommes"), "vous": ("ez", "etes", "faites", "dites"),
    "ils": ("ent", "ont"), "elles": ("ent", "ont")}
_OTHER_PERSONS = ("ons", "ez", "ent", "ont", "sommes", "etes")
#: Verbs that take an infinitive (lookup keys).
MODALS = frozenset({
    "peut", "peuvent", "pourra", "pourront", "pourrait", "pourraient", "doit", "doivent",
    "devra", "devront", "devrait", "devraient", "faut", "faudra", "faudrait", "va", "vont",
    "veut", "veulent", "sait", "savent", "permet", "permettent", "vient", "viennent"})
#: Auxiliaries before a past participle (lookup keys).
AUXILIARIES = frozenset({
    "a", "ont", "avait", "avaient", "aura", "auront", "est", "sont", "etait", "etaient",
    "sera", "seront", "ete", "etre", "avoir"})
#: Prepositions that take a determiner, a noun or an infinitive (lookup keys).
FIT_PREPOSITIONS = frozenset({
    "de", "a", "en", "par", "pour", "sans", "sur", "sous", "avec", "dans", "chez", "vers",
    "entre", "afin"})
#: Articles contracted with à or de (lookup keys): after a participle, like a preposition.
CONTRACTED = frozenset({"au", "aux", "du", "des"})
#: ... of which these take an infinitive (sur, dans... do not).
INFINITIVE_PREPOSITIONS = frozenset({"de", "a", "pour", "sans", "par"})
#: An English word this frequent (Zipf, wordfreq's ``en`` list) gets no bonus:
#: ``uncertain``, ``unstable`` are printed in French texts as they are.
ENGLISH_MIN_ZIPF = 2.5
#: Determiners that are never pronouns: a noun or an adjective follows them.
_NOUN_DETERMINERS = DETERMINERS_ONLY | {"un", "une"}


@functools.lru_cache(maxsize=1 << 14)
def _tags(word: str, printed: bool = False) -> int:
    """The flags of the valid forms ``word`` (as printed, any case) may be read
    as; with ``printed``, of the form as printed only if it is valid (``de``
    is no ``dé``)."""
    low = word.lower().replace("’", "'")
    entry = lexicon().entry(low) if printed else None
    if entry is not None and entry.valid:
        return entry.flags
    flags = 0
    for e in lexicon().variants(low):
        if e.valid and _compatible(low, e.form):
            flags |= e.flags
    return flags


def _fits(a: str, b: str, printed: bool = False) -> bool:
    """Whether words ``a`` ``b`` side by side fit as French writes them.

    >>> _fits("nous", "avons"), _fits("Il", "gère"), _fits("la", "durée"), _fits("de", "mobiliser")
    (True, True, True, True)
    >>> _fits("nous", "avez"), _fits("les", "durée"), _fits("lits", "était")
    (False, False, False)
    """
    ka, kb = lookup_key(a), lookup_key(b)
    elided, _, rest = kb.partition("'")
    if rest and elided in CLITICS:  # il s'agit, on n'a: a pronoun or ne, then the verb
        return ka in _SUBJECTS and bool(_tags(b[len(elided) + 1:], printed) & Flag.FINITE)
    tb = _tags(b, printed)
    if not tb:
        return False
    if ka == "qui":
        return bool(tb & Flag.FINITE) or kb in ("ne", "se", "n'", "s'")
    if ka in _SUBJECTS:
        if not tb & Flag.FINITE:
            return False
        endings = _SUBJECTS[ka]
        return kb.endswith(endings) if endings else not kb.endswith(_OTHER_PERSONS)
    if ka in ("ne", "se", "n'", "s'"):
        return bool(tb & Flag.FINITE)
    if ka in PLURAL_DETERMINERS or ka in SINGULAR_DETERMINERS:
        return bool(tb & (Flag.NOUN | Flag.ADJ)) and not _disagreements([a, b])
    if ka in FIT_PREPOSITIONS:
        return bool(tb & (Flag.DET | Flag.NOUN) or ka in INFINITIVE_PREPOSITIONS
                    and tb & Flag.INF)
    if ka in MODALS:
        return bool(tb & Flag.INF)
    if ka in AUXILIARIES:  # a été, est installé
        return bool(tb & Flag.PPAS)
    if ka in ("et", "ou") and len(kb) > 2:
        return True
    ta = _tags(a)
    if _tags(a, printed) & Flag.PPAS and len(kb) > 1 and (
            kb in FIT_PREPOSITIONS or kb in CONTRACTED):
        return True  # lié au, codés en, migrés sur, stocké afin
    if ta & Flag.NOUN and not ta & (Flag.DET | Flag.PRON) and tb & (
            Flag.ADJ | Flag.PPAS) and not tb & (Flag.NOUN | Flag.FINITE):
        return _plural(a) == _plural(b)  # blocs impairs, tube nommé
    return False


#: Function words that follow a name as often as a verb does (lookup keys).
AFTER_NAME = frozenset({"ne", "n'", "se", "s'", "et", "ou", "a", "en", "y", "afin", "qui", "mais",
                        "car", "donc", "depuis", "via", "ainsi"})


def _fits_after_name(word: str) -> bool:
    """Whether ``word`` follows a name (its subject) as French writes it: a
    verb of the third person, ``ne``, ``se``, ``et``, ``à``...

    >>> _fits_after_name("ne"), _fits_after_name("indique"), _fits_after_name("avons")
    (True, True, False)
    """
    key = lookup_key(word)
    return key in AFTER_NAME or key in FIT_PREPOSITIONS and key != "a" or _fits("il", word)


@functools.lru_cache(maxsize=1 << 12)
def _english(word: str) -> bool:
    """Whether ``word`` is an English word (wordfreq's ``en`` list, loaded on first use)."""
    from wordfreq import zipf_frequency
    return zipf_frequency(word.lower(), "en", wordlist="small") >= ENGLISH_MIN_ZIPF


def _valid_part(word: str) -> bool:
    """A valid form, or an elided word and a valid form (``s'agit``)."""
    head, sep, rest = word.replace("’", "'").partition("'")
    return bool(_tags(rest if sep and lookup_key(head) in CLITICS else word) & Flag.VALID)


def _fit_bonus(word: str, words: tuple[str, ...] | list[str]) -> float:
    """:data:`FIT_BONUS` when two words of the cut ``words`` of ``word`` fit
    together (:func:`_fits`) and every word is a valid form; else 0."""
    if len(words) < 2:
        return 0.0
    if words[0][:1].isupper() and not _tags(words[0]) & Flag.VALID and len(words[0]) > 2:
        # a name (a word of the document, or one wordfreq knows) and its verb
        ok = _fits_after_name(words[1]) and all(map(_valid_part, words[1:]))
        return FIT_BONUS if ok and not _english(word) else 0.0
    if not all(map(_valid_part, words)):
        return 0.0
    pairs = list(zip(words, words[1:]))
    if not any(_fits(a, b) for a, b in pairs) or any(
            lookup_key(a) in _NOUN_DETERMINERS and not _tags(b, True) & (Flag.NOUN | Flag.ADJ)
            for a, b in pairs):
        return 0.0  # undefine: not un de fine
    return 0.0 if _english(word) else FIT_BONUS


_INNER_ELISION = regex.compile(
    r"(?<=\p{Ll}{3})(?:" + "|".join(sorted(ELIDED, key=len, reverse=True)) + r")['’](?=\p{L})",
    regex.V1)


def _cut_at_elision(word: str) -> _Cut | None:
    """``réled’accélérateur`` → ``réle`` + ``d’accélérateur``: an elided word
    inside a token starts a word, even after a part the lexicon does not know
    (a misread word that the words group may mend)."""
    if not word.islower():
        return None
    for m in _INNER_ELISION.finditer(word):
        head, tail = word[:m.start()], word[m.start():]
        rest = _cut_plain(tail, capital_ok=False)
        if rest is not None and all(_is_word(w) or w[-1] not in APOSTROPHES for w in rest.words):
            before = _cut_plain(head, capital_ok=False)  # tâcheafin: tâche afin
            heads = before.words if before is not None else (head,)
            return _Cut((*heads, *rest.words), SPLIT_MARGIN, f"{tail!r} starts with an elision")
    return None


def _glue_ok(word: str, function_only: bool = False) -> bool:
    """Whether ``word`` may be glued to a name or an acronym."""
    if len(word) >= NAME_GLUE_MIN_LENGTH and not function_only:
        return _zipf(word) > 0.0
    entry = lexicon().entry(word)
    return (entry is not None and entry.valid and entry.has(_FUNCTION | Flag.OTHER)
            and entry.zipf >= FUNCTION_WORD_ZIPF - 1.0 and word.lower() not in ELIDED
            and (len(word) > 1 or lookup_key(word) in ONE_LETTER_WORDS))


#: A lower-case word glued to an acronym is a word of its own when it is a
#: past participle or an adverb this long at least (``SAétudiée``,
#: ``TCPplutôt``; not a noun: ``DECstation``) ...
ACRONYM_WORD_MIN_LENGTH = 4
#: ... or, before the acronym, a noun this long at least (``cléUSB``, ``portUSB``).
NOUN_BEFORE_ACRONYM_MIN_LENGTH = 3


def _describes_acronym(word: str) -> bool:
    """Whether ``word``, after an acronym, is a word of its own: a past
    participle or an adverb (as printed), no noun.

    >>> _describes_acronym("étudiée"), _describes_acronym("station"), _describes_acronym("s")
    (True, False, False)
    """
    tags = _tags(word, True)
    return len(word) >= ACRONYM_WORD_MIN_LENGTH and bool(tags & (Flag.PPAS | Flag.ADV)) \
        and not tags & Flag.NOUN and _valid_form(word)


def _names_acronym(word: str) -> bool:
    """Whether ``word``, before an acronym, is a word of its own: a noun (as
    printed) of :data:`NOUN_BEFORE_ACRONYM_MIN_LENGTH` letters or more,
    before an acronym of three capitals or more (``cléUSB``; not ``macOS``).

    >>> _names_acronym("clé"), _names_acronym("my")
    (True, False)
    """
    return len(word) >= NOUN_BEFORE_ACRONYM_MIN_LENGTH and word.islower() \
        and bool(_tags(word, True) & Flag.NOUN) and _valid_form(word) \
        and not _more_english(word)


#: A word this much more frequent in English than in French (Zipf) is an
#: English word in a French text (``openSUSE``, ``freeBSD``).
MORE_ENGLISH_MARGIN = 0.5


@functools.lru_cache(maxsize=1 << 12)
def _more_english(word: str) -> bool:
    """Whether ``word`` is far more frequent in English than in French.

    >>> _more_english("open"), _more_english("port"), _more_english("clé")
    (True, False, False)
    """
    from wordfreq import zipf_frequency
    return zipf_frequency(word.lower(), "en", wordlist="small") > (
        lexicon().zipf(word.lower()) + MORE_ENGLISH_MARGIN)


#: A word in capitals glued to a capitalised word: a heading or the label of
#: a box run into what follows (``COMMUNAUTÉLe``, ``NOTESociété``, ``CULTUREGit``).
_CAPITALS_THEN_CAPITALISED = regex.compile(r"(\p{Lu}{3,})(\p{Lu}\p{Ll}[\p{Ll}\p{M}'’]*)", regex.V1)
#: The word in capitals must be a valid word this frequent (not an acronym or a brand).
CAPITALS_WORD_MIN_ZIPF = 3.0


def _cut_capitals_word(word: str, extra: DocWords = ()) -> _Cut | None:
    """``COMMUNAUTÉLe`` → ``COMMUNAUTÉ`` + ``Le``: a valid word in capitals
    (at least :data:`CAPITALS_WORD_MIN_ZIPF`) glued to a capitalised word, or
    a word of the document (``DEBIANLa``) glued to a frequent one.

    >>> _cut_capitals_word("COMMUNAUTÉLe").words, _cut_capitals_word("NOTEDisques").words
    (('COMMUNAUTÉ', 'Le'), ('NOTE', 'Disques'))
    >>> [_cut_capitals_word(w) for w in ("XMLHttp", "GNUstep", "RAIDexistants", "BIOSqui")]
    [None, None, None, None]
    """
    m = _CAPITALS_THEN_CAPITALISED.fullmatch(word)
    if m is None:
        return None
    head, tail = m.groups()
    if (_valid_zipf(head.lower()) < CAPITALS_WORD_MIN_ZIPF and not (
            lookup_key(head) in dict(extra) and _valid_zipf(tail.lower()) >= FUNCTION_WORD_ZIPF - 1
    )) or _valid_zipf(
            (head + tail[0]).lower()) or not (
            _valid_zipf(tail.lower()) or lexicon().zipf(tail.lower()) >= NAME_MIN_ZIPF
            or lookup_key(tail) in dict(extra)):
        return None  # RAIDexistants is not RAI Dexistants
    cut = None if _is_word(tail) else _cut_plain(tail, capital_ok=True,
                                                 extra=_relevant(extra, lookup_key(tail)))
    words = cut.words if cut is not None else (tail,)
    return _Cut((head, *words), SPLIT_MARGIN, f"{head!r} in capitals, glued to {tail!r}")


#: A title glued to the capitalised name after it.
_TITLE_THEN_NAME = regex.compile(r"(Mmes?|Mlles?|Mgr|Dr|Pr)(\p{Lu}\p{Ll}+)", regex.V1)


def _cut_cased(word: str, *, capital_ok: bool, extra: DocWords = ()) -> _Cut | None:
    """Cut a token with capitals inside it: ``paquetsDebian``, ``avecunCD``,
    ``GNUet``, ``COMMUNAUTÉLe``; never a brand (``LibreOffice``, ``GnuPG``,
    ``macOS``, ``iPhone``)."""
    heading = _cut_capitals_word(word, extra)
    if heading is not None:
        return heading
    m = _TITLE_THEN_NAME.fullmatch(word)
    if m is not None:  # MmeHélène
        return _Cut(m.groups(), SPLIT_MARGIN, f"the title {m.group(1)!r} glued to a name")
    runs = [(m.lastgroup, m.group()) for m in _CASE_RUNS.finditer(word)]
    if "".join(r for _, r in runs) != word or len(runs) < 2:
        return None
    words: list[str] = []
    gain = 0.0
    for k, (kind, run) in enumerate(runs):
        kind = "acr" if kind == "acr2" else kind
        prev = runs[k - 1][0] if k else None
        if kind in ("cap", "acr") and prev in ("cap", "acr", "acr2"):
            return None  # LibreOffice, GnuPG, XMLHttp: a brand
        if kind == "low":
            cut = _cut_plain(run, capital_ok=False, extra=_relevant(extra, lookup_key(run))) \
                if lookup_key(run) not in ONE_LETTER_WORDS else _Cut((run,), 0.0, "a word")
            if cut is None or not all(_is_word(w) or lookup_key(w) in dict(extra)
                                      for w in cut.words):
                return None
            if prev in ("acr", "acr2") and not _glue_ok(cut.words[0], function_only=True) \
                    and not (len(cut.words) > 1 and _glue_ok(cut.words[0])) \
                    and not (_tags(cut.words[0], True) & Flag.FINITE and len(cut.words[0]) > 2) \
                    and not _describes_acronym(cut.words[0]):
                # DECstation, XEmacs, HOWTOs: a name; but an acronym glued to
                # a run that is words itself (ARSconfieraux), to a verb
                # (MSPreçoit) or to a participle or adverb (SAétudiée) is words
                return None
            gain += cut.gain
            words.extend(cut.words)
        elif kind == "cap" and k == 0:
            cut = _cut_plain(run, capital_ok=capital_ok, extra=_relevant(extra, lookup_key(run)))
            if cut is None:
                return None
            words.extend(cut.words)
        else:
            if k and not _glue_ok(words[-1]) and not (
                    kind == "acr" and len(run) >= 3 and _names_acronym(words[-1])):
                return None
            cut = (_cut_after_name(run, _relevant(extra, lookup_key(run)))
                   if kind == "cap" and not _is_word(run) else None)
            words.extend(cut.words if cut is not None else (run,))  # duBéthuneétant
    return _Cut(tuple(words), gain, "a change of case inside the token")


def _cut_hyphenated(word: str) -> _Cut | None:
    """Cut words glued to a hyphenated compound: ``etpeut-être``,
    ``rendez-vousavec``, ``zonessous-densesElle``; the compound itself is
    never cut, and what is cut off must be words as printed (``sous-densesElle``
    is ``sous-denses Elle``, a full stop lost, not ``sous-dense sElle``).

    >>> _cut_hyphenated("zonessous-densesElle").words
    ('zones', 'sous-denses', 'Elle')
    """
    if _valid_zipf(word.lower()):
        return None
    first, last = word.index("-"), word.rindex("-")
    best: _Cut | None = None
    for a in range(first - 1, -1, -1):  # words, compound, words; the longest compound
        head = _words_before(word[:a])
        if head is None:
            continue
        for b in range(len(word), last + 1, -1):
            if (a, b) == (0, len(word)) or not _valid_zipf(word[a:b].lower()):
                continue
            tail = _words_after(word[b:])
            if tail is None:
                continue
            gain = sum(c.gain for c in (head, tail) if c.words) + SPLIT_MARGIN
            if best is None or gain > best.gain:
                best = _Cut((*head.words, word[a:b], *tail.words), gain,
                            f"{word[a:b]!r} is a compound")
            break
    return best


#: An element of a compound: letters (and an inner apostrophe: ``c'est-à-dire``).
_ELEMENT = regex.compile(r"\p{L}[\p{L}\p{M}'’]*", regex.V1)
#: A learned prefix (:data:`PREFIXES`) this long at least that ends the
#: first element starts the compound (``santépluri-professionnels``).
COMPOUND_PREFIX_MIN_LENGTH = 4


def _cut_compound_ends(word: str, capital_ok: bool) -> _Cut | None:
    """Words glued to the ends of a compound the lexicon lacks (it holds few):
    ``lesméta-informations``, ``deBruay-la-Buissière``,
    ``médico-chirurgicalede``, ``est-à-direla``.  The first element reads as
    words (:func:`_cut_plain`, :func:`_cut_cased`), the last of which starts
    the compound; the last element as words, the first of which ends it.  An
    element that is a word, a form wordfreq knows or a prefix is what was
    printed (``Saint-Denis``, ``Bruay-la-Buissière``, ``apt-get``), and the
    compound is never cut.

    >>> _cut_compound_ends("lesméta-informations", False).words
    ('les', 'méta-informations')
    >>> _cut_compound_ends("cliniquemédico-chirurgicalede", False).words
    ('clinique', 'médico-chirurgicale', 'de')
    >>> [_cut_compound_ends(w, True) for w in ("Bruay-la-Buissière", "libreoffice-writer", "RAID-1")]
    [None, None, None]
    """
    elements = word.split("-")
    if len(elements) < 2 or not all(_ELEMENT.fullmatch(e) for e in elements):
        return None
    head = _compound_head(elements[0], capital_ok)
    tail = _compound_tail(elements[-1]) if len(elements[-1]) > 1 else None
    if head is None and tail is None:
        return None
    before = head.words[:-1] if head is not None else ()
    after = tail.words[1:] if tail is not None else ()
    if not all(map(_valid_form, (*before, *after))):
        return None  # dpkg-buildpackage: not dpkg-build package
    compound = word[sum(map(len, before)):len(word) - sum(map(len, after))]
    return _Cut((*before, compound, *after), SPLIT_MARGIN,
                f"words glued to the compound {compound!r}")


def _compound_element(element: str) -> bool:
    """Whether ``element`` reads as printed: a word, a form wordfreq knows (in
    its case: ``duPas`` is no ``Dupas``), a prefix."""
    low = element.lower()
    return low in _PREFIX_SET or element[1:].islower() and (
        _is_word(element) or lexicon().zipf(low) > 0.0)


def _compound_head(element: str, capital_ok: bool) -> _Cut | None:
    """The first element of a compound as words, the last of which starts it."""
    if _compound_element(element):
        return None
    if any(c.isupper() for c in element[1:]):  # deBruay, maternitéAnne
        cut = _cut_cased(element, capital_ok=capital_ok)
    else:
        cut = _cut_plain(element, capital_ok=capital_ok)
        if cut is None and element[1:].islower():  # santépluri: words and a prefix
            for p in PREFIXES:
                if len(p) >= COMPOUND_PREFIX_MIN_LENGTH and element.endswith(p) \
                        and len(element) > len(p):
                    rest = _cut_plain(element[:-len(p)], capital_ok=capital_ok)
                    if rest is not None and all(map(_is_word, rest.words)):
                        cut = _Cut((*rest.words, p), rest.gain, "words and a prefix")
                    break
    return cut if cut is not None and len(cut.words) > 1 and _starts_compound(cut.words[-1]) \
        else None


def _starts_compound(element: str) -> bool:
    """Whether ``element``, cut off the words before it, may be the first (or
    last) element of a compound: two letters at least (``commandeaa-unconfined``
    is no ``commande a a-unconfined``), a valid form, a prefix or a capitalised
    or capital run (``deBruay``, ``leCD``)."""
    return len(element) > 1 and (_valid_form(element) or element.lower() in _PREFIX_SET
                                 or element[:1].isupper())


def _compound_tail(element: str) -> _Cut | None:
    """The last element of a compound as words, the first of which ends it."""
    if not element.islower() or _compound_element(element):
        return None
    cut = _cut_plain(element, capital_ok=False)
    return cut if cut is not None and len(cut.words) > 1 and _starts_compound(cut.words[0]) \
        else None


_NOTHING = _Cut((), 0.0, "")
#: A capitalised word after a compound (a full stop lost: ``sous-densesElle``)
#: must be a valid form at least this frequent.
CAPITAL_AFTER_COMPOUND_ZIPF = 4.0


def _words_before(head: str) -> _Cut | None:
    """``head``, glued before a compound, as words (``_NOTHING`` if empty),
    or a name wordfreq knows (``Debianlui-même``)."""
    if not head:
        return _NOTHING
    cut = _cut_plain(head, capital_ok=True)
    if cut is None and _name(head):  # Debianlui-même
        return _Cut((head,), 0.0, "a name")
    return cut if cut is not None and all(map(_cased_word, cut.words)) else None


def _words_after(tail: str) -> _Cut | None:
    """``tail``, glued after a compound, as words: lower-case words, or one
    frequent capitalised word (``Elle``; a full stop lost)."""
    if not tail:
        return _NOTHING
    if lookup_key(tail) in ONE_LETTER_WORDS:  # celle-cia
        return _Cut((tail,), 0.0, "a word")
    if tail[:1].islower():
        cut = _cut_plain(tail, capital_ok=False)
        return cut if cut is not None and all(map(_cased_word, cut.words)) else None
    if len(tail) > 1 and tail[1:].islower() and _valid_form(tail) \
            and _valid_zipf(tail.lower()) >= CAPITAL_AFTER_COMPOUND_ZIPF:
        return _Cut((tail,), 0.0, "a word")
    return None


def _name(word: str) -> bool:
    """A capitalised name wordfreq knows well (``Debian``), not a word of the lexicon."""
    return (len(word) >= NAME_HEAD_MIN_LENGTH and word[:1].isupper() and word[1:].islower()
            and not _valid_form(word) and lexicon().zipf(word.lower()) >= NAME_MIN_ZIPF)


def _cased_word(word: str) -> bool:
    """A word, with no capital after its first letter (``sElle`` is no ``selle``)."""
    return _is_word(word) and not any(c.isupper() for c in word[1:])


def _unknown_cost(letters: int) -> float:
    """What a token of ``letters`` letters that is not a word costs as printed."""
    return (UNKNOWN_COST + UNKNOWN_COST_PER_LETTER * letters
            + UNKNOWN_COST_PER_LONG_LETTER * max(0, letters - LONG_TOKEN))


def _reads_as_words(word: str, capital_ok: bool) -> bool:
    """Whether ``word`` reads as words run together, even in more than one
    way (``partet``: part et, par tet), with the margin of a cut."""
    if _cut_plain(word, capital_ok=capital_ok) is not None:
        return True
    split = best_split(word)
    if split is None or not split.spaces:
        return False
    whole_cost = _unknown_cost(len(word))
    return whole_cost - split.cost >= SPLIT_MARGIN


@functools.lru_cache(maxsize=1 << 16)
def _pieces(left: str, right: str) -> _Cut | None:
    """How ``left + right`` reads when a stray space broke a word of a run of
    words (``expressi onsrationnelles``, ``comm andesde``): cut into words, one
    of which spans the join, when one half reads neither as a word nor as words."""
    if not (left.isalpha() and right.isalpha() and right.islower() and left[1:].islower()):
        return None
    if len(left) + len(right) > MAX_TOKEN or (_is_word(left) and _is_word(right)):
        return None
    if _nothing_known_across(left, right):
        return None  # no word spans the join: what follows would find none (faster)
    if any(_is_word(half) and len(half) > PIECE_WORD_MAX for half in (left, right)):
        return None  # ceutre hospitalier: a misread word beside a word, not pieces
    if (_is_word(left) or _reads_as_words(left, capital_ok=left[:1].isupper())) and (
            _is_word(right) or _reads_as_words(right, capital_ok=False)):
        return None  # both halves read well as they are
    cut = _cut_plain(left + right, capital_ok=left[:1].isupper())
    if cut is None or len(cut.words) < 2:
        return None
    at, pos = len(left), 0
    for w in cut.words:
        if pos + 2 <= at <= pos + len(w) - 2:  # two letters at least from each half
            return cut if _is_known(w) else None
        pos += len(w)
    return None


@functools.cache
def _key_set() -> Collection[str]:
    """Every lookup key of the lexicon: a form whose key is none of them is
    not known (:func:`_is_known` is false)."""
    return lexicon().key_set()


#: Letters whose lookup key is one letter whatever letters are around them
#: (those of Latin up to U+024F but æ and œ): the lookup key of a slice of a
#: word of these letters is that slice of its key (checked on every pair).
_KEY_LETTERS = frozenset(c for c in map(chr, range(0x250))
                         if c.isalpha() and len(_lookup_key(c)) == 1)


def _nothing_known_across(left: str, right: str) -> bool:
    """Whether no part of ``left + right`` with two letters at least of each
    half is a known word (its lookup key is none of the lexicon's), so that
    :func:`_pieces` finds no word spanning the join; ``False`` when unsure.

    >>> _nothing_known_across("expressi", "onsrationnelles"), _nothing_known_across("zqx", "wvk")
    (False, True)
    """
    joined = left + right
    if not _KEY_LETTERS.issuperset(joined):
        return False
    key = lookup_key(joined)
    keys = _key_set()
    lex = lexicon()
    at, n = len(left), len(joined)
    for i in range(at - 1):
        if not _is_key_prefix(key[i:at + 2]):
            continue
        for j in range(at + 2, n + 1):
            if key[i:j] in keys and lex.key_zipf(key[i:j]) >= _KNOWN_MIN_ZIPF:
                return False
    return True


#: A known word of four letters or more (:func:`_is_known`) is a form of a
#: lookup key whose most frequent form is at least this frequent: a valid
#: form or accent variant as frequent as :data:`PART_MIN_ZIPF` asks for its
#: length, or a form wordfreq knows :data:`NOT_VALID_MIN_ZIPF` frequent.
_KNOWN_MIN_ZIPF = min(NOT_VALID_MIN_ZIPF, *PART_MIN_ZIPF[4:])


@functools.lru_cache(maxsize=1 << 16)
def _valid_form(word: str) -> bool:
    """Whether ``word`` as printed (any case) is a valid form of the lexicon."""
    entry = lexicon().entry(word.lower().replace("’", "'"))
    return entry is not None and entry.valid


#: An elided word as OCR often misreads it, before a lower-case vowel:
#: ``I'`` or ``I’`` for ``l'`` (``I'entreprise``), ``gu'`` for ``qu'``
#: (``lorsgu'il``).  :func:`ocrfix.words.fix_elision_glyphs` repairs them
#: after this group; this group reads them as the elision they stand for.
#: (A ``|`` is not a letter: ``|'entreprise`` is a word of its own already.)
_MISREAD_ELISION = regex.compile(
    r"(?:I|(?:lors|jus|puis|quoi|Lors|Jus|Puis|Quoi)?[gG]u)['’](?=[aeiouyhàâéèêëîïôû])",
    regex.V1)


def _misread_elision(word: str) -> int:
    """The length of the misread elided word at the start of ``word`` (0: none).

    >>> [_misread_elision(w) for w in ("I'entrepriseet", "I’état", "lorsgu'il", "I'm", "Il")]
    [2, 2, 7, 0, 0]
    """
    if "'" not in word and "’" not in word:
        return 0
    m = _MISREAD_ELISION.match(word)
    return m.end() if m else 0


#: Titles before a name (``M. Sanguinede``).
TITLES = frozenset({"M", "Mme", "Mmes", "Mlle", "MM", "Dr", "Pr", "Me", "Mgr", "Monsieur",
                    "Madame", "Mademoiselle", "Maître", "Docteur", "Professeur"})


def _after_name(tokens: list[Token], i: int, prev: str | None) -> bool:
    """Whether token ``i`` follows a capitalised word or a title (``Christel
    Sanguinede``, ``M. Delescluse``): it is then part of a name.  ``prev``:
    the word before it, as this stage leaves it (``Transmiseau Ministèredes``:
    ``au``)."""
    if prev is not None:  # not Le, Dans, Pour at the start of a sentence
        return prev in TITLES or (prev[:1].isupper() and prev[1:].islower() and len(prev) > 1
                                  and not _has(prev, _NOT_STEM))
    k = i - 1
    if k >= 0 and tokens[k].text == " ":
        k -= 1
    return k >= 1 and tokens[k].text == "." and tokens[k - 1].text in TITLES


@functools.lru_cache(maxsize=1 << 16)
def _whole_word(word: str) -> bool:
    """Whether :func:`_cut_token` leaves ``word`` alone whatever its context:
    most tokens, a word as printed (which :func:`_cut_plain` leaves whole)
    unless a rare one (:func:`_cut_rare_word`)."""
    return len(word) < 3 or len(word) > MAX_TOKEN or (
        "-" not in word and word[1:].islower() and _valid_form(word)
        and not (word.islower() and (_rare_word(word) or _preposition_determiner(word))))


def _cut_token(text: str, tokens: list[Token], index: int, prev: str | None,
               accented: bool = False, doc: DocWords = ()) -> _Cut | None:
    """How word token ``index`` reads as several words (``prev``: the word
    before it, as this stage leaves it), before looking at its neighbours."""
    token = tokens[index]
    word = token.text
    if _whole_word(word):
        return None
    if _in_code(text, token.start, token.end):
        return None
    extra = _relevant(doc, lookup_key(word))
    capital_ok = word[:1].isupper() and _sentence_start(tokens, index)
    if word[:1].isupper() and _after_name(tokens, index, prev):
        # Christel Sanguinede, M. Delescluse: a name; but Gérard Pinaultdemande,
        # Mme CarolineParmentier: a name glued to its verb, names glued
        titled = prev in TITLES or prev is None
        return _cut_name_verb(word) or (_cut_first_name(word) if titled else None)

    if text[token.end:token.end + 1] == "°" and word[-1] in "nN" and word[-2:-1].isalpha():
        # écriten° 6771: the n of n° (numéro) is a word of its own
        head = word[:-1]
        cut = _cut_plain(head, capital_ok=capital_ok, prev=prev, accented=accented,
                         extra=extra)
        if cut is None or not all(_is_word(w) for w in cut.words):
            return None
        return _Cut((*cut.words, word[-1]), SPLIT_MARGIN, f"{word[-1]}° is numéro")
    glyph = _misread_elision(word)
    if glyph:
        # I'entrepriseet: an elided word OCR misread (fix_elision_glyphs
        # repairs it after this group); the rest is cut as after that word
        rest = word[glyph:]
        if "-" in rest or not rest.islower():
            return None
        elided = "l'" if glyph == 2 and word[0] == "I" else "qu'"
        cut = _cut_plain(rest, capital_ok=False, prev=elided, accented=accented, extra=extra)
        if cut is None or len(cut.words) < 2:
            return None
        return _Cut((word[:glyph] + cut.words[0], *cut.words[1:]), cut.gain,
                    f"{word[:glyph]!r} read as {elided!r}: {cut.detail}", cut.cost)
    if "'" in word[2:] or "’" in word[2:]:
        cut = _cut_before_clitic(word, extra) or _cut_before_elided_name(word)
        if cut is not None:
            return cut
    if "-" in word:
        cut = _cut_hyphenated(word) or _cut_compound_ends(word, capital_ok)
    elif any(ch.isupper() and word[k] not in APOSTROPHES for k, ch in enumerate(word[1:])):
        cut = _cut_cased(word, capital_ok=capital_ok, extra=extra)
    else:
        cut = _cut_plain(word, capital_ok=capital_ok, prev=prev, accented=accented, extra=extra)
        unknown = cut is None
        if cut is not None and len(cut.words) < 2 and word.islower() and not (
                prev and prev[-1:] in APOSTROPHES):
            cut = _cut_rare_word(word)  # quine: qui ne; not l'aune
            if cut is None:
                nxt = _neighbour(tokens, index, 1)
                cut = _cut_after_participle(word, prev, nxt.text if nxt is not None else None) \
                    or _cut_noun_auxiliary(word, prev, nxt.text if nxt is not None else None)
        if cut is None or len(cut.words) < 2:
            nxt = _neighbour(tokens, index, 1)
            cut = _cut_pronoun_object(word, nxt.text if nxt is not None else None)
        if cut is None and unknown and (capital_ok or not word[:1].isupper()):
            cut = _cut_at_lone_a(word, capital_ok, extra) or _cut_misread(word)
    return cut if cut is not None and len(cut.words) >= 2 else None


def _cut_at_lone_a(word: str, capital_ok: bool, extra: DocWords = ()) -> _Cut | None:
    """``autobuildersà`` → ``autobuilders à``: ``à`` ends no French word but
    ``là``, ``déjà``, ``voilà`` (valid words, never cut), so in a token that
    is not a word it is a word of its own, between words that the lexicon
    may only know as a derivation or that the document prints
    (``autobuilders``, ``Debian``).  Each side must read as a word or as words.

    >>> _cut_at_lone_a("autobuildersà", False, (("autobuilders", 3.0),)).words
    ('autobuilders', 'à')
    >>> _cut_at_lone_a("celà", False), _cut_at_lone_a("città", False)
    (None, None)
    """
    k = word.find("à")
    if k < 3 or "à" in word[k + 1:] or "'" in word or "’" in word:
        return None
    head, tail = word[:k], word[k + 1:]
    before = _lone_a_side(head, capital_ok, extra)
    after = _lone_a_side(tail, False, extra) if tail else ()
    if before is None or after is None:
        return None
    return _Cut((*before, "à", *after), SPLIT_MARGIN, "à is a word of its own")


def _lone_a_side(part: str, capital_ok: bool, extra: DocWords) -> tuple[str, ...] | None:
    """``part``, beside a lone ``à``, as words: a word (or a derivation of one,
    or a word of the document) or what :func:`_cut_plain` cuts it into."""
    if not (part.islower() or capital_ok and part[1:].islower()) or not part.isalpha():
        return None
    if _is_word(part) or lookup_key(part) in dict(extra):
        return (part,)
    cut = _cut_plain(part, capital_ok=capital_ok, extra=extra)
    return cut.words if cut is not None and all(map(_is_word, cut.words)) else None


#: A subject glued to ``n'`` or ``s'`` and its verb: an acronym, a name
#: (wordfreq or the document knows it) or a word, then the elided word.
_BEFORE_CLITIC = regex.compile(r"(\p{Lu}{2,}|\p{Lu}?\p{Ll}{2,})([ns]['’])(\p{Ll}+)", regex.V1)


def _cut_before_clitic(word: str, extra: DocWords = ()) -> _Cut | None:
    """``GRUBn'est`` → ``GRUB n'est``, ``Debiann'a`` → ``Debian n'a``: a
    subject glued to ``ne`` or ``se`` elided before its verb (a finite form
    that fits after a name): an acronym, a name wordfreq knows (at least
    :data:`NAME_MIN_ZIPF`) or the document prints, or a valid word.

    >>> _cut_before_clitic("GRUBn'est").words, _cut_before_clitic("Debiann'a").words
    (('GRUB', "n'est"), ('Debian', "n'a"))
    >>> _cut_before_clitic("aujourd'hui"), _cut_before_clitic("Xyzzn'est"), _cut_before_clitic("ISn'")
    (None, None, None)
    """
    m = _BEFORE_CLITIC.fullmatch(word)
    if m is None:
        return None
    head, elided, verb = m.groups()
    if not (_valid_form(verb) and _tags(verb, True) & Flag.FINITE and _fits("il", verb, True)):
        return None
    low = head.lower()
    if not (head.isupper() or _valid_form(head) or lookup_key(head) in dict(extra)
            or head[:1].isupper() and lexicon().zipf(low) >= NAME_MIN_ZIPF):
        return None
    return _Cut((head, elided + verb), SPLIT_MARGIN, f"{head!r} glued to {elided + verb!r}")


#: Lower-case words glued to ``d'`` or ``l'`` and a name or an acronym.
_BEFORE_ELIDED_NAME = regex.compile(r"(\p{Ll}{3,})([dlDL]['’]\p{Lu}[\p{L}\p{M}]*)", regex.V1)


def _cut_before_elided_name(word: str) -> _Cut | None:
    """``configurationd'OpenVPN`` → ``configuration d'OpenVPN``: words glued
    to ``d'`` or ``l'`` and a name or an acronym (which is never cut).

    >>> _cut_before_elided_name("cached'APT").words, _cut_before_elided_name("xqzd'APT")
    (('cache', "d'APT"), None)
    """
    m = _BEFORE_ELIDED_NAME.fullmatch(word)
    if m is None:
        return None
    head, name = m.groups()
    cut = _cut_plain(head, capital_ok=False)
    if cut is None or not all(map(_is_word, cut.words)):
        return None
    return _Cut((*cut.words, name), SPLIT_MARGIN, f"{name!r} starts with an elision")


#: A word with a misread glyph glued to words is this long at least ...
MISREAD_MIN_LENGTH = 5


@functools.lru_cache(maxsize=1 << 12)
def _cut_misread(word: str) -> _Cut | None:
    """A word with a glyph OCR misread, glued to words: ``Historiguementce``
    is ``Historiguement ce`` (``fix_glyph_confusions`` then reads
    ``Historiquement``).  One part only is misread, as that stage would read
    it alone (with its margins); the others are words; the cut must beat the
    token as printed by :data:`SPLIT_MARGIN` and the next best cut by
    :data:`AMBIGUITY_MARGIN`.

    >>> _cut_misread("Historiguementce").words
    ('Historiguement', 'ce')
    >>> [_cut_misread(w) for w in ("historiquement", "Guillaume", "slmultanément", "commencant")]
    [None, None, None, None]
    """
    if not (_LETTERS.fullmatch(word) and word[1:].islower()) or len(word) > MAX_PART + 10:
        return None
    if _valid_zipf(word.lower()) or words._glyph_choice(word) is not None:
        # one word with its accents lost (commencant) or a letter misread
        # (slmultanément), not a misread part and a suffix
        return None
    whole_cost = _unknown_cost(len(word))
    costs: list[tuple[float, tuple[str, ...]]] = []
    for k in range(1, len(word)):
        head, tail = word[:k], word[k:]
        for misread, rest in ((head, tail), (tail, head)):
            if len(misread) < MISREAD_MIN_LENGTH or _is_word(misread):
                continue
            choice = words._glyph_choice(misread)
            if choice is None:
                continue
            if len(rest) == 1:  # a, à, y
                z = _zipf(rest) if rest.islower() else 0.0
                cut = _Cut((rest,), 0.0, "a word", ZIPF_CEILING - z) if z else None
            else:
                cut = _cut_plain(rest, capital_ok=rest is head)
            if cut is None or not all(_cased_word(w) for w in cut.words):
                continue
            parts = (misread, *cut.words) if misread is head else (*cut.words, misread)
            cost = ZIPF_CEILING - choice[3] + cut.cost + SPLIT_PENALTY * len(cut.words)
            costs.append((cost, parts))
    if not costs:
        return None
    costs.sort()
    cost, parts = costs[0]
    if whole_cost - cost < SPLIT_MARGIN or (
            len(costs) > 1 and costs[1][0] < cost + AMBIGUITY_MARGIN):
        return None
    return _Cut(parts, whole_cost - cost, f"{word!r} reads as a misread word glued to words",
                cost)


#: A valid word rarer than this (Zipf) ...
RARE_WORD_MAX_ZIPF = 3.0
#: ... is cut in two words at least this frequent that fit together
#: (:func:`_fits`) when the cut, with :data:`FIT_BONUS`, beats it by this much.
RARE_WORD_PART_ZIPF = 5.0
RARE_WORD_MARGIN = 3.0


@functools.lru_cache(maxsize=1 << 14)
def _rare_word(word: str) -> bool:
    """Whether ``word`` (valid, lower case) is rare enough to be cut (:func:`_cut_rare_word`)."""
    e = lexicon().entry(word)
    return e is not None and e.valid and e.zipf < RARE_WORD_MAX_ZIPF and len(word) <= 9


@functools.lru_cache(maxsize=1 << 14)
def _cut_rare_word(word: str) -> _Cut | None:
    """``quine`` → ``qui ne``: a rare valid word (below :data:`RARE_WORD_MAX_ZIPF`)
    that reads far likelier as two very frequent words that fit together.

    >>> _cut_rare_word("quine").words, _cut_rare_word("enfin"), _cut_rare_word("parle")
    (('qui', 'ne'), None, None)
    """
    if not _rare_word(word) or _english(word):
        return None
    e = lexicon().entry(word)
    split = best_split(word, whole=False)
    if e is None or split is None or len(split.words) != 2 \
            or not _fits(split.words[0], split.words[1], printed=True) or any(
            not _valid_form(w) or _valid_zipf(w.lower()) < RARE_WORD_PART_ZIPF
            for w in split.words):
        return None
    gain = ZIPF_CEILING - e.zipf - split.cost + FIT_BONUS
    if gain < RARE_WORD_MARGIN:
        return None
    return _Cut(tuple(split.words), gain, f"{word!r} is rare; {split.text!r} far likelier",
                split.cost)


@functools.lru_cache(maxsize=1 << 14)
def _preposition_determiner(word: str) -> tuple[str, ...] | None:
    """The preposition and the determiner a valid word also reads as
    (``parle``: ``par le``), both very frequent; else ``None``."""
    lex = lexicon()
    dets, preps = lex.closed_forms(Flag.DET), lex.closed_forms(Flag.PREP)
    low = _form_key(word)  # how the lists hold forms: sliced, as each slice would be
    if dets is not None and preps is not None and len(low) == len(word) and not any(
            low[k:] in dets and low[:k] in preps for k in range(1, len(low))):
        return None  # no cut into a determiner and a preposition of the lexicon's lists
    if not any(_valid_with(word[k:], Flag.DET) and _valid_with(word[:k], Flag.PREP)
               for k in range(1, len(word))):
        return None  # no cut into a preposition and a determiner (most words): no search
    split = best_split(word, whole=False)
    if split is None or len(split.words) != 2:
        return None
    a, b = split.words
    if not (_tags(a, True) & Flag.PREP and _tags(b, True) & Flag.DET and _valid_form(a)
            and _valid_form(b) and min(_valid_zipf(a), _valid_zipf(b)) >= RARE_WORD_PART_ZIPF):
        return None
    return a, b


def _valid_with(part: str, flag: int) -> bool:
    """Whether ``part`` as printed is a valid form with ``flag``."""
    return lexicon().is_valid_with(part.lower().replace("’", "'"), flag)


def _cut_after_participle(word: str, prev: str | None, after: str | None) -> _Cut | None:
    """``remplacé parle paquet`` → ``par le``: a valid word that reads as a
    preposition and a determiner (:func:`_preposition_determiner`), after a
    past participle or an infinitive (no subject: so no verb) and before a
    noun the determiner fits (``les joueurs parlent``, ``il parle le
    français`` stay).

    >>> _cut_after_participle("parle", "remplacé", "paquet").words
    ('par', 'le')
    >>> _cut_after_participle("parle", "il", "français"), _cut_after_participle("parle", "remplacé", "et")
    (None, None)
    """
    pair = _preposition_determiner(word)
    if pair is None or prev is None or after is None:
        return None
    tp = _tags(prev, True)
    if not tp & (Flag.PPAS | Flag.INF) or tp & (Flag.NOUN | Flag.DET | Flag.PRON):
        return None
    after = _first_word(after) or after
    if not _fits(pair[1], after, printed=True):
        return None
    return _Cut(pair, SPLIT_MARGIN, f"after {prev!r}, before {after!r}: {' '.join(pair)!r}")


def _cut_noun_auxiliary(word: str, prev: str | None, after: str | None) -> _Cut | None:
    """``Le projeta commencé`` → ``projet a``: a rare valid word (a verb in the
    past historic) that reads as a noun and an auxiliary, after a determiner
    the noun fits (so no verb: a determiner is no object pronoun at the start
    of a sentence or when it never is one) and before a past participle.

    >>> _cut_noun_auxiliary("projeta", "Le", "commencé").words
    ('projet', 'a')
    >>> _cut_noun_auxiliary("projeta", "le", "commencé"), _cut_noun_auxiliary("projeta", "Le", "voyage")
    (None, None)
    """
    if prev is None or not _rare_word(word):
        return None
    key = lookup_key(prev)
    if not (key in _NOUN_DETERMINERS or prev[:1].isupper() and _tags(prev, True) & Flag.DET):
        return None  # il le projeta: le is an object pronoun
    split = best_split(word, whole=False)
    if split is None or len(split.words) != 2:
        return None
    noun, aux = split.words
    after = _first_word(after)
    if lookup_key(aux) not in AUXILIARIES or not _tags(noun, True) & Flag.NOUN \
            or not _fits(prev, noun, printed=True) or after is None \
            or not _tags(after, True) & Flag.PPAS or _tags(after, True) & Flag.NOUN:
        return None
    return _Cut((noun, aux), SPLIT_MARGIN, f"after {prev!r}, before {after!r}: {noun} {aux}")


#: ``à`` or ``de`` and an object pronoun ``le`` ``les`` glued, maybe to the
#: verb after them (``àle faire``, ``deles installer``, ``àlefaire``).
_PRONOUN_OBJECT = regex.compile(r"(?i:(à|a|de)(les|le))(\p{Ll}*)", regex.V1)


def _cut_pronoun_object(word: str, after: str | None) -> _Cut | None:
    """``àle faire`` → ``à le faire``: ``à``/``de`` + ``le``/``les`` are
    never side by side before a noun (:data:`IMPOSSIBLE_PAIRS`: ``au``,
    ``du``), but they are before an infinitive, whose object the pronoun is.

    >>> _cut_pronoun_object("àle", "faire").words, _cut_pronoun_object("deles", None)
    (('à', 'le'), None)
    >>> _cut_pronoun_object("delesinstaller", None).words, _cut_pronoun_object("àle", "paquet")
    (('de', 'les', 'installer'), None)
    """
    m = _PRONOUN_OBJECT.fullmatch(word)
    if m is None:
        return None
    verb = m.group(3) or _first_word(after)
    if not verb or not _tags(verb, True) & Flag.INF or _tags(verb, True) & (Flag.NOUN | Flag.ADJ):
        return None
    if m.group(2).lower() == "le" and lookup_key(verb)[:1] in "aeiouyh":
        return None  # le elides before a vowel: l'être
    words = tuple(g for g in m.groups() if g)
    return _Cut(words, SPLIT_MARGIN, f"{m.group(2)!r} is the object of the infinitive {verb!r}")


def _first_word(token: str | None) -> str | None:
    """The first word of ``token``, the word after a token, as this stage
    leaves it: the token, or the first word of its cut when OCR ran it
    together with others too (``àle modifierpour``: ``modifier``)."""
    if not token or not token.islower() or _valid_form(token):
        return token
    cut = _cut_plain(token, capital_ok=False)
    return cut.words[0] if cut is not None and len(cut.words) > 1 else token


_NUMBER_THEN_WORD = regex.compile(
    r"(?P<n>\d+)(?P<ord>(?:ère|ere|ème|eme|er|e)s?)?(?P<w>\p{Ll}+)", regex.V1)
_WORD_THEN_NUMBER = regex.compile(r"(?P<w>\p{L}\p{Ll}+|[àÀ])(?P<n>\d+)", regex.V1)
#: A word glued to a number: a function word, or a word this long or longer
#: (``2022et``, ``2praticiens``; not ``30ans``, ``2bis``, ``1ère``).
NUMBER_GLUE_MIN_LENGTH = 4


def _number_word(word: str) -> bool:
    """Whether ``word``, glued to a number, is a word of its own."""
    if not _valid_zipf(word) or lexicon().entry(word) is None:
        return False
    if len(lookup_key(word)) >= NUMBER_GLUE_MIN_LENGTH:
        return True
    return _glue_ok(word, function_only=True)


def _cut_number(word: str) -> _Cut | None:
    """A number and a word run together: ``2022et``, ``2praticiens``,
    ``16èmelégislature``, ``santé2022`` (a year), ``du8``; never a unit, an
    ordinal, a note call or a name with digits (``30m``, ``1ère``,
    ``libérer1``, ``COVID19``, ``mp3``).

    >>> _cut_number("2praticiens").words, _cut_number("16èmelégislature").words
    (('2', 'praticiens'), ('16ème', 'législature'))
    >>> _cut_number("du8").words
    ('du', '8')
    >>> [_cut_number(w) for w in ("1ère", "30ans", "2bis", "covid19", "mp3", "h264", "libérer1")]
    [None, None, None, None, None, None, None]
    """
    m = _NUMBER_THEN_WORD.fullmatch(word)
    if m and len(word) == 5 and word[:4].isdigit() and lookup_key(word[4]) in ONE_LETTER_WORDS:
        return _Cut((word[:4], word[4]), SPLIT_MARGIN, "a year glued to a or à")  # 2019a
    if m:
        n = m.group("n")
        for number, tail in ((n, word[len(n):]), (n + (m.group("ord") or ""), m.group("w"))):
            if len(number) < len(word) and _number_word(tail):
                return _Cut((number, tail), SPLIT_MARGIN, "a number glued to a word")
    m = _WORD_THEN_NUMBER.fullmatch(word)
    if not m:
        return None
    w, n = m.group("w"), m.group("n")
    head: tuple[str, ...] = ()
    if not _valid_zipf(w.lower()):  # gouvernementaledès2017: words, then the number
        cut = _cut_plain(w, capital_ok=False)
        if cut is not None and len(cut.words) > 1:
            head, w = cut.words[:-1], cut.words[-1]
    if len(n) == 4 and _number_word(w.lower()):
        return _Cut((*head, w, n), SPLIT_MARGIN, "a word glued to a year")
    if _glue_ok(w.lower(), function_only=True):
        return _Cut((*head, w, n), SPLIT_MARGIN, "a function word glued to a number")
    if lookup_key(w) in NUMBERED_NOUNS:
        return _Cut((*head, w, n), SPLIT_MARGIN, "a noun that takes a number, glued to it")
    return None


#: Nouns a number follows (``chapitre 12``, ``article 3``): glued to it, they
#: are cut from it (a note call follows any word: ``libérer1`` is not cut).
NUMBERED_NOUNS = frozenset({
    "chapitre", "chapitres", "article", "articles", "section", "sections", "page", "pages",
    "figure", "tableau", "annexe", "version", "numero", "alinea", "etape", "partie", "tome",
    "volume", "livre", "titre", "paragraphe", "ligne", "lignes", "exemple"})
_WORD_NUMBER_WORD = regex.compile(r"(\p{L}\p{Ll}*)(\d+)(\p{Ll}{2,})", regex.V1)


def _cut_number_between(word: str) -> _Cut | None:
    """``le28décembre`` → ``le 28 décembre``: a number between two words, each
    glued to it as :func:`_cut_number` cuts them.

    >>> _cut_number_between("le28décembre").words, _cut_number_between("mp3player")
    (('le', '28', 'décembre'), None)
    """
    m = _WORD_NUMBER_WORD.fullmatch(word)
    if m is None:
        return None
    w, n, w2 = m.groups()
    left, right = _cut_number(w + n), _cut_number(n + w2)
    if left is None or right is None or right.words[0] != n:
        return None
    return _Cut((*left.words, w2), SPLIT_MARGIN, "a number glued to the words around it")


_A_BEFORE_CODE = regex.compile(r"([àÀ])([a-zA-Z0-9][\x21-\x7e]*)")


def _cut_a_before_code(word: str) -> _Cut | None:
    """``àhertzog@debian.org`` → ``à hertzog@debian.org``: ``à`` glued to an
    address, a host or a file name, which are written in ASCII (the address
    itself is never cut).

    >>> _cut_a_before_code("àsubmit@bugs.debian.org").words, _cut_a_before_code("éric@x.org")
    (('à', 'submit@bugs.debian.org'), None)
    """
    m = _A_BEFORE_CODE.fullmatch(word)
    return None if m is None else _Cut(m.groups(), SPLIT_MARGIN, "à glued to an address")


def _neighbour_index(tokens: list[Token], i: int, step: int) -> int | None:
    """The index of the word token one plain space before or after token ``i``."""
    j, k = i + step, i + 2 * step
    if 0 <= k < len(tokens) and tokens[j].text == " " and tokens[k].kind == "word":
        return k
    return None


def _left_alone(word: str, words: tuple[str, ...], before: str | None,
                after: str | None) -> bool:
    """Whether a cut must wait, given the words beside the token (as this stage
    leaves them): a piece of a broken word beside it (``lic ences``), or a
    part that rejoin_split_words would join to its neighbour (``enStab le``)."""
    if (before is not None and _pieces(before, word)) or (
            after is not None and _pieces(word, after)):
        return True
    if (before is not None and not _is_word(before)
            and (_joinable(before, words[0], 0.0) or _joinable(before, word, 0.0))) or (
            after is not None and not _is_word(after)
            and (_joinable(words[-1], after, 0.0) or _joinable(word, after, 0.0))):
        return True
    return bool((before is not None and _joinable(before, words[0])) or (
        after is not None and _joinable(words[-1], after)))


def _tokens_to_cut(tokens: list[Token]) -> list[int]:
    """The indexes of the tokens :func:`_split_edits` looks at, in order: the
    word tokens that are not :func:`_whole_word` (a few) or start with ``à``,
    the codes, addresses and mixed tokens (found without Python code per token)."""
    kinds = list(map(_kind_of, tokens))
    every = range(len(tokens))
    words = list(itertools.compress(every, map("word".__eq__, kinds)))
    texts = list(map(_text_of, map(tokens.__getitem__, words)))
    cut = {w for w in set(texts) if not _whole_word(w) or w[:1] in "àÀ"}
    out = list(itertools.compress(words, map(cut.__contains__, texts)))
    codes = [i for i in itertools.compress(every, map("protected".__eq__, kinds))
             if tokens[i][4] in ("code", "email", "host", "url")]
    mixed = list(itertools.compress(every, map("mixed".__eq__, kinds)))
    return sorted(out + codes + mixed) if codes or mixed else out


def _split_edits(text: str, tokens: list[Token], accented: bool,
                 doc: DocWords) -> tuple[list[Edit], dict[int, list[str]]]:
    """The cuts of the word tokens, each checked against its neighbours as cut
    (``tokens``: of ``text`` or of a window of it; ``accented`` and ``doc``:
    :func:`_keeps_accents` and :func:`_document_words` of the whole text)."""
    tentative: dict[int, tuple[str, ...]] = {}
    cuts: dict[int, _Cut] = {}
    plain_words: dict[str, bool] = {}  # word -> _whole_word(word), for this text
    for i in _tokens_to_cut(tokens):
        t = tokens[i]
        if t.kind == "protected" and t.what in ("email", "host", "url") or (
                t.kind == "word" and t.text[:1] in "àÀ" and _in_code(text, t.start, t.end)):
            cut = _cut_a_before_code(t.text)
            if cut is not None:
                cuts[i] = cut
                continue
        if t.kind == "mixed" and not _in_code(text, t.start, t.end):
            cut = _cut_number_between(t.text)  # le28décembre
            if cut is not None:
                cuts[i] = cut
            continue
        if t.kind == "protected" and t.what == "code" and not _in_code(text, t.start, t.end):
            cut = _cut_number(t.text)
            if cut is not None:
                cuts[i] = cut
            continue
        if t.kind != "word":
            continue
        word = t.text
        whole = plain_words.get(word)
        if whole is None:
            whole = plain_words[word] = _whole_word(word)
        if whole:
            continue  # _cut_token leaves it alone
        p = _neighbour_index(tokens, i, -1)
        if i > 0 and tokens[i - 1].kind == "elision":
            prev: str | None = tokens[i - 1].text
        elif i > 1 and tokens[i - 1].text in APOSTROPHES and tokens[i - 2].text == "|":
            prev = "l'"  # |'entreprise: l' as OCR printed it
        elif p is not None:
            prev = tentative[p][-1] if p in tentative else tokens[p].text
        else:
            prev = None
        cut = _cut_token(text, tokens, i, prev, accented, doc)
        if cut is not None:
            cuts[i] = cut
            tentative[i] = cut.words
    edits: list[Edit] = []
    kept: dict[int, list[str]] = {}
    for i, cut in cuts.items():
        word = tokens[i].text
        b, a = _neighbour_index(tokens, i, -1), _neighbour_index(tokens, i, 1)
        before = None if b is None else tentative[b][-1] if b in tentative else tokens[b].text
        after = None if a is None else tentative[a][0] if a in tentative else tokens[a].text
        # Loire-Vi enne: the piece beside the token is what follows the hyphen
        before = before.rsplit("-", 1)[-1] if before else before
        after = after.split("-", 1)[0] if after else after
        if tokens[i].kind == "word" and _left_alone(word, cut.words, before, after):
            continue
        new = " ".join(cut.words)
        if new.replace(" ", "") != word:
            raise AssertionError(f"split_run_together_words changed more than spaces: "
                                 f"{word!r} -> {new!r}")
        reason = (f"{word!r} is not a word; " + " + ".join(repr(p) for p in cut.words)
                  + f" are ({cut.detail})")
        t = tokens[i]
        edits.append(Edit("split_run_together_words", t.start, t.end, word, new, reason,
                          min(0.99, 0.6 + cut.gain / 10)))
        kept[i] = list(cut.words)
    return edits, kept


#: Marks that close a phrase: a space may follow them, after punctuation.
_CLOSING = frozenset(")»\"”")
#: Punctuation after which French puts a space, and OCR sometimes loses it
#: (``santé,et``, ``médecins.Dans``, ``(ARS)est``, ``»est``).
SPACE_AFTER = frozenset(",;:!?.…)»")


def _as_word(token: Token) -> Token:
    """A ``mixed`` token (``c0u``) or a word token that is not a word
    (``rnédicaux``, ``I'édifice``) as the word the words group will make of
    it (``cou``, ``médicaux``, ``édifice``), so that this stage does now what
    it would do after them (and a second cleaning finds nothing to do)."""
    if token.kind == "word":
        glyph = _misread_elision(token.text)
        if glyph:  # I'édifice.Pas: the word is édifice
            token = Token("word", token.start + glyph, token.end, token.text[glyph:])
        if _is_word(token.text):
            return token
    elif token.kind != "mixed":
        return token
    reading = words._future_reading(token.text)
    if reading is None or not reading.isalpha():
        return token
    return Token("word", token.start, token.end, reading)


def _indexes_at(tokens: list[Token], chars: Collection[str]) -> list[int]:
    """The indexes of the tokens, neither the first nor the last, that are
    one of ``chars`` (the punctuation a loop looks at; found without Python
    code per token)."""
    last = len(tokens) - 1
    return [k for k in itertools.compress(itertools.count(), map(
        chars.__contains__, map(_text_of, tokens))) if 0 < k < last]


def _punctuation_edits(text: str, tokens: list[Token], cuts: dict[int, list[str]]) -> list[Edit]:
    """Spaces lost after punctuation between two words.

    ``cuts`` has the words of the tokens this stage splits: the word next to
    the punctuation is the one that counts (``créé,danssa``).
    """
    edits = []
    for i in _indexes_at(tokens, SPACE_AFTER):
        p = tokens[i]
        if p.kind != "punct" or p.text not in SPACE_AFTER or tokens[i + 1].kind == "space":
            continue
        left, right = _as_word(tokens[i - 1]), _as_word(tokens[i + 1])
        if i - 1 in cuts:
            left = Token(left.kind, left.start, left.end, cuts[i - 1][-1], left.what)
        if i + 1 in cuts:
            right = Token(right.kind, right.start, right.end, cuts[i + 1][0], right.what)
        if right.kind == "elision" and p.text in ".…,;" and left.kind != "space":
            # année).C'est, travaillez.Qu’il, chapitre,l'auteur: an elided word after
            if p.text in ",;" and right.text[:1].isupper() or p.text in ".…" and not (
                    right.text[:1].isupper() and (left.text in _CLOSING or left.kind == "word"
                                                  and left.text.islower() and len(left.text) > 1
                                                  and _is_word(left.text))):
                continue
        elif right.kind != "word" or left.kind == "space" or not _plain(right.text) \
                or len(right.text) < 2:
            continue
        elif p.text in ".…":
            # a sentence end: a lower-case word (or a closing mark) before, a
            # capitalised word after
            if not ((left.text in _CLOSING or left.kind == "word" and left.text.islower()
                     and len(left.text) >= 2 and _is_word(left.text))
                    and right.text[:1].isupper() and right.text[1:].islower()
                    and _is_word(right.text)):
                continue
        elif p.text in ")»":
            if not (_is_word(right.text) and (right.text.islower() or p.text == "»")):
                continue
            if p.text == ")" and i >= 2 and tokens[i - 2].text == "(" and left.kind == "word" \
                    and (left.text.lower() in _PREFIX_SET or _is_word(left.text + right.text)):
                continue  # (re)configurer, (Dés)activer: a prefix in brackets
        elif p.text in ",;" and right.text.islower() and _is_word(right.text) and (
                left.kind == "word" and len(left.text) >= 2 or left.text in _CLOSING
                or left.kind == "protected" and left.what in ("number", "acronym")):
            pass  # GitLab,du; 1,réservé; SMTP,etc; ...),de: a comma before a word
        elif not (left.kind == "word" and _plain(left.text) and len(left.text) >= 2
                  and right.text.islower() and _is_word(left.text) and _is_word(right.text)):
            continue
        if _code_before(text, left.start) or _code_after(text, right.end):
            continue
        edits.append(Edit("split_run_together_words", p.end, p.end, "", " ",
                          f"space lost after {p.text!r} between two words", 0.9))
    return edits


#: Punctuation that French puts a space before (``santé :``, ``« santé »``,
#: ``santé (ARS)``) or after (``«``), when the document itself does: a share
#: of at least :data:`STYLE_SHARE` of at least :data:`STYLE_MIN` occurrences.
SPACE_BEFORE_STYLE = ":;!?»("
SPACE_AFTER_STYLE = "«"
STYLE_SHARE = 0.9
STYLE_MIN = 10
#: A space before ``(`` is the rule in French (and English) typography: the
#: document need only do so :data:`UNIVERSAL_MIN` times, and most of the time.
UNIVERSAL_STYLE = "("
UNIVERSAL_MIN = 2
UNIVERSAL_SHARE = 0.5
_SPACES = " \u00a0\u202f"
#: ``clé(s)``, ``ami(e)s``: a plural or feminine mark, not a parenthesis.
_MARK = regex.compile(r"\((?:s|e|es|x|nt|le|ne|te|ère|ère)s?\)", regex.V1)


def _document_style(text: str) -> dict[str, str]:
    """The space the document puts before (or after, for ``«``) each
    punctuation mark of :data:`SPACE_BEFORE_STYLE`, when it does so consistently."""
    style: dict[str, str] = {}
    for p in SPACE_BEFORE_STYLE + SPACE_AFTER_STYLE:
        if p not in text:
            continue
        if p in SPACE_AFTER_STYLE:
            found = regex.findall(regex.escape(p) + r"([ \u00a0\u202f]?)(?=\p{L})", text)
        else:
            found = regex.findall(r"(?<=\p{L})([ \u00a0\u202f]?)" + regex.escape(p), text)
        spaces = [f for f in found if f]
        if len(found) >= STYLE_MIN and len(spaces) >= STYLE_SHARE * len(found) or (
                p in UNIVERSAL_STYLE and len(spaces) >= UNIVERSAL_MIN
                and len(spaces) >= UNIVERSAL_SHARE * len(found)):
            style[p] = max(set(spaces), key=spaces.count)
    return style


def _style_edits(text: str, tokens: list[Token], cuts: dict[int, list[str]],
                 style: dict[str, str]) -> list[Edit]:
    """Spaces lost before ``: ; ! ? » (`` or after ``«`` where the document
    has them (``style``: :func:`_document_style` of the whole text)."""
    if not style:
        return []
    edits = []
    for i in _indexes_at(tokens, style.keys()):
        p = tokens[i]
        if p.kind != "punct" or p.text not in style:
            continue
        left, right = tokens[i - 1], tokens[i + 1]
        if p.text in SPACE_AFTER_STYLE:
            word = cuts[i + 1][0] if i + 1 in cuts else right.text
            if right.kind in ("word", "protected") and (right.kind == "word" or right.what ==
                                                          "acronym") and len(word) >= 2 \
                    and (right.kind != "word" or _is_word(word) or word[:1].isupper()) \
                    and not _code_after(text, right.end):
                edits.append(Edit("split_run_together_words", p.end, p.end, "", style[p.text],
                                  f"space lost after {p.text!r} (as elsewhere in the text)",
                                  0.9))
            continue
        word = cuts[i - 1][-1] if i - 1 in cuts else left.text
        if left.kind != "word" or len(word) < 2 or not _plain(word) \
                or not _is_word(word) or _code_before(text, left.start):
            continue
        if p.text == "(":
            if _MARK.match(text, p.start) or right.kind not in ("word", "protected") \
                    or len(right.text) < 2 or right.kind == "protected" and right.what != "acronym":
                continue
        edits.append(Edit("split_run_together_words", p.start, p.start, "", style[p.text],
                          f"space lost before {p.text!r} (as elsewhere in the text)", 0.9))
    return edits


def split_run_together_words(text: str, config: Config = DEFAULT) -> Fixed:
    """Split words OCR ran together, inserting spaces only.

    >>> split_run_together_words("Lesélus locaux et lenombrede médecins").text
    'Les élus locaux et le nombre de médecins'
    >>> split_run_together_words("les consultationsmédicalesvirtuellesa été").text
    'les consultations médicales virtuelles a été'
    >>> split_run_together_words("des paquetsDebian, etpeut-être la santé,et").text
    'des paquets Debian, et peut-être la santé, et'
    >>> split_run_together_words("la téléconsultation, enfin, atout de 30m² au XIXe siècle").edits
    []

    Only the chunks that hold a token to cut or a mark to space are looked
    at closely, with the words around them (:func:`_chunked`,
    :func:`_windows`): the rest of the text is never cut into tokens.
    """
    style = _document_style(text)
    edits: list[Edit] = []
    if not chunk_local(text):
        tokens = tokenize(text)
        forms = _word_texts(tokens)
        edits = _split_window(text, tokens, _keeps_accents(forms),
                              _text_document_words(text, lambda: forms), style)
    else:
        chunks, _, offsets, infos = _chunked(text)
        marks = list(itertools.compress(itertools.count(), map(
            operator.not_, map(_quiet_of, infos))))
        if style:  # the chunks that hold a mark the document spaces
            spaced = set(style)
            marks.extend(k for k in itertools.compress(itertools.count(), map(_marks_of, infos))
                         if spaced.intersection(infos[k].marks))
        windows = _windows(marks, len(chunks), offsets)
        if windows:
            forms = _chunk_words(infos)
            accented = _keeps_accents(forms)
            doc = _text_document_words(text, lambda: forms)
            edits = _split_window(text, tokenize_spans(text, windows), accented, doc, style)
    edits.sort(key=lambda e: (e.start, e.end))
    return Fixed.from_edits(text, edits)


def _split_window(text: str, tokens: list[Token], accented: bool, doc: DocWords,
                  style: dict[str, str]) -> list[Edit]:
    """The edits of :func:`split_run_together_words` in ``tokens`` (the tokens
    of ``text`` or of a window of it)."""
    edits, cuts = _split_edits(text, tokens, accented, doc)
    inserted: set[int] = set()
    for edit in [*_punctuation_edits(text, tokens, cuts),
                 *_style_edits(text, tokens, cuts, style)]:
        if edit.start not in inserted:
            inserted.add(edit.start)
            edits.append(edit)
    return edits


# --- the text in chunks: what both stages skip ---------------------------------
#
# Most of a text needs nothing: its words are words, and two of them side by
# side do not make one.  Both stages therefore cut the text at white space
# into *chunks* (``santé,et``, ``l’ARS``: no token holds white space in a
# :func:`ocrfix.tokens.chunk_local` text), tell from what each chunk holds,
# remembered by chunk, whether they may have something to do there (a few
# chunks), and cut into tokens only windows of :data:`CONTEXT_CHUNKS` chunks
# on either side of those (what the rules look at around a token lies there:
# the words before and after it, the punctuation that opens a sentence).
# Each stage does in a window what it would do in the whole text: the same
# functions on the same tokens, with what they measure on the whole text
# (the words of the document, its accents, its spacing habits) measured on
# the whole text.

#: White space: what is between two runs of it is a chunk (the white space
#: of ``regex``'s ``\s``, which the tokens use, with the quicker ``re``).
_SPACE_RUNS = re.compile("([" + re.escape("".join(
    c for c in map(chr, range(0x3001)) if regex.match(r"\s", c, regex.V1))) + "]+)")
#: The chunks on either side of one that needs a closer look that are cut
#: into tokens with it.
CONTEXT_CHUNKS = 1
#: The marks :func:`_style_edits` may space.
_STYLE_MARKS = frozenset(SPACE_BEFORE_STYLE + SPACE_AFTER_STYLE)


class _Chunk(NamedTuple):
    """What the stages need to know of a chunk (see above)."""

    words: tuple[str, ...]
    """The texts of its word tokens."""
    quiet: bool
    """:func:`split_run_together_words` has nothing to cut in it, nor to
    space after its punctuation."""
    marks: str
    """The marks of :data:`_STYLE_MARKS` in it."""
    left: int
    """Its last token as the left half of a pair: 0 not a word, 1 a
    :func:`_common` word, 2 another word (see :func:`_pairs_to_weigh`)."""
    left_key: str
    """Its lookup key if it is known and of :data:`_KEY_LETTERS` (see
    :func:`_pairing`), else a control character."""
    right: int
    """Its first token as the right half of a pair (as :attr:`left`)."""
    right_key: str
    """As :attr:`left_key`."""


_quiet_of, _marks_of = operator.attrgetter("quiet"), operator.attrgetter("marks")
_left_of, _right_of = operator.attrgetter("left"), operator.attrgetter("right")
_left_key_of, _right_key_of = operator.attrgetter("left_key"), operator.attrgetter("right_key")
_words_of = operator.attrgetter("words")
#: The chunks seen, with what they hold (up to :data:`_CHUNKS_MAX`, then it starts
#: again: some 20 MB at most, with the look-ups they made).
_CHUNKS: dict[str, _Chunk] = {}
_CHUNKS_MAX = 20_000


def _chunk(chunk: str, tokens: list[Token]) -> _Chunk:
    """What the stages need to know of ``chunk`` (text without white space),
    of tokens ``tokens``."""
    quiet = True
    for k, t in enumerate(tokens):
        kind = t.kind
        if kind == "word":
            # what _split_edits looks at (_tokens_to_cut): à glued to an address, a cut
            if len(t.text) > 1 and t.text[0] in "àÀ" or not _whole_word(t.text):
                quiet = False
        elif kind == "mixed" or kind == "protected" and t.what in ("code", "email", "host",
                                                                   "url"):
            quiet = False
        elif kind == "punct" and t.text in SPACE_AFTER and k + 1 < len(tokens) \
                and tokens[k + 1].kind in ("word", "elision", "mixed"):
            quiet = False  # santé,et: a space lost after punctuation (_punctuation_edits)
        if not quiet:
            break
    left = right = 0
    left_key = right_key = None
    # halves rejoin_split_words may join: letters (after an elision OCR
    # misread: I'inter vention), the right one starting in lower case
    if tokens and tokens[-1].kind == "word" and _plain(
            tokens[-1].text[_misread_elision(tokens[-1].text):]):
        common, _, left_key = _pairing(tokens[-1].text)
        left = 1 if common else 2
    if tokens and tokens[0].kind == "word" and tokens[0].text[:1].islower() \
            and _plain(tokens[0].text, apostrophes=True):
        _, common, right_key = _pairing(tokens[0].text)
        right = 1 if common else 2
    words = tuple(t.text for t in tokens if t.kind == "word")
    return _Chunk(words, quiet,
                  "".join(sorted(_STYLE_MARKS.intersection(chunk))), left,
                  "\x00" if left_key is None else left_key, right,
                  "\x00" if right_key is None else right_key)


def _chunked(text: str) -> tuple[list[str], list[str], list[int], list[_Chunk]]:
    """The chunks of ``text``, the white space between them (``seps[k]`` is
    between chunks ``k`` and ``k + 1``), the offsets where chunks and white
    space start and end (chunk ``k`` is ``text[offsets[2k]:offsets[2k + 1]]``),
    and what each chunk holds."""
    parts = _SPACE_RUNS.split(text)
    chunks, seps = parts[0::2], parts[1::2]
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    infos = list(map(_CHUNKS.get, chunks))
    if None in infos:
        if len(_CHUNKS) > _CHUNKS_MAX:
            _CHUNKS.clear()
        missing = list(itertools.compress(itertools.count(), map(operator.is_, infos,
                                                                 itertools.repeat(None))))
        new = list(dict.fromkeys(map(chunks.__getitem__, missing)))
        found: dict[str, _Chunk] = {}
        if "" in new:  # the text starts or ends with white space
            new.remove("")
            found[""] = _chunk("", [])
        # the chunks not seen before, cut into tokens in one scan, a space between two
        joined = " ".join(new)
        tokens = tokenize_spans(joined, [(0, len(joined))])
        k = 0
        for chunk in new:
            j = k
            while j < len(tokens) and tokens[j].kind != "space":
                j += 1
            found[chunk] = _chunk(chunk, tokens[k:j])
            k = j + 1
        _CHUNKS.update(found)
        for k in missing:
            infos[k] = found[chunks[k]]
    return chunks, seps, offsets, cast("list[_Chunk]", infos)  # every None filled in


def _chunk_words(infos: list[_Chunk]) -> list[str]:
    """The texts of the word tokens of a text, from its chunks."""
    return list(itertools.chain.from_iterable(map(_words_of, infos)))


def _chunk_at(offsets: list[int], pos: int) -> int:
    """The index of the chunk that holds ``pos`` (or the one after the white
    space that does)."""
    part = bisect.bisect_right(offsets, pos) - 1
    return (part + 1) // 2


def _pairs_to_look_at(infos: list[_Chunk], seps: list[str]) -> list[int]:
    """The chunks that end or start a pair of words :func:`_pairs_to_weigh`
    keeps (two words across one space, not both common, not both known
    with a joined key that is none of the lexicon's)."""
    both = map(operator.mul, map(_left_of, infos), map(_right_of, itertools.islice(infos, 1, None)))
    # a product of 2 or 4: two words, not both common
    pairs = list(itertools.compress(itertools.count(), map(
        operator.and_, map(" ".__eq__, seps), map((1).__lt__, both))))
    # their joined keys; a key that is None is a control character (no key has one)
    joined = list(map(operator.add, map(_left_key_of, map(infos.__getitem__, pairs)),
                      map(_right_key_of, map(infos.__getitem__, map((1).__add__, pairs)))))
    keys = _key_set()
    marks: list[int] = []
    for k in itertools.compress(pairs, map(operator.or_, map(keys.__contains__, joined),
                                           map(operator.not_, map(str.isprintable, joined)))):
        marks.extend((k, k + 1))
    return marks


def _windows(marks: Iterable[int], count: int, offsets: list[int]) -> list[tuple[int, int]]:
    """The spans of text to cut into tokens: the chunks of ``marks`` (indexes
    of ``count`` chunks) with :data:`CONTEXT_CHUNKS` chunks on either side,
    spans that meet or overlap made one."""
    out: list[tuple[int, int]] = []
    low = high = -2
    for k in sorted(set(marks)):
        a, b = max(0, k - CONTEXT_CHUNKS), min(count - 1, k + CONTEXT_CHUNKS)
        if a > high + 1:
            if high >= 0:
                out.append((offsets[2 * low], offsets[2 * high + 1]))
            low = a
        high = max(high, b)
    if high >= 0:
        out.append((offsets[2 * low], offsets[2 * high + 1]))
    return out
