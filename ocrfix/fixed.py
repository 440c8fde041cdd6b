"""The value every stage returns: its output text and the edits that made it."""

from __future__ import annotations

from typing import NamedTuple

from .edits import Edit, apply_edits


class Fixed(NamedTuple):
    """``text`` is the stage's output; ``edits`` turn its input into it."""

    text: str
    edits: list[Edit]

    @classmethod
    def from_edits(cls, text: str, edits: list[Edit]) -> "Fixed":
        """Apply sorted, non-overlapping ``edits`` to ``text``.

        A stage that computes its edits first and lets this build its output
        is replayable by construction.
        """
        if not edits:
            return cls(text, [])
        return cls(apply_edits(text, edits), edits)
