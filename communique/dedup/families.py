"""Which event types may be the same event reported in different words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from communique.coding.ontology import PLOVER_TYPES
from communique.datafiles import data_path, read_yaml
from communique.errors import DataFileError


@dataclass(frozen=True)
class TypeFamilies:
    families: dict[str, frozenset[str]]  # family name -> its types
    symmetric: frozenset[str]
    state_sectors: frozenset[str] = frozenset()
    loose_sectors: frozenset[str] = frozenset()

    def sector_group(self, sector: str) -> str:
        """A state's sectors are one group; any other sector is its own."""
        return "state" if sector in self.state_sectors else sector

    def sectors_agree(self, first: str, second: str) -> bool:
        """Same group; or a loose sector ("four people", CVL) against any
        side but a state's ("Hezbollah fighters" in another report)."""
        one, two = self.sector_group(first), self.sector_group(second)
        if one == two:
            return True
        return (first in self.loose_sectors and two != "state") or (second in self.loose_sectors and one != "state")

    def of(self, event_type: str) -> frozenset[str]:
        """The names of the families `event_type` belongs to."""
        return frozenset(name for name, types in self.families.items() if event_type in types)

    def compatible(self, first: str, second: str) -> bool:
        return first == second or bool(self.of(first) & self.of(second))


def load_type_families(path: Path) -> TypeFamilies:
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("families"), dict):
        raise DataFileError(str(path), 1, "expected a mapping with a 'families' mapping")
    line = data["families"].get("__line__")
    families: dict[str, frozenset[str]] = {}
    for name, types in data["families"].items():
        if name == "__line__":
            continue
        if not isinstance(types, list) or not types:
            raise DataFileError(str(path), line, f"family {name!r}: expected a non-empty list of PLOVER types")
        unknown = [t for t in types if t not in PLOVER_TYPES]
        if unknown:
            raise DataFileError(str(path), line, f"family {name!r}: unknown PLOVER types {unknown}")
        families[name] = frozenset(types)
    symmetric = data.get("symmetric") or []
    unknown = [t for t in symmetric if t not in PLOVER_TYPES]
    if unknown:
        raise DataFileError(str(path), data.get("__line__"), f"symmetric: unknown PLOVER types {unknown}")
    missing = set(PLOVER_TYPES) - set().union(*families.values())
    if missing:
        raise DataFileError(str(path), line, f"types in no family: {sorted(missing)}")
    state_sectors, loose_sectors = (_sector_list(data, key, path) for key in ("state_sectors", "loose_sectors"))
    return TypeFamilies(families, frozenset(symmetric), state_sectors, loose_sectors)


def _sector_list(data: dict, key: str, path: Path) -> frozenset[str]:
    codes = data.get(key) or []
    if not isinstance(codes, list):
        raise DataFileError(str(path), data.get("__line__"), f"{key}: expected a list of sector codes")
    return frozenset(codes)


@cache
def default_type_families() -> TypeFamilies:
    return load_type_families(data_path("ontology/type_families.yaml"))
