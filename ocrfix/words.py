"""The ``words`` group: French words repaired with the lexicon.

Three stages, in this order:

* :func:`fix_elision_glyphs` — ``I'`` ``|'`` ``I’`` read for ``l'``, doubled
  apostrophes (``d’'une``), a lost ``l`` before an apostrophe (``de 'ARS``);
* :func:`fix_glyph_confusions` — letters OCR mistakes for others (``c6té``,
  ``réle``, ``ceuvre``, ``gue``, ``fagon``, ``rnédecin``, ``meédecine``);
* :func:`restore_accents` — missing and wrong accents (``tres``, ``auprés``,
  ``Francais``), with context rules for words whose variants are all words
  (``a``/``à``, ``ou``/``où``...), and ``&`` printed for ``à`` (decided by the
  same rules).

Every change is chosen from the lexicon (:mod:`ocrfix.lexicon`): a word known
to be valid is never changed except by a context rule of
``wordlists/accent_context.tsv``; a candidate must be a valid form and beat the
printed word by a margin of frequency.  Numbers, codes, URLs, e-mails, acronyms
and the other protected tokens of :mod:`ocrfix.tokens` are never touched.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload

import regex

from .config import DEFAULT, Config
from .edits import Edit, apply_edits, compose_edits
from .fixed import Fixed
from .lexicon import Entry, Flag, lexicon, strip_accents
from .tokens import Token, tokenize

logger = logging.getLogger(__name__)

# --- margins (Zipf units: 1.0 = ten times more frequent) -------------------

#: restore_accents: a variant must be this much more frequent than the printed
#: word when the printed word is rare (below Zipf 3) ...
ACCENT_MARGIN = 0.5
#: ... or common (it may then be a real word Lexique lacks).
ACCENT_MARGIN_COMMON = 1.0
#: A capitalised word inside a sentence may be a name: a larger margin.
ACCENT_MARGIN_NAME = 1.5
#: Two valid variants closer than this are ambiguous: context decides, or nothing.
AMBIGUITY = 0.7
#: A variant Lexique lacks is a candidate when it is at least this frequent ...
FREQUENT = 3.0
#: ... and this much more frequent than the printed word.
FREQUENT_MARGIN = 1.5
#: Accented letters OCR prints for another accented letter (è ê → é, â → à).
WRONG_ACCENTS = frozenset("éàÉ")
#: fix_glyph_confusions: the best reading must beat the printed word (and its
#: accent variants) by this much, more for words of three letters or fewer ...
GLYPH_MARGIN = 1.5
GLYPH_MARGIN_SHORT = 2.0
#: ... and the next-best distinct reading by this much.
GLYPH_LEAD = 0.5
#: A valid but rare word (below this Zipf frequency: ``gui``) may be read as
#: another only with a much larger margin (``qui``).
VALID_GLYPH_MAX = 3.5
VALID_GLYPH_MARGIN = 3.0
#: Generic rules that may overrule frequencies: the syntax of verb forms.
VERB_FORM_TAGS = frozenset({"@PPAS", "@FINITE"})
#: restore_accents (and fix_glyph_confusions) run again on their output until
#: nothing changes, at most this many times in all: a decision can settle its
#: neighbour's context, one token further per pass (``il a & & & & a``: each
#: ``&`` becomes ``à`` once the one after it has); realistic text settles in two.
MAX_ACCENT_PASSES = 8
#: Cost of each accent a glyph candidate differs by from its literal reading.
ACCENT_COST = 0.2


# --- rule tables -------------------------------------------------------------

CLASSES = {
    "@INF": Flag.INF, "@PPAS": Flag.PPAS, "@NOUN": Flag.NOUN, "@ADJ": Flag.ADJ,
    "@VERB": Flag.VERB, "@DET": Flag.DET, "@PRON": Flag.PRON, "@PREP": Flag.PREP,
    "@ADV": Flag.ADV, "@CONJ": Flag.CONJ, "@FINITE": Flag.FINITE,
    "@PLURAL": Flag.PLURAL, "@PPRES": Flag.PPRES,
}
SPECIAL = {"@NUM", "@YEAR", "@PUNCT", "@START", "@END", "@CAP", "@SAME", "@UNKNOWN", "@EMAIL",
           "@WORD"}
SLOTS = ("prev", "next", "next2", "self", "clause")
#: What ends a clause when looking back from a word for its verb.
CLAUSE_BOUNDARIES = frozenset({"et", "ou", "mais", "car", "donc", "or", "ni", "puis", "¶"})
#: Relative and subordinating words: a verb after them may belong to a clause
#: inside the subject ("le logiciel que nous préparons a un défaut").
CLAUSE_OPENERS = frozenset({
    "qui", "que", "qu'", "dont", "où", "lequel", "laquelle", "lesquels", "lesquelles",
    "auquel", "auxquels", "auxquelles", "duquel", "desquels", "desquelles", "quoi",
    "si", "s'", "quand", "lorsque", "lorsqu'", "comme", "puisque", "puisqu'", "quoique",
    "quoiqu'", "parce", "tandis", "alors",
})
#: Pronouns whose relative clause is a subject (« ce qui est connecté a
#: accès »): the verb of that clause is not the clause's own.
RELATIVE_SUBJECTS = frozenset({"ce", "celui", "celle", "ceux", "celles", "quiconque"})
#: Parts of speech that make a word something other than a plain verb form.
NOT_ONLY_VERB = Flag.NOUN | Flag.ADJ | Flag.DET | Flag.PRON | Flag.PREP | Flag.ADV | Flag.CONJ
#: Punctuation that @PUNCT matches: what may follow a word (not « ( [ " “).
CLOSING_PUNCT = frozenset(".,;:!?)]»”…")


class RuleError(ValueError):
    """A rule table line that cannot be read."""


@dataclass(frozen=True, slots=True)
class Condition:
    slot: str
    negate: bool
    alternatives: frozenset[str]


@dataclass(frozen=True, slots=True)
class ContextRule:
    word: str
    becomes: str
    conditions: tuple[Condition, ...]
    example: str

    @property
    def keeps(self) -> bool:
        return self.becomes == self.word


@dataclass(frozen=True, slots=True)
class Confusion:
    printed: str
    meant: str
    cost: float
    example: str


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield n, line.split("\t")


def parse_context_rules(text: str) -> dict[str, list[ContextRule]]:
    """Read ``accent_context.tsv`` (see its header for the format).

    >>> rules = parse_context_rules("a\\tà\\tnext=@INF prev!=il|elle\\t« a faire »\\n")
    >>> r = rules["a"][0]
    >>> r.becomes, [(c.slot, c.negate, sorted(c.alternatives)) for c in r.conditions]
    ('à', [('next', False, ['@INF']), ('prev', True, ['elle', 'il'])])
    """
    rules: dict[str, list[ContextRule]] = {}
    for n, f in _rows(text):
        if len(f) < 3:
            raise RuleError(f"accent_context.tsv line {n}: expected word, becomes, conditions")
        word, becomes, conds = f[0], f[1], f[2]
        conditions = []
        for part in conds.split():
            name, sep, alts = part.partition("=")
            negate = name.endswith("!")
            name = name.rstrip("!")
            if not sep or name not in SLOTS:
                raise RuleError(f"accent_context.tsv line {n}: bad condition {part!r}")
            values = frozenset(alts.split("|"))
            unknown = {v for v in values if v.startswith("@")} - set(CLASSES) - SPECIAL
            if unknown:
                raise RuleError(f"accent_context.tsv line {n}: unknown class {sorted(unknown)}")
            conditions.append(Condition(name, negate, values))
        rules.setdefault(word, []).append(
            ContextRule(word, becomes, tuple(conditions), f[3] if len(f) > 3 else ""))
    return rules


def parse_confusions(text: str) -> list[Confusion]:
    """Read ``confusions.tsv``.

    >>> parse_confusions("6\\tô\\t0.8\\tc6té → côté\\n")
    [Confusion(printed='6', meant='ô', cost=0.8, example='c6té → côté')]
    """
    out = []
    for n, f in _rows(text):
        if len(f) < 3 or not f[0]:
            raise RuleError(f"confusions.tsv line {n}: expected printed, meant, cost")
        out.append(Confusion(f[0], f[1], float(f[2]), f[3] if len(f) > 3 else ""))
    return out


@functools.cache
def context_rules() -> dict[str, list[ContextRule]]:
    """The packaged context rules (from the lexicon file)."""
    return parse_context_rules(lexicon().header["rules"]["accent_context"])


@functools.cache
def confusions() -> tuple[Confusion, ...]:
    """The packaged confusion table (from the lexicon file)."""
    return tuple(parse_confusions(lexicon().header["rules"]["confusions"]))


# --- context -----------------------------------------------------------------

def _norm(text: str) -> str:
    return text.lower().replace("’", "'")


class _Context:
    """The non-space tokens of a text, for looking at a word's neighbours.

    A blank line (a paragraph break) counts as punctuation, so that the first
    word of a paragraph is at a @START.
    """

    def __init__(self, tokens: list[Token]):
        self.sig: list[Token] = []
        for t in tokens:
            if t.kind == "space":
                if t.text.count("\n") >= 2:
                    self.sig.append(Token("punct", t.start, t.end, "¶"))
            else:
                self.sig.append(t)

    def neighbours(self, i: int, *, with_prev: bool = True) -> dict:
        """prev, next and next2 of token ``i`` (and ``prev_ctx``, those of prev)."""
        sig = self.sig
        return {
            "self": sig[i],
            "prev": sig[i - 1] if i > 0 else None,
            "next": sig[i + 1] if i + 1 < len(sig) else None,
            "next2": sig[i + 2] if i + 2 < len(sig) else None,
            "prev_ctx": self.neighbours(i - 1, with_prev=False) if with_prev and i > 0
            else None,
            "sig": sig,
            "index": i,
            "_context": self,
        }


def _at_start(prev: Token | None) -> bool:
    return prev is None or (prev.kind == "punct" and prev.text in ".!?:¶…")


#: A number read as a year by @YEAR.
_YEAR = regex.compile(r"1[5-9]\d\d|20\d\d")


def _matches(token: Token | None, alt: str, slot: str, ctx: dict) -> bool:
    if alt == "@END":
        return token is None
    if alt == "@START":
        return slot == "prev" and _at_start(token)
    if token is None:
        return False
    if alt == "@WORD":
        return token.kind == "word"
    if alt == "@UNKNOWN":
        return not lexicon().is_valid(token.text)
    if alt == "@SAME":
        prev = ctx["prev"]
        return prev is not None and _norm(prev.text) == _norm(token.text)
    if alt == "@PUNCT":
        return token.kind == "punct" and token.text in CLOSING_PUNCT
    if alt == "@NUM":
        return token.kind == "protected" and token.what == "number"
    if alt == "@YEAR":
        return token.kind == "protected" and token.what == "number" \
            and _YEAR.fullmatch(token.text) is not None
    if alt == "@EMAIL":
        return token.kind == "protected" and token.what in ("email", "url", "host")
    if alt == "@CAP":
        return token.kind == "word" and token.text[:1].isupper()
    if token.kind not in ("word", "elision"):
        return False
    if slot != "self" and len(token.text) == 1 and token.text.isupper():
        return False  # « le paquet A recommande » : a name, not the verb a
    e = _reading(token.text)
    if alt.startswith("@"):
        return bool(e and e.flags & CLASSES[alt])
    return _norm(token.text) == alt or (e is not None and e.form == alt)


@functools.lru_cache(maxsize=65536)
def _reading(word: str) -> Entry | None:
    """The entry a neighbouring word is read as: itself when it is valid, else
    its one clear accent variant (``grace`` is read ``grâce``, ``financieres``
    ``financières``), so that context rules see the repaired text."""
    lower = _norm(word)
    entry = lexicon().entry(lower)
    if entry is not None and entry.valid or len(lower) != len(word):
        return entry
    _, variants = _accent_variants(lower)
    valid = [v for v in variants if v.valid]
    if valid and (len(valid) == 1 or valid[0].zipf - valid[1].zipf >= AMBIGUITY):
        return valid[0]
    return entry


def _clause_has_verb(ctx: dict) -> bool:
    """True when the clause before the word already has a verb of its own.

    Looks back to the clause start (punctuation, a coordinating conjunction
    or the start of the text) for a word that can only be a finite verb or an
    infinitive (``souhaitent``, ``prépare``, ``adapter``); gives up (False) at
    a relative or subordinating word, whose verb may sit inside the subject,
    and when the verb found is that of a subject that is a relative clause
    (``ce qui est connecté au réseau a accès``, ``ce qui peut affecter votre
    travail a trait``).
    """
    sig, i = ctx.get("sig"), ctx.get("index")
    if sig is None or i is None:
        return False
    found = False
    for k in range(i - 1, max(-1, i - 25), -1):
        t = sig[k]
        if t.kind == "punct" and (t.text in CLOSING_PUNCT or t.text in "«(¶"):
            return found
        if t.kind not in ("word", "elision"):
            continue
        w = _norm(t.text)
        if w in CLAUSE_OPENERS:
            return found and not (w in ("qui", "que", "qu'") and _relative_subject(sig, k))
        if w in CLAUSE_BOUNDARIES:
            return found
        if found:
            continue
        if w == "a":
            # itself a/à to decide: a verb only when its own rules keep it
            if ctx.get("nested"):
                continue
            nb = ctx["_context"].neighbours(k, with_prev=False)
            nb["nested"] = True
            own = _rule_for("a", nb)
            found = own is not None and own.keeps
            continue
        e = _reading(t.text)
        if e and e.flags & (Flag.FINITE | Flag.INF) and not e.flags & NOT_ONLY_VERB \
                and not t.text[:1].isupper():
            found = True
    return found


def _relative_subject(sig: list[Token], k: int) -> bool:
    """Whether the relative pronoun ``sig[k]`` opens the subject of its
    sentence: ``Ce qui``, ``Tout ce qui``, ``Ceux qui`` at its start."""
    words = []
    for j in range(k - 1, -1, -1):
        t = sig[j]
        if t.kind in ("word", "elision"):
            words.append(_norm(t.text))
            if len(words) > 2:
                return False
        elif t.kind == "punct" and t.text not in ".!?:;¶":
            return False
        elif t.kind == "punct":
            break
    return bool(words) and words[0] in RELATIVE_SUBJECTS and words[1:] in ([], ["tout"])


def _holds(rule: ContextRule, ctx: dict) -> bool:
    for c in rule.conditions:
        if c.slot == "clause":
            hit = _clause_has_verb(ctx)
            if hit == c.negate:
                return False
            continue
        hit = any(_matches(ctx[c.slot], alt, c.slot, ctx) for alt in c.alternatives)
        if hit == c.negate:
            return False
    return True


def _rule_for(word: str, ctx: dict) -> ContextRule | None:
    for rule in context_rules().get(word, ()):
        if _holds(rule, ctx):
            return rule
    return None


def _generic_choice(entry: Entry | None, variants: list[Entry], ctx: dict,
                    *, self_rules_only: bool = False) -> tuple[Entry, ContextRule] | None:
    """Apply the ``*`` rules: the one variant with the wanted part of speech
    (``self_rules_only``: only the rules that say which words they apply to)."""
    for rule in context_rules().get("*", ()):
        if self_rules_only and not any(c.slot == "self" for c in rule.conditions):
            continue
        if not _holds(rule, ctx):
            continue
        prev = ctx["prev"]
        if prev is not None and _norm(prev.text) == "a":
            # "a" is an auxiliary only if its own rules do not make it "à"
            # ("a distance" is "à distance", not "a distancé").
            own = _rule_for("a", ctx["prev_ctx"]) if ctx.get("prev_ctx") else None
            if own is not None and not own.keeps:
                return None
        flag = CLASSES[rule.becomes]
        if entry is not None and entry.flags & flag:
            return None  # the printed word already is one
        tagged = [v for v in variants if v.flags & flag]
        if len(tagged) == 1:
            return tagged[0], rule
        return None
    return None


# --- case --------------------------------------------------------------------

def _recase(printed: str, form: str) -> str | None:
    """``form`` written with the capitals of ``printed`` (same length)."""
    if len(printed) != len(form):
        return None
    return "".join(f.upper() if p.isupper() else f for p, f in zip(printed, form))


def _recased_choice(printed: str, form: str, reason: str,
                    confidence: float) -> tuple[str, str, float] | None:
    """The choice of ``form`` written with the capitals of ``printed``, or None
    when it cannot be (not the same length)."""
    recased = _recase(printed, form)
    return None if recased is None else (recased, reason, confidence)


def _capitals_kept(printed: str, form: str) -> bool:
    """True when ``form`` changes no capital letter of ``printed``."""
    return all(f == p.lower() for p, f in zip(printed, form) if p.isupper())


# --- restore_accents -----------------------------------------------------------

#: A present-tense form of a verb whose stem vowel alternates (fédérer →
#: fédère, atteler → attèlent, lever → lève): è, then the last consonant(s)
#: of the stem, then a present ending.
_GRAVE_PRESENT = regex.compile(r"(\p{Ll}*)è([bcdfghjklmnpqrstvz]{1,2})(e|es|ent)")


@overload
def _with_inferred_verb(entry: Entry) -> Entry: ...


@overload
def _with_inferred_verb(entry: None) -> None: ...


def _with_inferred_verb(entry: Entry | None) -> Entry | None:
    """``entry`` marked a valid finite verb form when Lexique lacks it but has
    its infinitive: Lexique misses some present forms of the verbs whose stem
    vowel becomes è (``fédère``, ``attèlent``), which wordfreq knows."""
    if entry is None or entry.valid:
        return entry
    lex = lexicon()
    m = _GRAVE_PRESENT.fullmatch(entry.form)
    if m is not None and m.group(1):
        for vowel in "ée":
            inf = lex.entry(m.group(1) + vowel + m.group(2) + "er")
            if inf is not None and inf.valid and inf.flags & Flag.INF:
                return _as_finite(entry)
    m = _REGULAR_PRESENT.fullmatch(entry.form)
    if m is not None and not _ALTERNATING_STEM.search(m.group(1)):
        # automatise: automatiser, a verb wordfreq knows that Lexique lacks
        inf = m.group(1) + "er"
        e = lex.entry(inf)
        if e is not None and (e.valid and e.flags & Flag.INF or (
                e.zipf >= INFERRED_INFINITIVE_ZIPF
                and lex.zipf(m.group(1) + "ent") >= INFERRED_PLURAL_ZIPF
                and not any(v.valid for v in lex.variants(inf) if v.form != inf))):
            return _as_finite(entry)
    return entry


def _as_finite(entry: Entry) -> Entry:
    return Entry(entry.form, entry.zipf, entry.flags | Flag.VALID | Flag.VERB | Flag.FINITE)


#: A present-tense form of a verb of the first group, as printed: stem, then
#: e, es or ent (``automatise``, ``formatent``) ...
_REGULAR_PRESENT = regex.compile(r"(\p{Ll}{3,})(?:e|es|ent)")
#: ... but not of a verb whose stem changes (mener → mène, appeler →
#: appelle, employer → emploie: ``mene``, ``employe`` are accents or letters lost).
_ALTERNATING_STEM = regex.compile(r"(?:[eé][^aeiouyéèêëàâîïôûù]+|y)$")
#: An infinitive Lexique lacks counts when wordfreq knows it this well and
#: none of its accent variants is valid (``automatiser``; not ``deposer``).
INFERRED_INFINITIVE_ZIPF = 2.0
#: ... and its third person plural this well (``automatisent``; ``santer``
#: is only ``santé`` without its accent: no ``santent``).
INFERRED_PLURAL_ZIPF = 1.0


@functools.lru_cache(maxsize=65536)
def _all_accent_variants(lower: str) -> tuple[Entry | None, tuple[Entry, ...]]:
    """The entry of a lower-case word and its same-length accent variants that
    OCR could have damaged into it (valid or not), most frequent first."""
    lex = lexicon()
    entry = _with_inferred_verb(lex.entry(lower))
    variants = tuple(_with_inferred_verb(e) for e in lex.variants(lower)
                     if e.form != lower and len(e.form) == len(lower)
                     and strip_accents(e.form) == strip_accents(lower)
                     and _ocr_could_print(e.form, lower))
    return entry, variants


def _accent_variants(lower: str) -> tuple[Entry | None, tuple[Entry, ...]]:
    """The entry of a lower-case word and its candidate accent variants: valid
    forms, and forms frequent enough to vouch for themselves (``développeurs``,
    which Lexique lacks)."""
    entry, variants = _all_accent_variants(lower)
    return entry, tuple(v for v in variants if v.valid or v.zipf >= FREQUENT)


def _ocr_could_print(form: str, printed: str) -> bool:
    """True when OCR could print ``printed`` for ``form`` by its accents.

    OCR loses accents and reads one accent for another (mostly grave and
    circumflex as acute: ``auprés``); it rarely invents one.  So no difference
    may take an accent away: ``péles`` is not ``pelés``, ``oncé`` is not
    ``once``.
    """
    return all(p == f or not f.isascii() for p, f in zip(printed, form))


def _rare_accent_change(form: str, printed: str) -> bool:
    """True when a printed accent other than é/à is changed (``è`` → ``é``):
    OCR does it rarely, and reformed spellings (``suggèrera``) look like it."""
    return any(p != f and not p.isascii() and p not in WRONG_ACCENTS
               for p, f in zip(printed, form))


def _accent_choice(word: str, ctx: dict,
                   config: Config) -> tuple[str, str, float] | None:
    lower = word.lower()
    if len(lower) != len(word) or not lower.isalpha():
        return None
    entry, variants = _accent_variants(lower)
    if entry is not None and entry.protected:
        return None
    if not config.accent_capitals:
        variants = tuple(v for v in variants if _capitals_kept(word, v.form))
    rule = _rule_for(lower, ctx)
    if rule is not None:
        if rule.keeps:
            return None
        target = next((v for v in variants if v.form == rule.becomes), None)
        if target is None:
            return None
        return _recased_choice(word, target.form, f"context: {rule.example}", 0.9)
    if not variants:
        return None
    if entry is not None and entry.valid:
        # a printed word that is no verb form is changed only by a rule that
        # says which words it applies to (self=)
        choice = _generic_choice(entry, list(variants), ctx,
                                 self_rules_only=not entry.flags & Flag.VERB)
        if choice is None:
            return None
        v, rule = choice
        return _recased_choice(word, v.form, f"context: {rule.example}", 0.8)
    wz = entry.zipf if entry else 0.0
    valid = [v for v in variants if v.valid]
    if len(valid) > 1:
        # several valid readings: a context rule that picks one decides
        # (verb forms only: after a determiner an adjective is as likely as a noun)
        choice = _generic_choice(entry, valid, ctx)
        if choice is not None and choice[1].becomes in VERB_FORM_TAGS \
                and choice[0].zipf - wz >= ACCENT_MARGIN:
            v, rule = choice
            return _recased_choice(word, v.form, f"context: {rule.example}", 0.8)
    best = variants[0]
    margin = ACCENT_MARGIN_COMMON if wz >= 3.0 else ACCENT_MARGIN
    if word[0].isupper() and not _at_start(ctx["prev"]):
        margin = max(margin, ACCENT_MARGIN_NAME)
    if all(p.isupper() for p, f in zip(word, best.form) if p.lower() != f):
        # only capitals change (accent_capitals): wordfreq counts "Etat" as
        # "etat", so the printed form's frequency says nothing against "état".
        margin = ACCENT_MARGIN
    if not best.valid or _rare_accent_change(best.form, lower):
        margin = max(margin, FREQUENT_MARGIN)
    if best.zipf - wz < margin:
        return None
    others = [v for v in _all_accent_variants(lower)[1] if not v.valid
              and best.zipf - v.zipf < AMBIGUITY]
    if others:
        return None  # a form the lexicon cannot vouch for is about as frequent
    close = [v for v in variants if best.zipf - v.zipf < AMBIGUITY]
    if len(close) > 1:
        choice = _generic_choice(entry, close, ctx)
        if choice is None:
            return None
        v, rule = choice
        return _recased_choice(word, v.form, f"context: {rule.example}", 0.75)
    reason = (f"accents: {best.form} (zipf {best.zipf:.1f}, "
              f"{'valid' if best.valid else 'frequent'}) over "
              f"{lower} ({wz:.1f}, {'unknown' if entry is None else 'not a valid form'})")
    confidence = min(0.99, 0.6 + (best.zipf - wz) / 5)
    return _recased_choice(word, best.form, reason, round(confidence, 3))


_ORDINAL_EME = regex.compile(r"\d+([eé])mes?")


def _compound_edit(t: Token, config: Config, elided: str = "") -> Edit | None:
    """A hyphenated word as a whole: an edit (``vis-a-vis`` → ``vis-à-vis``,
    ``c'est-a-dire`` → ``c'est-à-dire`` with ``elided`` = ``c'``), a no-op
    edit when the compound is a valid form, or None to look at its parts."""
    if elided:
        whole = Token("word", t.start - len(elided), t.end, elided + t.text)
        edit = _compound_edit(whole, config)
        if edit is not None and edit.after[:len(elided)].lower() == elided.lower():
            return Edit("restore_accents", t.start, t.end, t.text, edit.after[len(elided):],
                        edit.reason, edit.confidence)
    lex = lexicon()
    lower = _norm(t.text)
    entry = lex.entry(lower)
    if entry is not None and entry.valid:
        return Edit("restore_accents", t.start, t.end, t.text, t.text)
    if len(lower) != len(t.text):
        return None
    wz = entry.zipf if entry else 0.0
    for v in lex.variants(lower):
        if (v.valid and len(v.form) == len(lower) and v.form != lower
                and _ocr_could_print(v.form, lower)
                and (config.accent_capitals or _capitals_kept(t.text, v.form))
                and v.zipf - wz >= ACCENT_MARGIN):
            recased = _recase(t.text, v.form)
            if recased is None:
                continue
            new = "".join(p if p in "’'" else f for p, f in zip(t.text, recased))
            return Edit("restore_accents", t.start, t.end, t.text, new,
                        f"accents: the compound {v.form} (zipf {v.zipf:.1f}, valid)", 0.9)
    return None


def _word_parts(token: Token) -> Iterator[tuple[int, str]]:
    """(offset, text) of each hyphen-separated part of a word token."""
    pos = 0
    for part in token.text.split("-"):
        yield token.start + pos, part
        pos += len(part) + 1


#: Characters that may touch a word (anything else glued to it, like the
#: ``€`` of ``Lâ€™``, means the word is not plain text: mojibake, a symbol).
WORD_NEIGHBOURS = frozenset(" \t\n\x0c\u00a0\u202f\u2009.,;:!?'’‘\"«»“”()[]{}<>-–—/…*_|&")


def _plain(text: str, start: int, end: int) -> bool:
    """True when the word at ``text[start:end]`` touches only spaces and
    punctuation, and is no part of a path, an option or an identifier
    (:func:`_in_identifier`)."""
    return ((start == 0 or text[start - 1] in WORD_NEIGHBOURS)
            and (end == len(text) or text[end] in WORD_NEIGHBOURS)
            and not _in_identifier(text, start, end))


#: Around the run of characters a word is part of: what is not the run.
_RUN_EDGE = " \t\n\x0c\u00a0\u202f\u2009«»“”\"‘’'"
#: A run with one of these is a path, an identifier or an address.
_IDENTIFIER_CHARS = frozenset("_=@\\~")
#: A manual page name after a word: ``ls(1)``, ``apt_preferences(5)``, ``printf(3p)``
#: (also read by the segmentation group).
MAN_PAGE = regex.compile(r"\(\d\p{Ll}?\)")


def _in_identifier(text: str, start: int, end: int) -> bool:
    """True when the word at ``text[start:end]`` is part of a path, a command
    line option, an identifier or a manual page name (``/etc/apt/preferences``,
    ``--ignore-depends``, ``nom_hote``, ``apt_preferences(5)``): text a
    machine reads, which no stage may correct.  ``et/ou`` is no path.

    >>> t = "le fichier /etc/apt/preferences, nom_hote, --force-depends et/ou lsmod(8) -nn"
    >>> [_in_identifier(t, m.start(), m.end()) for m in regex.finditer(r"\\p{L}+", t)]
    [False, False, True, True, True, True, True, True, True, False, False, True, True]
    """
    if MAN_PAGE.match(text, end):
        return True
    s = start
    while s > 0 and text[s - 1] not in _RUN_EDGE:
        s -= 1
    e = end
    while e < len(text) and text[e] not in _RUN_EDGE:
        e += 1
    run = text[s:e].rstrip(".,;:!?)]»")
    if run.startswith("(") and ")" not in run:
        run = run[1:]
    if run.startswith("-") and run[1:2].isascii() and run[1:2].isalpha():
        return True  # a command line option: -nn
    return (run.startswith(("/", "--", "~/", "./")) or any(c in _IDENTIFIER_CHARS for c in run)
            or run.count("/") >= 2)


def _quoted_alone(text: str, start: int, end: int) -> bool:
    """True for a single word between quotes (« déliberation »): a word cited
    as written, which no stage should correct."""
    before = text[max(0, start - 3):start].rstrip(" \u00a0\u202f")
    after = text[end:end + 3].lstrip(" \u00a0\u202f")
    return bool(before) and bool(after) and (
        (before[-1] == "«" and after[0] == "»") or (before[-1] == "“" and after[0] == "”")
        or (before[-1] == '"' and after[0] == '"'))


def _accent_edits(text: str, config: Config) -> list[Edit]:
    """One pass of restore_accents: its edits."""
    tokens = tokenize(text)
    ctx = _Context(tokens)
    edits: list[Edit] = []
    for i, t in enumerate(ctx.sig):
        if t.kind == "punct" and t.text == "&":
            edit = _ampersand(text, t, ctx.neighbours(i))
            if edit:
                edits.append(edit)
            continue
        if t.kind == "protected" and t.what in ("ordinal", "code"):
            # "16eme", "16éme" (read as a code): the ordinal suffix is "ème"
            m = _ORDINAL_EME.fullmatch(t.text)
            if m:
                s = t.start + m.start(1)
                edits.append(Edit("restore_accents", s, s + 1, m.group(1), "è",
                                  "accents: the ordinal suffix ème", 0.99))
            continue
        if t.kind != "word" or "'" in t.text or "’" in t.text:
            continue
        if not _plain(text, t.start, t.end) or _quoted_alone(text, t.start, t.end):
            continue
        if "-" in t.text:
            prev = ctx.sig[i - 1] if i else None
            elided = prev.text if prev is not None and prev.kind == "elision" \
                and prev.end == t.start else ""
            edit = _compound_edit(t, config, elided)
            if edit is not None:
                if edit.before != edit.after:
                    edits.append(edit)
                continue
            parts = list(_word_parts(t))
        else:
            parts = [(t.start, t.text)]
        rules = context_rules()
        slashed = text[t.start - 1:t.start] == "/" or text[t.end:t.end + 1] == "/"
        for start, part in parts:
            if not part or part.isupper() and len(part) > 1:
                continue
            lower = part.lower()
            if slashed and lexicon().is_valid(lower):
                continue  # « de/des », « a/ont » : alternatives, each as written
            if lower not in rules and (len(lower) != len(part)
                                       or not _accent_variants(lower)[1]):
                continue  # nothing to choose from: most words, decided at once
            if len(parts) > 1:
                piece = Token("word", start, start + len(part), part)
                neighbours = {"self": piece, "prev": None, "next": None, "next2": None,
                              "prev_ctx": None}
            else:
                neighbours = ctx.neighbours(i)
            choice = _accent_choice(part, neighbours, config)
            if choice is None or choice[0] == part:
                continue
            new, reason, confidence = choice
            edits.append(Edit("restore_accents", start, start + len(part), part, new,
                              reason, confidence))
    return edits


def restore_accents(text: str, config: Config = DEFAULT) -> Fixed:
    """Restore missing accents and mend wrong ones, with the lexicon and context.

    A word is changed only to a valid form that differs from it in diacritics
    alone and is clearly more frequent; words that are valid themselves change
    only by a context rule.  Capitals stay as printed (``Etat``) unless
    ``Config(accent_capitals=True)``.  ``&`` between lower-case words, an OCR
    reading of ``à``, becomes ``à`` where the context rules for ``a`` call
    for ``à``.

    >>> restore_accents("Il est tres content d'etre auprés de vous.").text
    "Il est très content d'être auprès de vous."
    >>> restore_accents("Trop de Francais ont renoncé a se soigner a temps.").text
    'Trop de Français ont renoncé à se soigner à temps.'
    >>> restore_accents("Il a été décidé ; l'Etat a la charge ; la ou il va.").text
    "Il a été décidé ; l'Etat a la charge ; là où il va."
    >>> restore_accents("Le 16eme arrondissement, au XIXe siècle.").text
    'Le 16ème arrondissement, au XIXe siècle.'
    >>> restore_accents("La 16éme législature, dés 2017 ; Debian fédére un réseau.").text
    'La 16ème législature, dès 2017 ; Debian fédère un réseau.'
    >>> restore_accents("contribuer & améliorer ; Johnson & Johnson").text
    'contribuer à améliorer ; Johnson & Johnson'
    """
    edits = _accent_edits(text, config)
    for _ in range(MAX_ACCENT_PASSES - 1):
        if not edits:
            break
        # A repaired word can decide its neighbour's context ("se referent a"
        # → "se réfèrent à"): run again until nothing changes, so that cleaning
        # twice changes nothing more.
        more = _accent_edits(apply_edits(text, edits), config)
        if not more:
            break
        edits = [e for e in compose_edits(text, edits, more) if e.before != e.after]
    return Fixed.from_edits(text, edits)


# --- fix_glyph_confusions ------------------------------------------------------

#: Confusions that insert a letter (an ``e`` beside an ``é``): OCR may insert
#: two in one word (``intéegreé``, ``agréeeés``), so two may be undone together.
REPEATABLE = frozenset({"eé", "ée"})


def _candidates(word: str) -> Iterator[tuple[str, Confusion, int]]:
    """Readings of ``word`` with one confusion undone, or two inserted letters
    removed (:data:`REPEATABLE`): (reading, confusion, position)."""
    seen: set[str] = set()
    for reading, c, i in _single_candidates(word):
        yield reading, c, i
        if c.printed not in REPEATABLE:
            continue
        for again, c2, j in _single_candidates(reading):
            if c2.printed in REPEATABLE and again not in seen:
                seen.add(again)
                yield again, Confusion(c.printed, c.meant, c.cost + c2.cost,
                                       f"{c.example}, twice"), min(i, j)


def _single_candidates(word: str) -> Iterator[tuple[str, Confusion, int]]:
    """Readings of ``word`` with one confusion undone: (reading, confusion, position)."""
    for c in confusions():
        start = 0
        while True:
            i = word.find(c.printed, start)
            if i < 0:
                break
            start = i + 1
            if c.printed == "I":
                after = word[i + 1:i + 2]
                before = word[i - 1:i] if i else ""
                if not after.islower() or (before and not before.islower()):
                    continue
            yield word[:i] + c.meant + word[i + len(c.printed):], c, i


def _accent_distance(a: str, b: str) -> int:
    return sum(1 for x, y in zip(a, b) if x != y)


@functools.lru_cache(maxsize=65536)
def _glyph_choice(word: str) -> tuple[str, Confusion, int, float, float] | None:
    """The best reading of a word with a glyph confusion undone, if it is clear.

    Returns (form, confusion, position, score, margin) with form lower case.
    """
    lex = lexicon()
    lower = word.lower()
    entry = lex.entry(word)
    if entry is not None and (entry.protected or entry.valid and entry.zipf >= VALID_GLYPH_MAX):
        return None
    keep = entry.zipf if entry else 0.0
    if word.isalpha() and len(lower) == len(word):
        _, accent_variants = _accent_variants(lower)
        if accent_variants:
            keep = max(keep, accent_variants[0].zipf)
    scored: dict[str, tuple[float, Confusion, int]] = {}
    for reading, conf, pos in _candidates(word):
        rl = reading.lower()
        for e in lex.variants(rl):
            if not e.valid or len(e.form) != len(rl) or not _ocr_could_print(e.form, rl):
                continue
            score = e.zipf - conf.cost - ACCENT_COST * _accent_distance(e.form, rl)
            if e.form not in scored or score > scored[e.form][0]:
                scored[e.form] = (score, conf, pos)
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda kv: -kv[1][0])
    form, (score, conf, pos) = ranked[0]
    margin = GLYPH_MARGIN_SHORT if len(lower) <= 3 else GLYPH_MARGIN
    if entry is not None and entry.valid:
        margin = VALID_GLYPH_MARGIN
    if score - keep < margin:
        return None
    # the lead is over other letter sequences; accents are restore_accents' choice
    rivals = [sc for f, (sc, _, _) in ranked[1:] if strip_accents(f) != strip_accents(form)]
    if rivals and score - rivals[0] < GLYPH_LEAD:
        return None
    return form, conf, pos, score, score - keep


def _glyph_recase(word: str, form: str, conf: Confusion, pos: int, at_start: bool) -> str:
    if conf.printed == "I" and pos == 0:
        return form[0].upper() + form[1:] if at_start else form
    if word[:1].isupper():
        return form[0].upper() + form[1:]
    return form


_AMPERSAND_NEIGHBOURS = ("word", "elision")


def fix_glyph_confusions(text: str, config: Config = DEFAULT) -> Fixed:
    """Undo letters OCR mistook for others, when the lexicon is clear about it.

    Each reading undoes one confusion of ``wordlists/confusions.tsv`` (with its
    cost) and must be a valid form clearly more frequent than the printed word
    and than any other reading.  Valid words, names the lexicon knows and
    protected tokens are left alone.

    >>> fix_glyph_confusions("du c6té de la ceuvre, gue faire ?").text
    'du côté de la œuvre, que faire ?'
    >>> fix_glyph_confusions("Trois fagons de jouer un réle.").text
    'Trois façons de jouer un rôle.'

    A valid word is read as another only by a context rule of
    ``accent_context.tsv`` (``gui``, the plant, after a determiner):

    >>> fix_glyph_confusions("Un centre gui marche ; le gui pousse.").text
    'Un centre qui marche ; le gui pousse.'

    The context is read as repaired: ``coucret gui`` is ``concret qui``.

    >>> fix_glyph_confusions("un projet coucret gui sera").text
    'un projet concret qui sera'
    """
    edits = _glyph_edits(text)
    for _ in range(MAX_ACCENT_PASSES - 1):
        if not edits:
            break
        # A repaired word can decide its neighbour's context: run again until
        # nothing changes, so that cleaning twice changes nothing more.
        more = _glyph_edits(apply_edits(text, edits))
        if not more:
            break
        edits = [e for e in compose_edits(text, edits, more) if e.before != e.after]
    return Fixed.from_edits(text, edits)


def _glyph_edits(text: str) -> list[Edit]:
    tokens = tokenize(text)
    ctx = _Context(tokens)
    edits: list[Edit] = []
    for i, t in enumerate(ctx.sig):
        if t.kind not in ("word", "mixed") or "-" in t.text or "'" in t.text \
                or "’" in t.text or len(t.text) < 2:
            continue
        if t.text.isupper() or not _plain(text, t.start, t.end) \
                or _quoted_alone(text, t.start, t.end):
            continue
        choice = _glyph_choice(t.text)
        if choice is None:
            edit = _glyph_context_edit(t, ctx, i)
            if edit is not None:
                edits.append(edit)
            continue
        form, conf, pos, score, margin = choice
        prev = ctx.neighbours(i)["prev"]
        new = _glyph_recase(t.text, form, conf, pos, _at_start(prev))
        if new == t.text:
            continue
        reason = (f"glyph {conf.printed!r} read for {conf.meant!r} ({conf.example}); "
                  f"{form} scores {score:.1f}, {margin:.1f} above the printed word")
        edits.append(Edit("fix_glyph_confusions", t.start, t.end, t.text, new, reason,
                          round(min(0.99, 0.5 + margin / 6), 3)))
    return edits


def _glyph_context_edit(t: Token, ctx: _Context, i: int) -> Edit | None:
    """A valid word read as another by a context rule of
    ``accent_context.tsv`` whose target is one of its glyph readings
    (``gui`` → ``qui`` between a noun and a verb); lower case only."""
    word = t.text
    if word != word.lower() or word not in context_rules():
        return None
    nb = ctx.neighbours(i)
    rule = _rule_for(word, nb)
    if rule is None or rule.keeps:
        return None
    for reading, conf, _ in _candidates(word):
        if reading.lower() == rule.becomes and lexicon().is_valid(rule.becomes):
            return Edit("fix_glyph_confusions", t.start, t.end, word, rule.becomes,
                        f"glyph {conf.printed!r} read for {conf.meant!r} "
                        f"(context: {rule.example})", 0.85)
    return None


def _ampersand(text: str, t: Token, nb: dict[str, Token | None]) -> Edit | None:
    prev, nxt = nb["prev"], nb["next"]
    if not (t.start > 0 and text[t.start - 1] == " " and text[t.end:t.end + 1] == " "):
        return None
    if nxt is None or nxt.kind not in _AMPERSAND_NEIGHBOURS or not nxt.text[:1].islower():
        return None
    if prev is not None and prev.kind in _AMPERSAND_NEIGHBOURS and not prev.text[:1].islower():
        return None
    if prev is not None and prev.kind not in _AMPERSAND_NEIGHBOURS + ("punct",):
        return None
    rule = _rule_for("a", nb)
    if rule is None or rule.keeps:
        return None
    return Edit("restore_accents", t.start, t.end, "&", "à",
                f"'&' read for 'à' (context: {rule.example})", 0.85)


# --- fix_elision_glyphs --------------------------------------------------------

_ELIDED_ALT = r"(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu)"
#: I' |' I’ (and 1' before a lower-case vowel) at the start of a word: l'
_I_FOR_L = regex.compile(
    r"(?<![\p{L}\p{N}'’])(?:[I|]|1(?=['’][aeiouyhàâéèêëîïôûù]))(['’‘])(?=(\p{L}[\p{L}\p{N}]*))", regex.V1)
#: Two apostrophes after an elided word: d’'une, n‘'empêchent
_DOUBLED = regex.compile(r"(?<![\p{L}])(" + _ELIDED_ALT + r")(['’‘]{2})(?=\p{L})", regex.V1)
#: A lone apostrophe where l' lost its l: de 'ARS
_LOST_L = regex.compile(
    r"(?<=^|[\s(«\"])(['’])(?=(\p{L}[\p{L}\p{N}]*))", regex.V1 | regex.M)
_ELISION_VOWEL = frozenset("aeiouyhàâéèêëîïôûAEIOUYHÀÂÉÈÊÎÔ")
_NEXT_QUOTE = regex.compile(
    r"(?P<opening>(?<=\s)['’](?=\p{L}))|(?P<closing>(?<=\p{L})['’](?![\p{L}'’‘]))", regex.V1)
#: gu' for qu' (qu', lorsqu', jusqu', puisqu', quoiqu'): never French as printed
_GU_FOR_QU = regex.compile(
    r"(?<![\p{L}])((?i:lors|jus|puis|quoi)?)([gG])(?=u['’]\p{L})", regex.V1)
#: A word that may be an elision whose apostrophe was lost: linstallation
GLUED_ELISION = regex.compile(
    r"(?<![\p{L}\p{N}'’])((?i:qu|jusqu|lorsqu|puisqu|[ldjmnstc]))"
    r"([aeiouyhàâéèêîôûAEIOUYHÀÂÉÈÊÎÔ]\p{L}+)(?![\p{L}\p{N}'’-])", regex.V1)
#: The split must read as a valid word this frequent (Zipf; more for a word
#: of one or two letters: un, il, y) ...
GLUED_REST_ZIPF = 3.0
GLUED_SHORT_ZIPF = 5.0
#: ... and this much more frequent than the printed word (wordfreq has the
#: glued forms of informal writing: cest, dun).
GLUED_MARGIN = 2.0
#: After a clitic (m, t, s, n, j, c) the split is often a verb that reads well
#: glued or not (maillent, m'aillent): more margin.
GLUED_CLITIC_MARGIN = 3.0


def _lost_apostrophes(text: str) -> list[Edit]:
    """``linstallation`` → ``l'installation``: an elided word glued to the next."""
    lex = lexicon()
    edits = []
    apostrophe = "’" if text.count("’") > text.count("'") else "'"
    for m in GLUED_ELISION.finditer(text):
        word, rest = m.group(0), m.group(2)
        entry = lex.entry(word)
        if entry is not None and entry.valid:
            continue
        if word[1:].isupper() or any(ch.isupper() for ch in rest[1:]):
            continue
        if _in_identifier(text, m.start(), m.end()):
            continue  # /dest, libm.so: a path or a file name
        if word[0].isupper() and not _sentence_start(text, m.start()):
            continue  # SPARCStations Sun: a name inside a sentence
        best = lex.entry(rest) if lex.is_valid(rest) else lex.best_variant(rest)
        if best is None or not best.valid \
                or best.zipf < (GLUED_REST_ZIPF if len(rest) > 2 else GLUED_SHORT_ZIPF):
            continue  # libm is no l'IBM: the word after the apostrophe is a valid form
        margin = GLUED_MARGIN if m.group(1).lower() in ("l", "d") or len(m.group(1)) > 1 \
            else GLUED_CLITIC_MARGIN
        if best.zipf - (entry.zipf if entry else 0.0) < margin:
            continue
        if len(word) == len(word.lower()) and _accent_variants(word.lower())[1]:
            continue  # an accent away from a word (Téte: Tête), not a lost apostrophe
        s = m.end(1)
        edits.append(Edit("fix_elision_glyphs", s, s, "", apostrophe,
                          f"apostrophe lost between {m.group(1)!r} and {rest!r} "
                          f"({best.form}, zipf {best.zipf:.1f})", 0.85))
    return edits


_SENTENCE_END = regex.compile(r"(?:^|[.!?…]\s+|\n\s*\n\s*)$")


def _sentence_start(text: str, pos: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, pos - 20):pos])) if pos else True


def _future_reading(word: str) -> str | None:
    """The word as the later stages will leave it, when it is (or will be) a
    valid form: itself, its glyph reading or its accent variant (so that a
    second run of the words stages finds nothing more to do)."""
    if lexicon().is_valid(word):
        return word
    lower = word.lower()
    if word.isalnum():
        choice = _glyph_choice(word)
        if choice is not None:
            return choice[0]
    if len(lower) == len(word):
        variants = _accent_variants(lower)[1]
        if variants:
            return variants[0].form
    return None


def _never_after_article(word: str) -> bool:
    """Whether ``word`` is only a preposition, a pronoun or a conjunction
    (``avec``, ``il``, ``ou``): ``l'`` never goes before it."""
    if word.lower() in ("on", "un", "une", "autre", "autres"):
        return False  # l'on, l'un, l'autre
    forms = [e for e in lexicon().variants(word.lower()) if e.valid and e.form == word.lower()]
    return bool(forms) and all(
        e.has(Flag.PREP | Flag.PRON | Flag.CONJ) and not e.has(Flag.NOUN | Flag.ADJ | Flag.VERB)
        for e in forms)


def _known_after_elision(word: str) -> bool:
    lex = lexicon()
    return bool(word[:1].isupper() or _future_reading(word) or lex.zipf(word) >= 3.0)


def fix_elision_glyphs(text: str, config: Config = DEFAULT) -> Fixed:
    """Repair the elided ``l'`` and doubled apostrophes OCR produces.

    ``I'``, ``|'`` and ``I’`` before a word become ``l'`` (``L'`` at the start
    of a sentence); two apostrophes after an elided word become one (the
    first); a lone apostrophe before a known word (``de 'ARS``) gets its ``l``
    back; ``gu'`` becomes ``qu'``; an elided word glued to the next
    (``linstallation``) gets its apostrophe back when the rest is a frequent
    word and the whole is not.  English ``I'm``, ``I've``, ``I'd``, ``I'll``
    stay.

    >>> fix_elision_glyphs("De I'Etat et |'envers. I’ordre d’'une part, n‘'empêchent").text
    "De l'Etat et l'envers. L’ordre d’une part, n'empêchent"
    >>> fix_elision_glyphs("I'm here, dit-il, et l'on rit.").text
    "I'm here, dit-il, et l'on rit."
    >>> fix_elision_glyphs("la région de 'ARS, mais 'entre guillemets' reste").text
    "la région de l'ARS, mais 'entre guillemets' reste"
    >>> fix_elision_glyphs("favoriser linstallation, lorsgu'il vient").text
    "favoriser l'installation, lorsqu'il vient"
    """
    edits: list[Edit] = []
    for m in _I_FOR_L.finditer(text):
        after = m.group(2)
        if after[0].isupper():
            if after[0] not in _ELISION_VOWEL or not _known_after_elision(after):
                continue
        elif (_future_reading(after) or after)[0] not in _ELISION_VOWEL:
            continue
        apostrophe = m.group(1) if m.group(1) != "‘" else "’"
        el = ("L" if _sentence_start(text, m.start()) else "l") + apostrophe
        edits.append(Edit("fix_elision_glyphs", m.start(), m.end(), m.group(0), el,
                          f"{m.group(0)!r} read for {el!r} before {after!r}", 0.95))
    for m in _DOUBLED.finditer(text):
        pair = m.group(2)
        apostrophe = pair[0] if pair[0] != "‘" else pair[1]
        s = m.start(2)
        edits.append(Edit("fix_elision_glyphs", s, m.end(2), pair, apostrophe,
                          f"doubled apostrophe after {m.group(1)!r}", 0.95))
    for m in _LOST_L.finditer(text):
        word = m.group(2)
        end = m.end(1) + len(word)
        if text[end:end + 1] in ("'", "’"):
            continue
        line_end = text.find("\n", end)
        rest = text[end:line_end if line_end >= 0 else len(text)]
        quote = _NEXT_QUOTE.search(rest[:80])
        if quote and quote.group("closing"):
            continue  # a closing single quote follows: a quotation, not an elision
        reading = word if word.isupper() and len(word) >= 2 else _future_reading(word)
        if reading is None or reading[0] not in _ELISION_VOWEL:
            continue
        if _never_after_article(reading):
            continue  # « finie 'avec », « s 'il » : no l' before a preposition or a pronoun
        el = ("L" if _sentence_start(text, m.start()) else "l") + m.group(1)
        edits.append(Edit("fix_elision_glyphs", m.start(1), m.end(1), m.group(1), el,
                          f"'l' lost before an apostrophe and {word!r}", 0.8))
    for m in _GU_FOR_QU.finditer(text):
        q = "Q" if m.group(2) == "G" else "q"
        edits.append(Edit("fix_elision_glyphs", m.start(2), m.end(2), m.group(2), q,
                          f"'g' read for 'q' in {m.group(0)!r}", 0.95))
    edits.extend(_lost_apostrophes(text))
    edits.sort(key=lambda e: e.start)
    kept: list[Edit] = []
    for e in edits:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return Fixed.from_edits(text, kept)
