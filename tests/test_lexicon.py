from pathlib import Path

import pytest

from communique.coding.lexicon import default_lexicon, load_lexicon
from communique.coding.ontology import PLOVER_TYPES, default_ontology
from communique.errors import DataFileError


def _codes(lexicon):
    verbs = [e.cameo for entries in lexicon.verbs.values() for e in entries]
    nouns = [e.cameo for entries in lexicon.nouns.values() for e in entries]
    return verbs + nouns + list(lexicon.adjectives.values())


def test_the_lexicon_reaches_all_sixteen_types():
    ontology = default_ontology()
    types = {ontology.code(code).plover_type for code in _codes(default_lexicon())}
    assert types == set(PLOVER_TYPES)


def test_no_bare_statement_codes():
    assert not [c for c in _codes(default_lexicon()) if c.startswith("01")]


def test_appeals_and_demands_keep_their_cameo_roots():
    lexicon = default_lexicon()

    def bare(lemma: str) -> str:
        (entry,) = [e for e in lexicon.verb_entries(lemma) if not (e.objects or e.particle or e.xcomp)]
        return entry.cameo

    assert bare("urge").startswith("02")
    assert {e.cameo[:2] for e in lexicon.verb_entries("call") if e.particle == "on"} == {"02"}
    assert bare("demand").startswith("10")
    assert "say" in lexicon.speech_verbs and "say" not in lexicon.verbs


def test_over_broad_verbs_are_not_events():
    lexicon = default_lexicon()
    for lemma in ("use", "fear", "target", "say", "want"):
        assert not [e for e in lexicon.verb_entries(lemma) if not e.objects and not e.particle], lemma


def test_a_bad_entry_is_reported_with_its_line(tmp_path: Path):
    bad = tmp_path / "events.yaml"
    bad.write_text("version: 1\nverbs:\n  - {lemma: meet, cameo: '040'}\n  - {lemma: greet, cameo: '999'}\n")
    with pytest.raises(DataFileError) as info:
        load_lexicon(events_path=bad)
    assert "events.yaml:4" in str(info.value) and "999" in str(info.value)
    bad.write_text("version: 1\nverbs:\n  - {lemma: meet, cameo: '040', colour: blue}\n")
    with pytest.raises(DataFileError, match="unknown keys"):
        load_lexicon(events_path=bad)
