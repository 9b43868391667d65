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
