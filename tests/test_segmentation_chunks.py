"""The segmentation stages look closely at a few windows of a text only
(``segmentation._chunked``, ``_windows``): what they do there must be what
they do when they cut the whole text into tokens (the path they take for a
text with markup tags or code spans, which may hold white space).

Each case runs both stages both ways and compares the texts and the edits.
"""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import segmentation
from ocrfix.corpus import clean_texts
from ocrfix.noise import damage_spacing, rates_for

from .conftest import ROOT
from .strategies import FRAGILE, clean_french, damaged_french

STAGES = (segmentation.rejoin_split_words, segmentation.split_run_together_words)


def _both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both stages, in a row as in the pipeline, windowed and whole, give the same."""
    for stage in STAGES:
        windowed = stage(text)
        with monkeypatch.context() as m:
            m.setattr(segmentation, "chunk_local", lambda text: False)
            whole = stage(text)
        assert windowed.text == whole.text, stage.__name__
        assert windowed.edits == whole.edits, stage.__name__
        text = windowed.text


def _corpus_cases() -> list[tuple[str, str]]:
    cases = []
    for clean in clean_texts(ROOT, ["dev"]):
        text = clean.read()
        cases.append((clean.name, text))
        for preset in ("medium", "heavy"):
            rates = rates_for(preset).only("spacing")
            damaged = damage_spacing(text, seed=zlib.crc32(clean.name.encode()), rates=rates)
            cases.append((f"{clean.name} {preset}", damaged.text))
    return cases


@pytest.mark.parametrize("name,text", _corpus_cases(), ids=lambda v: v[:40])
def test_windows_do_what_the_whole_text_does_on_the_corpus(name: str, text: str,
                                                           monkeypatch: pytest.MonkeyPatch):
    _both_ways(text, monkeypatch)


def test_windows_do_what_the_whole_text_does_at_the_edges(monkeypatch: pytest.MonkeyPatch):
    """Cases where a window's edge lies next to what a rule looks at: the
    start of a sentence, a name, a title, a number, a line break, punctuation
    glued to words, a run of run-together words, the ends of the text."""
    for text in (
        "Lesélus", " Lesélus ", "\nLesélus\n", "M. Delescluse Sanguinede a dit",
        "Elle con tinue. Lesélus locaux, santé,et lenombrede médecins",
        "jus qu'à la fin, dès lors qu'il le faut, lors qu'elle vient",
        "990 Mo de mémoire ; la santé:et « santé»,et (re)configurer",
        "lenombrede lenombrede lenombrede\n\nDebianest Debian est l'Debian",
        "I'entrepriseet I'inter vention, àhertzog@debian.org le28décembre",
        "un deux trois quatre cinq six sept huit neuf dix Lesélus",
    ):
        _both_ways(text, monkeypatch)


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(clean_french, damaged_french(), st.lists(
    st.sampled_from(list(FRAGILE) + ["Lesélus", "con", "tinue", "M.", "Debian", " ", " ", "\n"]),
    max_size=60).map("".join)))
def test_windows_do_what_the_whole_text_does_on_any_text(text: str):
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both_ways(text, monkeypatch)

