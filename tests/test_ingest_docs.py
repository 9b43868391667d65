"""docs/inputs.md and docs/ingest.md cannot drift: every command parses,
every example file exists, every reading option is documented, and every
example input is read into articles."""

from __future__ import annotations

import argparse
import shlex

import pytest

from communique.cli import build_parser
from communique.ingest import read_inputs
from communique.ingest.cli_options import add_ingest_arguments
from communique.model import Article
from tests.conftest import REPO

DOCS = ("docs/inputs.md", "docs/ingest.md", "README.md")


def _code_commands(text: str) -> list[list[str]]:
    commands = []
    for line in text.splitlines():
        if ".venv/bin/communique code" not in line:
            continue
        command = line.split(".venv/bin/communique", 1)[1].split("  #", 1)[0]
        commands.append(shlex.split(command))
    return commands


@pytest.mark.parametrize("doc", DOCS)
def test_every_code_command_in_the_docs_parses_and_names_existing_examples(doc: str):
    commands = _code_commands((REPO / doc).read_text(encoding="utf-8"))
    assert commands or doc != "docs/inputs.md"
    parser = build_parser()
    for argv in commands:
        args = parser.parse_args(argv)
        for name in args.inputs:
            if name.startswith("examples/"):
                assert (REPO / name).exists(), f"{doc}: {name}"


def test_docs_show_a_command_for_every_format():
    text = (REPO / "docs/inputs.md").read_text(encoding="utf-8")
    shown = " ".join(" ".join(argv) for argv in _code_commands(text))
    for example in (".jsonl", "examples/txt", ".html", ".rss", ".warc.gz", ".csv", "urls.txt", " - "):
        assert example in shown, example


def test_every_reading_option_is_in_docs_ingest():
    text = (REPO / "docs/ingest.md").read_text(encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_ingest_arguments(parser)
    for action in parser._actions:
        for option in action.option_strings:
            if option not in {"-h", "--help"}:
                assert f"`{option}" in text, option


def test_the_example_web_inputs_are_read_into_articles():
    items = list(read_inputs([str(REPO / "examples/web"), str(REPO / "examples/tables")]))
    articles = [i for i in items if isinstance(i, Article)]
    # a page, two feed items, two crawled pages; the table needs its column mapping (one reject)
    assert len(articles) == 5
    assert len(items) == 6
