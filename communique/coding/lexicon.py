"""The event lexicon: which words express which CAMEO events.

Loaded from data/lexicon/events.yaml (verbs, light-verb nouns, predicative
adjectives, speech verbs) and data/lexicon/modality.yaml (negation,
hypothetical, future markers), and checked against the ontology: every code
must exist and map to a PLOVER type.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from communique.coding.ontology import Ontology, default_ontology
from communique.datafiles import data_path, read_flag, read_yaml
from communique.errors import DataFileError

# The lexicon's plain word lists, each a `Lexicon` field of the same name.
_WORD_LISTS = (
    "speech_verbs", "light_verbs", "state_verbs", "attack_means", "vague_object_heads", "benefit_verbs",
    "taking_verbs", "victim_verbs", "statement_nouns", "naming_verbs", "ally_verbs", "permission_verbs",
    "separation_nouns",
)  # fmt: skip
_VERB_KEYS = {"lemma", "particle", "objects", "xcomp", "clause", "cameo", "note", "__line__"}
_NOUN_KEYS = {"lemma", "compound", "cameo", "note", "__line__"}
_ADJECTIVE_KEYS = {"lemma", "cameo", "note", "__line__"}


@dataclass(frozen=True, slots=True)
class VerbEntry:
    lemma: str
    cameo: str
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    xcomp: frozenset[str] = frozenset()
    # Only with a finite content clause: "protested that police had ..." is a
    # complaint, where "protested" alone is a demonstration.
    clause: bool = False

    @property
    def specificity(self) -> int:
        # object + particle > object > particle > xcomp or clause > bare
        return 4 * bool(self.objects) + 2 * bool(self.particle) + (bool(self.xcomp) or self.clause)


@dataclass(frozen=True, slots=True)
class NounEntry:
    lemma: str
    cameo: str
    compound: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ModalityWords:
    negators: frozenset[str]
    negating_governors: frozenset[str]
    hypothetical_modals: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_governors: frozenset[str]
    future_modals: frozenset[str]
    future_governors: frozenset[str]
    content_taking_types: frozenset[str]
    content_nouns: frozenset[str] = frozenset()
    stative_participles: frozenset[str] = frozenset()
    threat_marks: frozenset[str] = frozenset()
    # announced act's PLOVER type -> the CAMEO code of its announcement
    announced_acts: dict[str, str] = field(default_factory=dict)
    # refused (announced, negated) act's PLOVER type -> the CAMEO code of the refusal
    announced_refusals: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, tuple[VerbEntry, ...]]
    nouns: dict[str, tuple[NounEntry, ...]]
    adjectives: dict[str, str]
    obligation_modals: dict[str, str]  # modal -> CAMEO code of the request it makes
    speech_verbs: frozenset[str]
    light_verbs: frozenset[str]
    state_verbs: frozenset[str]
    modality: ModalityWords
    # Weapons and blasts that do the harm in an act with no named perpetrator
    # ("a roadside bomb killed two soldiers"): the sign of an unidentified one.
    attack_means: frozenset[str] = frozenset()
    vague_object_heads: frozenset[str] = frozenset()
    benefit_verbs: frozenset[str] = frozenset()
    # Participles of taking: what was "seized from the peacekeepers" is theirs.
    taking_verbs: frozenset[str] = frozenset()
    # Verbs whose subject suffers the act ("a prisoner died in custody").
    victim_verbs: frozenset[str] = frozenset()
    # Words issued with a content clause: "issued a reminder that Iraq must ...".
    statement_nouns: frozenset[str] = frozenset()
    # Verbs that name a thing in someone's words: "bombed what it called a camp".
    naming_verbs: frozenset[str] = frozenset()
    # Verbs whose object is an ally: "joining students in demanding reforms".
    ally_verbs: frozenset[str] = frozenset()
    # Verbs of letting through: "opened the border to allow aid into Gaza".
    permission_verbs: frozenset[str] = frozenset()
    # Nouns whose "from" names whom a demand is against: "independence from X".
    separation_nouns: frozenset[str] = frozenset()

    def verb_entries(self, lemma: str) -> tuple[VerbEntry, ...]:
        return self.verbs.get(lemma, ())

    def noun_entries(self, lemma: str) -> tuple[NounEntry, ...]:
        return self.nouns.get(lemma, ())


def _words(value: Any, path: Path, line: int | None, what: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(str(path), line, f"{what} must be a list of words")
    return frozenset(v.strip().lower() for v in value)


def _check_code(code: Any, ontology: Ontology, path: Path, line: int | None) -> str:
    code = str(code)
    entry = ontology.cameo.get(code)
    if entry is None:
        raise DataFileError(str(path), line, f"unknown CAMEO code {code!r}")
    if entry.plover_type is None:
        raise DataFileError(str(path), line, f"CAMEO {code} has no PLOVER type (statements are not events)")
    return code


def _entries(data: dict[str, Any], key: str, path: Path, allowed: set[str]) -> list[dict[str, Any]]:
    """The entries under `key`, each a mapping with 'lemma', 'cameo' and only allowed keys."""
    items = data.get(key) or []
    if not isinstance(items, list):
        raise DataFileError(str(path), data.get("__line__"), f"'{key}' must be a list")
    for item in items:
        unknown = set(item) - allowed if isinstance(item, dict) else set()
        if unknown:
            raise DataFileError(str(path), item.get("__line__"), f"unknown keys {sorted(unknown)}")
        if not isinstance(item, dict) or "lemma" not in item or "cameo" not in item:
            raise DataFileError(
                str(path),
                getattr(item, "get", lambda _k: None)("__line__"),
                f"each '{key}' entry needs 'lemma' and 'cameo'",
            )
    return items


def _load_events(path: Path, ontology: Ontology) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(str(path), 1, "expected a mapping")
    verbs: dict[str, list[VerbEntry]] = defaultdict(list)
    seen: set[tuple[Any, ...]] = set()
    for item in _entries(data, "verbs", path, _VERB_KEYS):
        line = item["__line__"]
        entry = VerbEntry(
            lemma=str(item["lemma"]).lower(),
            cameo=_check_code(item["cameo"], ontology, path, line),
            particle=str(item["particle"]).lower() if item.get("particle") else None,
            objects=_words(item.get("objects"), path, line, "objects"),
            xcomp=_words(item.get("xcomp"), path, line, "xcomp"),
            clause=read_flag(item, "clause", path, line),
        )
        key = (entry.lemma, entry.particle, entry.objects, entry.xcomp, entry.clause)
        if key in seen:
            raise DataFileError(str(path), line, f"duplicate verb entry {entry.lemma!r}")
        seen.add(key)
        verbs[entry.lemma].append(entry)
    nouns: dict[str, list[NounEntry]] = defaultdict(list)
    for item in _entries(data, "nouns", path, _NOUN_KEYS):
        line = item["__line__"]
        noun = NounEntry(
            lemma=str(item["lemma"]).lower(),
            cameo=_check_code(item["cameo"], ontology, path, line),
            compound=_words(item.get("compound"), path, line, "compound"),
        )
        key = ("noun", noun.lemma, noun.compound)
        if key in seen:
            raise DataFileError(str(path), line, f"duplicate noun entry {noun.lemma!r}")
        seen.add(key)
        nouns[noun.lemma].append(noun)
    adjectives: dict[str, str] = {}
    for item in _entries(data, "adjectives", path, _ADJECTIVE_KEYS):
        adjectives[str(item["lemma"]).lower()] = _check_code(item["cameo"], ontology, path, item["__line__"])
    obligations: dict[str, str] = {}
    for item in _entries(data, "obligation_modals", path, _ADJECTIVE_KEYS):
        obligations[str(item["lemma"]).lower()] = _check_code(item["cameo"], ontology, path, item["__line__"])
    return {
        "obligation_modals": obligations,
        # Most specific entries first, so the first match wins.
        "verbs": {k: tuple(sorted(v, key=lambda e: -e.specificity)) for k, v in verbs.items()},
        "nouns": {k: tuple(sorted(v, key=lambda e: -len(e.compound))) for k, v in nouns.items()},
        "adjectives": adjectives,
        **{name: _words(data.get(name), path, None, name) for name in _WORD_LISTS},
    }


def _load_modality(path: Path) -> ModalityWords:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(str(path), 1, "expected a mapping")
    tables = ("announced_acts", "announced_refusals")
    fields = [f for f in ModalityWords.__dataclass_fields__ if f not in tables]
    missing = [f for f in [*fields, *tables] if f not in data]
    if missing:
        raise DataFileError(str(path), None, f"missing keys {missing}")
    words = {f: _words(data[f], path, None, f) for f in fields}
    words["content_taking_types"] = frozenset(t.upper() for t in words["content_taking_types"])
    return ModalityWords(**words, **{table: _type_codes(data[table], path, table) for table in tables})


def _type_codes(table: object, path: Path, name: str) -> dict[str, str]:
    """A mapping of PLOVER types to CAMEO codes."""
    if not isinstance(table, dict):
        raise DataFileError(str(path), None, f"{name} must map PLOVER types to CAMEO codes")
    codes = {str(k): str(v) for k, v in table.items() if k != "__line__"}
    if not all(k.isupper() and v.isdigit() for k, v in codes.items()):
        raise DataFileError(str(path), table.get("__line__"), f"{name} must map PLOVER types to CAMEO codes")
    return codes


def load_lexicon(
    events_path: Path | None = None,
    modality_path: Path | None = None,
    ontology: Ontology | None = None,
) -> Lexicon:
    ontology = ontology or default_ontology()
    events = _load_events(events_path or data_path("lexicon/events.yaml"), ontology)
    modality = _load_modality(modality_path or data_path("lexicon/modality.yaml"))
    named_types = modality.content_taking_types | set(modality.announced_acts) | set(modality.announced_refusals)
    unknown_types = named_types - set(ontology.types)
    if unknown_types:
        raise DataFileError("lexicon/modality.yaml", None, f"unknown types {sorted(unknown_types)}")
    for act, cameo in modality.announced_acts.items():
        announcement = ontology.cameo.get(cameo)
        if announcement is None or announcement.plover_type not in {"AGREE", "THREATEN"}:
            raise DataFileError(
                "lexicon/modality.yaml", None, f"announced {act}: {cameo} is not an AGREE or THREATEN code"
            )
    for act, cameo in modality.announced_refusals.items():
        refusal = ontology.cameo.get(cameo)
        if refusal is None or refusal.plover_type != "REJECT":
            raise DataFileError("lexicon/modality.yaml", None, f"refused {act}: {cameo} is not a REJECT code")
    return Lexicon(modality=modality, **events)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
