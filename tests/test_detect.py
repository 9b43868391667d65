"""Event detection on hand-built parses: no model, so each test pins one
piece of the clause logic (voice, coordination, negation, speech, control)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from communique.coding.detect import EventDetector
from communique.coding.lexicon import Lexicon, ModalityWords, VerbEntry
from communique.coding.ontology import default_ontology

# A blank English vocab computes lexical attributes (lower case, shape).
VOCAB = spacy.blank("en").vocab
ACTORS = {"rebel", "convoy", "china", "russia", "iran", "official", "troop"}


def _lexicon() -> Lexicon:
    verbs = {
        "attack": (VerbEntry("attack", "190"),),
        "meet": (VerbEntry("meet", "040"),),
        "urge": (VerbEntry("urge", "020"),),
        "withdraw": (VerbEntry("withdraw", "087"),),
    }
    words = ModalityWords(
        negators=frozenset({"not", "never"}),
        negating_governors=frozenset({"fail", "deny"}),
        hypothetical_modals=frozenset({"could", "might"}),
        conditional_marks=frozenset({"if"}),
        hypothetical_governors=frozenset({"consider"}),
        future_modals=frozenset({"will"}),
        future_governors=frozenset({"plan"}),
        content_taking_types=frozenset({"REQUEST", "THREATEN", "AGREE"}),
    )
    return Lexicon(
        verbs=verbs,
        nouns={},
        adjectives={},
        obligation_modals={"must": "100"},
        speech_verbs=frozenset({"say"}),
        light_verbs=frozenset(),
        state_verbs=frozenset({"be"}),
        modality=words,
    )


@pytest.fixture(scope="module")
def detector() -> EventDetector:
    return EventDetector(
        _lexicon(),
        default_ontology(),
        is_actor=lambda t: t.lemma_.lower() in ACTORS,
        is_instrument=lambda t: t.lemma_ == "troop",
    )


def _doc(rows: list[tuple[str, str, str, str, int]]) -> Doc:
    """rows of (word, lemma, pos, dep, head index)."""
    words, lemmas, pos, deps, heads = zip(*rows, strict=True)
    tags = ["VBN" if d in {"ROOT", "conj"} and "auxpass" in deps else "" for d in deps]
    return Doc(
        VOCAB, words=list(words), lemmas=list(lemmas), pos=list(pos), deps=list(deps), heads=list(heads), tags=tags
    )


def _texts(tokens) -> list[str]:
    return [t.text for t in tokens]


def test_active_voice(detector):
    doc = _doc(
        [
            ("Rebels", "rebel", "NOUN", "nsubj", 1),
            ("attacked", "attack", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 3),
            ("convoy", "convoy", "NOUN", "dobj", 1),
        ]
    )
    (event,) = detector.detect(doc[:], 0)
    assert (event.cameo_code, _texts(event.sources), _texts(event.targets)) == ("190", ["Rebels"], ["convoy"])
    assert not event.modality.negated


def test_passive_voice_swaps_roles(detector):
    doc = _doc(
        [
            ("The", "the", "DET", "det", 1),
            ("convoy", "convoy", "NOUN", "nsubjpass", 3),
            ("was", "be", "AUX", "auxpass", 3),
            ("attacked", "attack", "VERB", "ROOT", 3),
            ("by", "by", "ADP", "agent", 3),
            ("rebels", "rebel", "NOUN", "pobj", 4),
        ]
    )
    (event,) = detector.detect(doc[:], 0)
    assert (_texts(event.sources), _texts(event.targets)) == (["rebels"], ["convoy"])


def test_coordinated_subjects_are_one_compound_source(detector):
    doc = _doc(
        [
            ("China", "China", "PROPN", "nsubj", 3),
            ("and", "and", "CCONJ", "cc", 0),
            ("Russia", "Russia", "PROPN", "conj", 0),
            ("met", "meet", "VERB", "ROOT", 3),
            ("Iran", "Iran", "PROPN", "dobj", 3),
        ]
    )
    (event,) = detector.detect(doc[:], 0)
    assert (_texts(event.sources), _texts(event.targets)) == (["China", "Russia"], ["Iran"])


def test_negation(detector):
    doc = _doc(
        [
            ("Rebels", "rebel", "NOUN", "nsubj", 3),
            ("did", "do", "AUX", "aux", 3),
            ("not", "not", "PART", "neg", 3),
            ("attack", "attack", "VERB", "ROOT", 3),
            ("the", "the", "DET", "det", 5),
            ("convoy", "convoy", "NOUN", "dobj", 3),
        ]
    )
    (event,) = detector.detect(doc[:], 0)
    assert event.modality.negated


def test_the_speaker_is_kept_apart_from_the_actors(detector):
    doc = _doc(
        [
            ("Officials", "official", "NOUN", "nsubj", 1),
            ("said", "say", "VERB", "ROOT", 1),
            ("rebels", "rebel", "NOUN", "nsubj", 3),
            ("attacked", "attack", "VERB", "ccomp", 1),
            ("the", "the", "DET", "det", 5),
            ("convoy", "convoy", "NOUN", "dobj", 3),
        ]
    )
    (event,) = detector.detect(doc[:], 0)
    assert _texts(event.sources) == ["rebels"]
    assert event.speaker is not None and event.speaker.text == "Officials"


def test_the_content_of_an_appeal_is_not_a_second_event(detector):
    doc = _doc(
        [
            ("Iran", "Iran", "PROPN", "nsubj", 1),
            ("urged", "urge", "VERB", "ROOT", 1),
            ("rebels", "rebel", "NOUN", "dobj", 1),
            ("to", "to", "PART", "aux", 4),
            ("attack", "attack", "VERB", "xcomp", 1),
            ("the", "the", "DET", "det", 6),
            ("convoy", "convoy", "NOUN", "dobj", 4),
        ]
    )
    (event,) = detector.detect(doc[:], 0)
    assert event.cameo_code == "020"
    assert (_texts(event.sources), _texts(event.targets)) == (["Iran"], ["rebels"])


def test_failed_to_negates_and_will_marks_the_future(detector):
    failed = _doc(
        [
            ("Rebels", "rebel", "NOUN", "nsubj", 1),
            ("failed", "fail", "VERB", "ROOT", 1),
            ("to", "to", "PART", "aux", 3),
            ("attack", "attack", "VERB", "xcomp", 1),
            ("the", "the", "DET", "det", 5),
            ("convoy", "convoy", "NOUN", "dobj", 3),
        ]
    )
    (event,) = detector.detect(failed[:], 0)
    assert event.modality.negated and _texts(event.sources) == ["Rebels"]
    will = _doc(
        [
            ("Russia", "Russia", "PROPN", "nsubj", 2),
            ("will", "will", "AUX", "aux", 2),
            ("withdraw", "withdraw", "VERB", "ROOT", 2),
            ("its", "its", "PRON", "poss", 4),
            ("troops", "troop", "NOUN", "dobj", 2),
        ]
    )
    (event,) = detector.detect(will[:], 0)
    assert event.cameo_code == "087" and event.modality.future
    assert event.targets == ()  # withdrawn troops are the means, not the target


def test_x_said_y_must_is_a_request_from_x_to_y(detector):
    doc = _doc([("Iran", "Iran", "PROPN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
                ("rebels", "rebel", "NOUN", "nsubj", 4), ("must", "must", "AUX", "aux", 4),
                ("leave", "leave", "VERB", "ccomp", 1)])  # fmt: skip
    (event,) = detector.detect(doc[:], 0)
    assert event.cameo_code == "100"
    assert (_texts(event.sources), _texts(event.targets)) == (["Iran"], ["rebels"])


def test_an_event_with_nobody_in_it_is_dropped(detector):
    doc = _doc(
        [
            ("It", "it", "PRON", "nsubjpass", 2),
            ("was", "be", "AUX", "auxpass", 2),
            ("attacked", "attack", "VERB", "ROOT", 2),
        ]
    )
    assert detector.detect(doc[:], 0) == []
