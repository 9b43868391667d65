"""Event detection: propose candidate events, clause by clause, from the
dependency parse.

A candidate is a predicate whose lemma (with its particle, object or
complement) is in the lexicon, a light verb with an event noun ("held
talks"), a predicative adjective with a to-clause ("ready to deepen"), an
obligation in reported speech ("X said Y must ..."), or a nominal event with
a named source ("an Israeli air strike on X"); and, on the sentence
classifier's word, the main clause of a sentence none of these matched.
Its source and target come from the clause's syntax (active and passive
voice, coordination, control), its speaker from an enclosing speech verb,
and its modality from negation, modals and the verbs that govern it. Nothing
here resolves who the actors are: that is the resolvers' job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from communique.coding.lexicon import Lexicon, VerbEntry
from communique.coding.ontology import Ontology
from communique.model import Modality
from communique.nlp.syntax import (
    OBJECT_DEPS,
    agent_of,
    children,
    clause_chain,
    content_head,
    first_child,
    is_passive,
    is_to_infinitive,
    own_subject,
    prep_object,
    subject_of,
    through_participle,
    with_conjuncts,
)

# Prepositions whose object is the one acted upon ("met with X", "attack on
# X", "aid to X", "sanctions against X"). "in"/"at" name places instead.
TARGET_PREPS = frozenset(
    {"with", "against", "on", "to", "toward", "towards", "into", "from", "upon", "over", "for", "between", "among"}
)
# "the withdrawal of X", "the release of X": on an event's object noun, "of"
# names who it is done to.
OBJECT_NOUN_PREPS = frozenset({"of"})
# "the offices of X", "a camp for X": on an object that is no actor, whose it is.
OWNER_PREPS = frozenset({"of", "for"})
# Types whose recipient is named by a preposition before their object, which
# is the thing given or withdrawn: "provided intelligence to Macedonia" (or
# the dative: "gave Iraq aid"), "will withdraw inspectors and aid workers
# from Iraq", "pulled its diplomats from Mali".
RECIPIENT_FIRST_PREPS = {"AID": frozenset({"to"}), "RETREAT": frozenset({"from"}), "SANCTION": frozenset({"from"})}
# "lifted the curfew in Montenegro", "arrived in Amman": with no other
# target, the place the act is aimed at.
PLACE_TARGET_PREPS = frozenset({"in", "into", "to"})
# Words before "to" that make it no recipient: "according to a senator".
ATTRIBUTION_WORDS = frozenset({"according", "due", "owing", "thanks", "prior", "contrary", "close", "next"})
PARTICLES = frozenset({"down", "out", "off", "up", "back", "in", "over", "aside", "away", "on", "through"})
# Links by which a clause is the content of the verb above it.
CONTENT_LINKS = frozenset({"xcomp", "ccomp", "pcomp"})
# Links followed when looking for a target below the predicate.
TARGET_SEARCH_DEPS = frozenset({"dobj", "obj", "dative", "prep", "pobj", "pcomp", "xcomp", "prt", "acomp", "attr"})
TARGET_SEARCH_DEPTH = 6
# Types whose direct object is the actor's own means, not a target:
# "withdrew its troops", "deployed soldiers".
INSTRUMENT_OBJECT_TYPES = frozenset({"RETREAT", "MOBILIZE", "AGREE", "AID", "COOPERATE"})
# Named modifiers that make an event noun a nominal event's source
# ("Israeli air strike", "Russia's offensive"); role words alone do not.
NOMINAL_SOURCE_ENTITIES = frozenset({"NORP", "GPE", "ORG", "PERSON"})
# CAMEO's "mediate": its "between" names the parties mediated between.
MEDIATION_CODES = frozenset({"045"})
NOMINAL_TARGET_PREPS = frozenset({"on", "against", "with", "into", "to", "at"})
# Types whose content clause's subject is the one addressed: "demanded that
# X ..." asks X; "promised that X ..." promises nothing to X.
ADDRESSEE_CLAUSE_TYPES = frozenset({"REQUEST"})
# Meetings happen somewhere without being aimed at it ("met in Geneva");
# a visit is aimed at its place.
NO_PLACE_TARGET_TYPES = frozenset({"CONSULT"})
PLACE_TARGET_CODES = frozenset({"042"})
# Threats whose content clause names whom the threatened act is aimed at
# ("warned that it would strike Iranian targets").
CONTENT_OBJECT_TYPES = frozenset({"THREATEN"})
# Acts of force whose purpose names whom they were aimed at ("opened fire
# to disperse the demonstrators").
PURPOSE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE"})
# Accusations name the accused with these prepositions, and their addressee
# with "to" ("complained to the UN over the raids").
ACCUSED_PREP_TYPES = frozenset({"ACCUSE"})
# Complaints whose content clause's subject is the one complained of.
ACCUSED_CLAUSE_TYPES = frozenset({"ACCUSE"})
ACCUSED_PREPS = frozenset({"over", "about", "against"})
# Openings and handovers aimed at where their purpose lets things through to
# ("opened the bridge to allow the delivery of grain to Afghanistan").
PERMISSION_TARGET_TYPES = frozenset({"RETREAT", "AID"})
DESTINATION_PREPS = frozenset({"to", "into"})
# Where forces are moved from or to ("withdrawn from Kosovo", "shipped out
# of Gorazde", "sent to Basra").
MOVED_PREPS = frozenset({"from", "out", "to", "into"})
# Help promised or given is aimed at whom its purpose clause helps.
BENEFIT_TARGET_TYPES = frozenset({"AGREE", "AID"})
# Refusals aimed at whoever pressed for what was refused ("declined to resign
# despite calls from the opposition").
DEFIED_TYPES = frozenset({"REJECT"})
DEFIANCE_PREPS = frozenset({"despite"})
# Threats whose target is the one whose act they are conditioned on
# ("... if the United States deploys missiles", "... unless Israel withdraws").
CONDITION_TARGET_TYPES = frozenset({"THREATEN"})
CONDITION_MARKS = frozenset({"if", "unless"})
# Protests whose target is named in their purpose or grievance, not as an object.
GRIEVANCE_TARGET_TYPES = frozenset({"PROTEST"})
GRIEVANCE_SEARCH_DEPS = frozenset({"advcl", "xcomp", "prep", "pobj", "dobj", "pcomp", "acl"})
GRIEVANCE_PREPS = frozenset({"against", "at", "over", "of", "on", "for"})
GRIEVANCE_SEARCH_DEPTH = 5
# Dependencies of participles used as adjectives ("the detained journalists"):
# no clause, no event.
NON_CLAUSAL_DEPS = frozenset({"amod", "compound", "nmod"})

IsActor = Callable[[Token], bool]
IsInstrument = Callable[[Token], bool]


@dataclass(frozen=True)
class Candidate:
    """An event proposed from one clause, before actors, dates and places
    are resolved. Tokens point into the article's parsed Doc."""

    sentence: Span
    sentence_index: int
    predicate: Token  # the clause's head: a verb, or the copula of "was ready to"
    trigger: tuple[Token, ...]
    cameo_code: str
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    speaker: Token | None
    modality: Modality
    inferred_subject: bool
    # Which signal proposed it: the lexicon, or the sentence classifier
    # (with its probability) where the lexicon found nothing.
    signal: str = "lexicon"
    probability: float | None = None
    # What did the harm when no source is named: "a roadside bomb killed ...".
    means: Token | None = None
    # Passive with no "by"-agent: "was arrested in Iran" names no doer.
    agentless: bool = False


@dataclass(frozen=True)
class _Match:
    predicate: Token
    trigger: tuple[Token, ...]
    cameo_code: str
    event_noun: Token | None = None
    obligation: Token | None = None  # the reported clause of "X said Y must ..."


def _is_to_clause(clause: Token) -> bool:
    """An infinitival adverbial clause right after its verb ("sworn to fight")."""
    return clause.dep_ == "advcl" and 0 < clause.i - clause.head.i <= 3 and is_to_infinitive(clause)


def _acts_on_object(verb: Token) -> bool:
    """An active verb with a direct object: a "by" on it is no passive agent."""
    return verb.pos_ == "VERB" and not is_passive(verb) and first_child(verb, OBJECT_DEPS) is not None


def _raised_objects(prep: Token) -> list[Token]:
    """The objects a bare preposition may share with the phrase coordinated
    after it, last first: "restored relations with and reopened its embassy
    in Kabul on Tuesday" (the object written once, at the end of the last
    phrase, before any date)."""
    doc = prep.doc
    if any(c.dep_ in {"pobj", "pcomp"} for c in prep.children) or prep.i + 1 >= len(doc):
        return []
    if doc[prep.i + 1].pos_ != "CCONJ":
        return []
    conj = next((t for t in prep.sent if t.dep_ == "conj" and t.i > prep.i + 1 and t.head.i < prep.i), None)
    if conj is None:
        return []
    objects = [t for t in conj.subtree if t.dep_ in {"pobj", "dobj"} and t.ent_type_ not in {"DATE", "TIME"}]
    return sorted(objects, key=lambda t: -t.i)


def _is_attribution(prep: Token) -> bool:
    """ "according to X", "due to X": a preposition that names a source of
    the report or a cause, never whom an act is aimed at."""
    return prep.dep_ == "prep" and prep.lower_ == "to" and prep.head.lower_ in ATTRIBUTION_WORDS


def _before_date(prep: Token) -> bool:
    return any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


class EventDetector:
    """Finds candidate events in parsed sentences using a lexicon."""

    def __init__(
        self,
        lexicon: Lexicon,
        ontology: Ontology,
        is_actor: IsActor,
        is_instrument: IsInstrument,
        *,
        names_someone: IsActor | None = None,
        names_a_place_kind: IsActor | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.ontology = ontology
        self.is_actor = is_actor
        self.is_instrument = is_instrument
        # Does a noun itself name a role or body? (Without the dictionaries: every noun does.)
        self.names_someone = names_someone or (lambda _noun: True)
        # Does a noun only name a kind of place ("the port of Odesa")?
        self.names_a_place_kind = names_a_place_kind or (lambda _noun: False)
        self._content_types = lexicon.modality.content_taking_types

    # -- matching -------------------------------------------------------

    def _match_verb(self, token: Token, *, specific_only: bool = False) -> _Match | None:
        entries = self.lexicon.verb_entries(token.lemma_.lower())
        if specific_only:
            entries = tuple(e for e in entries if e.objects or e.particle)
        if not entries:
            return None
        # spaCy often hangs the particle of a past-tense phrasal verb as an
        # adverb ("stepped down" -> advmod), so particle words count there
        # too. A preposition counts only right after the verb and not before a
        # date: "called on Manila", not "called ... early on Thursday".
        particles = {
            c.lower_
            for c in token.children
            if c.dep_ in {"prt", "agent"}
            or (c.dep_ == "advmod" and c.lower_ in PARTICLES)
            or (c.dep_ == "prep" and 0 < c.i - token.i <= 2 and not _before_date(c))
        }
        # "pushing for the US to back the plan": "for" opens the clause asked for.
        clauses = children(token, {"advcl", "ccomp"})
        particles.update(m.lower_ for c in clauses for m in children(c, {"mark"}) if m.lower_ == "for")
        object_lemmas = self._object_lemmas(token)
        # "sworn to fight": the parser hangs some to-complements as advcl.
        xcomps = {c.lemma_.lower() for c in token.children if c.dep_ in {"xcomp", "ccomp"} or _is_to_clause(c)}
        # A finite content clause: "protested that ...".
        has_clause = any(c.dep_ == "ccomp" and not _is_to_clause(c) for c in token.children)
        for entry in entries:  # most specific first
            if entry.clause and not has_clause:
                continue
            if self._entry_fits(entry, particles, object_lemmas, xcomps):
                trigger = [token]
                if entry.particle:
                    trigger += [c for c in token.children if c.lower_ == entry.particle]
                return _Match(token, tuple(trigger), entry.cameo)
        return None

    @staticmethod
    def _entry_fits(entry: VerbEntry, particles: set[str], objects: set[str], xcomps: set[str]) -> bool:
        if entry.particle and entry.particle not in particles:
            return False
        if entry.objects and not (entry.objects & objects):
            return False
        return not (entry.xcomp and not (entry.xcomp & xcomps))

    def _object_lemmas(self, token: Token) -> set[str]:
        nouns: list[Token] = []
        for child in token.children:
            # "25,000 tons of food aid", "thousands of troops": the content counts.
            if child.dep_ in OBJECT_DEPS or child.dep_ in {"nsubjpass", "attr", "oprd"}:
                nouns += [content_head(t) for t in with_conjuncts(child)]
            elif child.dep_ in {"prep", "prt", "dative"}:
                for pobj in children(child, {"pobj"}):
                    nouns += [content_head(t) for t in with_conjuncts(pobj)]
        lemmas = {n.lemma_.lower() for n in nouns}
        vague = self.lexicon.vague_object_heads
        # "ended its mediation efforts": the effort is mediation.
        lemmas.update(c.lemma_.lower() for n in nouns if n.lemma_.lower() in vague for c in children(n, {"compound"}))
        return lemmas

    def _match_light_verb(self, token: Token) -> _Match | None:
        if token.lemma_.lower() not in self.lexicon.light_verbs:
            return None
        for child in token.children:
            if child.dep_ not in OBJECT_DEPS | {"nsubjpass"}:
                continue
            for noun in (content_head(t) for t in with_conjuncts(child)):
                code = self._noun_code(noun)
                if code:
                    return _Match(token, (token, noun), code, event_noun=noun)
        return None

    def _noun_code(self, noun: Token) -> str | None:
        modifiers = {c.lower_ for c in noun.children if c.dep_ in {"compound", "amod"}}
        for entry in self.lexicon.noun_entries(noun.lemma_.lower()):
            if not entry.compound or entry.compound & modifiers:
                return entry.cameo
        return None

    def _match_adjective(self, token: Token) -> _Match | None:
        code = self.lexicon.adjectives.get(token.lemma_.lower())
        if code is None or token.dep_ not in {"acomp", "oprd", "amod"} or not children(token, {"xcomp"}):
            return None
        predicate = token.head if token.dep_ == "acomp" else token
        # "ready to use force", "prepared to impose martial law": readiness
        # for a conflictual act is a threat, not an offer to cooperate.
        for act in children(token, {"xcomp"}):
            found = self._match_verb(act)
            plover = self.ontology.code(found.cameo_code).plover_type if found is not None else None
            threat = self.lexicon.modality.announced_acts.get(plover or "")
            if threat is not None and self.ontology.code(threat).plover_type == "THREATEN":
                code = threat
        return _Match(predicate, (token,), code)

    def _match_obligation(self, token: Token) -> _Match | None:
        """ "X said Y must ..." is X asking Y: a request coded from the
        statement's content. The predicate is the reported clause, so its
        subject becomes the target and the speaker the source."""
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.speech_verbs:
            clauses = children(token, {"ccomp"})
        elif lemma in self.lexicon.light_verbs:
            # "issued a blunt reminder to Serbia that it must withdraw": words
            # issued, with their content clause.
            notes = [o for o in children(token, OBJECT_DEPS) if o.lemma_.lower() in self.lexicon.statement_nouns]
            clauses = [c for o in notes for c in children(o, {"acl", "ccomp"})]
        else:
            return None
        for clause in clauses:
            for aux in children(clause, {"aux"}):
                code = self.lexicon.obligation_modals.get(aux.lower_)
                if code is not None:
                    return _Match(token, (token, aux), code, obligation=clause)
        return None

    def _is_noun_content(self, verb: Token) -> bool:
        """ "their demands to release prisoners", "a plan to withdraw
        troops": the content of a demand, plan or offer, not an act of the
        clause's subject."""
        return (
            verb.dep_ == "acl"
            and verb.head.lemma_.lower() in self.lexicon.modality.content_nouns
            and is_to_infinitive(verb)
        )

    def _match(self, token: Token) -> _Match | None:
        if token.pos_ == "ADJ":
            return self._match_adjective(token)
        if token.pos_ != "VERB" or token.dep_ in NON_CLAUSAL_DEPS or self._is_noun_content(token):
            return None
        # An event noun as object outweighs a weak verb: "approved
        # sanctions", "declared a ceasefire", "held talks".
        light = self._match_light_verb(token) or self._match_obligation(token)
        if light is not None:
            return light
        if token.lemma_.lower() in self.lexicon.speech_verbs:
            # "declared a state of emergency" is an event; "declared that ..." is speech.
            return self._match_verb(token, specific_only=True) or self._match_obligation(token)
        return self._match_verb(token)

    # -- clause reading -------------------------------------------------

    def _actors(self, token: Token | None) -> tuple[Token, ...]:
        """The actors a noun stands for: itself and its conjuncts, seen
        through quantities ("thousands of protesters" -> protesters)."""
        if token is None:
            return ()
        found = (content_head(t) for t in with_conjuncts(token))
        return tuple(t for t in found if self.is_actor(t))

    def _targets(self, match: _Match, passive: bool, subject: Token | None, has_source: bool) -> tuple[Token, ...]:
        """Who is acted upon: the passive subject; else a direct object or
        dative that is an actor; else the actor in a target preposition
        ("met with X", "aid to X"), looked for through the event's object
        and complements ("the hope of developing relations with X")."""
        if passive and match.event_noun is None:
            # "a camp for refugees was attacked", "X's offices were raided".
            return self._object_actors(subject) if subject is not None else ()
        if match.obligation is not None:
            return self._actors(own_subject(match.obligation))
        predicate = match.trigger[0] if match.trigger[0].pos_ == "VERB" else match.predicate
        plover = self.ontology.code(match.cameo_code).plover_type
        recipient_preps = RECIPIENT_FIRST_PREPS.get(plover or "")
        if recipient_preps:
            # "provided intelligence to Macedonia", "gave Iraq aid": the one given to.
            # Also on the thing given or withdrawn, where the parser often
            # hangs it: "withdrew its ambassador from Tehran".
            things = children(predicate, OBJECT_DEPS)
            for child in [*predicate.children, *(c for t in things for c in children(t, {"prep"}))]:
                if (child.dep_ == "dative" and plover == "AID") or (
                    child.dep_ == "prep" and child.lower_ in recipient_preps
                ):
                    found = self._object_actors(prep_object(child) or child)
                    if found:
                        return found
        if plover in PERMISSION_TARGET_TYPES:
            found = self._let_through_to(predicate)
            if found:
                return found
        own_objects = [c for c in predicate.children if c.dep_ in OBJECT_DEPS]
        shared = next((c for c in children(predicate, {"conj"}) if c.pos_ == "VERB" and c.i > predicate.i), None)
        if not own_objects and shared is not None and not first_child(shared, {"nsubj", "nsubjpass"}):
            # "seized and annexed Crimea", "arrested and charged the two
            # men": the verbs share the object written after the last.
            own_objects = [c for c in shared.children if c.dep_ in OBJECT_DEPS]
        for child in [*children(predicate, {"dative"}), *own_objects]:
            if child.pos_ != "ADP" and child not in match.trigger:
                if plover in INSTRUMENT_OBJECT_TYPES and self.is_instrument(child):
                    continue  # "withdrew its troops": the troops are not the target
                if content_head(child).lemma_.lower() in self.lexicon.attack_means:
                    continue  # "launched artillery fire against X": the weapon is not the target
                # "to protest the killings of miners by soldiers", with the
                # "by" hung on the verb: the doer of the act protested.
                found = () if self._actors(child) else self._doers_on(predicate)
                if found:
                    return found
                found = self._object_actors(child)
                if found:
                    return found
        for _, named in self.described_objects(predicate, match.trigger):
            # "attacked what it called a Hamas command centre": the thing named.
            found = self._object_actors(named) if named is not None else ()
            if found:
                return found
        for described in (o for p in children(predicate, {"prep"}) if p.lower_ == "as" for o in children(p, {"pobj"})):
            # "condemned as a grave injustice Turkey's treatment of ...": the
            # object put after its description, parsed as its apposition.
            for obj in children(described, {"appos"}):
                found = self._object_actors(obj)
                if found:
                    return found
        found = self._infinitive_subjects(predicate)
        if found:
            return found
        if plover in ACCUSED_CLAUSE_TYPES:
            # "complained that the army had tortured prisoners": the army.
            for clause in children(predicate, {"ccomp"}):
                if any(t.tag_ in {"WP", "WDT"} for t in clause.children):
                    continue  # "condemned what he called an assault": no one accused
                found = self._actors(own_subject(clause))
                if found:
                    return found
        if plover in ADDRESSEE_CLAUSE_TYPES:
            # "demanded that the US cancel ...", "insisted on its demands
            # that Burundi's government grant ...": the one asked is the
            # subject of the content clause.
            for clause in self._content_clauses(predicate):
                subject = own_subject(clause)
                # "demanded that control of the ministry be handed
                # away": a subject that is no actor is read like an object.
                found = self._actors(subject) or (self._object_actors(subject) if subject is not None else ())
                if found:
                    return found
        if plover in CONTENT_OBJECT_TYPES:
            # "warned that police would not tolerate rallies by Kifaya": the
            # one the threatened act is aimed at.
            for clause in children(predicate, {"ccomp"}):
                for obj in children(clause, OBJECT_DEPS):
                    found = self._object_actors(obj)
                    if found:
                        return found
        if plover in ACCUSED_PREP_TYPES:
            # "complained to the UN over Israeli air raids": the accused, not the addressee.
            found = self._actors_after((predicate,), ACCUSED_PREPS)
            if found:
                return found
        if plover in BENEFIT_TARGET_TYPES:
            # Before the objects below: "to send engineers to help rebuild
            # Haiti" is for Haiti, the engineers are what is sent.
            found = self._beneficiaries(predicate, match)
            if found:
                return found
        found = self._search_targets(predicate, match)
        if found:
            return found
        if plover in DEFIED_TYPES:
            # "declined to resign despite pressure by the anti-corruption
            # commission": a refusal is aimed at whoever pressed for it.
            found = self._actors_after((predicate, *children(predicate, {"xcomp"})), DEFIANCE_PREPS)
            if found:
                return found
        if plover in CONDITION_TARGET_TYPES:
            found = self._condition_subject(predicate)
            if found:
                return found
        if plover in GRIEVANCE_TARGET_TYPES:
            found = self._grievance_targets(predicate, match)
            if found:
                return found
        if plover in PURPOSE_TARGET_TYPES:
            # "opened fire to disperse the demonstrators": whom the act was for.
            for clause in children(predicate, {"advcl", "xcomp"}):
                if _is_to_clause(clause) or clause.dep_ == "xcomp":
                    for obj in children(clause, OBJECT_DEPS):
                        found = self._object_actors(obj)
                        if found:
                            return found
        if has_source and (plover not in NO_PLACE_TARGET_TYPES or match.cameo_code in PLACE_TARGET_CODES):
            # Only beside a known source: a place alone does not make an event.
            return self._place_target(predicate, match)
        return ()

    def _object_actors(self, obj: Token, *, own_words: bool = False) -> tuple[Token, ...]:
        """The actors an object names; or, for an object that is someone's
        act, words or property, whose they are: its possessor ("welcomed
        Reagan's statement"), its "by"-phrase ("rejected calls by Belarus's
        rulers"), its participle's agent ("stopped a rally staged by
        students"), a name modifying it ("vetoed a Security Council
        resolution", "shot down United Nations planes") or its "of"/"for"
        phrase ("burned the offices of a party", "attacked a camp for
        refugees", "demanded the pullout of Russian troops")."""
        owner = first_child(obj, {"poss"})
        pronoun_owner = owner is not None and owner.pos_ == "PRON"
        if own_words and pronoun_owner:
            owner = None  # "to press their demands": the protesters' own
        # "her counterpart" is the counterpart; "Reagan's statement" is Reagan's.
        if (
            owner is not None
            and not pronoun_owner
            and obj.pos_ == "NOUN"
            and not obj.ent_type_
            and not self.names_someone(obj)
        ):
            # "welcomed President Reagan's statement": Reagan, not the statement
            # (an actor only through its possessor's words).
            found = self._actors(owner)
            if found:
                return found
        head = content_head(obj)
        if (
            head.pos_ == "NOUN"
            and not head.ent_type_
            and not self.names_someone(head)
            and not self.names_a_place_kind(head)  # "the Ukrainian port of Odesa" is the port
        ):
            # "halted a military aid programme for Mali": Mali's, though
            # "military" would make the programme an actor of its own. A
            # "by" names the act's doer first: "denounced the beatings of
            # strikers by police" is aimed at the police, not the strikers.
            preps = children(head, {"prep"})
            # The parser often hangs that "by" on the "of" phrase's noun.
            preps += [
                p for o in preps if o.lower_ == "of"
                for n in children(o, {"pobj"}) for p in children(n, {"prep"}) if p.lower_ == "by"
            ]  # fmt: skip
            for prep in sorted(preps, key=lambda p: p.lower_ != "by"):
                if prep.lower_ == "by" or prep.lower_ in OWNER_PREPS:
                    found = self._actors(first_child(prep, {"pobj"}))
                    if found:
                        return found
        found = self._actors(obj) or self._actors(owner)
        if found:
            return found
        for prep in children(head, {"prep"}):
            if prep.lower_ == "by":
                found = self._actors(first_child(prep, {"pobj"}))
                if found:
                    return found
        for participle in children(head, {"acl"}):
            found = self._actors(agent_of(participle))
            if found:
                return found
            if participle.tag_ == "VBG" and not self.names_someone(head):
                # "approved a bill recognising election wins by the opposition",
                # "a resolution condemning Israel": whom the paper acts on.
                for inner in children(participle, OBJECT_DEPS):
                    found = self._object_actors(inner)
                    if found:
                        return found
            if participle.lemma_.lower() in self.lexicon.taking_verbs:
                # "returned weapons seized from UN peacekeepers": theirs.
                for prep in children(participle, {"prep"}):
                    if prep.lower_ == "from":
                        found = self._actors(first_child(prep, {"pobj"}))
                        if found:
                            return found
        for modifier in children(head, {"compound"}):
            if self.is_actor(modifier) and modifier.ent_type_ in NOMINAL_SOURCE_ENTITIES | {""}:
                return (modifier,)
        demand = head.lemma_.lower() in self.lexicon.modality.content_nouns
        for prep in children(head, {"prep"}):
            # "demands for greater freedom from the government": made of the government.
            if prep.lower_ in OWNER_PREPS or (demand and prep.lower_ == "from"):
                found = self._actors(first_child(prep, {"pobj"}))
                if found:
                    return found
        if demand:
            # The parser often hangs that "from" on what is demanded.
            asked = [o for p in children(head, {"prep"}) if p.lower_ == "for" for o in children(p, {"pobj"})]
            for prep in (p for o in asked for p in children(o, {"prep"}) if p.lower_ == "from"):
                found = self._actors(first_child(prep, {"pobj"}))
                if found:
                    return found
        return self._separated_from(head)

    def _separated_from(self, noun: Token) -> tuple[Token, ...]:
        """ "independence from Indonesia", "a referendum on secession from
        Serbia": whom the separation asked for is from."""
        nouns = [noun, *(o for p in children(noun, {"prep"}) for o in children(p, {"pobj"}))]
        for separation in nouns:
            if separation.lemma_.lower() not in self.lexicon.separation_nouns:
                continue
            for prep in children(separation, {"prep"}):
                if prep.lower_ == "from":
                    found = self._actors(first_child(prep, {"pobj"}))
                    if found:
                        return found
        return ()

    def described_objects(self, predicate: Token, trigger: tuple[Token, ...] = ()) -> list[tuple[Token, Token | None]]:
        """What an act is done to when the text only names it through someone's
        words: "bombed what New Delhi described as a militant camp near
        Balakot", "strikes on what it called militant hideouts in Iran": each
        naming verb (whose own phrases may place it) with the thing named."""
        found: list[tuple[Token, Token | None]] = []
        heads = [predicate, *(t for t in trigger if t.i != predicate.i)]
        clauses = [c for h in heads for c in children(h, {"ccomp"})]
        clauses += [c for h in heads for p in children(h, {"prep"}) for c in children(p, {"pcomp"})]
        for clause in clauses:
            if clause.lemma_.lower() not in self.lexicon.naming_verbs:
                continue
            if not any(c.tag_ == "WP" and c.dep_ in {"dobj", "nsubjpass"} for c in clause.children):
                continue
            named = first_child(clause, {"oprd", "xcomp", "attr"})
            if named is None:
                named = next(
                    (o for p in children(clause, {"prep"}) if p.lower_ == "as" for o in children(p, {"pobj"})), None
                )
            found.append((clause, named))
        return found

    def _content_clauses(self, predicate: Token) -> list[Token]:
        """The clauses that say what was asked: the verb's own ("demanded
        that ...") and those of a demand or call it takes ("insisted on its
        demands that ...", "renewed its call for ... to ...")."""
        clauses = children(predicate, {"ccomp"})
        for child in predicate.children:
            nouns = [child] if child.dep_ in OBJECT_DEPS else children(child, {"pobj"}) if child.dep_ == "prep" else []
            for noun in nouns:
                if noun.lemma_.lower() in self.lexicon.modality.content_nouns:
                    clauses += children(noun, {"acl", "ccomp", "relcl"})
        return clauses

    def _infinitive_subjects(self, predicate: Token) -> tuple[Token, ...]:
        """ "allowed Ouattara to run", "refused to allow UN planes to land":
        the subject of an infinitive clause under the act is the one it is
        done to (the parser often makes it the clause's subject, not the
        verb's object)."""
        for verb in (predicate, *children(predicate, {"xcomp"})):
            for clause in children(verb, {"ccomp", "xcomp", "advcl"}):
                subject = first_child(clause, {"nsubj"})
                # "to" makes it an infinitive; "for" opens one asked for
                # ("pressing for the US to back the plan").
                opener = {c.lower_ for c in clause.children if c.dep_ in {"aux", "mark"}}
                if clause.dep_ == "advcl" and "for" not in opener:
                    continue
                if subject is not None and opener & {"to", "for"}:
                    found = self._object_actors(subject)
                    if found:
                        return found
        return ()

    @staticmethod
    def _below(predicate: Token, match: _Match, deps: frozenset[str], depth: int) -> Iterator[tuple[Token, Token]]:
        """(parent, child) pairs breadth-first below the predicate and the
        trigger, following only the `deps` links, down to `depth` levels."""
        starts = [predicate, *(t for t in match.trigger if t.i != predicate.i)]
        frontier = [(t, 0) for t in starts]
        visited = {t.i for t in starts}
        while frontier:
            node, level = frontier.pop(0)
            for child in node.children:
                if child.i in visited or child.dep_ not in deps:
                    continue
                visited.add(child.i)
                yield node, child
                if level < depth:
                    frontier.append((child, level + 1))

    def _search_targets(self, predicate: Token, match: _Match) -> tuple[Token, ...]:
        """Breadth-first through objects, prepositions and complements, but
        not into other clauses (ccomp, advcl, relcl, conj)."""
        trigger = {t.i for t in match.trigger}
        for node, child in self._below(predicate, match, TARGET_SEARCH_DEPS, TARGET_SEARCH_DEPTH):
            if child.i in trigger or _is_attribution(node):
                continue  # the event's own noun ("undertook a mediation mission"); "according to X"
            if node.lower_ == "from" and node.head.lemma_.lower() in self.lexicon.statement_nouns:
                continue  # "welcomed the deal in a statement from New York": where it was said
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                for raised in _raised_objects(child):
                    found = self._object_actors(raised)
                    if found:
                        return found
            if child.dep_ == "pobj" and node.lower_ in TARGET_PREPS:
                # "burned the offices of a party": whose they are.
                found = self._object_actors(child)
                if found:
                    return found
            if (
                child.dep_ == "pobj"
                and node.lower_ in OBJECT_NOUN_PREPS
                and node.head.dep_ in OBJECT_DEPS | {"nsubjpass"}
            ):
                found = self._actors(child)
                if found:
                    return found
            if child.dep_ in OBJECT_DEPS and node.dep_ == "xcomp" and not self.is_instrument(child):
                # "threatened to ban opposition candidates", "refused to
                # meet Jordan's king": the object of the act threatened,
                # refused or promised (not its means: "to deploy troops").
                found = self._object_actors(child)
                if found:
                    return found
        return ()

    def _doers_on(self, verb: Token) -> tuple[Token, ...]:
        """The actors after a "by" on an active verb with an object: the
        doers of what the object names, not agents of the verb."""
        if not _acts_on_object(verb):
            return ()
        agents = (first_child(p, {"pobj"}) for p in children(verb, {"prep"}) if p.lower_ == "by")
        return tuple(a for agent in agents for a in self._actors(agent))

    def _actors_after(self, verbs: tuple[Token, ...], preps: frozenset[str]) -> tuple[Token, ...]:
        """The actors, owners or authors named after one of these
        prepositions on the verbs ("over Israeli air raids", "despite
        pressure by the commission")."""
        for verb in verbs:
            for prep in children(verb, {"prep"}):
                if prep.lower_ in preps:
                    found = self._object_actors(first_child(prep, {"pobj"}) or prep)
                    if found:
                        return found
        return ()

    def _beneficiaries(self, predicate: Token, match: _Match) -> tuple[Token, ...]:
        """ "ready to ship equipment to help defend Kuwait", "pledged
        money to rebuild Haiti": whom a promised or given help is for, named
        in its purpose clause."""
        verbs = [predicate, *match.trigger]
        verbs += [c for v in list(verbs) for c in children(v, {"xcomp"})]
        benefit = self.lexicon.benefit_verbs
        for verb in verbs:
            for clause in verb.children:
                if not (_is_to_clause(clause) or clause.dep_ in {"advcl", "xcomp"}):
                    continue
                while clause.lemma_.lower() in benefit:
                    for obj in children(clause, OBJECT_DEPS):
                        found = self._object_actors(obj)
                        if found:
                            return found
                    # "to help defend X": the help is the defence.
                    nxt = first_child(clause, {"xcomp"})
                    if nxt is None:
                        break
                    clause = nxt
        return ()

    def _moved_between(self, predicate: Token) -> tuple[Token, ...]:
        """Where forces were moved from or to: "withdrawn from Kosovo",
        "shipped out of the enclave of Gorazde", "sent to Basra"."""
        for prep in children(predicate, {"prep", "prt"}):
            if prep.lower_ not in MOVED_PREPS:
                continue
            place = first_child(prep, {"pobj"})
            if place is None and prep.lower_ == "out":
                of = next((p for p in children(prep, {"prep"}) if p.lower_ == "of"), None)
                place = first_child(of, {"pobj"}) if of is not None else None
            if place is None:
                continue
            found = self._actors(place)
            if found:
                return found
            named = self._named_place(place)
            if named is not None and self.is_actor(named):
                return (named,)
        return ()

    def _let_through_to(self, predicate: Token) -> tuple[Token, ...]:
        """ "opened the bridge to allow the delivery of grain to Afghanistan",
        "allowed aid to enter Gaza": where (or whom) an opening lets things
        through to, named in its letting clause."""
        permission = self.lexicon.permission_verbs
        clauses = [predicate] if predicate.lemma_.lower() in permission else []
        clauses += [
            c for c in predicate.children
            if c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in permission
            and is_to_infinitive(c)
        ]  # fmt: skip
        for clause in clauses:
            for node in clause.subtree:
                destination = (node.dep_ == "pobj" and node.head.lower_ in DESTINATION_PREPS) or (
                    node.dep_ in OBJECT_DEPS and node.head.dep_ in {"ccomp", "xcomp"} and node.head.head.i == clause.i
                )
                found = self._actors(node) if destination else ()
                if found:
                    return found
        return ()

    def _condition_subject(self, predicate: Token) -> tuple[Token, ...]:
        """ "threatened to halt the talks if the United States deploys
        missiles": the one whose act the threat is conditioned on."""
        for verb in (predicate, *children(predicate, {"xcomp"})):
            for clause in children(verb, {"advcl"}):
                if any(m.lower_ in CONDITION_MARKS for m in children(clause, {"mark"})):
                    found = self._actors(own_subject(clause))
                    if found:
                        return found
        return ()

    def _grievance_targets(self, predicate: Token, match: _Match) -> tuple[Token, ...]:
        """Whom a protest is against, when no object says it: the object
        of its purpose ("rallied to demand reforms by Suharto's government",
        "went on hunger strike to protest Assad's failure") or of "against",
        "in protest at", "in defiance of" ("blocked streets in defiance of
        Chinese authorities")."""
        allies = self.lexicon.ally_verbs
        # "joining hundreds of students in demanding": allies, not targets.
        joined = {t.i for v in self._below_verbs(predicate, allies) for o in children(v, {"dobj"}) for t in o.subtree}
        for node, child in self._below(predicate, match, GRIEVANCE_SEARCH_DEPS, GRIEVANCE_SEARCH_DEPTH):
            if child.i in joined:
                continue
            joined_act = node.dep_ == "pcomp" and node.head.head.lemma_.lower() in allies
            aimed = (
                (child.dep_ == "dobj" and (node.dep_ in {"advcl", "xcomp"} or joined_act))
                or (child.dep_ == "pobj" and node.lower_ in GRIEVANCE_PREPS)
                # "to protest the rights violations ... by Islamic militants":
                # the "by" the parser hung on the verb names the object's doer.
                or (child.dep_ == "pobj" and node.lower_ == "by" and _acts_on_object(node.head))
            )
            if aimed:
                found = self._object_actors(child, own_words=True)
                if found:
                    return found
        return ()

    @staticmethod
    def _below_verbs(predicate: Token, lemmas: frozenset[str]) -> list[Token]:
        """The verbs with these lemmas in the predicate's own clause tree."""
        return [t for t in predicate.subtree if t.pos_ == "VERB" and t.lemma_.lower() in lemmas]

    def _place_target(self, predicate: Token, match: _Match) -> tuple[Token, ...]:
        # The act's own noun first: "declared a curfew in the town of Silvan
        # in southeastern Turkey" lands on the town.
        for head in (*(t for t in match.trigger if t.i != predicate.i), predicate):
            for prep in children(head, {"prep"}):
                if prep.lower_ not in PLACE_TARGET_PREPS:
                    continue
                for pobj in children(prep, {"pobj"}):
                    if pobj.ent_type_ == "GPE" and self.is_actor(pobj):
                        return (pobj,)
                    named = self._named_place(pobj)
                    if named is not None and self.is_actor(named):
                        return (named,)
        return ()

    def _named_place(self, noun: Token) -> Token | None:
        """The name a place-kind noun stands for: "the town of Sopore"."""
        if not self.names_a_place_kind(noun):
            return None
        for prep in children(noun, {"prep"}):
            if prep.lower_ == "of":
                name = first_child(prep, {"pobj"})
                if name is not None and name.pos_ == "PROPN":
                    return name
        return None

    def _noun_sources(self, noun: Token) -> tuple[Token, ...]:
        """ "talks between A and B", "an attack by X": actors on the event noun."""
        for prep in children(noun, {"prep"}):
            if prep.lower_ in {"between", "among", "by"}:
                for pobj in children(prep, {"pobj"}):
                    found = self._actors(pobj)
                    if found:
                        return found
        return ()

    def _modality(self, match: _Match) -> tuple[Modality, bool, Token | None]:
        """(modality, suppressed, speaker) from the clause and the clauses
        above it. `suppressed` marks the content of another event ("urged X
        to withdraw" is one REQUEST, not a REQUEST and a RETREAT)."""
        words = self.lexicon.modality
        predicate = match.predicate
        negated = hypothetical = future = False

        def own_marks(verb: Token) -> None:
            nonlocal negated, hypothetical, future
            for child in verb.children:
                lower = child.lower_
                if child.dep_ == "neg" or (child.dep_ in {"advmod", "det"} and lower in words.negators):
                    negated = True
                elif child.dep_ == "aux":
                    if lower in words.hypothetical_modals:
                        hypothetical = True
                    elif lower in words.future_modals:
                        future = True
                elif child.dep_ == "mark" and lower in words.conditional_marks:
                    hypothetical = True
                elif child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in words.conditional_marks for m in child.children
                ):
                    # "will impose sanctions if ..." asserts nothing yet.
                    hypothetical = True

        own_marks(predicate)
        for token in match.trigger:
            if token.i != predicate.i:
                own_marks(token)
        if match.event_noun is not None and any(
            c.lower_ in words.negators for c in match.event_noun.children if c.dep_ == "det"
        ):
            negated = True
        if predicate.dep_ == "conj" and not children(predicate, {"aux"}):
            own_marks(predicate.head)

        speaker: Token | None = None
        suppressed = False
        for ancestor in predicate.ancestors:
            if ancestor.lemma_.lower() in self.lexicon.speech_verbs and ancestor.pos_ == "VERB":
                # "X was quoted as saying ...": a speech verb with no subject
                # of its own speaks for the clause it hangs from.
                speaker = through_participle(first_child(ancestor, {"nsubj"}) or subject_of(ancestor)[0])
                break
        for governor, link in clause_chain(predicate):
            lemma = governor.lemma_.lower()
            if link == "advcl" and predicate.head.i == governor.i and _is_to_clause(predicate):
                link = "xcomp"  # "sworn to fight": a complement the parser hung as advcl
            if link not in CONTENT_LINKS or lemma in self.lexicon.speech_verbs:
                continue  # coordination, adverbial and relative clauses assert on their own
            if lemma in words.negating_governors:
                negated = not negated
            elif lemma in words.hypothetical_governors:
                hypothetical = True
            elif lemma in words.future_governors:
                future = True
            if not suppressed:
                governing = self._match(governor)
                if governing is not None:
                    plover = self.ontology.code(governing.cameo_code).plover_type
                    suppressed = plover in self._content_types
        if speaker is None:
            speaker = self._according_to(predicate)
        return Modality(negated=negated, hypothetical=hypothetical, future=future), suppressed, speaker

    @staticmethod
    def _according_to(predicate: Token) -> Token | None:
        root = predicate.sent.root
        for verb in (predicate, root):
            for prep in children(verb, {"prep"}):
                if prep.lower_ == "according":
                    to = first_child(prep, {"prep"})
                    if to is not None:
                        return first_child(to, {"pobj"})
        return None

    # -- entry point ----------------------------------------------------

    def _nominal(self, noun: Token, taken: set[int]) -> Candidate | None:
        """A nominal event: an event noun with its actors on it, "an Israeli
        air strike on Rafah", "talks between Kenya and Somalia", "the
        army's offensive against the rebels". Only nouns that name a
        source this way count, so "a military offensive" alone is not one."""
        if noun.pos_ != "NOUN" or noun.i in taken or noun.dep_ in {"compound", "amod"}:
            return None
        code = self._noun_code(noun)
        if code is None:
            return None
        # "mediation efforts between the militias": the parties, not the mediators.
        sources = self._noun_sources(noun) if code not in MEDIATION_CODES else ()
        if not sources:
            modifiers = [c for c in noun.children if c.dep_ in {"poss", "amod", "compound"}]
            # A nationality adjective names the source too: "Israeli air strike".
            sources = tuple(
                m
                for m in modifiers
                if m.ent_type_ in NOMINAL_SOURCE_ENTITIES and (m.ent_type_ == "NORP" or self.is_actor(m))
            )
        if not sources:
            return None
        targets: tuple[Token, ...] = ()
        for prep in children(noun, {"prep"}):
            if prep.lower_ in NOMINAL_TARGET_PREPS:
                for pobj in children(prep, {"pobj"}):
                    targets = targets or self._actors(pobj)
        match = _Match(noun, (noun,), code, event_noun=noun)
        modality, suppressed, speaker = self._modality(match)
        if suppressed:
            return None
        return Candidate(
            sentence=noun.sent,
            sentence_index=0,
            predicate=noun,
            trigger=(noun,),
            cameo_code=code,
            sources=sources,
            targets=tuple(t for t in targets if t not in sources),
            speaker=speaker,
            modality=modality,
            inferred_subject=False,
        )

    def detect(self, sentence: Span, sentence_index: int) -> list[Candidate]:
        candidates = self._clausal(sentence, sentence_index)
        taken = {t.i for c in candidates for t in c.trigger}
        for token in sentence:
            nominal = self._nominal(token, taken)
            if nominal is not None:
                candidates.append(replace(nominal, sentence=sentence, sentence_index=sentence_index))
        return candidates

    def _clausal(self, sentence: Span, sentence_index: int) -> list[Candidate]:
        candidates: list[Candidate] = []
        seen_predicates: set[int] = set()
        for token in sentence:
            match = self._match(token)
            if match is None or match.predicate.i in seen_predicates:
                continue
            candidate = self._candidate(match, sentence, sentence_index)
            if candidate is not None:
                seen_predicates.add(match.predicate.i)
                candidates.append(candidate)
        return candidates

    def _candidate(self, match: _Match, sentence: Span, sentence_index: int) -> Candidate | None:
        """Read the clause of a match: modality, source, target, speaker."""
        modality, suppressed, speaker = self._modality(match)
        if suppressed:
            return None
        agent = agent_of(match.predicate)
        stative = match.predicate.lower_ in self.lexicon.modality.stative_participles
        passive = is_passive(match.predicate) and match.event_noun is None and not (stative and agent is None)
        subject, inferred = subject_of(match.predicate)
        subject = through_participle(subject)
        # "A prisoner died in custody": the subject suffered the act; who did
        # it is not named.
        suffered = not passive and match.predicate.lemma_.lower() in self.lexicon.victim_verbs
        sources = () if suffered else self._actors(agent if passive else subject)
        plover = self.ontology.code(match.cameo_code).plover_type
        moved = (
            passive
            and agent is None
            and plover in INSTRUMENT_OBJECT_TYPES
            and subject is not None
            and self.is_instrument(subject)
        )
        if moved:
            # "American troops were withdrawn from Kosovo": forces moved by
            # their own side, which is the source; the place is the target.
            sources = self._actors(subject)
        if not sources and not passive and inferred and match.predicate.dep_ in {"xcomp", "advcl"}:
            # "police used water cannon to scatter the crowd": a means as the
            # object controls nothing; the one who used it acts.
            sources = self._actors(subject_of(match.predicate.head)[0])
        head = match.predicate.head
        if not sources and not passive and match.predicate.dep_ == "acl" and head.dep_ in OBJECT_DEPS:
            # "issued a declaration demanding ...", "passed a resolution
            # condemning ...": whoever issued the words says them.
            sources = self._actors(subject_of(head.head)[0])
        if match.event_noun is not None and not sources:
            sources = self._noun_sources(match.event_noun)
        if suffered:
            targets = self._actors(subject)
        elif moved:
            targets = self._moved_between(match.predicate)
        else:
            targets = self._targets(match, passive, subject, has_source=bool(sources))
        if not sources and not targets:
            return None  # an event with nobody in it tells a researcher nothing
        means = None
        if not sources:
            means = self._means(agent if passive else subject)
            if means is None and (passive or suffered):
                # "died in a truck bomb explosion", "wounded in a rocket attack".
                in_phrases = (first_child(p, {"pobj"}) for p in children(match.predicate, {"prep"}) if p.lower_ == "in")
                means = next((m for m in map(self._means, in_phrases) if m is not None), None)
        return Candidate(
            sentence=sentence,
            sentence_index=sentence_index,
            predicate=match.predicate,
            trigger=match.trigger,
            cameo_code=match.cameo_code,
            sources=sources,
            targets=tuple(t for t in targets if t not in sources),
            speaker=speaker,
            modality=modality,
            inferred_subject=inferred,
            means=means,
            agentless=(passive and agent is None) or suffered,
        )

    def _means(self, token: Token | None) -> Token | None:
        """The subject, "by"-agent or "in"-phrase when it is a weapon or
        blast: "a roadside bomb", "an improvised explosive device", "a car
        bomb explosion"."""
        if token is None:
            return None
        head = content_head(token)
        return head if head.lemma_.lower() in self.lexicon.attack_means else None

    def main_clause(self, sentence: Span) -> Token | None:
        """The clause a sentence-level signal speaks about: the root verb,
        or for reported speech ("X said Y ..."), the reported clause."""
        predicate = sentence.root
        if predicate.lemma_.lower() in self.lexicon.speech_verbs:
            predicate = first_child(predicate, {"ccomp"}) or predicate
        return predicate if predicate.pos_ in {"VERB", "AUX"} else None

    def classified(self, sentence: Span, sentence_index: int, cameo_code: str) -> Candidate | None:
        """A candidate for a sentence the lexicon found nothing in but the
        sentence classifier put in a PLOVER type: the main clause, with its
        actors read the same way as for a lexicon match."""
        predicate = self.main_clause(sentence)
        if predicate is None:
            return None
        lemma = predicate.lemma_.lower()
        if lemma in self.lexicon.speech_verbs or lemma in self.lexicon.state_verbs:
            return None  # a statement or a state, not an act
        return self._candidate(_Match(predicate, (predicate,), cameo_code), sentence, sentence_index)
