"""The PLOVER ontology and the CAMEO code tree, loaded from data files.

data/ontology/plover.yaml holds PLOVER's 16 event types with their modes,
the context codes and the actor sectors; data/ontology/cameo.csv holds every
CAMEO code with its PLOVER type, mode and contexts (from the CAMEO-to-PLOVER
crosswalk) and the Goldstein weight GDELT gives it. QuadClass is derived from
the CAMEO root, as GDELT does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from communique.datafiles import data_path, read_csv_rows, read_flag, read_yaml, split_list
from communique.errors import DataFileError

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
_CODE = re.compile(r"^[0-9]{2,4}$")


def quad_class_of(cameo_code: str) -> int:
    """GDELT's QuadClass from the CAMEO root: 01-05 verbal cooperation (1),
    06-08 material cooperation (2), 09-13 verbal conflict (3), 14-20 material
    conflict (4)."""
    root = int(cameo_code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13:
        return 3
    if 14 <= root <= 20:
        return 4
    raise ValueError(f"not a CAMEO code: {cameo_code!r}")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    description: str
    plover_type: str | None  # None for CAMEO 01x: a bare statement is not an event
    mode: str | None
    contexts: tuple[str, ...]
    goldstein: float

    @property
    def quad_class(self) -> int:
        return quad_class_of(self.code)


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad_class: int
    requires_recipient: bool
    default_cameo: str
    definition: str
    modes: tuple[str, ...]
    # With no recipient named, the place the act lands on is the recipient
    # ("shelled positions in Juba"); not for acts whose place is a venue
    # (talks in Geneva) or a statement's (accused ... in a speech in Paris).
    place_as_recipient: bool = False
    # Only the promised act's place ("agreed to set up a centre in Tokyo"),
    # never the venue of the promise itself ("agreed in Geneva").
    promised_act_place: bool = False
    # A town or region acted upon stands for the people in it (CVL): the
    # town that is shelled, put under curfew or sent relief, not its
    # government, which a capital stands for when it speaks.
    place_is_its_people: bool = False
    # Even a capital acted upon directly is its people ("shelled Kabul"); for
    # other types only a capital the act happens in is ("a curfew in Abidjan",
    # but "sanctions on Moscow" are on its government).
    capital_is_its_people: bool = False
    # The event's place is a venue that says nothing of who was there: those
    # who "met in Geneva" are not Swiss.
    location_is_venue: bool = False
    # An actor of no stated country takes the country of the civil state body
    # on the other side ("the Sudanese government accused Darfur rebels").
    # Not for types mostly between states (talks, agreements, aid), where
    # "the minister met Chinese officials" says nothing of the minister.
    domestic_counterpart: bool = True
    # With no perpetrator named but a weapon or blast doing the harm ("a
    # roadside bomb killed two soldiers"), the source is an unidentified
    # actor of the country where it happened.
    unidentified_source: bool = False
    # The modes in which an act done to someone in a place with no doer named
    # is the state's ("a journalist was arrested in Iran"): the place, as its
    # state, is the source.
    state_source_modes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Ontology:
    types: dict[str, EventType]
    cameo: dict[str, CameoCode]
    contexts: frozenset[str]
    sectors: dict[str, str]

    def code(self, cameo_code: str) -> CameoCode:
        try:
            return self.cameo[cameo_code]
        except KeyError:
            raise KeyError(f"unknown CAMEO code {cameo_code!r}") from None

    def codes_for(self, plover_type: str) -> list[CameoCode]:
        """The CAMEO codes that map to a PLOVER type (CAMEO -> PLOVER inverse)."""
        return [c for c in self.cameo.values() if c.plover_type == plover_type]


def _load_cameo(path: Path) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    required = ("code", "description", "plover_type", "mode", "contexts", "goldstein")
    for line, row in read_csv_rows(path, required):
        code = row["code"]
        if not _CODE.match(code):
            raise DataFileError(str(path), line, f"bad CAMEO code {code!r}")
        if code in codes:
            raise DataFileError(str(path), line, f"duplicate CAMEO code {code}")
        plover_type = row["plover_type"] or None
        if plover_type is not None and plover_type not in PLOVER_TYPES:
            raise DataFileError(str(path), line, f"unknown PLOVER type {plover_type!r}")
        try:
            goldstein = float(row["goldstein"])
        except ValueError:
            raise DataFileError(str(path), line, f"goldstein {row['goldstein']!r} is not a number") from None
        if not -10.0 <= goldstein <= 10.0:
            raise DataFileError(str(path), line, f"goldstein {goldstein} outside [-10, 10]")
        if len(code) > 2 and code[:-1] not in codes and code[:2] not in codes:
            raise DataFileError(str(path), line, f"parent of {code} is missing (list parents first)")
        codes[code] = CameoCode(
            code=code,
            description=row["description"],
            plover_type=plover_type,
            mode=row["mode"] or None,
            contexts=tuple(split_list(row["contexts"], ";")),
            goldstein=goldstein,
        )
    return codes


def _modes(spec: dict, key: str, path: Path, line: int | None) -> frozenset[str]:
    """A list of the type's own modes."""
    value = spec.get(key) or []
    modes = {m for m in (spec.get("modes") or {}) if m != "__line__"}
    if not isinstance(value, list) or not all(isinstance(m, str) and m in modes for m in value):
        raise DataFileError(str(path), line, f"{key} must list modes of the type, not {value!r}")
    return frozenset(value)


def _load_plover(path: Path) -> tuple[dict[str, EventType], frozenset[str], dict[str, str]]:
    data = read_yaml(path)
    if not isinstance(data, dict) or "event_types" not in data:
        raise DataFileError(str(path), 1, "expected a mapping with 'event_types'")
    types: dict[str, EventType] = {}
    for name, spec in data["event_types"].items():
        if name == "__line__":
            continue
        line = spec.get("__line__") if isinstance(spec, dict) else None
        if name not in PLOVER_TYPES:
            raise DataFileError(str(path), line, f"unknown PLOVER type {name!r}")
        if not isinstance(spec, dict):
            raise DataFileError(str(path), line, f"{name}: expected a mapping")
        for key in ("quad_class", "requires_recipient", "default_cameo", "definition"):
            if key not in spec:
                raise DataFileError(str(path), line, f"{name}: missing {key!r}")
        modes = spec.get("modes") or {}
        types[name] = EventType(
            name=name,
            quad_class=int(spec["quad_class"]),
            requires_recipient=bool(spec["requires_recipient"]),
            default_cameo=str(spec["default_cameo"]),
            definition=str(spec["definition"]),
            modes=tuple(m for m in modes if m != "__line__"),
            place_as_recipient=read_flag(spec, "place_as_recipient", path, line),
            promised_act_place=read_flag(spec, "promised_act_place", path, line),
            location_is_venue=read_flag(spec, "location_is_venue", path, line),
            place_is_its_people=read_flag(spec, "place_is_its_people", path, line),
            capital_is_its_people=read_flag(spec, "capital_is_its_people", path, line),
            domestic_counterpart=read_flag(spec, "domestic_counterpart", path, line, default=True),
            unidentified_source=read_flag(spec, "unidentified_source", path, line),
            state_source_modes=_modes(spec, "state_source_modes", path, line),
        )
    missing = set(PLOVER_TYPES) - set(types)
    if missing:
        raise DataFileError(str(path), None, f"event types missing: {sorted(missing)}")
    contexts = frozenset(k for k in (data.get("contexts") or {}) if k != "__line__")
    # Actor codes: the manual's sectors and the codes it uses in place of a
    # sector for international entities (IGO, NGO, MNC, ...).
    sectors = {
        k: str(v)
        for group in ("sectors", "international_entities")
        for k, v in (data.get(group) or {}).items()
        if k != "__line__"
    }
    return types, contexts, sectors


def _check_consistency(ontology: Ontology, plover_path: Path, cameo_path: Path) -> None:
    for event_type in ontology.types.values():
        default = ontology.cameo.get(event_type.default_cameo)
        if default is None or default.plover_type != event_type.name:
            raise DataFileError(
                str(plover_path),
                None,
                f"{event_type.name}: default_cameo {event_type.default_cameo} is not a "
                f"{event_type.name} code in {cameo_path.name}",
            )
    for code in ontology.cameo.values():
        if code.plover_type and code.mode and code.mode not in ontology.types[code.plover_type].modes:
            raise DataFileError(
                str(cameo_path), None, f"{code.code}: mode {code.mode!r} is not a mode of {code.plover_type}"
            )
        unknown = [c for c in code.contexts if c not in ontology.contexts]
        if unknown:
            raise DataFileError(str(cameo_path), None, f"{code.code}: unknown contexts {unknown}")


def load_ontology(plover_path: Path | None = None, cameo_path: Path | None = None) -> Ontology:
    plover_path = plover_path or data_path("ontology/plover.yaml")
    cameo_path = cameo_path or data_path("ontology/cameo.csv")
    types, contexts, sectors = _load_plover(plover_path)
    ontology = Ontology(types=types, cameo=_load_cameo(cameo_path), contexts=contexts, sectors=sectors)
    _check_consistency(ontology, plover_path, cameo_path)
    return ontology


@lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The packaged ontology, loaded and validated on first use."""
    return load_ontology()
