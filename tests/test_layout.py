"""The layout group: page furniture, line-end hyphens, paragraphs, re-wrapping."""

import textwrap
from dataclasses import replace

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import Config, clean
from ocrfix.cli import main
from ocrfix.corpus import clean_texts
from ocrfix.evaluate import BreakScores, paragraph_breaks, score_errors
from ocrfix.layout import (
    hyphen_choice,
    rejoin_hyphenated_lines,
    remove_page_furniture,
    restore_paragraphs,
    wrap_paragraphs,
)
from ocrfix.lines import profile
from ocrfix.noise import Rates, damage_layout
from ocrfix.pipeline import GROUPS

from .conftest import CLEAN_SEEDS, OCR_SEED, ROOT

LAYOUT_ONLY = Config().without(*[g for g in GROUPS if g != "layout"])
ENCODING_AND_LAYOUT = Config().without(*[g for g in GROUPS if g not in ("encoding", "layout")])

P1 = ("Les élus locaux cherchent depuis longtemps à se mobiliser face aux difficultés d’accès "
      "aux soins dans les territoires ruraux, en dépit de la modestie des moyens juridiques, "
      "techniques et financiers dont ils disposent pour améliorer l’offre de soins.")
P2 = ("Les centres de santé emploient des médecins salariés et se distinguent ainsi des maisons "
      "de santé, qui sont des structures privées au sein desquelles des médecins exercent une "
      "activité libérale.")
P3 = ("La région peut soutenir financièrement des actions de promotion de la santé et instruit, "
      "par délégation de la Commission européenne, les dossiers éligibles au fonds européen de "
      "développement régional.")


def wrapped(*paragraphs: str, width: int = 72, blank: bool = False) -> str:
    sep = "\n\n" if blank else "\n"
    return sep.join(textwrap.fill(p, width, break_on_hyphens=False) for p in paragraphs) + "\n"


# --- what a text is ---------------------------------------------------------------

@pytest.mark.parametrize("path", CLEAN_SEEDS, ids=lambda p: p.name[:3])
def test_clean_seeds_are_not_hard_wrapped(path):
    assert not profile(path.read_text(encoding="utf-8")).wrapped


def test_seed_003_is_hard_wrapped():
    assert profile(OCR_SEED.read_text(encoding="utf-8")).wrapped


def test_a_program_wrapped_text_is_tightly_wrapped():
    p = profile(wrapped(P1, P2, P3, P1, P2, P3, width=64))
    assert p.wrapped and p.tolerance > 1.0


@pytest.mark.parametrize("text", ["", "\n\n", "été\nfin", "Bonjour.\n\nAu revoir.\n",
                                  "Mairie de Béthune\nplace du Général de Gaulle\n"])
def test_short_texts_are_left_alone(text):
    assert clean(text, LAYOUT_ONLY).edits == ()


# --- remove_page_furniture ----------------------------------------------------------

def test_seed_003_page_number_and_debris_lines_are_removed():
    text = OCR_SEED.read_text(encoding="utf-8")
    out = clean(text, ENCODING_AND_LAYOUT).text
    lines = {line.strip() for line in out.split("\n")}
    assert not any(line.endswith("/39") and line[:-3].isdigit() for line in lines)
    for debris in ["=t/", "\\", "/", "—_—", "_J", "|", "<&", "E}fi"]:
        assert debris not in lines
    for start in ["<& ", "E}fi ", "| "]:
        assert not any(line.startswith(start) for line in lines), start
    removed = [e.before for e in clean(text, ENCODING_AND_LAYOUT).edits
               if e.stage == "remove_page_furniture"]
    assert any("3/39" in r for r in removed)


def test_seed_003_headings_are_paragraphs_of_their_own():
    out = clean(OCR_SEED.read_text(encoding="utf-8"), ENCODING_AND_LAYOUT).text
    paragraphs = set(out.split("\n\n"))
    for heading in ["DOCUMENT 1", "DOCUMENT 2", "DOCUMENT 3", "DOCUMENT 4",
                    "Les 12 recommandations", "5 recommandations a destination de I'état",
                    "10 000 assistants médicaux", "100 médicobus", "Méthodologie",
                    "Lesbonnes pratiques locales", "Un risque de surenchere ?",
                    "L’ESSENTIEL SUR...", "Liste des documents :",
                    "Communautés professionnelles territoriales de santé (CPTS)"]:
        assert heading in paragraphs, heading


def test_every_removal_carries_the_removed_text():
    text = OCR_SEED.read_text(encoding="utf-8")
    fixed = remove_page_furniture(text)
    assert fixed.edits and all(e.after == "" and e.before for e in fixed.edits)
    assert all(text[e.start:e.end] == e.before for e in fixed.edits)


@pytest.mark.parametrize("number", ["3/39", "- page 2414", "Page 3 sur 10", "- 12 -", "p. 7"])
def test_page_number_forms(number):
    text = wrapped(P1, width=60) + number + "\n" + wrapped(P2, width=60)
    assert number not in clean(text, LAYOUT_ONLY).text


def test_bare_numbers_that_count_pages_go_and_a_lone_one_stays():
    lines = textwrap.wrap(" ".join([P1, P2, P3] * 3), 60)
    text = "\n".join(lines[:12] + ["\n4\n"] + lines[12:24] + ["\n5\n"] + lines[24:]) + "\n"
    out = clean(text, LAYOUT_ONLY).text
    assert out == " ".join([P1, P2, P3] * 3) + "\n"
    alone = wrapped(P1, width=60) + "\n2023\n\n" + wrapped(P2, width=60)
    assert "\n2023\n" in clean(alone, LAYOUT_ONLY).text


def test_running_header_repeated_on_each_page_goes_but_the_title_stays():
    body = textwrap.wrap(" ".join([P1, P2, P3]), 70)
    pages = [body[i:i + 3] for i in range(0, len(body), 3)]
    text = "\f".join("Rapport sur l’accès aux soins\n" + "\n".join(p) + "\n" for p in pages)
    out = clean(text, LAYOUT_ONLY).text
    assert "\f" not in out
    assert out == "Rapport sur l’accès aux soins\n\n" + " ".join([P1, P2, P3]) + "\n"


def test_repeated_lines_of_the_text_are_not_running_headers():
    text = wrapped(P1, width=60) + "\n3\n\n" + wrapped(P1, width=60) + "\n4\n\n" + wrapped(P1, width=60)
    out = clean(text, LAYOUT_ONLY).text
    assert out == "\n\n".join([P1] * 3) + "\n"


def test_form_feeds_go_from_any_text():
    assert clean("Page un.\f\nPage deux.", LAYOUT_ONLY).text == "Page un.\nPage deux."


# --- rejoin_hyphenated_lines ---------------------------------------------------------

@pytest.mark.parametrize("left,right", [
    ("commu", "nes"), ("profes", "sionnels"), ("pour", "tant"), ("les", "quels"), ("vil", "le"),
    ("par", "le"), ("départe", "ment"), ("kinési", "thérapeute"), ("Schillin", "ger"),
    ("MÉDI", "CAUX"), ("aujour", "d’hui"), ("télécon", "sultation"), ("accompa", "gnement"),
])
def test_words_cut_at_the_line_end_are_joined(left, right):
    assert hyphen_choice(left, right)[0], hyphen_choice(left, right)


@pytest.mark.parametrize("left,right", [
    ("sous", "denses"), ("peut", "être"), ("celui", "ci"), ("ceux", "là"), ("lui", "même"),
    ("rappelons", "le"), ("dit", "il"), ("est", "ce"), ("Saône", "Loire"), ("et", "Loire"),
    ("Jean", "Pascal"), ("après", "midi"), ("grand", "mère"), ("porte", "parole"),
    ("contre", "indication"), ("non", "respect"), ("franco", "britannique"), ("bien", "être"),
    ("au", "dessus"), ("vis", "à"), ("t", "il"), ("e", "mail"), ("zonessous", "denses"),
])
def test_compounds_keep_their_hyphen(left, right):
    assert not hyphen_choice(left, right)[0], hyphen_choice(left, right)


def test_the_cut_word_moves_down_to_the_next_line():
    text = ("Les élus locaux cherchent depuis longtemps à soutenir les commu-\n"
            "nes, les départements et les régions face aux difficultés d’accès.\n")
    fixed = rejoin_hyphenated_lines(text)
    assert fixed.text.split("\n")[:2] == [
        "Les élus locaux cherchent depuis longtemps à soutenir les",
        "communes, les départements et les régions face aux difficultés d’accès."]
    (edit,) = fixed.edits
    assert (edit.before, edit.after) == (" commu-\n", "\ncommu")


def test_a_line_that_is_only_the_cut_word_merges_into_the_next():
    text = (wrapped(P1, width=70) + "développe-\nment des maisons de santé dans les territoires ruraux.\n")
    fixed = rejoin_hyphenated_lines(text)
    assert fixed.text.endswith("\ndéveloppement des maisons de santé dans les territoires ruraux.\n")


def test_a_word_cut_across_a_page_break_is_joined():
    text = (wrapped(P1, width=75)
            + "Les élus locaux cherchent depuis longtemps à se mobiliser pour les commu-\n\n"
            "12\n\nnes rurales et les quartiers où les médecins manquent cruellement.\n")
    assert clean(text, LAYOUT_ONLY).text == P1 + (
        "\n\nLes élus locaux cherchent depuis longtemps à se mobiliser pour les communes rurales "
        "et les quartiers où les médecins manquent cruellement.\n")


def test_without_rejoin_a_line_end_hyphen_is_kept_without_a_space():
    text = ("Les élus locaux cherchent depuis longtemps à se mobiliser pour les commu-\n"
            "nes rurales et les quartiers où les médecins manquent cruellement.\n")
    out = clean(text, LAYOUT_ONLY.without("rejoin_hyphenated_lines")).text
    assert "commu-nes rurales" in out


# --- restore_paragraphs ----------------------------------------------------------------

@pytest.mark.parametrize("width", [60, 80, 100])
def test_paragraphs_without_blank_lines_are_found(width):
    text = wrapped(P1, P2, P3, width=width)
    assert clean(text, LAYOUT_ONLY).text == "\n\n".join([P1, P2, P3]) + "\n"


def test_blank_lines_between_paragraphs_become_exactly_one():
    text = wrapped(P1, width=70) + "\n\n\n  \n" + wrapped(P2, width=70)
    assert clean(text, LAYOUT_ONLY).text == P1 + "\n\n" + P2 + "\n"


def test_keep_lines_restores_paragraph_breaks_only():
    text = wrapped(P1, P2, width=70)
    out = clean(text, replace(LAYOUT_ONLY, keep_lines=True)).text
    assert out == wrapped(P1, P2, width=70, blank=True)


def test_markdown_heading_and_fenced_block_in_wrapped_text():
    text = ("## Les centres de santé\n" + wrapped(P2, width=70)
            + "```\nocrfix clean scan.txt\nocrfix diff scan.txt\n```\n" + wrapped(P3, width=70))
    out = clean(text, LAYOUT_ONLY).text
    assert out.startswith("## Les centres de santé\n\n" + P2 + "\n")
    assert "```\nocrfix clean scan.txt\nocrfix diff scan.txt\n```\n" in out
    assert out.endswith(P3 + "\n")


def test_clean_seeds_come_out_byte_identical():
    for path in CLEAN_SEEDS:
        text = path.read_text(encoding="utf-8")
        assert clean(text).text == text, path.name


# --- wrap_paragraphs --------------------------------------------------------------------

def test_width_rewraps_and_reflow_gives_the_paragraphs_back():
    text = wrapped(P1, P2, P3, width=90)
    one = clean(text, LAYOUT_ONLY).text
    narrow = clean(text, replace(LAYOUT_ONLY, width=50)).text
    assert all(len(line) <= 50 for line in narrow.split("\n"))
    assert clean(narrow, LAYOUT_ONLY).text == one


def test_width_never_starts_a_line_with_closing_punctuation():
    text = "Le maire a répondu : « nous ouvrirons un centre de santé » ; les élus approuvent !"
    out = wrap_paragraphs(text, replace(Config(), width=20)).text
    assert not any(line[:1] in "»;:!?" for line in out.split("\n"))


# --- whole runs: replay, idempotence, chunks, CLI -----------------------------------------

@pytest.mark.parametrize("config", [Config(), replace(Config(), keep_lines=True)],
                         ids=["reflow", "keep-lines"])
def test_seed_003_replays_and_is_idempotent(config):
    text = OCR_SEED.read_text(encoding="utf-8")
    once = clean(text, config)
    assert once.replay() == once.text
    assert clean(once.text, config).text == once.text


def test_width_is_idempotent_on_wrapped_prose():
    config = replace(LAYOUT_ONLY, width=66)
    once = clean(wrapped(P1, P2, P3, P2, width=90), config)
    assert once.replay() == once.text
    assert clean(once.text, config).text == once.text


def test_chunks_split_at_blank_lines_give_the_same_paragraphs():
    text = OCR_SEED.read_text(encoding="utf-8")
    whole = clean(text, ENCODING_AND_LAYOUT).text.split("\n\n")
    cut = text.index("\n\n", len(text) // 2) + 2
    parts = [clean(t, ENCODING_AND_LAYOUT).text for t in (text[:cut], text[cut:])]
    chunked = set("\n\n".join(p.strip("\n") for p in parts).split("\n\n"))
    kept = sum(p in chunked for p in whole)
    assert kept >= 0.95 * len(whole)


PIECES = st.sampled_from(
    "les élus de la com- munes sous- denses rappelons- le . , ; : ! ? « » — - 3/39 12 Page "
    "E}fi | <& a2 S ’ DOCUMENT 2 1. • ``` # Titre".split(" ")
    + ["\n", "\n\n", " ", "\t", "\f", "\n\f\n", "\u00ad", "| a | b |", "x" * 90])
FRENCHISH = (st.lists(PIECES, max_size=100).map(" ".join)
             | st.lists(PIECES, max_size=100).map("".join) | st.text(max_size=300))


@settings(max_examples=200, deadline=None)
@given(FRENCHISH, st.sampled_from([LAYOUT_ONLY, replace(LAYOUT_ONLY, keep_lines=True), Config()]))
def test_layout_stages_are_total_replayable_and_idempotent(text, config):
    for stage in (remove_page_furniture, rejoin_hyphenated_lines, restore_paragraphs):
        fixed = stage(text, config)
        assert fixed.edits == sorted(fixed.edits, key=lambda e: e.start)
    once = clean(text, config)
    assert once.replay() == once.text
    assert clean(once.text, config).text == once.text


# --- quality gate: the damage of issue 4 on the corpus ---------------------------------

#: Wraps at 80-110 columns, 30% of the blank lines between paragraphs lost, a
#: page number every 50 lines, 30% of long line-final words hyphenated.
ISSUE_DAMAGE = Rates(hard_wrap=1.0, line_width_min=80, line_width_max=110, hyphenation=0.3,
                     lost_paragraph_break=0.3, page_lines=50, page_number=1.0)


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_issue_layout_damage_is_repaired(part):
    """Floors from the measures (2026-11-23, seeds 0-1: F1 0.985 on both parts,
    every line-end hyphen right, 56 of 57 page numbers gone); the issue asks
    F1 >= 0.97 and >= 99% of line-end hyphens."""
    breaks = BreakScores(0, 0, 0)
    kinds: dict[str, list[int]] = {}
    for text in clean_texts(ROOT, [part]):
        gold = text.read()
        for seed in (0, 1):
            damaged = damage_layout(gold, seed=seed, rates=ISSUE_DAMAGE)
            out = clean(damaged.text, LAYOUT_ONLY).text
            breaks = breaks + paragraph_breaks(out, gold)
            for kind, ks in score_errors(damaged.errors, damaged.text, out, gold)[0].items():
                total, repaired = kinds.get(kind, [0, 0])
                kinds[kind] = [total + ks.total, repaired + ks.repaired]
    hyphens = [sum(kinds.get(k, [0, 0])[i] for k in ("hyphenation", "hyphen_wrap")) for i in (0, 1)]
    assert hyphens[0] >= 50 and breaks.true_positives >= 200     # enough to measure
    assert breaks.f1 >= 0.975, breaks.to_dict()
    assert hyphens[1] / hyphens[0] >= 0.99, hyphens
    assert kinds["page_number"][1] / kinds["page_number"][0] >= 0.95, kinds["page_number"]


def test_cli_keep_lines_and_width(tmp_path):
    src = tmp_path / "scan.txt"
    src.write_text(wrapped(P1, P2, width=70), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["clean", "--stdout", str(src)])
    assert res.exit_code == 0 and res.output == P1 + "\n\n" + P2 + "\n"
    res = runner.invoke(main, ["clean", "--stdout", "--keep-lines", str(src)])
    assert res.output == wrapped(P1, P2, width=70, blank=True)
    res = runner.invoke(main, ["clean", "--stdout", "--width", "40", str(src)])
    assert max(len(line) for line in res.output.split("\n")) <= 40
    res = runner.invoke(main, ["clean", "--stdout", "--width", "0", str(src)])
    assert res.exit_code == 2
