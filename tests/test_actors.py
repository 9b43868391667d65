"""Actor resolution on hand-built parses."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from communique.resolve.actors import ActorResolver, ArticleMemory
from communique.resolve.dictionary import default_actor_dictionary

VOCAB = spacy.blank("en").vocab


def test_references_that_point_at_each_other_do_not_loop():
    # "Its unit, its arm, struck": the apposition and the possessive pronouns
    # refer to each other; resolution must end (it once recursed forever).
    words = ["Its", "unit", ",", "its", "arm", ",", "struck", "."]
    doc = Doc(
        VOCAB,
        words=words,
        lemmas=["its", "unit", ",", "its", "arm", ",", "strike", "."],
        pos=["PRON", "NOUN", "PUNCT", "PRON", "NOUN", "PUNCT", "VERB", "PUNCT"],
        deps=["poss", "nsubj", "punct", "poss", "appos", "punct", "ROOT", "punct"],
        heads=[1, 6, 1, 4, 1, 1, 6, 6],
        tags=["PRP$", "NN", ",", "PRP$", "NN", ",", "VBD", "."],
    )
    resolver = ActorResolver(default_actor_dictionary())
    mention = resolver.resolve(doc[1], on=None, memory=ArticleMemory())
    assert mention.actor.text.endswith("unit")


def test_a_place_phrase_gives_the_country():
    words = ["Rebels", "in", "Chad", "fought", "."]
    doc = Doc(
        VOCAB,
        words=words,
        lemmas=["rebel", "in", "Chad", "fight", "."],
        pos=["NOUN", "ADP", "PROPN", "VERB", "PUNCT"],
        deps=["nsubj", "prep", "pobj", "ROOT", "punct"],
        heads=[3, 0, 1, 3, 3],
        ents=["O", "O", "B-GPE", "O", "O"],
    )
    resolver = ActorResolver(default_actor_dictionary())
    actor = resolver.resolve(doc[0], on=None, memory=ArticleMemory()).actor
    assert (actor.country, actor.sector) == ("TCD", "REB")


def test_the_group_refers_back_to_the_organisation_named_last(code):
    events = code(
        "Hamas fighters fired rockets at Ashkelon on Monday. "
        "Israeli aircraft later bombed a training camp of the militant group in Gaza.",
        published="2024-03-06",
    )
    bombed = [e for e in events if e.trigger.text == "bombed"]
    assert bombed, [e.trigger.text for e in events]
    assert [a.name for a in bombed[0].target] == ["Hamas"]


def test_the_group_without_an_organisation_before_it_stays_unnamed(code):
    events = code("Gunmen from the group attacked a police station in Kano.", published="2024-03-06")
    assert all(a.name != "Hamas" for e in events for a in (*e.source, *e.target))


def test_the_group_that_seized_power_is_the_taliban_of_that_day(seed_events):
    (seizure,) = [e for e in seed_events if e.trigger.text == "seized"]
    assert [a.name for a in seizure.source] == ["Taliban"]
    assert seizure.date.value == "2021-08-15" and seizure.date.text == "Sunday (15)"
    # From 2021-08-15 the Taliban are Afghanistan's government.
    assert (seizure.source[0].country, seizure.source[0].sector) == ("AFG", "GOV")
