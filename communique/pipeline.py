"""The stages in order: parse (spaCy), detect candidate events from the
lexicon, ask the sentence classifier about sentences the lexicon found
nothing in, resolve speakers, dates, actors and places, assemble `Event`s.
Each stage is a module of its own; this one only runs them in order."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.coding.classify import NONE as NO_EVENT
from communique.coding.classify import SentenceClassifier, default_classifier
from communique.coding.detect import Candidate, EventDetector
from communique.coding.lexicon import Lexicon, default_lexicon
from communique.coding.ontology import Ontology, default_ontology
from communique.model import Actor, Article, ArticleResult, Event, EventDate, Modality, Place, event_id
from communique.model import Span as TextSpan
from communique.nlp import load_nlp
from communique.resolve.actors import CIVILIAN_SECTOR, ActorResolver, ArticleMemory, Mention
from communique.resolve.dates import DateMention, date_expressions, event_date, is_historical
from communique.resolve.dictionary import (
    SEAT_SECTOR,
    ActorDictionary,
    default_actor_dictionary,
    load_actor_dictionary,
)
from communique.resolve.gazetteer import Gazetteer, default_gazetteer
from communique.resolve.places import PlaceContext, PlaceResolver, actor_keys, mask_dateline

NLP_BATCH_SIZE = 32
# Quad classes of verbal events: a statement's date is the date it was made.
MATERIAL_QUAD_CLASSES = frozenset({2, 4})
VERBAL_QUAD_CLASSES = frozenset({1, 3})
REGISTERED_ENTITY_TYPES = frozenset({"PERSON", "ORG"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# An article's home country: named at least twice and in at least half of
# the country mentions.
HOME_MIN_MENTIONS = 2
HOME_MIN_SHARE = 0.5
# The sentence classifier proposes an event only this sure of its type
# (measured on the development sets; see docs/coding.md).
CLASSIFIER_MIN_PROBABILITY = 0.2
CLASSIFIED_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent"})
# State bodies whose acts on an actor of no stated country are usually
# domestic: a government, its police, its courts, its parliament.
DOMESTIC_STATE_SECTORS = frozenset({"GOV", "COP", "JUD", "LEG"})
INTERNATIONAL_SECTORS = frozenset({"IGO", "NGO", "UNO", "EUR", "ISM", "IMG", "MNC"})
# The sector of the unidentified perpetrator of a bombing: UAF, unidentified
# armed forces, as the dictionary codes "car bomb" and the PLOVER gold set
# codes such events (the manual's sector table gives UNK as an example).
UNIDENTIFIED_SECTOR = "UAF"


@dataclass(frozen=True)
class Knowledge:
    ontology: Ontology
    lexicon: Lexicon
    actors: ActorDictionary


class Pipeline:
    """Loads the model and the knowledge once; codes any number of articles."""

    def __init__(
        self,
        nlp: Language,
        knowledge: Knowledge,
        places: PlaceResolver,
        classifier: SentenceClassifier | None = None,
    ) -> None:
        self.nlp = nlp
        self.classifier = classifier
        self.knowledge = knowledge
        self.actor_resolver = ActorResolver(
            knowledge.actors,
            place_country=places.country_of,
            state_on=places.state_on,
            town_country=places.town_country,
            place_kinds=places.words.setting_nouns,
            region_country=places.region_country,
        )
        self.detector = EventDetector(
            knowledge.lexicon,
            knowledge.ontology,
            self.actor_resolver.is_actor,
            self.actor_resolver.is_forces,
            names_someone=self.actor_resolver.names_someone,
            names_a_place_kind=lambda noun: noun.lemma_.lower() in places.words.setting_nouns,
        )
        self.places = places

    @classmethod
    def load(cls, gazetteer: Gazetteer | None = None, actor_files: Sequence[Path] = ()) -> Pipeline:
        """The pipeline with the packaged model and data. `gazetteer`
        replaces the packaged one (anything with `matches` and `country`);
        `actor_files` add a user's own dictionary files (docs/actors.md)."""
        actors = default_actor_dictionary()
        if actor_files:
            actors = load_actor_dictionary(sectors_known=set(default_ontology().sectors), extra_files=actor_files)
        knowledge = Knowledge(default_ontology(), default_lexicon(), actors)
        places = PlaceResolver(gazetteer or default_gazetteer(), knowledge.actors)
        return cls(load_nlp(), knowledge, places, default_classifier())

    # -- public ----------------------------------------------------------

    def code(self, article: Article) -> ArticleResult:
        return ArticleResult(article, tuple(self.events(article, self.nlp(mask_dateline(article.text)))))

    def code_many(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Parses in batches with `nlp.pipe`; yields results in input order."""
        pairs = ((mask_dateline(a.text), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=NLP_BATCH_SIZE):
            yield ArticleResult(article, tuple(self.events(article, doc)))

    # -- stages ----------------------------------------------------------

    def events(self, article: Article, doc: Doc) -> list[Event]:
        places = self.places.article_context(doc, article.text, article.published)
        memory = ArticleMemory(places=places)
        home = self._home_country(doc)
        found: list[Event] = []
        sentences = list(doc.sents)
        proposed = [self.detector.detect(sentence, index) for index, sentence in enumerate(sentences)]
        for index, candidate in self._classified(sentences, proposed).items():
            proposed[index] = [candidate]
        for index, sentence in enumerate(sentences):
            coded: list[tuple[int, Event]] = []
            dates = date_expressions(sentence) if proposed[index] else []
            for candidate in proposed[index]:
                event = self._assemble(article, candidate, memory, home, dates, places)
                if event is not None:
                    coded.append((_depth(candidate.predicate), event))
            found.extend(_mark_main(coded))
            self._remember_entities(sentence, article.published, memory, index)
        return found

    def _classified(self, sentences: list[Span], proposed: list[list[Candidate]]) -> dict[int, Candidate]:
        """The sentence classifier's candidates for sentences where the
        lexicon found nothing but whose main clause has an actor in it."""
        if self.classifier is None:
            return {}
        pending = []
        for index, sentence in enumerate(sentences):
            if proposed[index]:
                continue
            if self._worth_classifying(sentence):
                pending.append(index)
        predictions = self.classifier.classify([sentences[i].text for i in pending])
        found: dict[int, Candidate] = {}
        ontology = self.knowledge.ontology
        for index, prediction in zip(pending, predictions, strict=True):
            if prediction.label == NO_EVENT or prediction.probability < CLASSIFIER_MIN_PROBABILITY:
                continue
            code = ontology.types[prediction.label].default_cameo
            candidate = self.detector.classified(sentences[index], index, code)
            if candidate is not None:
                found[index] = replace(candidate, signal="classifier", probability=prediction.probability)
        return found

    def _worth_classifying(self, sentence: Span) -> bool:
        """Embedding is the costly step: only a sentence whose main clause has
        a political actor the dictionaries know as its subject or object is
        worth a classifier's look."""
        clause = self.detector.main_clause(sentence)
        if clause is None:
            return False
        resolver = self.actor_resolver
        return any(
            child.dep_ in CLASSIFIED_ACTOR_DEPS
            and child.pos_ in {"NOUN", "PROPN"}
            and resolver.is_actor(child)
            and resolver.resolve(child, on=None, memory=ArticleMemory()).known
            for child in clause.children
        )

    def _announcement(self, candidate: Candidate, plover_type: str | None) -> tuple[str, str] | None:
        """(the CAMEO code to code it with, the act's type) when the event is
        an announced act the manual codes as AGREE or THREATEN; None for an
        act that happened, a negated one, or one only contemplated ("could
        impose sanctions")."""
        modality = candidate.modality
        if plover_type in {None, "THREATEN"} or not modality.future or candidate.signal != "lexicon":
            return None
        if modality.negated:
            # "will not meet their demands": a refusal announced now.
            refusal = self.knowledge.lexicon.modality.announced_refusals.get(plover_type)
            return (refusal, plover_type) if refusal is not None else None
        acts = self.knowledge.lexicon.modality.announced_acts
        threaten = self.knowledge.ontology.types["THREATEN"].default_cameo
        if self._is_threat(candidate):
            # "will withdraw ... unless": a threat, whatever the act; an
            # attack keeps its own, more specific threat code.
            return (acts.get(plover_type, threaten) if plover_type == "ASSAULT" else threaten), plover_type
        if plover_type in acts:
            return acts[plover_type], plover_type
        return None

    def _stands_for_its_people(self, mention: Mention, token: Token | None, struck: bool) -> bool:
        """A town or region acted upon is its people. A capital is its
        government ("sanctions on Moscow", "threatened Beijing with
        sanctions") unless the act happens in it ("a curfew in Abidjan") or
        strikes it ("shelled Kabul": `struck`)."""
        actor = mention.actor
        if not actor.is_place:
            return False
        if actor.sector != SEAT_SECTOR or token is None or struck:
            return True  # a town, or a place found where the act landed
        return token.dep_ == "pobj" and token.head.lower_ in self.places.words.setting_preps

    def _unidentified(self, means: Token, country: str, on: dt.date | None, index: int) -> Mention:
        """The unidentified perpetrator of an act a weapon or blast did ("two
        policemen were killed by an explosive device in Kandahar"): written
        as its means, of the country where it happened, sector UAF."""
        words = self.actor_resolver.resolve(means, on=on, memory=ArticleMemory(), sentence_index=index).actor
        actor = Actor(words.text, words.start, words.end, None, country, UNIDENTIFIED_SECTOR, None)
        return Mention(actor, False, False, index, means.lemma_.lower(), False)

    def _is_threat(self, candidate: Candidate) -> bool:
        """A future act on a condition like "unless ..." is a threat."""
        marks = self.knowledge.lexicon.modality.threat_marks
        return any(mark in marks for mark in _conditions(candidate.predicate))

    def _home_country(self, doc: Doc) -> str | None:
        """The country the article is about, when one dominates its place
        and nationality names: domestic actors with no country of their own
        ("police detained 457 people") are taken to be from there."""
        counts: Counter[str] = Counter()
        for ent in doc.ents:
            if ent.label_ in {"GPE", "NORP"}:
                term = self.knowledge.actors.country(ent.text.removeprefix("the "))
                if term is not None:
                    counts[term.iso3] += 1
        if not counts:
            return None
        country, count = counts.most_common(1)[0]
        return country if count >= HOME_MIN_MENTIONS and count / sum(counts.values()) >= HOME_MIN_SHARE else None

    def _remember_entities(self, sentence: Span, published: dt.date | None, memory: ArticleMemory, index: int) -> None:
        """Named people and organisations and the sentence's subjects, so
        later pronouns, surnames and definite nouns ("Hua said", "he said",
        "the embassy") find them."""
        heads = {ent.root.i: ent.root for ent in sentence.ents if ent.label_ in REGISTERED_ENTITY_TYPES}
        heads.update((t.i, t) for t in sentence if t.dep_ in SUBJECT_DEPS)
        for head in sorted(heads.values(), key=lambda t: t.i):
            if head.pos_ in {"PROPN", "NOUN"} and self.actor_resolver.is_actor(head):
                self.actor_resolver.resolve(head, on=published, memory=memory, sentence_index=index)

    def _assemble(
        self,
        article: Article,
        candidate: Candidate,
        memory: ArticleMemory,
        home: str | None,
        dates: list[DateMention],
        places: PlaceContext,
    ) -> Event | None:
        ontology = self.knowledge.ontology
        code = ontology.code(candidate.cameo_code)
        announcement = self._announcement(candidate, code.plover_type)
        announced = announcement[1] if announcement is not None else None
        if announcement is not None:
            # "will visit" is an AGREE, "would boycott" a THREATEN: the one
            # category the PLOVER manual asks for, not the act plus `future`.
            code = ontology.code(announcement[0])
            candidate = replace(
                candidate, modality=replace(candidate.modality, future=False, hypothetical=False, negated=False)
            )
        published = article.published
        resolve = self.actor_resolver.resolve
        index = candidate.sentence_index

        speaker: Mention | None = None
        # Clauses whose date words also date this event: the verb it is
        # coordinated with ("met ... last month and promised"), and for a
        # statement, the speech verb ("said on Monday that it was ready").
        also_dated_by: list[Token] = []
        if candidate.predicate.dep_ == "conj":
            also_dated_by.append(candidate.predicate.head)
        if candidate.speaker is not None:
            speaker = resolve(candidate.speaker, on=published, memory=memory, sentence_index=index)
            if code.quad_class in VERBAL_QUAD_CLASSES:
                also_dated_by.append(candidate.speaker.head)

        if announced is not None:
            # An announcement is dated when it was made ("said on Monday it
            # would visit in June" is Monday's), not by the act's date words.
            speech = [candidate.speaker.head] if candidate.speaker is not None else []
            date = event_date(speech[0], dates, published, future=False) if speech else _publication(published)
            if date.text is None:
                # The parser often hangs "said on Monday" on the announced
                # verb: its date words count when they name a day of the
                # past week, never a later date ("would visit in June").
                own = event_date(candidate.predicate, dates, published, future=False)
                if own.text is not None and _within_past_week(own, published):
                    date = own
        else:
            date = event_date(
                candidate.predicate,
                dates,
                published,
                future=candidate.modality.future,
                fallback_predicates=tuple(also_dated_by),
            )
        on = date.earliest() or published
        sources = [resolve(t, on=on, memory=memory, speaker=speaker, sentence_index=index) for t in candidate.sources]
        source_actors = tuple(a for m in sources for a in (m.members or (m.actor,)))
        targets = [
            resolve(t, on=on, memory=memory, speaker=speaker, sentence_index=index, others=source_actors)
            for t in candidate.targets
        ]
        if not any(m.known for m in (*sources, *targets)):
            return None  # no political actor the dictionaries know: not event data
        countries = frozenset(m.actor.country for m in (*sources, *targets) if m.actor.country)
        # "bombed what New Delhi described as a camp near Balakot": the naming
        # verb and the thing named, whose phrases may say where.
        named = [
            t for pair in self.detector.described_objects(candidate.predicate, candidate.trigger) for t in pair if t
        ]
        location = self.places.event_location(
            candidate.predicate,
            candidate.trigger,
            # "the embassy in Kabul said", "attacked a base in Helmand"; but
            # "ready to deepen ties with the government in Afghanistan" is
            # not an event in Afghanistan: a target's place counts only for acts.
            (
                *candidate.sources,
                *(candidate.targets if code.quad_class in MATERIAL_QUAD_CLASSES else ()),
                # "bombed what New Delhi described as a camp near Balakot".
                *(named if code.quad_class in MATERIAL_QUAD_CLASSES else ()),
                # "killed by a bomb in Kandahar": where the weapon struck.
                *((candidate.means,) if candidate.means is not None else ()),
            ),
            event_countries=countries,
            actor_keys=actor_keys(m.actor for m in (*sources, *targets) if m.known),
            context=places,
        )
        event_type = self.knowledge.ontology.types.get(code.plover_type or "")
        if not targets and event_type is not None and (event_type.place_as_recipient or event_type.promised_act_place):
            landed = self.places.recipient_place(
                candidate.predicate,
                candidate.trigger,
                event_countries=countries,
                context=places,
                promised_act_only=not event_type.place_as_recipient,
                named=named,
            )
            place_actor = _place_actor(landed, candidate.sentence) if landed and landed.country else None
            if place_actor is not None:
                targets = [Mention(place_actor, False, False, index, "", True)]
                location = location or landed
        if event_type is not None and event_type.place_is_its_people:
            # "Shelled Juba", "a curfew in Abidjan": the town's people.
            act = ontology.types.get(ontology.code(candidate.cameo_code).plover_type or "")
            struck = act is not None and act.capital_is_its_people
            tokens: list[Token | None] = list(candidate.targets) if len(candidate.targets) == len(targets) else []
            targets = [
                _as_civilians(m) if self._stands_for_its_people(m, t, struck) else m
                for m, t in zip(targets, tokens or [None] * len(targets), strict=True)
            ]
        fallback_country = location.country if location is not None else None
        if event_type is not None and event_type.location_is_venue:
            # A venue says nothing of who met there: the negotiators who
            # "met in Geneva" are not Swiss.
            fallback_country = None
        unidentified = event_type is not None and event_type.unidentified_source
        if unidentified and not sources and candidate.means is not None and fallback_country is not None:
            sources = [self._unidentified(candidate.means, fallback_country, on, index)]
        by_state = event_type is not None and code.mode in event_type.state_source_modes
        if by_state and not sources and candidate.agentless and location is not None and location.country:
            # "A journalist was arrested in Iran": Iran's doing.
            state = _place_actor(location, candidate.sentence)
            if state is not None:
                sources = [Mention(state, False, False, index, "", True)]
        if fallback_country is not None:
            sources = [_with_country(m, fallback_country) for m in sources]
            targets = [_with_country(m, fallback_country) for m in targets]
        # "The Sudanese government accused Darfur rebels", "an Argentine
        # judge ordered Carlos Menem to appear": a state acting at home; the
        # other side is of that state's country.
        counterpart = event_type is not None and event_type.domestic_counterpart
        source_state = _state_country(sources) if counterpart else None
        target_state = _state_country(targets) if counterpart else None
        # Not for a government of no stated country: one government facing
        # another is most often a foreign one ("the chancellor turned down a
        # request from the French president").
        if source_state is not None:
            targets = [m if m.actor.sector == "GOV" else _with_country(m, source_state) for m in targets]
        if target_state is not None:
            sources = [m if m.actor.sector == "GOV" else _with_country(m, target_state) for m in sources]
        if home is not None:
            sources = [_with_country(m, home) for m in sources]
            targets = [_with_country(m, home) for m in targets]

        # "Both sides", "the two capitals": each side an actor of its own.
        sources = [side for m in sources for side in _sides(m)]
        targets = [side for m in targets for side in _sides(m)]
        modality = Modality(
            negated=candidate.modality.negated,
            hypothetical=candidate.modality.hypothetical,
            future=candidate.modality.future,
            historical=is_historical(date, published),
        )
        first, last = min(candidate.trigger, key=lambda t: t.i), max(candidate.trigger, key=lambda t: t.i)
        doc = candidate.sentence.doc
        trigger_span = doc[first.i : last.i + 1]
        trigger = TextSpan(trigger_span.text, trigger_span.start_char, trigger_span.end_char)
        evidence = candidate.sentence.text.strip()
        evidence_start = candidate.sentence.start_char + (
            len(candidate.sentence.text) - len(candidate.sentence.text.lstrip())
        )
        return Event(
            id=event_id(article.id, index, trigger, code.code),
            article_id=article.id,
            sentence_index=index,
            event_type=code.plover_type or "",
            cameo_code=code.code,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            source=tuple(m.actor for m in sources),
            target=tuple(m.actor for m in targets),
            trigger=trigger,
            evidence=evidence,
            modality=modality,
            date=date,
            location=location,
            speaker=speaker.actor if speaker else None,
            confidence=_confidence(candidate, sources, targets),
            signal=candidate.signal,
            announced=announced,
            mode=code.mode,
            contexts=code.contexts,
            evidence_start=evidence_start,
            evidence_end=evidence_start + len(evidence),
        )


def _place_actor(location: Place, sentence: Span) -> Actor | None:
    """A place named in the sentence as an actor: the place an act lands
    on, as its recipient when no actor is named ("shelled positions in
    Juba"), or the state where someone was arrested ("was arrested in Iran")."""
    found = sentence.text.find(location.text)
    if found < 0:
        return None
    start = sentence.start_char + found
    # A town or region is a place acted upon; a country is its state.
    is_place = location.precision != "country"
    return Actor(location.text, start, start + len(location.text), location.name, location.country, is_place=is_place)


def _sides(mention: Mention) -> list[Mention]:
    """A mention of "both sides" as the two actors it stands for, each with
    the mention's words."""
    words = mention.actor
    return [
        replace(mention, actor=replace(side, text=words.text, start=words.start, end=words.end), members=())
        for side in mention.members
    ] or [mention]


def _as_civilians(mention: Mention) -> Mention:
    return replace(mention, actor=replace(mention.actor, sector=CIVILIAN_SECTOR))


def _within_past_week(date: EventDate, published: dt.date | None) -> bool:
    day = date.earliest()
    return date.precision == "day" and day is not None and published is not None and 0 <= (published - day).days <= 7


def _publication(published: dt.date | None) -> EventDate:
    return EventDate.from_day(published) if published is not None else EventDate(None, None, None)


def _conditions(predicate: Token) -> list[str]:
    """The subordinators of the conditional clauses on a predicate."""
    return [
        mark.lower_
        for clause in predicate.children
        if clause.dep_ == "advcl"
        for mark in clause.children
        if mark.dep_ == "mark"
    ]


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)


def _mark_main(coded: list[tuple[int, Event]]) -> list[Event]:
    """The event highest in the sentence's parse is its main event; ties go
    to the one that comes first."""
    if not coded:
        return []
    main = min(range(len(coded)), key=lambda i: (coded[i][0], coded[i][1].trigger.start))
    return [event if i == main else replace(event, is_main=False) for i, (_, event) in enumerate(coded)]


def _state_country(mentions: list[Mention]) -> str | None:
    """The one country whose civil state bodies (government, police, courts,
    parliament) are on this side of the event, if there is exactly one. Not
    armed forces: their acts cross borders too often ("Russian missiles
    killed twelve people" are not Russian victims)."""
    countries = {m.actor.country for m in mentions if m.actor.sector in DOMESTIC_STATE_SECTORS and m.actor.country}
    countries.discard("IGO")
    return countries.pop() if len(countries) == 1 else None


def _with_country(mention: Mention, country: str) -> Mention:
    """A domestic actor ("the police", "protesters") takes the event's or
    the article's country when it names none of its own."""
    actor = mention.actor
    if actor.country is not None or actor.sector is None or actor.sector in INTERNATIONAL_SECTORS:
        return mention
    return replace(mention, actor=replace(actor, country=country))


def _confidence(candidate: Candidate, sources: list[Mention], targets: list[Mention]) -> float:
    """A simple, documented score: how much of the event the syntax and the
    dictionaries pinned down (see docs/output.md)."""
    score = 0.4
    if sources and all(m.actor.country or m.actor.sector for m in sources):
        score += 0.3
    elif sources:
        score += 0.1
    if targets and all(m.actor.country or m.actor.sector for m in targets):
        score += 0.2
    if not candidate.inferred_subject:
        score += 0.1
    if candidate.probability is not None:
        score *= candidate.probability  # a classifier event is only as sure as the classifier
    return round(min(score, 1.0), 2)


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    return Pipeline.load()
