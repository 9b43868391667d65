"""Reading the packaged data files with line numbers, for loaders that
validate every entry and name the file and line of a bad one."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from communique.errors import DataFileError


def data_path(relative: str) -> Path:
    """The path of a file under communique/data/."""
    return Path(str(resources.files("communique") / "data" / relative))


def read_csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; every required column must exist."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise DataFileError(str(path), 1, f"missing columns {missing}")
        for row in reader:
            line = reader.line_num
            if row.get(required[0], "").startswith("#"):
                continue
            if None in row:
                raise DataFileError(str(path), line, "more fields than the header has")
            yield line, {k: (v or "").strip() for k, v in row.items()}


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records the line of every mapping as `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse YAML; every mapping carries the line it starts on as `__line__`."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(str(path), mark.line + 1 if mark else None, str(exc)) from exc


def read_flag(spec: dict, key: str, path: Path, line: int | None, *, default: bool = False) -> bool:
    """A true/false entry of a data file's mapping."""
    value = spec.get(key, default)
    if not isinstance(value, bool):
        raise DataFileError(str(path), line, f"{key} must be true or false, not {value!r}")
    return value


def split_list(value: str, sep: str = "|") -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]
