"""Unresolved actors, listed for users to extend the dictionaries; and a
user's own dictionary file changing what `communique code` resolves."""

from __future__ import annotations

import json
from pathlib import Path

from communique.resolve.unknown import actor_key, unknown_actors
from tests.test_cli import communique


def _event(source: list[dict], target: list[dict], evidence: str = "x") -> str:
    return json.dumps({"source": source, "target": target, "evidence": evidence, "speaker": None})


def test_unresolved_actors_are_counted_together_most_frequent_first(tmp_path: Path):
    events = tmp_path / "events.jsonl"
    events.write_text(
        "\n".join(
            [
                _event([{"text": "the Kano Vigilance Front", "country": None, "sector": "REB"}], []),
                _event([{"text": "Kano Vigilance Front", "country": None, "sector": None}], []),
                _event([], [{"text": "40 Kano Vigilance Front", "country": None, "sector": "REB"}]),
                _event([{"text": "the Lagos Traders Union", "country": None, "sector": "BUS"}], []),
                _event([{"text": "Kenyan police", "country": "KEN", "sector": "COP"}], []),  # resolved
                "",
            ]
        ),
        encoding="utf-8",
    )
    found = unknown_actors([events])
    assert [(e.text, e.count) for e in found] == [("Kano Vigilance Front", 3), ("Lagos Traders Union", 1)]
    assert found[0].sectors == {"REB": 2}
    assert unknown_actors([events], top=1)[0].text == "Kano Vigilance Front"


def test_actor_keys_drop_articles_and_numbers():
    assert actor_key("the Rebels") == actor_key("40 rebels") == actor_key("Thousands of rebels") == "rebels"


def test_the_actors_command_lists_unresolved_actors_as_csv(tmp_path: Path):
    events = tmp_path / "events.jsonl"
    events.write_text(_event([{"text": "Kano Vigilance Front", "country": None, "sector": None}], []) + "\n")
    result = communique("actors", "--unknown", str(events), "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "text,count,sectors,example" and lines[1].startswith("Kano Vigilance Front,1,")


def test_the_actors_command_fails_cleanly_on_a_missing_file(tmp_path: Path):
    result = communique("actors", "--unknown", str(tmp_path / "nope.jsonl"))
    assert result.returncode == 2 and b"not found" in result.stderr


def test_a_users_dictionary_file_resolves_a_new_actor_end_to_end(tmp_path: Path):
    article = tmp_path / "a.jsonl"
    article.write_text(
        json.dumps(
            {
                "id": "kvf",
                "published": "2024-03-06",
                "text": "The Kano Vigilance Front attacked a police station in Kano on Monday.",
            }
        )
        + "\n"
    )
    mine = tmp_path / "mine.csv"
    mine.write_text("name,aliases,country,sector,wikidata,valid_from,valid_to\nKano Vigilance Front,KVF,NGA,REB,,,\n")
    plain, extended = tmp_path / "plain.jsonl", tmp_path / "extended.jsonl"
    assert communique("code", str(article), "--out", str(plain), "--quiet").returncode == 0
    result = communique("code", str(article), "--out", str(extended), "--actors", str(mine), "--quiet")
    assert result.returncode == 0, result.stderr
    before = [a for line in plain.read_text().splitlines() for a in json.loads(line)["source"]]
    after = [a for line in extended.read_text().splitlines() for a in json.loads(line)["source"]]
    assert not any(a["country"] == "NGA" and a["sector"] == "REB" for a in before)
    assert any(a["name"] == "Kano Vigilance Front" and (a["country"], a["sector"]) == ("NGA", "REB") for a in after)
