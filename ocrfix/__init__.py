"""ocrfix: turn raw OCR output of scanned French documents into clean French text.

>>> import ocrfix
>>> r = ocrfix.clean("Lâ€™Ã©tat")
>>> r.text
'L’état'
>>> [(e.stage, e.before, e.after) for e in r.edits]
[('repair_mojibake', 'Lâ€™Ã©tat', 'L’état')]
"""

from .config import Config
from .edits import Change, Edit, replay
from .errors import (
    BinaryInputError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    OcrfixError,
    OutputError,
)
from .pipeline import GROUPS, STAGES, Cleaned, clean, clean_bytes

__version__ = "0.1.0"

__all__ = [
    "BinaryInputError",
    "Change",
    "Cleaned",
    "Config",
    "DecodingError",
    "Edit",
    "EmptyInputError",
    "GROUPS",
    "InputError",
    "InputTooLargeError",
    "OcrfixError",
    "OutputError",
    "STAGES",
    "clean",
    "clean_bytes",
    "replay",
    "__version__",
]
