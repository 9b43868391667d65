"""Errors with codes, so a message can be looked up and acted on.

`DataFileError` names the packaged data file and line that is wrong;
`InputError` is raised when a run cannot start at all (a missing input, an
unwritable output). Problems with single articles are not errors: they
become `Reject` records and the batch goes on.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class; `code` is a short stable identifier such as 'C101'."""

    code = "C000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class DataFileError(CommuniqueError):
    """A packaged data file (ontology, lexicon, dictionary) is malformed."""

    code = "C101"

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class ModelNotFoundError(CommuniqueError):
    """No English spaCy model is installed."""

    code = "C201"


class InputError(CommuniqueError):
    """An input or output named on the command line cannot be used."""

    code = "C301"
