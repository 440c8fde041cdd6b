"""The ordered table of stages, and the functions that run it.

Stages run in the order of :data:`STAGES`; each is a small function
``fix(text, config) -> Fixed`` named after what it repairs, in the module of
its group.  Nothing registers itself at import time: this table is the whole
pipeline.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from . import encoding, layout, segmentation, words
from .config import DEFAULT, Config
from .edits import Change, Edit, attach_source_spans, changes, replay
from .fixed import Fixed

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    group: str
    fix: Callable[[str, Config], Fixed]
    summary: str


STAGES: tuple[Stage, ...] = (
    # encoding: from bytes to well-formed Unicode
    Stage("normalize_newlines", "encoding", encoding.normalize_newlines,
          "CRLF, CR and Unicode line separators to \\n"),
    Stage("repair_mojibake", "encoding", encoding.repair_mojibake,
          "text decoded with the wrong code page, re-decoded (ftfy)"),
    Stage("remove_control_chars", "encoding", encoding.remove_control_chars,
          "control characters, terminal escapes and stray BOMs removed"),
    Stage("fix_latin_ligatures", "encoding", encoding.fix_latin_ligatures,
          "ﬁ ﬂ ﬀ ﬃ ﬄ spelt out (œ and æ stay)"),
    Stage("normalize_nfc", "encoding", encoding.normalize_nfc,
          "Unicode NFC composition"),
    # layout: page furniture, line-end hyphens, paragraphs (issue 4)
    Stage("remove_page_furniture", "layout", layout.remove_page_furniture,
          "page numbers, running headers, debris lines and form feeds removed"),
    Stage("rejoin_hyphenated_lines", "layout", layout.rejoin_hyphenated_lines,
          "words cut by a hyphen at a line end rejoined, compounds kept"),
    Stage("restore_paragraphs", "layout", layout.restore_paragraphs,
          "hard-wrapped lines joined into one paragraph per line"),

    # segmentation: run-together words split, split words joined (issue 6).
    # Before the words group, which then repairs each part as a word of its own.
    Stage("rejoin_split_words", "segmentation", segmentation.rejoin_split_words,
          "a word broken by a stray space joined (con tinue)"),
    Stage("split_run_together_words", "segmentation", segmentation.split_run_together_words,
          "words run together split with spaces (Lesélus, lenombrede)"),

    # words: French words repaired with the lexicon (issue 5)
    Stage("fix_elision_glyphs", "words", words.fix_elision_glyphs,
          "I' |' read for l', doubled apostrophes, l lost before an apostrophe"),
    Stage("fix_glyph_confusions", "words", words.fix_glyph_confusions,
          "letters OCR mistook for others (c6té, réle, ceuvre, gue, fagon)"),
    Stage("restore_accents", "words", words.restore_accents,
          "missing and wrong accents (tres, auprés, a/à, ou/où by context), & for à"),

    # layout again, last: re-wrapping (only with --width) comes after every
    # repair, so that words split or joined later do not break the width, and
    # the stages before it always see one paragraph per line.
    Stage("wrap_paragraphs", "layout", layout.wrap_paragraphs,
          "re-wrapped at --width columns (only with --width)"),
)

GROUPS: tuple[str, ...] = tuple(dict.fromkeys(s.group for s in STAGES))


def stage_names_for(name: str) -> list[str]:
    """The stages a name stands for: one stage, or every stage of a group."""
    if name in GROUPS:
        return [s.name for s in STAGES if s.group == name]
    if any(s.name == name for s in STAGES):
        return [name]
    known = ", ".join([*GROUPS, *(s.name for s in STAGES)])
    raise ValueError(f"unknown stage or group {name!r} (known: {known})")


def group_of(stage: str) -> str:
    for s in STAGES:
        if s.name == stage:
            return s.group
    raise ValueError(f"unknown stage {stage!r}")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of cleaning: the text, every edit, and what it came from.

    ``encoding`` is the codec the input bytes were decoded with, or ``None``
    when the input was already text.
    """

    text: str
    edits: tuple[Edit, ...]
    original: str
    encoding: str | None = None

    def counts(self) -> dict[str, int]:
        """Number of edits per stage, in pipeline order."""
        c = Counter(e.stage for e in self.edits)
        ordered = {s.name: c.pop(s.name) for s in STAGES if s.name in c}
        return {**ordered, **c}

    def changes(self) -> list[Change]:
        """Changed regions of the original and the output, with their edits."""
        return changes(self.original, self.text, self.edits)

    def replay(self) -> str:
        """Re-apply the edits to the original (equals ``text``)."""
        return replay(self.original, self.edits)

    def report(self) -> dict:
        """A JSON-ready record of the run (the ``--report`` format)."""
        return {
            "format": "ocrfix-report",
            "version": 1,
            "encoding": self.encoding,
            "counts": self.counts(),
            "edits": [e.to_dict() for e in self.edits],
        }


def clean(text: str, config: Config | None = None) -> Cleaned:
    """Run every enabled stage on ``text``.

    >>> r = clean("Ã©tÃ© ﬁni")
    >>> r.text
    'été fini'
    >>> r.counts()
    {'repair_mojibake': 1, 'fix_latin_ligatures': 1}
    >>> r.replay() == r.text
    True
    """
    config = config or DEFAULT
    original = text
    edits: list[Edit] = []
    for stage in STAGES:
        if not config.enabled(stage.name):
            continue
        fixed = stage.fix(text, config)
        if fixed.edits:
            logger.debug("%s: %d edits", stage.name, len(fixed.edits))
            edits.extend(fixed.edits)
        text = fixed.text
    return Cleaned(text, tuple(attach_source_spans(edits)), original)


def clean_bytes(data: bytes, config: Config | None = None) -> Cleaned:
    """Decode ``data`` (see :func:`ocrfix.encoding.decode_bytes`) and clean it.

    >>> r = clean_bytes("Le café était fermé.".encode("cp1252"))
    >>> r.encoding, r.text
    ('cp1252', 'Le café était fermé.')
    """
    config = config or DEFAULT
    text, codec = encoding.decode_bytes(data, config.encoding)
    result = clean(text, config)
    return Cleaned(result.text, result.edits, result.original, codec)
