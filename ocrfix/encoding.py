"""The ``encoding`` group: from bytes to well-formed Unicode text.

:func:`decode_bytes` turns a file's bytes into text.  The stages that follow
each repair one defect of the decoded text and record it as edits.
"""

from __future__ import annotations

import codecs
import functools
import logging
import unicodedata

import ftfy
import regex

from .chardata import (
    BINARY_SIGNATURES,
    EIGHT_BIT_CANDIDATES,
    LATIN_LIGATURES,
    french_plausibility,
)
from .config import DEFAULT, Config
from .edits import Edit, edits_by_line
from .errors import BinaryInputError, DecodingError
from .fixed import Fixed

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: Bytes cp1252 leaves undefined (the Windows code page has no character for
#: them).  In a cp1252 file they are stray bytes, read as latin-1 reads them
#: (C1 controls, which :func:`remove_control_chars` drops and records), so that
#: one of them does not make its line another code page (mac_roman, where é is È).
CP1252_UNDEFINED = "\x81\x8d\x8f\x90\x9d"
_STRAY = "ocrfix-stray-c1"
_NOT_STRAY = str.maketrans("", "", CP1252_UNDEFINED)


def _stray_as_c1(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error(_STRAY, _stray_as_c1)


def decode_eight_bit(data: bytes, codec: str) -> str:
    r"""Decode with an 8-bit code page; a byte it leaves undefined becomes a C1 control.

    >>> decode_eight_bit(b"caf\xe9 \x81\xe9t\xe9", "cp1252")
    'café \x81été'
    """
    return data.decode(codec, errors=_STRAY)


#: A capital that is not ASCII right after a small letter: ``cafÈ`` (é read as mac_roman).
_CAPITAL_IN_WORD = regex.compile(r"(?<=\p{Ll})(?![A-Z])\p{Lu}")


def eight_bit_plausibility(text: str, codec: str) -> int:
    r""":func:`french_plausibility` of ``text`` decoded with ``codec``.

    In a cp1252 reading, a C1 control can only be a stray byte (cp1252 has
    a character for every other byte): it counts for no code page, as
    neither for nor against French.  An accented capital right after a small
    letter (``cafÈ``, ``fermÈ``) is not French: it counts against, as much
    as a control.

    >>> eight_bit_plausibility("café \x8fétait", "cp1252") > eight_bit_plausibility(
    ...     "cafÈ èÈtait", "mac_roman")
    True
    >>> eight_bit_plausibility("ÉTÉ, Élise, À bientôt", "mac_roman")
    5
    """
    if codec == "cp1252":
        text = text.translate(_NOT_STRAY)
    return french_plausibility(text) - 4 * len(_CAPITAL_IN_WORD.findall(text))


def _best_eight_bit(data: bytes) -> tuple[str, str]:
    """The 8-bit code page whose decoding looks most like French."""
    best: tuple[int, str, str] | None = None
    for codec in EIGHT_BIT_CANDIDATES:
        text = decode_eight_bit(data, codec)
        score = eight_bit_plausibility(text, codec)
        if best is None or score > best[0]:
            best = (score, codec, text)
    assert best is not None  # latin-1 decodes every byte string
    return best[2], best[1]


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes fall on one side of each pair."""
    sample = data[:8192]
    if len(sample) < 4 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    even_nul = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    odd_nul = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    if odd_nul > 0.3 * pairs and even_nul < 0.05 * pairs:
        return "utf-16-le"
    if even_nul > 0.3 * pairs and odd_nul < 0.05 * pairs:
        return "utf-16-be"
    return None


def _looks_like_latin_text(text: str) -> bool:
    """Mostly Latin letters, digits, punctuation and whitespace (not decoded noise)."""
    sample = text[:4096]
    ok = sum(1 for ch in sample
             if ("\x20" <= ch < "\u0250" and not "\x7f" <= ch <= "\x9f")
             or ch in "\t\n\r\x0c" or "\u2000" <= ch <= "\u206f")
    return ok >= 0.95 * len(sample)


def _check_binary(data: bytes) -> None:
    for sig, what in BINARY_SIGNATURES:
        if data.startswith(sig):
            raise BinaryInputError(f"this is {what}, not text")
    sample = data[:65536]
    if b"\x00" in sample:
        raise BinaryInputError("binary data (NUL bytes), not text")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if sample and controls > 0.1 * len(sample):
        raise BinaryInputError("binary data (control bytes), not text")


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a document's bytes; return ``(text, encoding_name)``.

    Order: the encoding the user named; a byte-order mark (UTF-8/16/32); valid
    UTF-8; UTF-16 without a BOM; else UTF-8 line by line with the most
    plausible 8-bit code page for French (cp1252, latin-1, mac_roman) for the
    lines that are not UTF-8.  A BOM is consumed, never part of the text.

    >>> decode_bytes("L’été".encode("utf-8"))
    ('L’été', 'utf-8')
    >>> decode_bytes("déjà à côté".encode("cp1252"))
    ('déjà à côté', 'cp1252')
    >>> decode_bytes("« Ça »".encode("mac_roman"))
    ('« Ça »', 'mac_roman')
    >>> decode_bytes(codecs.BOM_UTF16_LE + "forêt".encode("utf-16-le"))
    ('forêt', 'utf-16-le')
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise DecodingError(f"unknown encoding {encoding!r}") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DecodingError(
                f"not valid {encoding}: byte {data[exc.start]:#04x} at offset {exc.start}"
            ) from None
        if text.startswith("\ufeff"):
            text = text[1:]
        return text, encoding
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as exc:
                raise DecodingError(
                    f"starts with a {codec} byte-order mark but is not valid {codec} "
                    f"(offset {exc.start + len(bom)})") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            if _looks_like_latin_text(text):
                return text, utf16
    _check_binary(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_mixed(data)


def _decode_mixed(data: bytes) -> tuple[str, str]:
    """UTF-8 for the lines that are valid UTF-8, one 8-bit code page for the rest."""
    lines = data.splitlines(keepends=True)
    utf8_lines = 0
    decoded: list[str | None] = []
    rest: list[bytes] = []
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append(None)
            rest.append(line)
        else:
            decoded.append(text)
            if not line.isascii():
                utf8_lines += 1
    _, codec = _best_eight_bit(b"".join(rest))
    out = []
    it = iter(rest)
    for utf8 in decoded:
        out.append(utf8 if utf8 is not None else decode_eight_bit(next(it), codec))
    name = f"utf-8+{codec}" if utf8_lines else codec
    if utf8_lines:
        logger.info("mixed encodings: %d UTF-8 lines, %d %s lines", utf8_lines, len(rest), codec)
    return "".join(out), name


# --- stages ----------------------------------------------------------------

_NEWLINES = regex.compile(r"\r\n?|[\u2028\u2029]")


def normalize_newlines(text: str, config: Config = DEFAULT) -> Fixed:
    r"""CRLF, CR and the Unicode line separators become ``\n``.

    >>> normalize_newlines("Bonjour\r\nà tous\r").text
    'Bonjour\nà tous\n'
    """
    edits = [Edit("normalize_newlines", m.start(), m.end(), m.group(), "\n",
                  f"line break {m.group()!r}")
             for m in _NEWLINES.finditer(text)]
    return Fixed.from_edits(text, edits)


_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


def _ftfy_line(line: str) -> tuple[str, str]:
    """ftfy's repair of one line, if it is at least as plausible as French."""
    if line.isascii():
        return line, ""
    fixed, steps = ftfy.fix_and_explain(line, config=_FTFY_CONFIG)
    if fixed == line:
        return line, ""
    if fixed.count("\ufffd") > line.count("\ufffd") or (
            french_plausibility(fixed) < french_plausibility(line)):
        return line, ""
    return fixed, ", ".join(f"{op} {arg}" for op, arg in (steps or []))


#: Rounds of repair after which a line is left as it is (ftfy usually settles in one).
_MAX_SETTLING_ROUNDS = 4


def _repair_line(line: str, config: Config = DEFAULT) -> tuple[str, str]:
    """Repair one line, and the mojibake the later encoding stages would uncover.

    When the enabled stages of :data:`_SETTLING_STAGES`, run on the repaired
    line, leave text that ftfy would repair again, the line is repaired from
    their output, so that cleaning a text twice gives what cleaning it once
    gives; the line's edit then includes their changes.
    """
    fixed, steps = _ftfy_line(line)
    reasons = [steps] if fixed != line else []
    stages = [fix for name, fix in _SETTLING_STAGES if config.enabled(name)]
    for _ in range(_MAX_SETTLING_ROUNDS):
        settled = fixed
        for stage in stages:
            settled = stage(settled, config).text
        if settled == fixed:
            break   # ftfy has seen this text already
        again, steps = _ftfy_line(settled)
        if again == settled:
            break
        fixed = again
        reasons.append(steps)
    if fixed == line:
        return line, ""
    return fixed, "mojibake: " + "; then ".join(dict.fromkeys(reasons))


def repair_mojibake(text: str, config: Config = DEFAULT) -> Fixed:
    """Re-decode text that went through the wrong code page, line by line.

    Uses ftfy with ``uncurl_quotes=False``, so ’ « » stay; a line is repaired
    only if the result is at least as plausible as French, which lets a
    document with some damaged paragraphs be mended where it is damaged.

    >>> repair_mojibake("Ã©tÃ©").text
    'été'
    >>> repair_mojibake("Lâ€™Ã©tat").text
    'L’état'
    >>> repair_mojibake("Lâ€™Ă©tĂ© Ă©tait chaud").text      # UTF-8 read as Windows-1250
    'L’été était chaud'
    >>> repair_mojibake("« Déjà l’été », dit-il.").edits    # correct French: no edit
    []
    """
    edits = edits_by_line(text, functools.partial(_repair_line, config=config),
                          "repair_mojibake")
    return Fixed.from_edits(text, edits)


_CONTROL = regex.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"          # terminal escape sequences
    r"|[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\ufeff]+"  # controls other than \t \n \f; stray BOMs
    r"|\p{Cs}"                          # lone surrogates
)


def remove_control_chars(text: str, config: Config = DEFAULT) -> Fixed:
    r"""Remove control characters, terminal escapes and stray BOMs.

    Tab, newline and form feed (a page break, used by the layout stages) stay.
    A lone surrogate, which cannot be written as UTF-8, becomes U+FFFD.

    >>> remove_control_chars("Santé\x00 publique\x1b[0m\f").text
    'Santé publique\x0c'
    """
    edits = []
    for m in _CONTROL.finditer(text):
        s = m.group()
        if unicodedata.category(s[0]) == "Cs":
            edits.append(Edit("remove_control_chars", m.start(), m.end(), s, "\ufffd",
                              "lone surrogate"))
        else:
            edits.append(Edit("remove_control_chars", m.start(), m.end(), s, "",
                              f"control characters {s!r}"))
    return Fixed.from_edits(text, edits)


_LIGATURE = regex.compile("[" + "".join(LATIN_LIGATURES) + "]")


def fix_latin_ligatures(text: str, config: Config = DEFAULT) -> Fixed:
    """Spell out typographic ligatures; keep the French letters œ and æ.

    >>> fix_latin_ligatures("ﬁnancement efﬁcace, cœur").text
    'financement efficace, cœur'
    """
    edits = [Edit("fix_latin_ligatures", m.start(), m.end(), m.group(),
                  LATIN_LIGATURES[m.group()], f"ligature {m.group()}")
             for m in _LIGATURE.finditer(text)]
    return Fixed.from_edits(text, edits)


def _nfc_line(line: str) -> tuple[str, str]:
    return unicodedata.normalize("NFC", line), "Unicode NFC"


def normalize_nfc(text: str, config: Config = DEFAULT) -> Fixed:
    """Compose characters (NFC): ``e`` + combining acute becomes ``é``.

    >>> normalize_nfc("e\\u0301te\\u0301").text == "été"
    True
    """
    if unicodedata.is_normalized("NFC", text):
        return Fixed(text, [])
    return Fixed.from_edits(text, edits_by_line(text, _nfc_line, "normalize_nfc"))


#: The encoding stages after repair_mojibake.  What they remove or compose can
#: uncover more mojibake (:func:`_repair_line`): ``Å\x04¨`` is ``Å¨`` (``Ũ`` in
#: UTF-8) once the control character is gone.
_SETTLING_STAGES = (("remove_control_chars", remove_control_chars),
                    ("fix_latin_ligatures", fix_latin_ligatures),
                    ("normalize_nfc", normalize_nfc))
