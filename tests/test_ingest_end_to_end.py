"""Each input format end to end: files as users hold them -> events, with
the rejects, the language check and near-duplicates as a user sees them."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from communique.ingest.options import IngestOptions, TableColumns
from communique.run import run
from communique.store import EventDatabase, JsonlWriter
from tests.ingest_fixtures import (
    BORDER,
    FRENCH_TEXT,
    HARBOUR,
    STRIKE,
    SUMMIT,
    atom_feed,
    page,
    rss_feed,
    story_page,
    warc_bytes,
)

COMMUNIQUE = str(Path(sys.executable).parent / "communique")


def _inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "harbour.html").write_text(story_page(HARBOUR, url=HARBOUR.url), encoding="utf-8")
    (folder / "world.rss").write_text(rss_feed((BORDER,)), encoding="utf-8")
    (folder / "courier.atom").write_text(atom_feed((STRIKE,)), encoding="utf-8")
    # The same wire story as harbour.html, republished by another outlet, in a
    # crawl read after it (a folder is read in name order).
    copy = page(HARBOUR.title, HARBOUR.paragraphs, outlet="Fjord Post", url="https://fjordpost.example/fishing")
    (folder / "z-crawl.warc.gz").write_bytes(
        warc_bytes(
            [
                ("https://fjordpost.example/fishing", "text/html", copy.encode()),
                ("https://fjordpost.example/app.js", "application/javascript", b"var x = 1;"),
            ]
        )
    )
    rows = [("c1", " ".join(STRIKE.paragraphs[:1]) + " Union leaders accused the government of ignoring them.")]
    (folder / "table.csv").write_text(
        "ref,body\n" + "".join(f'{ref},"{body}"\n' for ref, body in rows), encoding="utf-8"
    )
    record = {"url": SUMMIT.url, "html": story_page(SUMMIT)}
    (folder / "pages.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / "french.html").write_text(page("Retraites", [FRENCH_TEXT], lang="fr"), encoding="utf-8")
    (folder / "broken.xml").write_text("this is not a feed at all", encoding="utf-8")
    (folder / "empty.html").write_text("<html><body><nav>Home | News</nav></body></html>", encoding="utf-8")


def test_every_format_to_events_with_rejects_and_near_duplicates(tmp_path: Path, pipeline):
    folder = tmp_path / "news"
    _inputs(folder)
    options = IngestOptions(columns=TableColumns(text="body", id="ref"))
    out_path, rejects_path, db_path = tmp_path / "events.jsonl", tmp_path / "rejects.jsonl", tmp_path / "db.duckdb"
    for _ in range(2):  # a re-run adds nothing
        with JsonlWriter(out_path) as out, JsonlWriter(rejects_path) as rejects, EventDatabase(db_path) as db:
            summary = run([str(folder)], out=out, rejects_out=rejects, database=db, pipeline=pipeline, ingest=options)

    events = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    by_article: dict[str, list[dict]] = {}
    for event in events:
        by_article.setdefault(event["article_id"], []).append(event)
    # One article from each format, each coded into events.
    assert set(by_article) == {
        "url-" + _url_hash(HARBOUR.url),  # HTML file
        BORDER.slug,  # RSS item
        "urn:story:port-strike",  # Atom entry
        "c1",  # CSV row
        "url-" + _url_hash(SUMMIT.url),  # JSONL {url, html}
    }
    harbour_events = by_article["url-" + _url_hash(HARBOUR.url)]
    assert any(e["trigger"]["text"] == "signed" and e["event_type"] == "SUPPORT" for e in harbour_events)
    assert any(e["event_type"] == "ACCUSE" for e in by_article[BORDER.slug])  # from the feed
    assert not any("Reader42" in e["evidence"] or "Subscribe" in e["evidence"] for e in events)
    assert all(e["date"] for e in events if e["article_id"] != "c1")  # the table gives no dates

    # The second run codes nothing again: the five articles are stored unchanged (incremental runs).
    assert (summary.coded, summary.unchanged) == (0, 5) and summary.near_duplicates == 1
    assert [link.article.source for link in summary.near_duplicate_links] == ["Fjord Post"]
    assert summary.languages == {"language:fr": 1}
    assert summary.ingest.skipped["WARC responses that are not HTML"] == 1

    records = [json.loads(line) for line in rejects_path.read_text(encoding="utf-8").splitlines()]
    reasons = {Path(r["origin"]).name: r["reason"] for r in records}
    assert reasons["french.html"] == "language:fr"
    assert "not an RSS or Atom feed" in reasons["broken.xml"]
    assert "no article text" in reasons["empty.html"]
    (duplicate,) = [r for r in records if r.get("duplicate_of")]
    assert duplicate["source"] == "Fjord Post" and duplicate["url"] == "https://fjordpost.example/fishing"

    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM article_signatures").fetchone()[0] == 5  # for later runs' copies
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == len(events)
    sources = con.execute(
        "SELECT source FROM articles WHERE id = $id UNION ALL "
        "SELECT source FROM article_duplicates WHERE duplicate_of = $id ORDER BY source",
        {"id": "url-" + _url_hash(HARBOUR.url)},
    ).fetchall()
    assert sources == [("Fjord Post",), ("Harbour Gazette",)]
    con.close()


def _url_hash(url: str) -> str:
    import hashlib

    return hashlib.sha256(url.encode()).hexdigest()[:16]


@pytest.fixture
def news_site():
    from tests.test_fetch import NewsServer

    server = NewsServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_command_reads_a_url_list_and_a_mapped_csv(tmp_path: Path, news_site: str):
    urls = tmp_path / "sources.txt"
    urls.write_text(f"{news_site}/harbour\n{news_site}/missing\n", encoding="utf-8")
    table = tmp_path / "stories.csv"
    table.write_text(f'headline,body\nStrike,"{STRIKE.text}"\nGrève,"{FRENCH_TEXT}"\n', encoding="utf-8")
    out = tmp_path / "events.jsonl"
    args = [
        COMMUNIQUE, "code", str(urls), str(table), "--out", str(out), "--text-column", "body",
        "--title-column", "headline", "--fetch-cache", str(tmp_path / "cache"), "--fetch-delay", "0",
        "--fetch-timeout", "2",
    ]  # fmt: skip
    result = subprocess.run(args, capture_output=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    summary = result.stderr.decode()
    assert "articles read: 4" in summary and "coded: 2" in summary and "rejected: 2" in summary
    assert "not English, not coded: 1 (language:fr 1)" in summary
    assert "URLs fetched: 2  from the cache: 0" in summary
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len({e["article_id"] for e in events}) == 2
    rejects = [json.loads(line) for line in (tmp_path / "events.rejects.jsonl").read_text().splitlines()]
    assert sorted(r["reason"].split(":")[0] for r in rejects) == ["cannot fetch http", "language"]
    assert (tmp_path / "cache" / "pages").is_dir()
