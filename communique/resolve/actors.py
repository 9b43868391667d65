"""Actor resolution: from an actor's head token to who it is.

The noun phrase around the head is matched against the actor dictionary:
organisations and people (dated roles), countries by name, alias, demonym
and capital, and role words for the sector. Pronouns and bare surnames are
resolved against earlier mentions in the same article (`ArticleMemory`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from spacy.tokens import Token

from communique.model import Actor
from communique.nlp.syntax import children, contiguous_span, entity_span, first_child, name_span, noun_phrase_tokens
from communique.resolve.dictionary import OUT_OF_OFFICE_SECTOR, SEAT_SECTOR, ActorDictionary, DatedRole

ACTOR_ENTITY_TYPES = frozenset({"GPE", "NORP", "ORG", "PERSON"})
NON_ACTOR_ENTITY_TYPES = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "LAW", "LANGUAGE", "WORK_OF_ART"}
)
ACTOR_PLACE_PREPS = frozenset({"in", "from", "throughout", "across", "inside"})
# The country of a place name, given what the article says about places
# (a `communique.resolve.places.PlaceContext`, kept opaque here).
PlaceCountry = Callable[[str, Any], str | None]
StateOn = Callable[[str, "dt.date | None"], str]
NameCountry = Callable[[str], str | None]  # a town's or region's country by its name
POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she"}
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
THING_PRONOUNS = frozenset({"it"})
PLURAL_PRONOUNS = frozenset({"they", "them", "we", "us"})
# Entity types a misspelt country word may carry ("Ethopia" is often untagged,
# "Quatar" taken for an organisation); never a person's name.
MISSPELLING_ENTITY_TYPES = frozenset({"GPE", "NORP", "LOC", "ORG", ""})
# Lines between two countries: "the Thai border" places no one in Thailand.
BORDER_WORDS = frozenset({"border", "frontier", "boundary", "borderland"})
# Clauses under another clause whose subject a plural pronoun subject refers
# back to ("killed ... when they blew themselves up", "said they would").
GOVERNED_CLAUSE_LINKS = frozenset({"advcl", "ccomp"})
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
# An ethnic community named as such ("ethnic Albanians") acts as civilians;
# the sector lets it take the country where the event happens.
CIVILIAN_SECTOR = "CVL"  # civilians: a country's people, an ethnic group
ARMED_GROUP_SECTOR = "REB"
STATE_ARMY_SECTOR = "MIL"
FORCES_SECTORS = frozenset({"MIL", "COP", "UAF", "PRM"})
# Sectors of an office, which a "former" or "ousted" in front takes away.
OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY"})


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor met earlier in the article, for later references to it."""

    actor: Actor
    is_person: bool
    plural: bool
    sentence_index: int
    head_lemma: str = ""
    # Named by the dictionaries as a political actor: an organisation or
    # person, a country by name or capital, or a role with a sector. "The
    # Kenyan runner" has a country but is not one.
    known: bool = True
    organisation: bool = False  # a named organisation, for a later "the group"
    # "Both sides", "the two capitals": the two actors the phrase stands for.
    members: tuple[Actor, ...] = ()


@dataclass
class ArticleMemory:
    """What the resolver has seen so far in one article."""

    mentions: list[Mention] = field(default_factory=list)
    places: Any = None  # the article's PlaceContext, to read its place names in

    def add(self, mention: Mention) -> None:
        if mention.actor.country is None and mention.actor.sector is None and not mention.is_person:
            return  # nothing useful to pass on to a later pronoun
        self.mentions.append(mention)

    def last(self, *, person: bool | None = None, plural: bool | None = None) -> Actor | None:
        for mention in reversed(self.mentions):
            if person is not None and mention.is_person != person:
                continue
            if plural is not None and mention.plural != plural:
                continue
            return mention.actor
        return None

    def last_organisation(self) -> Mention | None:
        for mention in reversed(self.mentions):
            if mention.organisation:
                return mention
        return None

    def last_with_head(self, lemma: str) -> Mention | None:
        for mention in reversed(self.mentions):
            if mention.head_lemma == lemma and mention.actor.country:
                return mention
        return None

    def last_two_sides(self, others: tuple[Actor, ...] = (), sentence_index: int = 0) -> tuple[Actor, Actor] | None:
        """The two sides a reference to "both sides" means: the two named
        together in this sentence or the one before ("Saudi Arabia and Iran
        agreed ... The two sides further agreed"); failing that, the first
        two named together, as news names the two sides in its lead ("Fighting
        between Sudan's army and the RSF ... The Security Council called on
        the two sides"). A state's bodies are one side, and the event's other
        side is neither (China and the US urging "both capitals")."""
        excluded = {_side_key(a) for a in others if a.country}
        by_sentence: dict[int, dict[tuple[str | None, str | None], Actor]] = {}
        for mention in self.mentions:
            key = _side_key(mention.actor)
            if mention.actor.country is not None and key not in excluded:
                by_sentence.setdefault(mention.sentence_index, {})[key] = mention.actor
        together = [index for index in sorted(by_sentence) if len(by_sentence[index]) >= 2]
        if not together:
            return None
        recent = [index for index in together if index >= sentence_index - 1]
        sides = list(by_sentence[recent[-1] if recent else together[0]].values())
        return sides[0], sides[1]

    def person_by_surname(self, surname: str) -> Actor | None:
        for mention in reversed(self.mentions):
            name = mention.actor.name or ""
            if mention.is_person and name != surname and name.split()[-1:] == [surname]:
                return mention.actor
        return None


class ActorResolver:
    """Resolves actor head tokens to `Actor`s for one article at a time."""

    def __init__(
        self,
        dictionary: ActorDictionary,
        place_country: PlaceCountry | None = None,
        state_on: StateOn | None = None,
        town_country: NameCountry | None = None,
        place_kinds: frozenset[str] = frozenset(),
        region_country: NameCountry | None = None,
    ) -> None:
        self.dictionary = dictionary
        # Nouns that only name a place's kind ("town", "village", "province").
        self.place_kinds = place_kinds
        # The country of a region by name, never a town's ("Crimea").
        self.region_country = region_country or (lambda _name: None)
        # Country of a place name ("Baghdad" -> IRQ), for "demonstrators in Baghdad".
        self.place_country = place_country or (lambda _name, _context: None)
        # The country of a town or region by its own name only, not an
        # alternate one ("National" is no town's name, though GeoNames lists it).
        self.town_country = town_country or (lambda _name: None)
        # The state that held a later-independent country's capital on a day
        # ("Juba" in 2005 is a Sudanese town).
        self.state_on = state_on or (lambda country, _day: country)

    def is_actor(self, token: Token) -> bool:
        """Could this noun be an actor? Used by the coder to tell "met Wang
        Yi" (an actor) from "offered support" (a thing)."""
        if token.pos_ == "PRON":
            return token.lower_ in PRONOUNS
        if token.pos_ not in {"NOUN", "PROPN"} or token.ent_type_ in NON_ACTOR_ENTITY_TYPES:
            return False
        if self._names_a_stance(token):
            return False  # "his opposition to the plan": an objection
        if token.ent_type_ == "FAC" and not self._has_known_words(token):
            # "the Friendship Bridge": a thing; not "the White House" (a seat)
            # nor a town the model took for a building ("Kharkiv").
            return self.place_country(entity_span(token).text, None) is not None
        if token.ent_type_ in ACTOR_ENTITY_TYPES or token.pos_ == "PROPN":
            # A proper name is someone, even one the model's NER missed.
            return True
        if self._names_both_sides(token):
            return True  # "urged both capitals", "the two sides"
        if self._is_organisation_reference(self.phrase(token), token):
            return True
        for candidate in self.phrase(token):
            if candidate.ent_type_ in ACTOR_ENTITY_TYPES and candidate.ent_type_ != "NORP":
                return True
        return self._has_known_words(token)

    def names_someone(self, noun: Token) -> bool:
        """Does the noun itself name a role or body ("minister", "army",
        "delegation", "group"), as against a thing that only a word around it
        makes an actor ("President Reagan's statement")?"""
        lemma = noun.lemma_.lower()
        dictionary = self.dictionary
        return bool(
            dictionary.sector(lemma)
            or dictionary.sector(noun.lower_)
            or lemma in dictionary.representatives
            or lemma in dictionary.organisation_references
        )

    def phrase(self, head: Token) -> list[Token]:
        """The actor's noun phrase; role words keep their of-phrase ("the
        embassies of Rwanda", "the head of the agency")."""
        lemma = head.lemma_.lower()
        role = lemma in self.dictionary.sectors or lemma in self.dictionary.representatives
        return noun_phrase_tokens(head, include_of=role)

    def _is_organisation_reference(self, tokens: list[Token], head: Token) -> bool:
        """ "the group", "the radical movement": definite, unnamed, with only
        adjectives in front."""
        if head.lemma_.lower() not in self.dictionary.organisation_references:
            return False
        others = [t for t in tokens if t.i != head.i]
        return any(t.dep_ == "det" and t.lower_ in {"the", "this", "that"} for t in others) and all(
            t.dep_ in {"det", "amod", "advmod"} and not t.ent_type_ for t in others
        )

    def _has_known_words(self, head: Token) -> bool:
        tokens = self.phrase(head)
        if self._sector(tokens, head) is not None:
            return True
        return any(self._lookup(tokens, on=None, kind=kind) for kind in ("entity", "country"))

    # -- dictionary matching ---------------------------------------------

    def _phrases(self, tokens: list[Token]) -> list[tuple[int, int, str]]:
        """Every run of consecutive NP tokens, longest first, as (start,
        end, text); a possessive "'s" ends a run."""
        runs: list[tuple[int, int, str]] = []
        # A bare apostrophe stays: it is part of names ("Kurdistan Workers' Party").
        words = [t for t in tokens if t.dep_ != "det" and (t.dep_ != "case" or t.text in {"'", "’"})]
        limit = self.dictionary.max_words
        doc = tokens[0].doc
        for size in range(min(limit, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                window = words[i : i + size]
                if window[0].is_punct or window[-1].is_punct:
                    continue
                if any(b.i != a.i + 1 for a, b in pairwise(window)):
                    continue
                runs.append((window[0].i, window[-1].i, doc[window[0].i : window[-1].i + 1].text))
        return runs

    def _lookup(self, tokens: list[Token], *, on: dt.date | None, kind: str):
        phrases = self._phrases(tokens)
        for start, end, text in phrases:
            found = self.dictionary.entity(text, on) if kind == "entity" else self.dictionary.country(text)
            if found is not None:
                return start, end, found
        if kind == "entity":
            # No name matched as written: "Francois Mitterand", one slip off.
            for start, end, text in phrases:
                found = self.dictionary.misspelt_person(text, on)
                if found is not None:
                    return start, end, found
        if kind == "country":
            # "Ethopia", "Afganistan": a country word with one typing slip,
            # if the word names no place of its own ("Columbia" is a town).
            for token in tokens:
                if token.pos_ != "PROPN" or not token.is_title or token.ent_type_ not in MISSPELLING_ENTITY_TYPES:
                    continue
                term = self.dictionary.misspelt_country(token.text)
                if term is not None and self.place_country(token.text, None) is None:
                    return token.i, token.i, term
        return None

    def _sector(self, tokens: list[Token], head: Token) -> str | None:
        """The role word nearest the head decides: "Foreign Ministry
        spokeswoman" -> the spokeswoman's sector."""
        if head.lemma_.lower() in self.dictionary.representatives:
            # "leaders of the opposition coalition", "members of parliament":
            # a representative takes the sector of the body it belongs to.
            after = sorted((t for t in tokens if t.i > head.i), key=lambda t: t.i)
            found = self._sector(after, after[-1]) if after else None
            if found:
                return found
            # "the company's spokesman", "the firm's administrator": the owner's.
            for owner in (t for t in tokens if t.dep_ == "poss" and t.head.i == head.i):
                found = self._sector([t for t in tokens if t.i <= owner.i], owner)
                if found:
                    return found
        ordered = sorted((t for t in tokens if t.i <= head.i), key=lambda t: head.i - t.i)
        for token in ordered:
            if token.ent_type_ == "PERSON" and not (token.ent_iob_ == "B" and self.dictionary.sector(token.lower_)):
                continue  # a name, but not the title it starts with ("King Abdullah")
            if token.pos_ == "ADJ" and token.lower_ in self.dictionary.adjectives_naming_no_one:
                continue  # "official contact", "an official visit"
            if token.ent_type_ in {"GPE", "LOC"} and token.pos_ == "PROPN":
                continue  # a place's name: the "Bank" of "the West Bank city" is no bank
            # A two-word role the word ends or begins: "Secretary General"
            # is no general, "Foreign Minister" no foreigner.
            prev = token.doc[token.i - 1] if token.i > 0 else None
            if prev is not None and prev.text == "-" and prev.i > 0:
                prev = token.doc[prev.i - 1]  # "secretary-general"
            nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            for first, second in ((prev, token), (token, nxt)):
                if first is None or second is None or first not in tokens or second not in tokens:
                    continue
                if first.ent_type_ == "PERSON" or second.ent_type_ == "PERSON":
                    continue
                two = f"{first.lemma_} {second.lemma_}".lower()
                sector = (
                    self.dictionary.sector(two)
                    or self.dictionary.sector(f"{first.lower_} {second.lower_}")
                    # "rights groups": a plural modifier, a plural head
                    or self.dictionary.sector(f"{first.lower_} {second.lemma_.lower()}")
                )
                if sector:
                    return sector
            sector = self.dictionary.sector(token.lemma_) or self.dictionary.sector(token.lower_)
            if not sector and token.pos_ in {"NOUN", "PROPN"} and token.ent_type_ not in {"PERSON", "GPE", "LOC"}:
                sector = self.dictionary.misspelt_sector(token.lemma_) or self.dictionary.misspelt_sector(token.lower_)
            if sector:
                return sector
        return None

    def _owns_a_relation(self, word: Token) -> bool:
        return word.dep_ == "poss" and word.head.lemma_.lower() in self.dictionary.relational_nouns

    def _names_a_stance(self, token: Token) -> bool:
        if token.lemma_.lower() not in self.dictionary.stance_nouns:
            return False
        return any(
            (c.dep_ == "prep" and c.lower_ == "to") or (c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS)
            for c in token.children
        )

    def _names_both_sides(self, head: Token) -> bool:
        """ "Both sides", "both capitals", "the two parties"."""
        if head.lemma_.lower() not in self.dictionary.side_nouns or not is_plural(head):
            return False
        words = {c.lower_ for c in head.children if c.dep_ in {"det", "predet", "nummod", "preconj", "amod"}}
        # "both sides", "the two capitals"; not "two leaders" nor "the other two parties"
        return "both" in words or ({"the", "two"} <= words and "other" not in words)

    def _names_a_faith(self, tokens: list[Token], head: Token) -> bool:
        return any(t.i < head.i and t.lower_ in self.dictionary.faiths for t in tokens)

    def _named_with_place_kind(self, tokens: list[Token], head: Token) -> bool:
        """A proper name after a word for a place's kind: "the town of
        Jaffna", "the provincial capital Juba"."""
        if head.pos_ != "PROPN":
            return False
        if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in self.place_kinds:
            return True
        return any(t.i < head.i and t.lemma_.lower() in self.place_kinds and t.pos_ == "NOUN" for t in tokens)

    def _names_a_people(self, tokens: list[Token], head: Token) -> bool:
        """A plural head that is itself a people, under another country's
        word: "Bosnian Serbs", "ethnic Turks" are civilians (CVL), as the
        PLOVER manual codes ethnic groups."""
        if not is_plural(head) or _is_bare_definite(tokens, head):
            return False
        term = self.dictionary.country(head.text)
        return term is not None and term.kind in {"demonym", "ethnic"} and any(t.i < head.i for t in tokens)

    def _leader_s_country(self, tokens: list[Token], head: Token, on: dt.date | None) -> str | None:
        """ "The Bush administration", "the Assad regime": the country of the
        one leader of that surname (in office on the date, else the one
        curated person of that surname)."""
        names = [t for t in tokens if t.i < head.i and t.ent_type_ == "PERSON" and t.dep_ in {"compound", "poss"}]
        if not names:
            return None
        surname = names[-1].text
        person = self.dictionary.person_by_surname(surname, on) or self.dictionary.person_by_surname(surname, None)
        return person.country if person is not None else None

    def _titled_surname(self, surname: str, tokens: list[Token], head: Token) -> Actor | None:
        """ "President Bush" on a date no Bush was in office: an office title
        before the one curated person of that surname says it is them (their
        country), in the office the title names; else the imported office
        holders of that surname who held such an office, if all of one
        country. Never a bare surname (too many namesakes)."""
        title = self._sector([t for t in tokens if t.i < head.i], head)
        if title not in OFFICE_SECTORS:
            return None
        person = self.dictionary.person_by_surname(surname, None)
        if person is None or person.country is None:
            # Not curated: one who held that kind of office, if the holders
            # of that surname were all of one country.
            person = self.dictionary.office_holder_by_surname(surname, title)
        if person is None or person.country is None:
            return None
        return Actor(surname, None, None, person.name, person.country, title, person.wikidata)

    def _out_of_office(self, tokens: list[Token], head: Token, sector: str | None) -> str | None:
        """ "Former president X", "ousted leader X": an elite of the country,
        not its government (CAMEO's ELI)."""
        if sector not in OFFICE_SECTORS:
            return sector
        markers = self.dictionary.out_of_office_markers
        if any(t.lower_ in markers for t in tokens if t.i < head.i or (t.head == head and t.dep_ == "amod")):
            return OUT_OF_OFFICE_SECTOR
        return sector

    # -- resolution ------------------------------------------------------

    def resolve(
        self,
        head: Token,
        *,
        on: dt.date | None,
        memory: ArticleMemory,
        speaker: Mention | None = None,
        sentence_index: int = 0,
        follow_references: bool = True,
        others: tuple[Actor, ...] = (),
    ) -> Mention:
        """Who an actor's head token names. `follow_references=False` looks
        at the phrase alone, without chasing pronouns and appositions: used
        when resolving on behalf of another reference, so that "its" and an
        apposition can never send resolution round in a circle."""
        if head.pos_ == "PRON":
            return self._resolve_pronoun(head, memory, speaker, sentence_index, on)
        tokens = self.phrase(head)
        span = contiguous_span(tokens)
        text = span.text
        start, end = span.start_char, span.end_char
        head_lemma = head.lemma_.lower()
        if follow_references and self._names_both_sides(head):
            # "urged both capitals to show restraint": the two sides named last.
            sides = memory.last_two_sides(others, sentence_index)
            if sides is not None:
                if head_lemma in self.dictionary.seat_nouns:
                    # "both capitals", "both governments": the two states' governments.
                    sides = tuple(replace(side, sector=SEAT_SECTOR) for side in sides)
                actor = Actor(text, start, end, text)
                return Mention(actor, False, True, sentence_index, head_lemma, True, members=sides)
        name: str | None = None
        country: str | None = None
        wikidata: str | None = None
        entity_sector: str | None = None  # the sector a named entity gives the phrase
        body_s_own = False  # "a Security Council resolution": the body's own paper
        # "The town of Jaffna", "the provincial capital Juba": a place, whatever
        # the model's NER took the name for.
        kind_named = self._named_with_place_kind(tokens, head)
        is_person = head.ent_type_ == "PERSON" and not kind_named
        names_organisation = False

        if follow_references and self._is_organisation_reference(tokens, head):
            earlier_organisation = memory.last_organisation()
            if earlier_organisation is not None:
                # "the group that seized power": the Taliban named before.
                known = earlier_organisation.actor
                actor = Actor(text, start, end, known.name, known.country, known.sector, known.wikidata)
                mention = Mention(actor, False, is_plural(head), sentence_index, head_lemma, True, True)
                memory.add(mention)
                return mention

        entity = self._lookup(tokens, on=on, kind="entity")
        out_of_office: DatedRole | None = None
        if entity is not None and entity[2].is_person and not entity[2].in_office and entity[0] <= head.i <= entity[1]:
            # A known person the dictionary has out of office on the date: the
            # words around the name ("U.N. mediator", "President", "Japanese")
            # say more about their role now; their own country is the fallback.
            out_of_office = entity[2]
            name, wikidata = out_of_office.name, out_of_office.wikidata
            rest = [t for t in tokens if not entity[0] <= t.i <= entity[1]]
            entity = self._lookup(rest, on=on, kind="entity") if rest else None
        if entity is not None:
            e_start, e_end, role = entity
            country = role.country
            names_itself = not role.is_person and head_lemma in self.dictionary.organisation_references
            if e_start <= head.i <= e_end or names_itself:
                # The phrase names the entity itself: "the Taliban", "Wang Yi",
                # "the Hezbollah group".
                name, entity_sector, wikidata, is_person = role.name, role.sector, role.wikidata, role.is_person
                names_organisation = not role.is_person
            elif not role.is_person and head_lemma in self.dictionary.representatives:
                # "a Taliban delegation", "a Hamas commander": the group's sector.
                entity_sector = role.sector
            elif (
                not role.is_person
                and head.pos_ == "NOUN"
                and (head_lemma not in self.place_kinds or _names_a_facility(head))
                and not self.names_someone(head)
                and self._sector([head], head) is None  # "UN peackeepers": a role, misspelt
            ):
                # "A Security Council resolution", "a Hamas statement": the
                # body's own act or paper stands for the body ("Taliban
                # territory" is a place, "UN peacekeepers" have their own role).
                entity_sector = role.sector
                body_s_own = True
            # Otherwise the entity only gives the country: "Joe Biden's
            # government" is a government, of Biden's country.
        elif is_person and out_of_office is None:
            person = [
                t
                for t in tokens
                if t.ent_type_ == "PERSON" and t.dep_ not in {"case", "punct"} and _same_entity(t, head)
            ]
            name = " ".join(t.text for t in person) or head.text
            if len(person) == 1:
                # "Hua said": the Hua met earlier in the article; failing
                # that, the one office holder of that surname on the date.
                earlier = memory.person_by_surname(name)
                role = self.dictionary.person_by_surname(name, on) if earlier is None else None
                if role is not None and on is None and not _article_names(memory, role.country):
                    # Undated, a surname alone is the curated person of that
                    # name only in an article about their country: "Mr Howard"
                    # in a British article is not Australia's John Howard.
                    role = None
                if role is not None:
                    earlier = Actor(name, None, None, role.name, role.country, role.sector, role.wikidata)
                elif earlier is None:
                    earlier = self._titled_surname(name, tokens, head)
            else:
                # "Omar Hassan al-Bashir" where the dictionary has "Omar
                # Hassan Ahmad Al Bashir": the office holder of that surname
                # on the date, if the first name agrees.
                earlier = None
                role = self.dictionary.person_by_surname(person[-1].text, on)
                if role is not None and person[0].lower_ in role.name.lower().split():
                    earlier = Actor(name, None, None, role.name, role.country, role.sector, role.wikidata)
            if earlier is not None:
                sector = self._out_of_office(tokens, head, earlier.sector)
                actor = Actor(text, start, end, earlier.name, earlier.country, sector, earlier.wikidata)
                known = earlier.country is not None or earlier.sector is not None
                mention = Mention(actor, True, False, sentence_index, head_lemma, known)
                memory.add(mention)
                return mention

        seat_sector: str | None = None
        names_country = ethnic = names_capital = False
        found_country = self._lookup(tokens, on=on, kind="country")
        if found_country is not None and entity is not None and entity[0] <= found_country[0] <= entity[1]:
            found_country = None  # "the Paris Club": a name, not Paris
        if found_country is not None and body_s_own:
            entity_sector = None  # "the EU China arms ban": not the EU's own
        if found_country is not None and self._owns_a_relation(head.doc[found_country[1]]):
            found_country = None  # "Syria's militia allies": whose allies, not whose militia
        if found_country is not None and _is_affiliation(found_country[0], head.doc):
            found_country = None  # "pro-Iranian Hezbollah", "anti-American militants": a stance
        if found_country is not None and _names_a_border(head.doc[found_country[1]], head):
            # "a Karen stronghold on the Thai border": a border has two sides.
            found_country = None
        ethnic_home: str | None = None
        if (
            found_country is not None
            and found_country[2].kind == "ethnic"
            and head.doc[found_country[0]].ent_type_ == "PERSON"
            and len(entity_span(head.doc[found_country[0]])) > found_country[1] - found_country[0] + 1
        ):
            found_country = None  # "Karen Bass": a given name in a full name, not the Karen people
        if found_country is not None and found_country[2].kind == "ethnic":
            # "Yoruba leaders", "Chechen rebels": the group's home country,
            # unless the phrase places them elsewhere ("Chechens in Georgia").
            ethnic_home = found_country[2].iso3
            names_country = ethnic = found_country[0] <= head.i <= found_country[1]
            found_country = None
        if (
            found_country is not None
            and found_country[2].kind == "demonym"
            and found_country[0] <= head.i <= found_country[1]
            and is_plural(head)
        ):
            # "the Albanians of southern Serbia", "the Turks of Bulgaria": a
            # community of another country ("Americans in Iraq" stay American).
            home = self._country_after_of(head, any_place=True, memory=memory)
            if home not in {None, found_country[2].iso3}:
                found_country = None
                names_country = ethnic = True
                ethnic_home = home
        if found_country is not None and _is_ethnic(tokens, found_country[0], found_country[2]):
            # "ethnic Albanians in Serbia", "ethnic Turks in Bulgaria": an
            # ethnicity, not a nationality; where they live says the country.
            found_country = None
            names_country = ethnic = True
        community = head.doc[found_country[1]].head if found_country is not None else head
        if (
            found_country is not None
            and found_country[2].kind == "demonym"
            and community.lemma_.lower() in self.dictionary.community_nouns
            and found_country[1] < community.i
        ):
            # "the Albanian population of the region", "leaders of the
            # Russian minority in Estonia": a community; where it lives says
            # the country.
            found_country = None
            names_country = ethnic = True
            ethnic_home = self._country_after_of(
                community, any_place=True, memory=memory
            ) or self._country_of_place_phrase(community, memory)
        if found_country is not None:
            c_start, c_end, term = found_country
            if entity is not None and not (entity[0] <= head.i <= entity[1]):
                # An organisation only qualifying the phrase yields to its
                # nationality: "NATO-member Norway" is Norway, "Serbian
                # Labour Minister" Serbian, whatever country Labour is.
                country = term.iso3
            country = country or (self.state_on(term.iso3, on) if term.kind == "capital" else term.iso3)
            only_country = all(t.dep_ in {"det", "case", "punct"} or c_start <= t.i <= c_end for t in tokens)
            # "Young Algerians", "angry Afghans": the head names the country's people.
            names_country = c_start <= head.i <= c_end
            names_capital = term.kind == "capital" and names_country
            if only_country and name is None:
                name = self.dictionary.country_names[term.iso3]
                wikidata = wikidata or self.dictionary.country_wikidata.get(term.iso3)
                if term.kind == "capital":
                    seat_sector = SEAT_SECTOR  # "Beijing said": the government
        # "Palestinians", "168 Liberians", "young Algerians": a country's
        # people, civilians (CVL) unless a word says more ("Afghan soldiers");
        # "the Russians" alone is the Russian side, left as the country.
        people = (
            names_country
            and found_country is not None
            and found_country[2].kind == "demonym"
            and is_plural(head)
            and not _is_bare_definite(tokens, head)
        ) or self._names_a_people(tokens, head)
        sector = (
            entity_sector
            or self._sector(tokens, head)
            or seat_sector
            or (CIVILIAN_SECTOR if ethnic or people else None)
        )
        sector = self._out_of_office(tokens, head, sector)
        if sector == STATE_ARMY_SECTOR and found_country is None and (ethnic or self._names_a_faith(tokens, head)):
            # "Moslem forces", "ethnic Albanian guerrillas": armed men of a
            # people or a faith, not of a state.
            sector = ARMED_GROUP_SECTOR
        if sector is None and names_country and found_country is not None and found_country[2].kind == "demonym":
            # "Sierra Leonean and Liberian refugees", parsed as a people and
            # a phrase: the nationality shares the noun after it.
            shared = next((c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
            if shared is not None and not is_plural(head):
                sector = self._sector(self.phrase(shared), shared)
        if country is None and follow_references:
            # "its troops in Syria", "their embassy in Kabul": the country of
            # whoever "its" is, before the place the phrase puts them in.
            country = self._possessor_country(tokens, memory, speaker, sentence_index, on)
        if country is None:
            country = self._country_of_place_phrase(head, memory)
        if country is None and is_person:
            country = self._country_after_of(head)
        if country is None and not is_person:
            country = self._leader_s_country(tokens, head, on)
        if country is None and not is_person:
            country = self._country_of_place_in_phrase(tokens, head, memory)
        untagged_name = head.ent_type_ == "" and head.pos_ == "PROPN"
        named_place = False
        place_like = head.ent_type_ in {"GPE", "LOC"} or untagged_name or kind_named
        if country is None and place_like and not is_person and name is None:
            # A town or region named as the one acted upon ("shelled Juba"),
            # also one the model's NER missed ("struck Odesa").
            country = self.place_country(name_span(head).text, memory.places)
            named_place = country is not None
        if country is None and head.ent_type_ == "ORG" and head.pos_ == "PROPN" and entity is None and name is None:
            # "Russia annexed Crimea", with Crimea taken for an organisation.
            country = self.region_country(name_span(head).text)
            named_place = country is not None
        country = country or ethnic_home
        appositive = (first_child(head, {"appos"}) or _title_before(head, tokens)) if follow_references else None
        if appositive is not None and (country is None or sector is None) and appositive.pos_ in {"NOUN", "PROPN"}:
            # "Kenzo Oshima, the UN relief coordinator": the apposition says who.
            described = self.resolve(appositive, on=on, memory=ArticleMemory(), follow_references=False)
            country = country or described.actor.country
            sector = sector or described.actor.sector
        if out_of_office is not None:
            country = country or out_of_office.country
            sector = sector or self._out_of_office(tokens, head, out_of_office.sector)
        if country is None and _is_bare_definite(tokens, head) and head_lemma in self.dictionary.sectors:
            # "the embassy", "the ministry": the same body as the last
            # mention with this head word that had a country.
            earlier_mention = memory.last_with_head(head_lemma)
            if earlier_mention is not None:
                country = earlier_mention.actor.country
        if name is None:
            name = span.text
        plural = is_plural(head)
        place = (
            not is_person
            and entity_sector is None
            and (names_capital or named_place or (head_lemma in self.place_kinds and sector is None))
        )
        mention = Mention(
            # Named as a place, not a body or people: a town, capital or
            # region ("Juba", "Iraqi towns", "the Bosnian town of Gorazde").
            Actor(text, start, end, name, country, sector, wikidata, is_place=place),
            # "Egypt's foreign minister ... he": one person in a role.
            is_person or (not plural and head_lemma in self.dictionary.person_roles),
            plural,
            sentence_index,
            head_lemma,
            known=entity is not None or names_country or sector is not None,
            organisation=names_organisation,
        )
        memory.add(mention)
        return mention

    def _possessor_country(
        self,
        tokens: list[Token],
        memory: ArticleMemory,
        speaker: Mention | None,
        sentence_index: int,
        on: dt.date | None,
    ) -> str | None:
        """ "its aircraft", "their forces": the country of whoever "its" is."""
        owner = next((t for t in tokens if t.dep_ == "poss" and t.lower_ in POSSESSIVE_PRONOUNS), None)
        if owner is None:
            return None
        return self._resolve_pronoun(owner, memory, speaker, sentence_index, on).actor.country

    def _country_of_place_phrase(self, head: Token, memory: ArticleMemory) -> str | None:
        """ "Rebels in the Ivory Coast", "demonstrators in Baghdad",
        "activists from Gaza": the country the phrase places them in."""
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ACTOR_PLACE_PREPS:
                continue
            for place in prep.children:
                if place.dep_ != "pobj" or place.ent_type_ not in {"GPE", "LOC"}:
                    continue
                text = contiguous_span(noun_phrase_tokens(place)).text
                # "in central Iran": the name, without the words around it.
                term = self.dictionary.country(text) or self.dictionary.country(entity_span(place).text)
                if term is not None and term.kind != "capital":
                    return term.iso3
                # A city, even a capital, is read in the article's context:
                # "gunmen in Tripoli" among Lebanese troops are in Lebanon.
                found = self.place_country(text, memory.places) or (term.iso3 if term else None)
                if found is not None:
                    return found
        return None

    def _country_after_of(
        self, head: Token, *, any_place: bool = False, memory: ArticleMemory | None = None
    ) -> str | None:
        """ "King Hassan of Morocco", "Sheikh Hamad of Qatar": someone "of" a
        country (a country by name, not a town: "John of Gaunt"); with
        `any_place`, a region or town of one too ("the Albanians of southern
        Serbia")."""
        for prep in children(head, {"prep"}):
            if prep.lower_ != "of":
                continue
            for place in children(prep, {"pobj"}):
                if place.ent_type_ not in {"GPE", "LOC"}:
                    continue
                text = entity_span(place).text
                term = self.dictionary.country(text)
                if term is not None and term.kind in {"name", "alias"}:
                    return term.iso3
                if any_place and memory is not None:
                    found = self.place_country(text, memory.places)
                    if found is not None:
                        return found
        return None

    def _country_of_place_in_phrase(self, tokens: list[Token], head: Token, memory: ArticleMemory) -> str | None:
        """ "the government of Sindh province", "Kabul police", "the Texas
        governor": a city or region named inside the phrase gives its country."""
        for token in tokens:
            if token.i == head.i or token.ent_type_ not in {"GPE", "LOC"} or token.ent_iob_ != "B":
                continue
            if _is_affiliation(token.i, token.doc):
                continue  # "an anti-Syria journalist": a stance, not a place
            if self._owns_a_relation(entity_span(token)[-1]):
                continue  # "Syria's militia allies": whose allies, not where
            found = self.place_country(entity_span(token).text, memory.places)
            if found is not None:
                return found
        # "Baghdad University", "the Esfahan Uranium Conversion Facility": an
        # institution named after its town.
        words = [t for t in tokens if t.dep_ != "det"]
        first = words[0] if words else None
        if first is None or first.ent_type_ not in {"ORG", "FAC"} or first.pos_ != "PROPN":
            return None
        starts = first.ent_iob_ == "B" or (first.i > 0 and first.doc[first.i - 1].dep_ == "det")  # "the Kandahar ..."
        # The name goes on after the town ("Kurti's government" is no town's).
        named_on = first.i + 1 < len(first.doc) and first.doc[first.i + 1].ent_iob_ == "I"
        if starts and named_on:
            return self.town_country(first.text)
        return None

    def _resolve_pronoun(
        self, token: Token, memory: ArticleMemory, speaker: Mention | None, sentence_index: int, on: dt.date | None
    ) -> Mention:
        lower = POSSESSIVE_PRONOUNS.get(token.lower_, token.lower_)
        found: Actor | None
        if lower in PERSON_PRONOUNS:
            # Machine translation garbles gender, so "he" may be "she":
            # prefer the speaker, then the last person mentioned.
            found = speaker.actor if speaker is not None and speaker.is_person else memory.last(person=True)
        elif lower in THING_PRONOUNS:
            found = speaker.actor if speaker is not None and not speaker.is_person else None
            found = found or self._nearest_in_sentence(token, plural=False, on=on) or memory.last(person=False)
        else:
            found = (
                self._governing_subject(token, on=on)
                or self._nearest_in_sentence(token, plural=True, on=on)
                or memory.last(plural=True)
            )
        end = token.idx + len(token.text)
        if found is None:
            actor = Actor(token.text, token.idx, end)
        else:
            actor = Actor(
                token.text, token.idx, end, found.name, found.country, found.sector, found.wikidata, found.is_place
            )
        known = found is not None and (found.country is not None or found.sector is not None)
        return Mention(actor, lower in PERSON_PRONOUNS, lower in PLURAL_PRONOUNS, sentence_index, lower, known)

    def is_forces(self, token: Token) -> bool:
        """Armed or police forces ("its troops", "the military"): the means
        of a withdrawal or a deployment rather than its target."""
        return self._sector(self.phrase(token), token) in FORCES_SECTORS

    def _governing_subject(self, token: Token, *, on: dt.date | None) -> Actor | None:
        """ "Two bombers killed 23 people when they blew themselves up", "the
        rebels said they would attack": "they" as the subject of a clause
        under another clause is that clause's subject, not the nearer noun."""
        if token.dep_ not in {"nsubj", "nsubjpass"} or token.head.dep_ not in GOVERNED_CLAUSE_LINKS:
            return None
        subject = first_child(token.head.head, {"nsubj", "nsubjpass"})
        if subject is None or subject.pos_ not in {"NOUN", "PROPN"} or not is_plural(subject):
            return None
        if not self.is_actor(subject):
            return None
        actor = self.resolve(subject, on=on, memory=ArticleMemory(), follow_references=False).actor
        return actor if actor.country or actor.sector else None

    def _nearest_in_sentence(self, token: Token, *, plural: bool, on: dt.date | None) -> Actor | None:
        """The closest actor-like noun before the pronoun in its sentence."""
        sentence = token.sent
        for candidate in reversed(list(sentence.doc[sentence.start : token.i])):
            if candidate.pos_ not in {"NOUN", "PROPN"} or candidate.dep_ in {"compound", "amod"}:
                continue
            if is_plural(candidate) != plural or not self.is_actor(candidate):
                continue
            actor = self.resolve(candidate, on=on, memory=ArticleMemory(), follow_references=False).actor
            if actor.country or actor.sector:
                return actor
        return None


def _is_affiliation(start: int, doc) -> bool:
    """ "pro-Iranian", "anti-American": a stance towards a country, not a nationality."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    return before[-1:] in (["pro-"], ["anti-"]) or (before[-1:] == ["-"] and before[:1] in (["pro"], ["anti"]))


def _article_names(memory: ArticleMemory, country: str | None) -> bool:
    """Does the article name this country (or place something in it)?"""
    places = memory.places
    return country is not None and places is not None and places.countries.get(country, 0) > 0


def _names_a_facility(head: Token) -> bool:
    """A place-kind noun that a common noun makes a facility: "a Hamas
    command centre", "a training camp" (not "Taliban territory")."""
    return any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in head.children)


def _side_key(actor: Actor) -> tuple[str | None, str | None]:
    """A state's bodies are one side, an international body's too ("the UN",
    its Secretary-General); anyone else is a side of their own."""
    sector = actor.sector
    return actor.country, (None if sector is None or sector in OFFICE_SECTORS or sector == actor.country else sector)


def _title_before(head: Token, tokens: list[Token]) -> Token | None:
    """ "Qatar's emir, Sheikh Hamad bin Khalifa launched ...": a description
    set off by a comma just before a name that is the subject, which the
    parser hung on the verb instead of making it the name's apposition."""
    if head.ent_type_ != "PERSON" or head.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    start = min(t.i for t in tokens)
    if start < 2 or head.doc[start - 1].text != ",":
        return None
    for sibling in head.head.children:
        if sibling.dep_ in {"dep", "npadvmod"} and sibling.pos_ == "NOUN" and sibling.right_edge.i == start - 2:
            return sibling
    return None


def _names_a_border(word: Token, head: Token) -> bool:
    """Does the country word qualify a border ("the Thai border") rather than
    the actor itself?"""
    return word.i != head.i and word.head.i != head.i and word.head.lemma_.lower() in BORDER_WORDS


def _is_ethnic(tokens: list[Token], start: int, term: object) -> bool:
    """Is the country word a demonym after "ethnic"?"""
    if getattr(term, "kind", None) != "demonym" or start == 0:
        return False
    before = tokens[0].doc[start - 1]
    return before.lower_ == "ethnic" and any(t.i == before.i for t in tokens)


def _is_bare_definite(tokens: list[Token], head: Token) -> bool:
    """ "the embassy", "the ministry": a definite head with nothing naming it."""
    others = [t for t in tokens if t.i != head.i]
    return bool(others) and all(t.dep_ == "det" and t.lower_ in {"the", "this", "that"} for t in others)


def _same_entity(token: Token, head: Token) -> bool:
    """Is `token` inside the named entity that contains `head`?"""
    for ent in head.doc.ents:
        if ent.start <= head.i < ent.end:
            return ent.start <= token.i < ent.end
    return False


def is_plural(token: Token) -> bool:
    """Plural by its tag, or by the verb it agrees with ("the Taliban have")."""
    if token.tag_ in {"NNS", "NNPS"}:
        return True
    if token.dep_ in {"nsubj", "nsubjpass"}:
        verb = token.head
        if verb.tag_ == "VBP":
            return True
        return any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"are", "were", "have"} for c in verb.children)
    return False
