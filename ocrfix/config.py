"""The one immutable configuration of a cleaning run.

Every stage of :data:`ocrfix.pipeline.STAGES` has a boolean field of the same
name here, a ``--no-<stage>`` flag on the command line (with ``_`` written as
``-``) and the same label on its edits.  Groups of stages (``encoding``,
``layout``, ...) can be switched off together with :meth:`Config.without`.

>>> cfg = Config().without("repair_mojibake")
>>> cfg.repair_mojibake, cfg.normalize_nfc
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Config:
    """Which stages run, and their options.

    Stages (all on by default; each risk is what the stage could do wrong):

    ``normalize_newlines`` (encoding)
        CRLF, CR, U+2028 and U+2029 become ``\\n``.  Risk: none.
    ``repair_mojibake`` (encoding)
        Text decoded with the wrong code page (``Ã©`` for ``é``, ``Ă©`` through
        Windows-1250, ``√©`` through Mac Roman) is re-decoded with ftfy, line by
        line, keeping curly quotes.  Risk: a correct line made of the rare
        character pairs that ftfy reads as mojibake (very unlikely in French).
    ``remove_control_chars`` (encoding)
        C0/C1 control characters other than tab, newline and form feed, terminal
        escape sequences and stray BOMs go; lone surrogates become U+FFFD.
        Risk: none for text.
    ``fix_latin_ligatures`` (encoding)
        ``ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ`` become letters; ``œ`` and ``æ`` are French letters and
        stay.  Risk: none.
    ``normalize_nfc`` (encoding)
        Unicode NFC composition (``e`` + U+0301 becomes ``é``).  Risk: none.

    ``remove_page_furniture`` (layout)
        In a hard-wrapped text, lines that are page numbers (``3/39``,
        ``- page 2414``, ``- 12 -``, bare numbers that count pages or stand
        alone in prose), running headers and footers repeated at page edges,
        debris (``E}fi``, ``<&``, ``—_—``, a lone ``|``, and very short
        non-words at a page edge) are removed, each as an edit carrying the
        line; form feeds go from any text.  Risk: a content line made only of
        a number or of symbols (a chapter number alone) is taken for furniture.
    ``rejoin_hyphenated_lines`` (layout)
        In a hard-wrapped text, a word cut by a hyphen at a line end is joined
        or keeps its hyphen as the document writes it elsewhere, else as the
        lexicon knows it (``peut-être``, ``pluri-professionnels``), else from
        frequencies; names and ``-le``, ``-t-il``, ``-ci`` keep their hyphen.
        Risk: a compound unknown to the lexicon whose first part is no word
        (``masso-kinésithérapie``) is joined.
    ``restore_paragraphs`` (layout)
        A hard-wrapped text becomes one paragraph per line, paragraphs
        separated by one blank line; headings and list items are paragraphs
        of their own.  Text already one paragraph per line, markdown tables and
        fenced blocks are left alone.  Risk: a paragraph end on a full line
        followed by a capital is missed (the paragraphs are joined), or a
        heading is joined to its first line.
    ``wrap_paragraphs`` (layout)
        Only with ``width``: lines longer than ``width`` are re-wrapped at
        spaces.  Runs last, after the words and segmentation stages, which
        therefore always see one paragraph per line.  Risk: none for the
        words; the layout is a choice.
    ``rejoin_split_words`` (segmentation)
        Two words across one space become one (``con tinue``, ``dé
        veloppement``) when the joined form is a word and a half is not, or
        is far rarer than the joined word (``lance ment``); ``en fin``, ``bien
        tôt``, ``par fois``, ``a tout`` stay.  Risk: a correct pair whose rarer
        half the lexicon lacks, when the two make a word.
    ``split_run_together_words`` (segmentation)
        A token that is not a word is cut into words where the lexicon's
        frequencies say they meet (``Lesélus``, ``lenombrede``, ``santé,et``,
        ``paquetsDebian``), inserting spaces only.  Never a valid word, a name,
        an acronym, a number or code, a hyphenated compound.  Risk: a correct
        word unknown to the lexicon that reads as frequent words (a rare
        technical term, an English word).

    ``fix_elision_glyphs`` (words)
        ``I'``, ``|'``, ``I’`` before a word become ``l'`` (``L'`` at a sentence
        start); doubled apostrophes after an elided word (``d’'une``) become one;
        a lone apostrophe before a known word (``de 'ARS``) gets its ``l``.
        Risk: a single-quoted phrase without a closing quote on its line read as
        an elision; English ``I'm``/``I've``/``I'll``/``I'd`` are left alone.
    ``fix_glyph_confusions`` (words)
        Letters OCR mistook for others (``c6té``, ``réle``, ``ceuvre``, ``gue``,
        ``fagon``, ``rn``/``m``, ``cl``/``d``, ``li``/``h``, ``0``/``1``/``I``
        inside words, an inserted ``e``), from the costed table
        ``wordlists/confusions.tsv``.  Only words that are not
        valid change, to a valid form clearly more frequent.  Risk: a rare
        correct word missing from the lexicon read as a frequent one.
    ``restore_accents`` (words)
        Missing and wrong accents (``tres``, ``auprés``, ``Francais``) from
        frequencies with a margin; words that are valid themselves (``a``,
        ``ou``, ``la``, ``des``, ``cote``...) change only by a context rule of
        ``wordlists/accent_context.tsv``; ``&`` between lower-case words becomes
        ``à`` by the same rules.  Capitals stay as printed.  Risk: a
        context rule wrong in an unusual sentence; a name that is also an
        unaccented word.

    Options:

    ``keep_lines`` (default ``False``)
        ``restore_paragraphs`` keeps the lines of each paragraph and only
        restores the blank lines between paragraphs (``--keep-lines``).
    ``width`` (default ``None``: no wrapping)
        Re-wrap the output at this many columns (``--width N``).
    ``accent_capitals`` (default ``False``)
        Let ``restore_accents`` put accents on capital letters (``Etat`` becomes
        ``État``).  Off by default: unaccented capitals are a typographic choice.

    ``encoding`` (default ``None``: detect)
        Decode input bytes with this codec instead of detecting one.
    """

    # encoding
    normalize_newlines: bool = True
    repair_mojibake: bool = True
    remove_control_chars: bool = True
    fix_latin_ligatures: bool = True
    normalize_nfc: bool = True

    # layout
    remove_page_furniture: bool = True
    rejoin_hyphenated_lines: bool = True
    restore_paragraphs: bool = True
    wrap_paragraphs: bool = True
    keep_lines: bool = False
    width: int | None = None

    # words
    fix_elision_glyphs: bool = True
    fix_glyph_confusions: bool = True
    restore_accents: bool = True

    # segmentation
    rejoin_split_words: bool = True
    split_run_together_words: bool = True

    # options
    encoding: str | None = None
    accent_capitals: bool = False

    def without(self, *names: str) -> "Config":
        """A copy with the named stages, or every stage of the named groups, off.

        Names may use ``-`` or ``_``.  Unknown names raise ``ValueError``.
        """
        from .pipeline import stage_names_for

        off: dict[str, Any] = {}
        for name in names:
            for stage in stage_names_for(name.replace("-", "_")):
                off[stage] = False
        return replace(self, **off)

    def enabled(self, stage: str) -> bool:
        return bool(getattr(self, stage))


DEFAULT = Config()
