"""Reading clauses off spaCy's dependency parse (ClearNLP labels, as the
English models use): subjects, objects, agents, coordination, and the chain
of clauses that governs a predicate."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
# Links through which a clause is the content of the clause above it.
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "acl", "advcl", "parataxis", "conj"})
# Modifiers that belong to an actor's noun phrase.
NP_MODIFIER_DEPS = frozenset(
    {"compound", "amod", "poss", "nmod", "nummod", "npadvmod", "det", "case", "punct", "quantmod"}
)


def children(token: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def first_child(token: Token, deps: frozenset[str] | set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def is_passive(predicate: Token) -> bool:
    if any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in predicate.children):
        return True
    # "was arrested and charged": the second verb shares the first's voice.
    return (
        predicate.dep_ == "conj"
        and predicate.tag_ == "VBN"
        and not any(c.dep_ == "aux" for c in predicate.children)
        and is_passive(predicate.head)
    )


def is_to_infinitive(clause: Token) -> bool:
    """A clause opened by "to": "sworn to fight", "a rally to protest"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def agent_of(predicate: Token) -> Token | None:
    """The object of a passive "by"-phrase."""
    agent = first_child(predicate, {"agent"})
    if agent is None:
        return None
    return first_child(agent, {"pobj"})


# Nouns that count or group the nouns that matter: "thousands of protesters",
# "a group of leaders", "dozens of soldiers".
QUANTITY_NOUNS = frozenset(
    {"ten", "dozen", "score", "hundred", "thousand", "million", "number", "group", "crowd", "handful",
     "couple", "lot", "band", "contingent", "batch", "party", "delegation", "team", "unit", "some", "many",
     "most", "all", "several", "few", "one", "two", "three", "four", "five", "billion", "ton", "tonne",
     "kg", "kilogram", "shipment", "consignment", "package", "worth", "amount", "load", "truckload", "series",
     "wave", "part", "portion", "half", "third", "share", "member", "mission"}
)  # fmt: skip


def content_head(token: Token) -> Token:
    """The noun a quantity stands for: "tens of thousands of students" ->
    students. Other nouns are their own content."""
    node = token
    for _ in range(4):
        if node.lemma_.lower() not in QUANTITY_NOUNS:
            return node
        of = next((c for c in node.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = first_child(of, {"pobj"}) if of is not None else None
        if pobj is None:
            return node
        node = pobj
    return node


def with_conjuncts(token: Token) -> list[Token]:
    """A noun and the nouns coordinated with it ("China and Russia")."""
    return [token, *[c for c in token.conjuncts if c.pos_ in {"NOUN", "PROPN", "PRON"}]]


def own_subject(predicate: Token) -> Token | None:
    subject = first_child(predicate, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and predicate.dep_ == "relcl":
        return predicate.head
    return subject


# Clauses the parser may hang after a preposition's would-be object, making
# that object their subject: "granted asylum to four officers holed up in".
CLAUSE_AFTER_NOUN_DEPS = frozenset({"advcl", "acl", "ccomp", "pcomp"})


def prep_object(prep: Token) -> Token | None:
    """The object of a preposition; or, where the parser left it without
    one, the noun right after it that it made the subject of a following
    clause ("granted asylum to five officers holed up in ...": "officers" as
    the subject of "holed")."""
    found = first_child(prep, {"pobj"})
    if found is not None:
        return found
    for token in prep.doc[prep.i + 1 : prep.i + 8]:
        clause = token.head
        if token.dep_ in {"nsubj", "nsubjpass"} and clause.i > token.i and clause.dep_ in CLAUSE_AFTER_NOUN_DEPS:
            return token
        if token.pos_ in {"VERB", "PUNCT", "ADP"}:
            break
    return None


def through_participle(subject: Token | None) -> Token | None:
    """ "The Red Cross operating in Yemen said ...": the parser sometimes
    makes the participle the subject and the noun the participle's; the
    noun is the subject."""
    if subject is not None and subject.pos_ == "VERB" and subject.tag_ in {"VBG", "VBN"}:
        return first_child(subject, SUBJECT_DEPS) or subject
    return subject


def subject_of(predicate: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The grammatical subject of a predicate, looking through coordination,
    control ("urged X to ...", "agreed to ..."), relative clauses and
    participles. Returns (subject, inferred) where `inferred` says it was not
    the predicate's own dependent."""
    subject = own_subject(predicate)
    if subject is not None:
        return subject, False
    if depth > 4:
        return None, True
    head = predicate.head
    if predicate.dep_ == "conj" and head.i != predicate.i:
        found, _ = subject_of(head, depth + 1)
        return found, True
    if predicate.dep_ in {"xcomp", "advcl"} and head.i != predicate.i:
        # Object control: "urged the Taliban to ensure" -> the Taliban.
        controller = first_child(head, OBJECT_DEPS)
        if controller is not None and predicate.dep_ == "xcomp":
            return controller, True
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            head = head.head
        found, _ = subject_of(head, depth + 1)
        return found, True
    if predicate.dep_ == "acl" and head.i != predicate.i and predicate.tag_ == "VBG":
        # "troops attacking the city": the noun does the acting.
        return head, True
    if predicate.dep_ == "acomp":
        return subject_of(head, depth + 1)
    # Last resort, for parses that hang a clause in the wrong place: the
    # nearest clause above that has a subject of its own.
    for ancestor in predicate.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            found = own_subject(ancestor)
            if found is not None:
                return found, True
    return None, True


def clause_chain(predicate: Token) -> Iterator[tuple[Token, str]]:
    """The clauses above a predicate, nearest first, as (governor, link)
    where `link` is the dependency by which the lower clause hangs below it.
    Prepositions are looked through: "accused X of attacking" gives
    (accused, "pcomp")."""
    node = predicate
    while node.head.i != node.i:
        dep = node.dep_
        head = node.head
        if dep == "pcomp" or (dep == "pobj" and head.pos_ == "ADP"):
            # climb through the preposition to what it attaches to
            node = head
            if node.head.i == node.i:
                return
            yield node.head, "pcomp"
            node = node.head
            continue
        if dep not in COMPLEMENT_DEPS and dep != "acomp":
            return
        yield head, dep
        node = head


def noun_phrase_tokens(head: Token, *, include_of: bool = False) -> list[Token]:
    """The head noun and the modifiers that name it: compounds, adjectives,
    possessors ("Joe Biden's government"), hyphenated "US-led". With
    `include_of`, also an of-phrase on the head ("the embassies of Rwanda",
    "fighters of the M23"), for heads that are role words."""
    tokens = [head]
    stack = [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            dep = child.dep_
            wanted = (
                (dep in NP_MODIFIER_DEPS and (dep != "punct" or child.tag_ == "HYPH"))
                or (include_of and dep == "prep" and child.lower_ == "of" and node.i == head.i
                    and any(c.dep_ == "pobj" for c in child.children))
                or (dep == "pobj" and node.dep_ == "prep" and node.i != head.i and node in tokens)
            )  # fmt: skip
            if wanted:
                tokens.append(child)
                stack.append(child)
    return sorted(tokens, key=lambda t: t.i)


def contiguous_span(tokens: list[Token]) -> Span:
    doc = tokens[0].doc
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    span = doc[start:end]
    # Trim punctuation and determiners at the edges.
    while len(span) > 1 and (span[0].is_punct or span[0].dep_ == "det" or span[0].dep_ == "case"):
        span = doc[span.start + 1 : span.end]
    while len(span) > 1 and (span[-1].is_punct or span[-1].dep_ == "case"):
        span = doc[span.start : span.end - 1]
    return span


def entity_span(token: Token) -> Span:
    """The named-entity span a token belongs to, without a leading "the"."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    return doc[start:end]


def proper_name(token: Token) -> Span:
    """A proper noun with the proper nouns compounded onto it ("Jaffna",
    "the Europe Bridge" whole, not a town called "Bridge")."""
    tokens = [token, *(c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN")]
    return token.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]


def name_span(token: Token) -> Span:
    """The name a token is part of: its named entity, or for a name the
    model left untagged, its run of proper nouns."""
    return entity_span(token) if token.ent_type_ else proper_name(token)
