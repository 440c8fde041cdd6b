"""Character tables used by the encoding stage (hand-written, small)."""

from __future__ import annotations

#: Latin typographic ligatures and the letters they stand for.  ``œ`` and ``æ``
#: are letters of French spelling, not ligatures to undo, and are absent.
LATIN_LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}

#: Characters that are common in French text.  Used to judge which 8-bit code
#: page, or which mojibake repair, gives the more plausible French.
FRENCH_CHARS = frozenset(
    "éèêëàâäîïôöùûüçœæÿ"
    "ÉÈÊËÀÂÄÎÏÔÖÙÛÜÇŒÆŸ"
    "«»’‘“”–—…°€\u00a0\u202f·²³§"
)

#: 8-bit code pages tried, in order of preference on a tie, when bytes are not UTF-8.
EIGHT_BIT_CANDIDATES = ("cp1252", "latin-1", "mac_roman")

#: File signatures of binary formats people mistake for text.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)


def french_plausibility(text: str) -> int:
    """Common French characters minus other non-ASCII ones (higher is more French).

    >>> french_plausibility("été") > french_plausibility("Ã©tÃ©")
    True
    """
    score = 0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in FRENCH_CHARS:
            score += 1
        elif "\x80" <= ch <= "\x9f" or ch == "\ufffd":
            score -= 3
        else:
            score -= 1
    return score
