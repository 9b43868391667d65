"""JSON Lines writers for events and rejects: a file, or standard output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from communique.errors import InputError

STDOUT = "-"


class JsonlWriter:
    """Writes one JSON object per line; `-` means standard output."""

    def __init__(self, target: str | Path) -> None:
        self.name = str(target)
        self.count = 0
        if self.name == STDOUT:
            self._handle: IO[str] = sys.stdout
            self._owned = False
        else:
            try:
                self._handle = Path(self.name).open("w", encoding="utf-8")  # noqa: SIM115 - closed in close()
            except OSError as exc:
                raise InputError(f"cannot write {self.name}: {exc.strerror}") from exc
            self._owned = True

    def write(self, record: dict[str, Any]) -> None:
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self._owned:
            self._handle.close()
        else:
            self._handle.flush()

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def rejects_path_for(out: str) -> str | None:
    """The default rejects file sits next to the events file:
    events.jsonl -> events.rejects.jsonl. None when events go to stdout."""
    if out == STDOUT:
        return None
    path = Path(out)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return str(path.with_name(f"{stem}.rejects.jsonl"))
