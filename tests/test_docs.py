"""Docs that cannot drift: every CLI command and option is in the README."""

from __future__ import annotations

import argparse

from communique.cli import build_parser
from tests.conftest import REPO


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_and_option_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = _subcommands(build_parser())
    assert commands
    for name, parser in commands.items():
        assert f"communique {name}" in readme, name
        for action in parser._actions:
            for option in action.option_strings:
                if option in {"-h", "--help"}:
                    continue
                assert option in readme, f"{name} {option}"


def test_readme_first_screen_gives_the_two_set_up_commands():
    first_screen = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:25])
    assert "make demo" in first_screen and "make test" in first_screen
