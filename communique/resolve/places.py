"""Event places: which place phrase says where an event happened, and
which place that name denotes.

Where: a place phrase on the event's own words ("met ... in Tianjin",
"clashes near Kirkuk", "travelled to Moscow"), else one on its actors
("the embassy in Kabul said", "attacked a base in Helmand"); never every
place the sentence mentions ("a region home to the Uyghur minority" is not
where the meeting was). When the sentence has none, the article's dateline
or the place of an earlier event of the same paragraph with an actor in
common is used, marked by `basis` and a lower `confidence`.

Which: a name that is a country is the country, unless the article names
two or more other places inside the country of a same-named region ("Georgia"
among Atlanta and Savannah is the US state). Otherwise the candidates are
ranked by: the country the text qualifies it with ("Tripoli, Lebanon"), the
countries of the event's actors, the countries the article keeps naming,
own name before alternate name, city before region, then population.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from communique.datafiles import data_path, read_csv_rows, read_yaml
from communique.errors import DataFileError
from communique.model import Actor, Place
from communique.nlp.syntax import entity_span, is_to_infinitive, name_span
from communique.resolve.dictionary import ActorDictionary
from communique.resolve.gazetteer import Gazetteer, GazetteerEntry, NameMatch, default_gazetteer, normalise_name

PLACE_ENTITY_TYPES = frozenset({"GPE", "LOC", "FAC"})
COUNTRY_TERM_KINDS = frozenset({"name", "alias"})
# The conjunction of a clause that tells of the same moment ("when they blew themselves up").
OCCASION_MARKS = frozenset({"when"})
# How many other places inside a country it takes to read a country's name
# as that country's region instead ("Georgia" among Atlanta and Savannah).
REGION_OVER_COUNTRY_EVIDENCE = 2

# Candidate scoring (see `_score`): log-population units.
REGION_SIZE = math.log(200_000)
PRIMARY_NAME_BONUS = 6.0
EVENT_COUNTRY_BONUS = 2.0
ARTICLE_COUNTRY_BONUS = 2.0
ARTICLE_COUNTRY_CAP = 3
# How many prepositional phrases deep a place phrase is looked for.
PHRASE_DEPTH = 3
# Clause links followed up from the event's verb to the clause it belongs to.
CLAUSE_LINKS = frozenset({"xcomp", "advcl", "conj"})

# How sure a location is, by where it was found (see docs/places.md).
CONFIDENCE = {"sentence": 0.9, "actor": 0.8, "paragraph": 0.6, "dateline": 0.5}

# "KABUL, Aug 16 (Reuters) -", "BEIJING -", "WASHINGTON (AP) —": an
# all-capitals place name opening the article.
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Za-z0-9.]+){0,3})?"
    r"\s*(?:\([^)\n]{1,40}\))?\s*[-—–:]\s"
)


@dataclass(frozen=True)
class LocationWords:
    """communique/data/places/location-words.yaml, validated."""

    setting_preps: frozenset[str]
    movement_verbs: frozenset[str]
    movement_preps: frozenset[str]
    departure_verbs: frozenset[str]
    departure_preps: frozenset[str]
    setting_nouns: frozenset[str]
    compass_words: frozenset[str]
    venue_verbs: frozenset[str]

    @classmethod
    def load(cls, path: Path | None = None) -> LocationWords:
        path = path or data_path("places/location-words.yaml")
        raw = read_yaml(path)
        sections = tuple(cls.__dataclass_fields__)
        if not isinstance(raw, dict):
            raise DataFileError(str(path), 1, "expected a mapping")
        values: dict[str, frozenset[str]] = {}
        for section in sections:
            words = raw.get(section)
            if not isinstance(words, list) or not all(isinstance(w, str) and w.islower() for w in words):
                raise DataFileError(str(path), raw.get("__line__"), f"{section} must be a list of lower-case words")
            values[section] = frozenset(words)
        return cls(**values)


@dataclass
class PlaceContext:
    """What the article says about where it is."""

    countries: Counter[str] = field(default_factory=Counter)  # every country it names or places in
    subnational: Counter[str] = field(default_factory=Counter)  # cities and regions it names, by country
    dateline: Place | None = None
    paragraph_of_char: list[int] = field(default_factory=list)  # start offsets of paragraphs
    # Per paragraph: the last event place found in a sentence, with its
    # actors' keys (see `actor_keys`).
    last_place: dict[int, tuple[Place, frozenset[str]]] = field(default_factory=dict)
    # The article's date: a town is in the state that held it then.
    published: dt.date | None = None

    def paragraph(self, char: int) -> int:
        index = 0
        for number, start in enumerate(self.paragraph_of_char):
            if start > char:
                break
            index = number
        return index


@dataclass(frozen=True)
class Succession:
    """A country that became independent of another on a day."""

    country: str
    former: str
    independent: dt.date


def load_successions(path: Path | None = None, known: Iterable[str] = ()) -> tuple[Succession, ...]:
    """communique/data/places/successions.csv, validated: known ISO3 codes,
    ISO dates, one row per country."""
    path = path or data_path("places/successions.csv")
    known_codes = set(known)
    found: dict[str, Succession] = {}
    for line, row in read_csv_rows(path, ("country", "former", "independent")):
        codes = (row["country"], row["former"])
        if known_codes and not all(code in known_codes for code in codes):
            raise DataFileError(str(path), line, f"unknown country code in {codes}")
        try:
            day = dt.date.fromisoformat(row["independent"])
        except ValueError as error:
            raise DataFileError(str(path), line, f"bad date: {error}") from None
        if codes[0] in found:
            raise DataFileError(str(path), line, f"{codes[0]} is listed twice")
        found[codes[0]] = Succession(codes[0], codes[1], day)
    return tuple(found.values())


class PlaceResolver:
    def __init__(
        self,
        gazetteer: Gazetteer,
        dictionary: ActorDictionary,
        words: LocationWords | None = None,
        successions: Iterable[Succession] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.dictionary = dictionary
        self.words = words or LocationWords.load()
        if successions is None:
            successions = load_successions(known=dictionary.country_names)
        self.successions = {s.country: s for s in successions}

    def town_country(self, name: str) -> str | None:
        """The country of the largest town whose own name this is, else of
        the region named exactly so: "Kandahar" in "Kandahar University",
        "Esfahan" in "the Esfahan Uranium Conversion Facility". Never an
        alternate name, nor a region's name cut short ("National" is not
        the National Capital District)."""
        matches = [m for m in self.gazetteer.matches(name) if m.primary]
        towns = [m.entry for m in matches if m.entry.kind == "city"]
        if towns:
            return max(towns, key=lambda e: e.population).country
        key = normalise_name(name)
        regions = {m.entry.country for m in matches if m.entry.kind == "admin1" and normalise_name(m.entry.name) == key}
        return regions.pop() if len(regions) == 1 else None

    def region_country(self, name: str) -> str | None:
        """The country of a region by this name ("Crimea", "Tigray", "Darfur"),
        never of a town: for names the model took for an organisation, where
        a town's name is as often a club's or a company's ("Chelsea")."""
        place = self.place(name)
        return place.country if place is not None and place.precision != "city" else None

    def state_on(self, country: str, day: dt.date | None) -> str:
        """The state that held a later-independent country's towns on a day."""
        succession = self.successions.get(country)
        if succession is None or day is None or day >= succession.independent:
            return country
        return succession.former

    def _as_of(self, place: Place, day: dt.date | None) -> Place:
        """A town or region of a country that became independent later is
        in the state that held it on the day ("Juba" in 2005 is in Sudan).
        A country's own name keeps its code: it names that polity."""
        state = self.state_on(place.country, day)
        if state == place.country or place.precision == "country":
            return place
        return replace(place, country=state)

    # -- which place a name denotes ---------------------------------------

    def place(
        self,
        text: str,
        *,
        event_countries: frozenset[str] = frozenset(),
        context: PlaceContext | None = None,
        qualifier: str | None = None,
        basis: str = "sentence",
    ) -> Place | None:
        """The place `text` names, or None when the gazetteer does not know it.
        `qualifier` is a name that follows it ("Bam, Iran")."""
        text = self._without_compass_words(text.strip().removeprefix("the ").removeprefix("The "))
        context = context or PlaceContext()
        term = self.dictionary.country(text)
        matches: Sequence[NameMatch] = self.gazetteer.matches(text)
        if qualifier is not None and matches:
            allowed = self._qualifier_allows(qualifier)
            qualified = [
                m for m in matches if (m.entry.country, m.entry.admin1) in allowed or m.entry.country in allowed
            ]
            if qualified:
                matches = qualified
                term = None
        if term is not None and term.kind in COUNTRY_TERM_KINDS:
            regions = [
                m
                for m in matches
                if m.entry.kind == "admin1" and context.subnational[m.entry.country] >= REGION_OVER_COUNTRY_EVIDENCE
            ]
            if not regions or (term.iso3 in event_countries and regions[0].entry.country not in event_countries):
                return self._country_place(text, term.iso3, basis)
            matches = regions
        if not matches:
            return None
        # A city and a region of one name in one country: the city ("Kabul").
        city_countries = {m.entry.country for m in matches if m.entry.kind == "city"}
        matches = [m for m in matches if m.entry.kind != "admin1" or m.entry.country not in city_countries]
        best = max(matches, key=lambda m: _score(m, event_countries, context))
        return self._as_of(_to_place(text, best.entry, basis), context.published)

    def _without_compass_words(self, text: str) -> str:
        """ "Western Cambodia", "south Lebanon", "eastern Beirut": the place
        itself (unless the whole name is known, as "South Africa" is)."""
        words = text.split()
        if len(words) < 2 or words[0].lower() not in self.words.compass_words:
            return text
        if self.dictionary.country(text) is not None or self.gazetteer.matches(text):
            return text
        return " ".join(words[1:])

    def _country_place(self, text: str, iso3: str, basis: str) -> Place:
        entry = self.gazetteer.country(iso3)
        name = self.dictionary.country_names.get(iso3) or (entry.name if entry else iso3)
        lat, lon = (entry.lat, entry.lon) if entry else (None, None)
        geonames_id = entry.geonames_id if entry else None
        return Place(text, name, iso3, lat, lon, "country", None, geonames_id, basis, CONFIDENCE[basis])

    def _qualifier_allows(self, qualifier: str) -> set[object]:
        """The countries and (country, GeoNames region) pairs a qualifying
        name allows: "Iran" allows IRN; "Georgia" allows GEO and US-GA."""
        allowed: set[object] = set()
        term = self.dictionary.country(qualifier)
        if term is not None and term.kind in COUNTRY_TERM_KINDS:
            allowed.add(term.iso3)
        for match in self.gazetteer.matches(qualifier):
            entry = match.entry
            if entry.kind == "country":
                allowed.add(entry.country)
            elif entry.kind == "admin1" and entry.admin1:
                allowed.add((entry.country, entry.admin1.split("-", 1)[1]))
        return allowed

    def country_of(self, name: str, context: PlaceContext | None = None) -> str | None:
        """The country of the place this name most likely is, if any."""
        place = self.place(name, context=context)
        return place.country if place is not None else None

    # -- the article's context --------------------------------------------

    def article_context(self, doc: Doc, text: str | None = None, published: dt.date | None = None) -> PlaceContext:
        """Countries and places the article names, its dateline and its
        paragraphs; built once per article. `text` is the article's own text
        when the parsed one had its dateline masked; `published` dates the
        borders its towns are read with."""
        context = PlaceContext(published=published)
        for ent in doc.ents:
            if ent.label_ not in PLACE_ENTITY_TYPES and ent.label_ != "NORP":
                continue
            name = ent.text.removeprefix("the ")
            term = self.dictionary.country(name)
            if term is not None and term.kind != "capital":
                context.countries[term.iso3] += 1
                continue
            if ent.label_ == "NORP":
                continue
            countries = {m.entry.country for m in self.gazetteer.matches(name)}
            if len(countries) == 1:
                (country,) = countries
                context.countries[country] += 1
                context.subnational[country] += 1
        text = text if text is not None else doc.text
        context.paragraph_of_char = [0] + [m.end() for m in re.finditer(r"\n\s*\n|\n", text)]
        if match := DATELINE.match(text):
            name = match.group("place").title()
            context.dateline = self.place(name, context=context, basis="dateline")
        return context

    # -- where an event happened ------------------------------------------

    def event_location(
        self,
        predicate: Token,
        trigger: Iterable[Token],
        actors: Iterable[Token],
        *,
        event_countries: frozenset[str],
        actor_keys: frozenset[str] = frozenset(),
        context: PlaceContext | None = None,
    ) -> Place | None:
        """The place of the event whose clause `predicate` heads (see the
        module docstring for the order of the evidence)."""
        context = context or PlaceContext()
        own_words = [predicate, *(t for t in trigger if t.i != predicate.i)]
        # The clause it is part of: "demonstrated in Kirkuk, calling for",
        # "sent experts to Bosnia to investigate" (never across a speech
        # verb: "said in Washington that rebels attacked" is not in Washington).
        node = predicate
        while node.dep_ in CLAUSE_LINKS and node.head.i != node.i:
            node = node.head
            own_words.append(node)
        if node.dep_ in {"relcl", "acl"} and is_to_infinitive(node):
            # "a rally in Accra to denounce ...": the purpose clause of a noun
            # happens where the noun's phrase says.
            own_words.append(node.head)
        # The clause's own subject and object: "a bombing near Samarra killed",
        # "blocked roads in the capital".
        own_words += [c for c in predicate.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
        place = self._first_place(own_words, event_countries, context, basis="sentence", verb=predicate)
        if place is None:
            # "killed six sailors when they blew themselves up in Trincomalee": a
            # clause of the same moment says where it was.
            occasion = [c for c in predicate.children if c.dep_ == "advcl" and _is_occasion(c)]
            place = self._first_place(occasion, event_countries, context, basis="sentence")
        if place is None:
            place = self._first_place(list(actors), event_countries, context, basis="actor")
        paragraph = context.paragraph(predicate.sent.start_char)
        if place is not None:
            context.last_place[paragraph] = (place, actor_keys)
            return place
        earlier = context.last_place.get(paragraph)
        if earlier is not None and earlier[1] & actor_keys:
            found = earlier[0]
            return Place(
                found.text, found.name, found.country, found.lat, found.lon, found.precision,
                found.admin1, found.geonames_id, "paragraph", CONFIDENCE["paragraph"],
            )  # fmt: skip
        dateline = context.dateline
        if dateline is not None and (not event_countries or dateline.country in event_countries):
            return dateline
        return None

    def recipient_place(
        self,
        predicate: Token,
        trigger: Iterable[Token],
        *,
        event_countries: frozenset[str],
        context: PlaceContext | None = None,
        promised_act_only: bool = False,
        named: Iterable[Token] = (),
    ) -> Place | None:
        """The place an act lands on, for an event that names no recipient:
        found on the act's own words, its object and the act it announces
        ("shelled positions in Juba", "threatened to impose a curfew in
        Algiers"), never on its subject ("settlers in Hebron set fire")."""
        context = context or PlaceContext()
        acts = [c for c in predicate.children if c.dep_ == "xcomp"]
        if promised_act_only:
            # "agreed to set up a centre in Tokyo": the promised act's place,
            # not the promise's venue, nor a meeting's ("to hold talks in Geneva").
            words = [a for a in acts if a.lemma_.lower() not in self.words.venue_verbs]
        else:
            # `named`: "bombed what New Delhi described as a camp near Balakot".
            words = [predicate, *(t for t in trigger if t.i != predicate.i), *acts, *named]
        words += [c for w in list(words) for c in w.children if c.dep_ == "dobj"]
        found = self._first_place(words, event_countries, context, basis="sentence", verb=predicate)
        if found is not None or promised_act_only:
            return found
        # "a general strike that paralysed Lagos", "an offensive that
        # took Mosul": the place the act's relative clause acted on.
        for noun in (t for t in trigger if t.pos_ == "NOUN"):
            for clause in (c for c in noun.children if c.dep_ == "relcl"):
                for obj in (c for c in clause.children if c.dep_ == "dobj"):
                    place = self._geocode_phrase(obj, event_countries, context, "sentence", proper_noun=True)
                    if place is not None:
                        return place
        return None

    def _first_place(
        self,
        heads: list[Token],
        event_countries: frozenset[str],
        context: PlaceContext,
        *,
        basis: str,
        verb: Token | None = None,
    ) -> Place | None:
        """The first place phrase found below the heads, nearest first: a
        setting preposition's object ("in Tianjin"), a movement verb's
        destination or origin ("to Moscow", "from Gorazde", "visited Kabul"),
        looked for through up to two intervening phrases ("an attack on a
        village in Herat", "forces in east Bosnia")."""
        words = self.words
        for head in heads:
            # The object of a movement verb carries the verb's prepositions
            # too: the parser hangs "from Juba" on "evacuated its staff".
            lemma = verb.lemma_.lower() if verb is not None and head.head.i == verb.i else head.lemma_.lower()
            final_preps = set(words.setting_preps)
            if lemma in words.movement_verbs:
                final_preps |= words.movement_preps
            if lemma in words.departure_verbs:
                final_preps |= words.departure_preps
            if head.pos_ in {"NOUN", "PROPN"} and head.dep_ != "dobj" and basis == "actor":
                # An actor that is itself a town or region ("shelled the
                # town of Gorazde"); a country there is an actor, not a setting.
                place = self._geocode_phrase(head, event_countries, context, basis)
                if place is not None and place.precision != "country":
                    return place
            if head.lemma_.lower() in words.movement_verbs:
                for obj in head.children:
                    if obj.dep_ == "dobj":  # "visited Kabul" (even when tagged a person, as "Kyiv" can be)
                        place = self._geocode_phrase(obj, event_countries, context, basis, proper_noun=True)
                        if place is not None:
                            return place
            frontier = [(head, final_preps)]
            for _ in range(PHRASE_DEPTH):
                next_frontier: list[tuple[Token, set[str]]] = []
                for node, preps in frontier:
                    for prep, pobj in _prep_objects(node):
                        if prep in preps:
                            place = self._geocode_phrase(pobj, event_countries, context, basis)
                            if place is not None:
                                return place
                        next_frontier.append((pobj, set(words.setting_preps)))
                    for clause in node.children:
                        if clause.dep_ in {"acl", "relcl"} and clause.pos_ == "VERB":
                            # "guerrillas operating in Macedonia", "power lines
                            # leading into Kabul" (a participle; not "an offer
                            # to send envoys to Pyongyang")
                            clause_preps = set(words.setting_preps)
                            if clause.lemma_.lower() in words.movement_verbs and clause.tag_ in {"VBG", "VBN"}:
                                clause_preps |= words.movement_preps
                            next_frontier.append((clause, clause_preps))
                frontier = next_frontier
        return None

    def _capital_country(self, text: str) -> str | None:
        """The country of a national capital (or seat of government) by this
        name, which the entity recogniser may take for an organisation ("a
        strike that shut down Khatmandu")."""
        term = self.dictionary.country(text)
        return term.iso3 if term is not None and term.kind == "capital" else None

    def _geocode_phrase(
        self,
        token: Token,
        event_countries: frozenset[str],
        context: PlaceContext,
        basis: str,
        *,
        proper_noun: bool = False,
    ) -> Place | None:
        """The place a phrase's head names: its own place entity, or the
        place a setting noun names ("the town of Gorazde", "the capital,
        Kabul")."""
        capital_of = self._capital_country(name_span(token).text) if token.ent_type_ == "ORG" else None
        if (
            token.ent_type_ in PLACE_ENTITY_TYPES
            or (proper_noun and token.pos_ == "PROPN" and token.ent_type_ not in {"ORG", "NORP"})
            or capital_of is not None
        ):
            span = name_span(token)
            found = self.place(
                span.text, event_countries=event_countries, context=context, qualifier=_qualifier(span), basis=basis
            )
            if capital_of is not None and (found is None or found.country != capital_of):
                return None  # "the White House" is no town called that (Casablanca)
            return found
        if token.lemma_.lower() in self.words.setting_nouns:
            for child in token.children:
                named = None
                if child.dep_ == "prep" and child.lower_ in {"of", "in"}:
                    named = next((c for c in child.children if c.dep_ == "pobj"), None)
                elif child.dep_ in {"appos", "compound"}:  # "the capital, Kabul", "a West Bank camp"
                    named = child
                # "the town of Samarra" says it is a place even when the
                # entity recogniser did not.
                # "the Thai border": a nationality, not a town called Thai.
                term = self.dictionary.country(named.text) if named is not None else None
                if term is not None and term.kind == "demonym":
                    continue
                if named is not None and self.dictionary.entity(entity_span(named).text, None) is not None:
                    continue  # "a Hamas command centre": an organisation's, not a town called Hamas
                if named is not None and named.pos_ == "NOUN" and named.lemma_.lower() in self.words.setting_nouns:
                    # "the coastal areas of the southern part of the Jaffna peninsula"
                    place = self._geocode_phrase(named, event_countries, context, basis)
                    if place is not None:
                        return place
                    continue
                if named is not None and (named.ent_type_ in PLACE_ENTITY_TYPES or named.pos_ == "PROPN"):
                    span = name_span(named)
                    return self.place(
                        span.text,
                        event_countries=event_countries,
                        context=context,
                        qualifier=_qualifier(span),
                        basis=basis,
                    )
        return None


def actor_keys(actors: Iterable[Actor]) -> frozenset[str]:
    """What makes two mentions the same actor for the paragraph rule: the
    name, or the country and sector ("Sudanese troops" ... "the troops")."""
    keys: set[str] = set()
    for actor in actors:
        keys.add(actor.name.lower())
        if actor.country and actor.sector:
            keys.add(f"{actor.country}/{actor.sector}")
    return frozenset(keys)


def mask_dateline(text: str) -> str:
    """The text with its dateline blanked out (same length, so offsets hold):
    the parser reads "NAIROBI, March 6 (Wire) - Kenyan police arrested" as
    a subject "NAIROBI" otherwise."""
    match = DATELINE.match(text)
    if match is None:
        return text
    return " " * match.end() + text[match.end() :]


def _prep_objects(head: Token) -> list[tuple[str, Token]]:
    """(preposition, object) for each prepositional phrase on `head`;
    "outside of the city" and "out of Gorazde" count as "outside" and
    "out"."""
    found: list[tuple[str, Token]] = []
    for prep in head.children:
        if prep.dep_ != "prep" and not (prep.dep_ == "prt" and prep.lower_ == "out"):
            continue
        for child in prep.children:
            if child.dep_ == "pobj":
                found.append((prep.lower_, child))
            elif child.dep_ == "prep":  # "outside of", "out of"
                found += [(prep.lower_, c) for c in child.children if c.dep_ == "pobj"]
    return found


def _score(match: NameMatch, event_countries: frozenset[str], context: PlaceContext) -> float:
    """How likely a candidate is: its size (log population; a region counts
    as a large city), its own name over an alternate name, and the event's
    and the article's countries. Evidence from the text outweighs a size
    difference of a few times but not of orders of magnitude: "Tripoli"
    with Lebanese actors is in Lebanon; "Geneva" with US negotiators is
    still the Swiss one."""
    entry = match.entry
    size = REGION_SIZE if entry.kind == "admin1" else math.log(entry.population + 1)
    # The event's and the article's countries are mostly the same evidence
    # counted twice ("U.S. negotiators" in an article about the US): the larger counts.
    evidence = max(
        EVENT_COUNTRY_BONUS * (entry.country in event_countries),
        ARTICLE_COUNTRY_BONUS * min(context.countries[entry.country], ARTICLE_COUNTRY_CAP),
    )
    return size + PRIMARY_NAME_BONUS * match.primary + evidence


def _to_place(text: str, entry: GazetteerEntry, basis: str) -> Place:
    admin1 = entry.admin1 if entry.kind == "admin1" else None
    return Place(
        text, entry.name, entry.country, entry.lat, entry.lon, entry.kind, admin1, entry.geonames_id,
        basis, CONFIDENCE[basis],
    )  # fmt: skip


def _qualifier(span: Span) -> str | None:
    """ "Bam, Iran", "Tripoli, Lebanon", "Atlanta, Georgia": the place name
    that follows a place name after a comma."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].ent_type_ in {"GPE", "LOC"}:
        return entity_span(doc[span.end + 1]).text
    return None


def default_place_resolver(dictionary: ActorDictionary) -> PlaceResolver:
    return PlaceResolver(default_gazetteer(), dictionary)


def _is_occasion(clause: Token) -> bool:
    """A "when" clause: the same moment as the clause above ("as" and
    "while" clauses are as often a background: "as hunger spread in X")."""
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in OCCASION_MARKS for c in clause.children)
