"""The segmentation group: split_run_together_words and rejoin_split_words (issue 6)."""

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix import Config, clean
from ocrfix.corpus import clean_texts
from ocrfix.edits import replay
from ocrfix.noise import Rates, damage_spacing
from ocrfix.pipeline import GROUPS, STAGES
from ocrfix.segmentation import (
    best_split,
    rejoin_split_words,
    split_run_together_words,
)

from .conftest import ROOT

SEGMENTATION = Config().without(*[g for g in GROUPS if g != "segmentation"])
DEV = {t.name: t.read() for t in clean_texts(ROOT, ["dev"])}


def seg(text: str) -> str:
    return clean(text, SEGMENTATION).text


def damaged(name: str, rates: Rates):
    return damage_spacing(DEV[name], seed=zlib.crc32(name.encode()), rates=rates)


# --- what the stages may change ------------------------------------------------

def test_split_only_inserts_spaces_and_rejoin_only_removes_them():
    for name in ("seed001", "seed004", "handbook-preface"):
        text = damaged(name, Rates(space_deleted=0.1, space_inserted=0.05)).text
        split = split_run_together_words(text)
        assert split.edits and all(e.before.replace(" ", "") == e.after.replace(" ", "")
                                   and len(e.after) > len(e.before) for e in split.edits)
        assert split.text.replace(" ", "") == text.replace(" ", "")
        joined = rejoin_split_words(text)
        assert joined.edits and all((e.before, e.after) == (" ", "") for e in joined.edits)
        assert replay(text, list(split.edits)) == split.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_text_comes_back_with_only_spaces_changed(text):
    once = split_run_together_words(rejoin_split_words(text).text)
    assert once.text.replace(" ", "") == text.replace(" ", "")
    assert replay(rejoin_split_words(text).text, list(once.edits)) == once.text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "les", "élus", "de", "la", "santé", "médecins", "territoire", "à", "l’", "d'", "qu’",
    "maisons", "pluriprofessionnelles", "enfin", "atout", "CPTS", "30m²", "XIXe", ",", ".",
    "con", "tinue", "dé", "veloppement", "Debian", "paquets", "peut-être", " ", "\n"]),
    max_size=30), st.lists(st.booleans(), max_size=30))
def test_segmentation_is_idempotent_on_french_shaped_text(pieces, glue):
    text = "".join(p + ("" if g else " ") for p, g in zip(pieces, glue + [False] * 30))
    once = seg(text)
    assert seg(once) == once


@pytest.mark.parametrize("name", sorted(DEV))
def test_idempotent_on_damaged_dev_texts(name):
    text = damaged(name, Rates(space_deleted=0.08, space_inserted=0.01)).text
    once = seg(text)
    assert seg(once) == once


# --- what they repair --------------------------------------------------------------

@pytest.mark.parametrize("run, words", [
    ("Lesélus", "Les élus"),
    ("lenombrede", "le nombre de"),
    ("consultationsmédicalesvirtuellesa", "consultations médicales virtuelles a"),
    ("sanitairedevraitjouer", "sanitaire devrait jouer"),
    ("desétablissements", "des établissements"),
    ("etl’installation", "et l’installation"),
    ("etl'installation", "et l'installation"),
    ("jusqu’àla", "jusqu’à la"),
    ("réled’accélérateur", "réle d’accélérateur"),
    ("mémetitre", "méme titre"),
    ("desMSP", "des MSP"),
    ("etpeut-être", "et peut-être"),
])
def test_run_together_words_are_split(run, words):
    assert split_run_together_words(f"Il dit : {run} ici.").text == f"Il dit : {words} ici."


@pytest.mark.parametrize("broken, word", [
    ("con tinue", "continue"),
    ("dé veloppement", "développement"),
    ("terri toire", "territoire"),
    ("parti es", "parties"),
    ("lance ment", "lancement"),
])
def test_stray_spaces_are_removed(broken, word):
    assert rejoin_split_words(f"Il voit le {broken} ici.").text == f"Il voit le {word} ici."


def test_the_search_scores_parts_by_lookup_key():
    # no accent on any part: the words group restores them afterwards
    assert best_split("lesetablissementsde").text == "les etablissements de"
    assert best_split("zzzqqq") is None


# --- what they never touch ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "pluriprofessionnelles téléconsultation désertification",
    "enfin atout bientôt parfois quelquefois autour surtout",
    "en fin de compte, bien tôt, a tout prix, au fur et à mesure, quelque fois",
    "30m² XIXe 4ème 1er 2e CPTS ARS MSP ASSEMBLÉE NATIONALE",
    "https://www.senat.fr/rap/r21-076.pdf lagazette.fr contact@ars.sante.fr",
    "peut-être c’est-à-dire Saint-Étienne aujourd’hui presqu’île quelqu’un",
    "LibreOffice macOS openSUSE iPhone GnuPG PostgreSQL",
    "M. Maisonneuve et Mme Leblanc ; Delescluse a dit",
    "dh_installexamples /usr/share/doc sources.list clé(s) 3,5 10:30",
    "logicielles versionnées patienteront prioritairement désarchivage",
])
def test_correct_french_is_left_alone(text):
    assert seg(text) == text


def test_what_is_cut_off_a_compound_is_words_as_printed():
    # "sElle" looks up as "selle": a capital inside a part is no word, but a
    # frequent capitalised word after the compound is one (a full stop lost)
    assert seg("des zonessous-densesElle subventionne") == \
        "des zones sous-denses Elle subventionne"
    assert seg("des zones sous-densesEllo subventionne") == \
        "des zones sous-densesEllo subventionne"
    assert seg("Il dit : rendez-vousavec lui.") == "Il dit : rendez-vous avec lui."


def test_a_capitalised_token_inside_a_sentence_is_a_name():
    assert seg("Il a vu Delescluse hier.") == "Il a vu Delescluse hier."
    assert seg("Il a vu Lesélus hier.") == "Il a vu Lesélus hier."
    assert seg("Lesélus ont vu.") == "Les élus ont vu."


def test_two_readings_and_no_agreement_to_choose_are_left_alone():
    assert seg("et cetoutil") == "et cetoutil"             # cet outil, ce tout il
    assert seg("les paquets destable") == "les paquets de stable"   # des table: disagrees


def test_space_before_punctuation_follows_the_document():
    spaced = "Voici : un ; deux ? trois ! (quatre) « cinq » " * 10
    assert seg(spaced + "six: sept") == spaced + "six : sept"
    bare = "Voici: un; deux? trois! (quatre) «cinq» " * 10
    assert seg(bare + "six: sept") == bare + "six: sept"


def test_stages_run_before_the_words_group():
    names = [s.name for s in STAGES]
    groups = [s.group for s in STAGES]
    assert names.index("split_run_together_words") > names.index("rejoin_split_words")
    if "words" in groups:
        assert groups.index("segmentation") < groups.index("words")


@pytest.mark.skipif("restore_accents" not in [s.name for s in STAGES],
                    reason="the words group (restore_accents) is not on this branch yet")
def test_with_the_accents_stage_each_part_gets_its_accents():
    out = clean("Dans la region, lesetablissements de sante et le dé veloppement.").text
    assert "les établissements de santé" in out and "développement" in out


@pytest.mark.parametrize("printed, expected", [
    ("en 2022et en 2023", "en 2022 et en 2023"),
    ("il reste 2praticiens", "il reste 2 praticiens"),
    ("la 16èmelégislature", "la 16ème législature"),
    ("la santé2022 puis le du8 mars", "la santé 2022 puis le du 8 mars"),
    ("de 1 à3 jours, de 10 à20 h", "de 1 à 3 jours, de 10 à 20 h"),   # à is never a code
    ("la stratégie gouvernementaledès2017", "la stratégie gouvernementale dès 2017"),
    ("la séance estlevéeà20 heures", "la séance est levée à 20 heures"),
])
def test_numbers_run_into_words_are_split(printed, expected):
    assert split_run_together_words(printed).text == expected


def test_numbers_that_belong_to_their_letters_stay():
    text = "la 1ère fois, 30ans, 2bis, le COVID19, un mp3, h264, x86, libérer1, le 10e, a4"
    assert split_run_together_words(text).edits == []


def test_a_lost_accent_is_weighed_against_cuts_only_in_accented_text():
    accented = DEV[sorted(DEV)[0]]
    assert not split_run_together_words(accented).edits
    out = split_run_together_words(accented + "\nIl parle dela santé.\n")
    assert [(e.before, e.after) for e in out.edits] == [("dela", "de la")]
    # a text without accents may mean delà: left alone
    assert split_run_together_words("Il parle dela sante et de la region.").edits == []


# --- idempotence with the words group (second pass) ----------------------------

@pytest.mark.parametrize("printed, expected", [
    ("de I'entrepriseet la", "de I'entreprise et la"),     # I' is l' misread
    ("de I’étatde droit", "de I’état de droit"),
    ("de |'entrepriseet la", "de |'entreprise et la"),
    ("Ce n'est gu'ensuiteque les autres", "Ce n'est gu'ensuite que les autres"),
])
def test_a_misread_elision_is_read_as_the_elision(printed, expected):
    # only spaces inserted: fix_elision_glyphs repairs I' and gu' afterwards
    assert split_run_together_words(printed).text == expected


def test_a_misread_elision_before_a_broken_word():
    assert rejoin_split_words("de I'inter vention").text == "de I'intervention"
    assert split_run_together_words("I'm here, I've seen").edits == []


@pytest.mark.parametrize("printed", [
    "de I'entrepriseet la", "c0u:c0u", "des rnédicaux,qui", "une pierre a I'édifice.Pas",
    "une discussion (trop)passionneée qui", "Ce n'est gu'ensuiteque les autres",
])
def test_a_second_cleaning_changes_nothing(printed):
    config = Config().without("encoding")
    once = clean(printed, config).text
    assert clean(once, config).text == once


def test_punctuation_is_spaced_after_what_the_words_group_makes_of_a_token():
    # c0u and rnédicaux become cou and médicaux later: space them as words now
    assert split_run_together_words("c0u:c0u").text == "c0u: c0u"
    assert split_run_together_words("des rnédicaux,qui").text == "des rnédicaux, qui"


# --- heavy damage ----------------------------------------------------------------------

@pytest.mark.parametrize("printed, expected", [
    ("la miseàjour du paquet", "la mise à jour du paquet"),   # à inside a token
    ("un élanà la fin", "un élan à la fin"),
    ("le paquet Debianest installé", "le paquet Debian est installé"),   # a name, then words
    ("la stratégie du Gouvernementpour la santé", "la stratégie du Gouvernement pour la santé"),
    ("Question écriten° 6771", "Question écrite n° 6771"),    # the n of n°
    ("Ministèreattributaire : Santé", "Ministère attributaire : Santé"),  # not attribut aire
])
def test_heavy_damage_is_split(printed, expected):
    assert seg(printed) == expected


def test_a_half_that_reads_as_words_is_no_piece_of_a_word():
    # partet reads as words (part et): not departet, a piece of depart
    assert rejoin_split_words("épuisés de partet d'autre").edits == []
    assert seg("épuisés de partet d'autre") == "épuisés de part et d'autre"


@pytest.mark.parametrize("text", [
    "du Pays de Loire-Vi enne et",           # enne is a piece of Vienne, not en ne
    "M. Delescluse et Mme Pierrelatte ; Leblanc et Lesélus hier",
])
def test_heavy_damage_without_a_sure_repair_is_left(text):
    assert seg(text) == text


def test_words_of_the_document_are_words():
    # bogue and Debian, rare for the lexicon, are printed on their own elsewhere
    alone = "Il signale unbogue au mainteneur. On peut installer Debiansur un portable."
    # un + bogue fit (a determiner and a noun of its number), and sur follows
    # a name wordfreq knows: split even alone
    assert seg(alone) == alone.replace("unbogue", "un bogue").replace("Debiansur", "Debian sur")
    text = "Le bogue est là. Un bogue grave. Debian est libre. Debian a des paquets. "
    assert seg(text + alone) == text + (
        "Il signale un bogue au mainteneur. On peut installer Debian sur un portable.")
    # a run-together pair that recurs is no word of the document
    assert seg("Une entrepriseet une autre, une entrepriseet un marché.") == (
        "Une entreprise et une autre, une entreprise et un marché.")


@pytest.mark.parametrize("printed, expected", [
    ("ils sesont vus", "ils se sont vus"),        # ses ont: a determiner before a verb
    ("il parle deson projet", "il parle de son projet"),   # des on: before a pronoun
    ("ils lesont vus", "ils lesont vus"),         # les ont (il les ont) or le sont: left
])
def test_a_determiner_is_never_followed_by_a_verb_or_a_subject(printed, expected):
    assert split_run_together_words(printed).text == expected


@pytest.mark.parametrize("printed, expected", [
    ("lors qu'elle vient", "lorsqu'elle vient"),
    ("jus qu’à la fin", "jusqu’à la fin"),
    ("dès lors qu'il vient", "dès lors qu'il vient"),    # French as printed
    ("et puis qu'il vienne", "et puis qu'il vienne"),
])
def test_an_elided_word_broken_before_qu_is_joined(printed, expected):
    assert rejoin_split_words(printed).text == expected


def test_an_elided_pronoun_whose_apostrophe_was_lost_comes_before_a_verb():
    # découvert saprès would be découvert s'après: s' elides before a verb only
    assert split_run_together_words("les bogues découvertsaprès la sortie").text == (
        "les bogues découverts après la sortie")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "con", "tinue", "dé", "veloppement", "I'inter", "vention", "l’", "rés", "eau", "de", "la",
    "www.senat", ".fr", "a@b", "<b>", "30m²", "c6té", "XIXe", "-", "'", ",", " ", "\n"]),
    max_size=30))
def test_the_tokens_rejoin_leaves_for_the_next_stage_are_those_of_its_output(pieces):
    from ocrfix import tokens
    text = " ".join(pieces)
    out = rejoin_split_words(text).text
    assert tokens.tokenize(out) == list(tokens._scan(out))


@pytest.mark.parametrize("text", [
    "selon Christel Sanguinede, directrice de projets",    # seed 003: a name after a name
    "selon M. Sanguinede, directrice",                      # after a title
    "Mme Lemaître et Dr Martinet",
])
def test_a_capitalised_token_after_a_name_or_a_title_is_a_name(text):
    assert seg(text) == text
    # after a function word, as this stage leaves it, it may be cut
    assert seg("Le Gouvernementpour la santé") == "Le Gouvernement pour la santé"
    assert seg("Transmiseau Ministèredes solidarités") == "Transmise au Ministère des solidarités"


@pytest.mark.parametrize("printed, expected", [
    ("chaque année).C'est pourquoi", "chaque année). C'est pourquoi"),
    ("vous travaillez.Qu’il soit", "vous travaillez. Qu’il soit"),
    ("la forge GitLab,du nom", "la forge GitLab, du nom"),
    ("au chapitre 1,réservé aux", "au chapitre 1, réservé aux"),
    ("Web, SMTP,etc.", "Web, SMTP, etc."),
    ("médicaux...),de coordination", "médicaux...), de coordination"),
])
def test_a_space_lost_after_punctuation_beside_a_name_a_number_or_an_elision(printed, expected):
    assert split_run_together_words(printed).text == expected


def test_punctuation_inside_numbers_and_code_keeps_its_spacing():
    text = "3,5 et 1.2.3 ou f(x),g(y) puis a,b et www.senat.fr,le"
    assert split_run_together_words(text).edits == []


def test_a_space_lost_before_a_parenthesis_where_the_document_has_them():
    text = "les agences (ARS) et les communautés (CPTS) puis les centres(CPTS) et "
    assert seg(text + "les clé(s)") == text.replace("centres(", "centres (") + "les clé(s)"
    code = "les fonctions f(x), g(y) et centre(CPTS)"
    assert seg(code) == code


def test_a_word_of_the_document_broken_by_a_stray_space_is_joined():
    text = "Debian est libre. Un paquet Debi an est une archive. Debian a des paquets."
    assert rejoin_split_words(text).text == text.replace("Debi an", "Debian")
    alone = "Un paquet Debi an est une archive."
    assert rejoin_split_words(alone).edits == []


@pytest.mark.skipif("restore_accents" not in [s.name for s in STAGES],
                    reason="the words group (restore_accents) is not on this branch yet")
def test_a_word_that_lost_its_accent_is_no_misread_part():
    # commencant is commençant without its cedilla, not « comme » + a misread « ncant »
    assert clean("Ils ont basculé, en commencant par le réseau.").text == \
        "Ils ont basculé, en commençant par le réseau."


def test_the_shortcuts_of_the_lookups_find_what_the_full_lookups_find():
    import string

    from ocrfix import segmentation, words
    # _derived_zipf makes the key of a lemma from the key of the word and the ending
    for _ending, lemma_end, _flag in segmentation.INFLECTIONS:
        assert segmentation.lookup_key(lemma_end) == lemma_end
        assert segmentation._KEY_LETTERS.issuperset(lemma_end)
    # _lost_apostrophe_zipf skips the words that GLUED_ELISION cannot match by their start
    for a in string.ascii_letters:
        for b in string.ascii_letters:
            for rest in ("", "a", "e", "ou", "isqu", "rsqu", "aval"):
                word = (a + b + rest).lower()
                if words.GLUED_ELISION.fullmatch(word):
                    assert word[0] in segmentation._ELISION_LETTERS \
                        and word[1] in segmentation._ELISION_NEXT \
                        or word[:2] in segmentation._ELISION_STARTS, word
