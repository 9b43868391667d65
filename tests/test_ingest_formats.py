"""Reading news as it comes: HTML pages, feeds, WARC files, CSV/TSV, format
detection, language, and every kind of bad input giving a reason while the
rest is still read. All fixtures are built here (tests/ingest_fixtures.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from communique.errors import InputError
from communique.ingest import read_inputs
from communique.ingest.formats import detect_format, sniff
from communique.ingest.language import check_language
from communique.ingest.options import IngestOptions, IngestStats, TableColumns
from communique.ingest.pages import article_from_html, html_to_text
from communique.model import Article, Reject
from tests.ingest_fixtures import (
    BORDER,
    FRENCH_TEXT,
    GERMAN_TEXT,
    HARBOUR,
    STORIES,
    STRIKE,
    atom_feed,
    page,
    rss_feed,
    story_page,
    warc_bytes,
)


def _read(*paths: Path, **options) -> tuple[list[Article | Reject], IngestStats]:
    stats = IngestStats()
    items = list(read_inputs([str(p) for p in paths], options=IngestOptions(**options), stats=stats))
    return items, stats


def _articles(items) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _rejects(items) -> list[Reject]:
    return [i for i in items if isinstance(i, Reject)]


# -- HTML -------------------------------------------------------------------


def test_html_page_gives_the_article_text_without_navigation_ads_or_comments(tmp_path: Path):
    path = tmp_path / "harbour.html"
    path.write_text(story_page(HARBOUR, url=HARBOUR.url), encoding="utf-8")
    (article,) = _read(path)[0]
    assert isinstance(article, Article)
    assert article.text == HARBOUR.text
    for boilerplate in ("Subscribe", "garden furniture", "Transfer rumours", "Reader42", "All rights reserved"):
        assert boilerplate not in article.text
    assert article.title == HARBOUR.title
    assert article.published.isoformat() == "2024-03-05"
    assert article.source == "Harbour Gazette"
    assert article.url == HARBOUR.url
    assert article.language == "en"


def test_html_page_without_url_is_named_after_its_file_and_dated_by_default(tmp_path: Path):
    import datetime as dt

    path = tmp_path / "strike-report.htm"
    path.write_text(page(STRIKE.title, STRIKE.paragraphs, published=None, outlet="Andes Ledger"), encoding="utf-8")
    stats = IngestStats()
    (article,) = list(read_inputs([str(path)], default_published=dt.date(2024, 6, 21), stats=stats))
    assert article.id == "strike-report"
    assert article.published == dt.date(2024, 6, 21)


def test_jsonl_of_url_and_html_records(tmp_path: Path):
    path = tmp_path / "pages.jsonl"
    lines = [
        {"url": BORDER.url, "html": story_page(BORDER)},
        {"id": "given", "url": STRIKE.url, "html": story_page(STRIKE), "source": "Wire Desk"},
        {"url": "https://empty.example/", "html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    items, _ = _read(path)
    border, strike, empty = items
    assert border.url == BORDER.url and border.text == BORDER.text and border.id.startswith("url-")
    assert strike.id == "given" and strike.source == "Wire Desk"
    assert isinstance(empty, Reject) and empty.line == 3 and "no article text" in empty.reason


def test_html_to_text_keeps_paragraphs_apart_and_drops_scripts():
    text = html_to_text("<p>One <b>bold</b> claim.</p><script>var x = 1;</script><p>Two.</p>")
    assert text == "One bold claim.\nTwo."


def test_page_over_the_size_cap_is_rejected_before_parsing():
    reject = article_from_html("<html>" + "x" * 2000 + "</html>", origin="p", line=None, max_page_bytes=1000)
    assert isinstance(reject, Reject) and "over the limit of 1,000" in reject.reason


# -- feeds ------------------------------------------------------------------


def test_rss_feed_gives_one_article_per_item_with_html_stripped(tmp_path: Path):
    path = tmp_path / "world.rss"
    path.write_text(rss_feed(STORIES), encoding="utf-8")
    items, _ = _read(path)
    assert [a.title for a in items] == [s.title for s in STORIES]
    first = items[0]
    assert first.text == HARBOUR.text and "<p>" not in first.text
    assert first.url == HARBOUR.url and first.id == HARBOUR.slug
    assert first.published.isoformat() == HARBOUR.published
    assert first.source == "Harbour Gazette" and first.language == "en-gb"
    assert [a.line for a in items] == [1, 2, 3]


def test_atom_feed_prefers_full_content_to_summary(tmp_path: Path):
    path = tmp_path / "courier.atom"
    path.write_text(atom_feed((BORDER, STRIKE)), encoding="utf-8")
    border, strike = _read(path)[0]
    assert border.text == BORDER.text  # the content, not the one-paragraph summary
    assert border.id == "urn:story:border-clash" and border.published.isoformat() == "2024-04-15"
    assert strike.source == "Steppe Courier"


def test_a_feed_that_is_not_xml_is_one_reject(tmp_path: Path):
    bad = tmp_path / "broken.xml"
    bad.write_text('{"this": "is json, not a feed"}', encoding="utf-8")
    good = tmp_path / "good.rss"
    good.write_text(rss_feed((HARBOUR,)), encoding="utf-8")
    items, _ = _read(bad, good)
    (reject,) = _rejects(items)
    assert reject.origin == str(bad) and "not an RSS or Atom feed" in reject.reason
    assert [a.title for a in _articles(items)] == [HARBOUR.title]


# -- WARC -------------------------------------------------------------------


def test_warc_gives_html_responses_and_counts_the_other_records(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(
        warc_bytes(
            [
                (HARBOUR.url, "text/html; charset=utf-8", story_page(HARBOUR).encode()),
                ("https://harbourgazette.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
                ("https://harbourgazette.example/gone", "404", b"<html><body>Not here</body></html>"),
                (BORDER.url, "text/html", story_page(BORDER).encode()),
            ]
        )
    )
    items, stats = _read(path)
    assert [a.url for a in items] == [HARBOUR.url, BORDER.url]
    assert items[0].text == HARBOUR.text and items[0].source == "Harbour Gazette"
    assert stats.skipped["WARC request records"] == 4
    assert stats.skipped["WARC warcinfo records"] == 1
    assert stats.skipped["WARC responses that are not HTML"] == 1
    assert stats.skipped["WARC responses with an HTTP status other than 200"] == 1


def test_uncompressed_warc_without_a_telling_name_is_detected_by_content(tmp_path: Path):
    path = tmp_path / "capture-0001"
    path.write_bytes(warc_bytes([(STRIKE.url, "text/html", story_page(STRIKE).encode())], gzip=False))
    assert detect_format(path, sniff(path)) == "warc"
    (article,) = _read(path)[0]
    assert article.text == STRIKE.text


def test_truncated_warc_gz_keeps_the_records_before_the_damage(tmp_path: Path):
    whole = warc_bytes(
        [(u, "text/html", story_page(s).encode()) for u, s in ((HARBOUR.url, HARBOUR), (BORDER.url, BORDER))],
        extras=False,
    )
    path = tmp_path / "cut.warc.gz"
    for cut in (len(whole) * 3 // 4, len(whole) - 30):
        path.write_bytes(whole[:cut])
        items, _ = _read(path)
        assert [a.url for a in _articles(items)] == [HARBOUR.url]
        (reject,) = _rejects(items)
        assert "broken WARC record 2" in reject.reason and "1 records read before it" in reject.reason


def test_warc_with_a_broken_record_header_gives_a_reject(tmp_path: Path):
    first = warc_bytes([(HARBOUR.url, "text/html", story_page(HARBOUR).encode())], gzip=False, extras=False)
    path = tmp_path / "broken.warc"
    path.write_bytes(first + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\nxx\r\n\r\n")
    items, _ = _read(path)
    assert [a.url for a in _articles(items)] == [HARBOUR.url]
    (reject,) = _rejects(items)
    assert reject.line == 2 and "broken WARC record 2" in reject.reason


def test_oversized_page_inside_a_warc_is_rejected_and_the_rest_read(tmp_path: Path):
    huge = page("Huge", ["A very long paragraph. " * 5000])
    path = tmp_path / "big.warc.gz"
    path.write_bytes(
        warc_bytes(
            [
                ("https://big.example/", "text/html", huge.encode()),
                (STRIKE.url, "text/html", story_page(STRIKE).encode()),
            ]
        )
    )
    items, _ = _read(path, max_page_bytes=50_000)
    (reject,) = _rejects(items)
    assert "https://big.example/" in reject.reason and "over the limit of 50,000 bytes" in reject.reason
    assert [a.url for a in _articles(items)] == [STRIKE.url]


# -- CSV / TSV --------------------------------------------------------------


def test_csv_with_a_column_mapping(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text(
        "story_id,headline,body,date,outlet\n"
        f'h1,{HARBOUR.title},"{HARBOUR.text}",2024-03-05,Harbour Gazette\n'
        f'b1,{BORDER.title},"{BORDER.text}","Mon, 15 Apr 2024 10:00:00 +0000",Steppe Courier\n'
        f"s1,{STRIKE.title},,20240620,Andes Ledger\n"
        "x1,too,few\n",
        encoding="utf-8",
    )
    columns = TableColumns(text="body", id="story_id", title="headline", published="date", source="outlet")
    items, _ = _read(path, columns=columns)
    harbour, border, empty, short = items
    assert harbour.id == "h1" and harbour.text == HARBOUR.text and harbour.source == "Harbour Gazette"
    assert harbour.title == HARBOUR.title and harbour.published.isoformat() == "2024-03-05"
    assert border.published.isoformat() == "2024-04-15" and harbour.line == 2 and border.line == 5
    assert isinstance(empty, Reject) and empty.article_id == "s1" and "empty" in empty.reason
    assert isinstance(short, Reject) and "row has 3 cells, the header has 5" in short.reason


def test_tsv_and_a_missing_text_column(tmp_path: Path):
    tsv = tmp_path / "stories.tsv"
    tsv.write_text(f"id\ttext\nt1\t{STRIKE.paragraphs[0]}\n", encoding="utf-8")
    wrong = tmp_path / "other.csv"
    wrong.write_text("id,content\nc1,Something happened.\n", encoding="utf-8")
    items, _ = _read(tsv, wrong)
    assert items[0].id == "t1" and items[0].text == STRIKE.paragraphs[0]
    assert isinstance(items[1], Reject) and "no column 'text'" in items[1].reason
    assert "--text-column" in items[1].reason


# -- format detection and --format ------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jsonl", b'{"text": "x"}', "jsonl"),
        ("a.html", b"<p>hi</p>", "html"),
        ("a.xml", b"<?xml version='1.0'?><rss></rss>", "feed"),
        ("a.warc.gz", b"", "warc"),
        ("a.tsv", b"id\ttext", "tsv"),
        ("list.txt", b"https://a.example/1\nhttps://b.example/2\n", "urls"),
        ("story.txt", b"https://a.example/1 said the minister on Tuesday.\n", "text"),
        ("noname", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("noname", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("noname", b'{"id": "a", "text": "b"}\n', "jsonl"),
        ("noname", b"Plain words about a meeting.", "text"),
    ],
)
def test_format_is_detected_from_name_then_content(tmp_path: Path, name: str, content: bytes, expected: str):
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path, sniff(path)) == expected


def test_gzip_is_looked_through_for_jsonl_and_html(tmp_path: Path):
    jsonl = tmp_path / "articles.jsonl.gz"
    jsonl.write_bytes(gzip.compress(json.dumps({"id": "g1", "text": STRIKE.text}).encode()))
    page_gz = tmp_path / "page.html.gz"
    page_gz.write_bytes(gzip.compress(story_page(BORDER).encode()))
    items, _ = _read(jsonl, page_gz)
    assert [a.text for a in items] == [STRIKE.text, BORDER.text]


def test_format_option_overrides_a_misleading_name(tmp_path: Path):
    path = tmp_path / "feed.txt"
    path.write_text(story_page(HARBOUR), encoding="utf-8")
    (as_html,) = _read(path, format="html")[0]
    assert as_html.text == HARBOUR.text
    with pytest.raises(InputError, match="unknown input format"):
        _read(path, format="pdf")


def test_folders_hold_every_known_format(tmp_path: Path):
    (tmp_path / "a.html").write_text(story_page(HARBOUR), encoding="utf-8")
    (tmp_path / "b.rss").write_text(rss_feed((BORDER,)), encoding="utf-8")
    (tmp_path / "c.txt").write_text(STRIKE.text, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    items, _ = _read(tmp_path)
    assert [a.text for a in items] == [HARBOUR.text, BORDER.text, STRIKE.text]


# -- language ---------------------------------------------------------------


def test_non_english_articles_are_rejected_with_their_language(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    records = [
        {"id": "fr", "text": FRENCH_TEXT},
        {"id": "en", "text": HARBOUR.text},
        {"id": "de", "text": GERMAN_TEXT},
        {"id": "short", "text": "Merci."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    items, _ = _read(path)
    by_id = {(i.id if isinstance(i, Article) else i.article_id): i for i in items}
    assert by_id["fr"].reason == "language:fr" and by_id["de"].reason == "language:de"
    assert isinstance(by_id["en"], Article)
    assert isinstance(by_id["short"], Article)  # too short to judge: coded, not guessed away


def test_a_french_page_declaring_english_is_still_caught():
    french = page("Réforme", [FRENCH_TEXT], lang="en")
    article = article_from_html(french, origin="p", line=None, max_page_bytes=10**6)
    assert isinstance(article, Article)
    reject = check_language(article)
    assert isinstance(reject, Reject) and reject.reason == "language:fr"


def test_a_page_declaring_another_language_is_rejected_without_detection():
    german = page("Bauern", [GERMAN_TEXT], lang="de-DE")
    reject = article_from_html(german, origin="p", line=None, max_page_bytes=10**6)
    assert isinstance(reject, Reject) and reject.reason == "language:de"


def test_language_check_can_be_turned_off(tmp_path: Path):
    path = tmp_path / "fr.txt"
    path.write_text(FRENCH_TEXT, encoding="utf-8")
    (item,) = _read(path, detect_language=False)[0]
    assert isinstance(item, Article)


# -- bad input never stops the rest -----------------------------------------


def test_every_kind_of_bad_file_gets_a_reason_and_the_good_ones_are_read(tmp_path: Path):
    good = tmp_path / "good.html"
    good.write_text(story_page(HARBOUR), encoding="utf-8")
    truncated = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(
        "\n".join(json.dumps({"id": f"t{n}", "text": STRIKE.text + f" ({n})"}) for n in range(200)).encode()
    )
    truncated.write_bytes(whole[: len(whole) // 2])
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 20)
    empty_page = tmp_path / "empty.html"
    empty_page.write_text("<html><head><title>Home</title></head><body><nav>Home</nav></body></html>")
    huge = tmp_path / "huge.html"
    with huge.open("wb") as stream:
        stream.write(b"<html><body><p>")
        stream.write(b"word " * (50_000_000 // 5))  # a 50 MB page
        stream.write(b"</p></body></html>")
    not_feed = tmp_path / "feed.xml"
    not_feed.write_bytes(b"<rss><channel><item><title>Unclosed")
    last = tmp_path / "last.txt"
    last.write_text(BORDER.text, encoding="utf-8")

    items, _ = _read(good, truncated, binary, empty_page, huge, not_feed, last)
    reasons = {Path(r.origin).name: r.reason for r in _rejects(items)}
    assert "truncated or corrupt gzip" in reasons["cut.jsonl.gz"]
    assert reasons["photo.html"].startswith("binary data")
    assert "no article text" in reasons["empty.html"]
    assert "over the page limit" in reasons["huge.html"]
    assert "not well-formed XML" in reasons["feed.xml"]
    texts = [a.text for a in _articles(items)]
    assert texts[0] == HARBOUR.text and texts[-1] == BORDER.text
    # what the truncated file held before the damage is still read
    assert sum(1 for a in _articles(items) if a.origin == str(truncated)) > 10


def test_a_text_file_far_over_the_article_limit_is_refused_unread(tmp_path: Path):
    path = tmp_path / "dump.txt"
    path.write_text("word " * 100, encoding="utf-8")
    (reject,) = list(read_inputs([str(path)], max_chars=20))
    assert isinstance(reject, Reject) and "too large to be an article" in reject.reason


def test_near_duplicate_threshold_option_is_a_similarity():
    from communique.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["code", "x", "--near-duplicates", "0"]).near_duplicates == 0.0
    with pytest.raises(SystemExit):
        parser.parse_args(["code", "x", "--near-duplicates", "1.5"])


def test_a_one_paragraph_article_in_another_encoding_keeps_its_text_and_drops_the_advert_after_it():
    paragraph = (
        "Ministers met at a café in Lyon on Friday and agreed to hold further talks about the fishing quotas "
        "next month, officials said."
    )
    latin1 = page("Café talks", [paragraph]).replace('charset="utf-8"', 'charset="iso-8859-1"').encode("latin-1")
    article = article_from_html(latin1, origin="p", line=None, max_page_bytes=10**6)
    assert isinstance(article, Article)
    assert article.text == paragraph and article.title == "Café talks"
