"""What HTML extraction adds to the time it takes to code an article.

    .venv/bin/python benchmarks/html_extraction.py [--articles N] [CORPUS.jsonl]

Wraps N BBC articles in the markup news sites serve (a mega-menu, adverts,
inline scripts and JSON-LD, related links, reader comments, a footer),
then times, per article: extracting the text from the page (trafilatura,
as `communique code page.html` does), and coding the article (the full
pipeline, as from JSONL). Also reports how faithfully the text came back.
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from communique.ingest.pages import article_from_html
from communique.model import Article
from communique.pipeline import default_pipeline

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"])")
SECTIONS = ("Home", "UK", "World", "Business", "Politics", "Technology", "Science", "Health", "Education",
            "Entertainment", "Sport", "Weather", "Travel", "Culture", "Video", "Audio", "Newsletters")  # fmt: skip


def _menu() -> str:
    items = []
    for section in SECTIONS:
        sub = "".join(f'<li><a href="/{section.lower()}/{n}">{section} topic {n}</a></li>' for n in range(1, 6))
        items.append(f'<li class="menu-item"><a href="/{section.lower()}">{section}</a><ul class="sub">{sub}</ul></li>')
    return f'<nav class="mega-menu" aria-label="Sections"><ul>{"".join(items)}</ul></nav>'


def _ad(slot: int) -> str:
    return (
        f'<div class="ad-container" data-slot="{slot}"><div class="ad-label">Advertisement</div>'
        f'<iframe src="/ads/frame-{slot}.html" width="300" height="250"></iframe>'
        f'<a class="sponsored" href="/partner/{slot}">Sponsored: the savings account everyone is talking '
        f"about this month</a></div>"
    )


_SCRIPT = "<script>" + "window.analytics=window.analytics||[];analytics.push({event:'view',n:%d});" * 800 + "</script>"
_STYLE = "<style>" + "".join(f".c{n} {{ margin: {n % 9}px; color: #{n:06x} }}" for n in range(600)) + "</style>"


def wrap(record: dict, number: int) -> str:
    sentences = [s for s in _SENTENCE.split(record["text"]) if s]
    title = " ".join(sentences[0].split()[:8])
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    related = "".join(
        f'<li><a href="/news/{number + n}">Another story in this section, number {n}</a></li>' for n in range(20)
    )
    comments = "".join(
        f'<div class="comment"><span class="user">reader{n}</span><p>I have followed this for years and '
        f"this is comment number {n} on the piece.</p></div>"
        for n in range(8)
    )
    footer = "".join(f'<a href="/about/{n}">Footer link {n}</a>' for n in range(40))
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                         "datePublished": "2005-03-01T09:00:00Z", "publisher": {"name": "Benchmark News"}})  # fmt: skip
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>{html.escape(title)} - Benchmark News</title><meta property="og:site_name" content="Benchmark News">
<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/static/site.css">
<script type="application/ld+json">{jsonld}</script>{_SCRIPT.replace("%d", str(number))}{_STYLE}</head>
<body><a class="skip" href="#main">Skip to content</a><header><div class="logo">Benchmark News</div>
<form class="search"><input name="q" placeholder="Search"></form>{_menu()}</header>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
{_ad(1)}<main id="main"><article><h1>{html.escape(title)}</h1><div class="byline">By a staff writer</div>
<time datetime="2005-03-01">1 March 2005</time><div class="story-body">{body}</div>
<div class="share"><a href="#">Share on social media</a><a href="#">Email this story</a></div></article>
{_ad(2)}<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
<section class="comments"><h2>Have your say</h2>{comments}</section>{_ad(3)}</main>
<footer><div class="links">{footer}</div><p>Copyright 2005 Benchmark News.</p></footer></body></html>"""


def _words(text: str) -> list[str]:
    # The corpus keeps some characters as entities ("caf&#233;"); a browser, and trafilatura, show them decoded.
    return re.findall(r"\w+", html.unescape(text).lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()

    records = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines()[: args.articles]]
    pages = [wrap(record, n) for n, record in enumerate(records)]
    page_bytes = statistics.mean(len(p.encode()) for p in pages)

    extracted: list[Article] = []
    started = time.perf_counter()
    for number, page in enumerate(pages):
        item = article_from_html(page, origin="bench", line=number, max_page_bytes=10_000_000)
        assert isinstance(item, Article), item
        extracted.append(item)
    extract_s = time.perf_counter() - started

    pairs = list(zip(extracted, records, strict=True))
    exact = sum(" ".join(_words(a.text)) == " ".join(_words(r["text"])) for a, r in pairs)
    recall = statistics.mean(
        len(set(_words(a.text)) & set(_words(r["text"]))) / max(1, len(set(_words(r["text"])))) for a, r in pairs
    )
    markers = ("Advertisement", "Have your say", "Footer link", "We use cookies", "Sponsored", "reader0")
    leaks = sum(any(marker in a.text for marker in markers) for a in extracted)

    pipeline = default_pipeline()
    articles = [Article(id=r["id"], text=r["text"], title=r.get("title")) for r in records]
    pipeline.code(articles[0])  # load everything before timing
    if pipeline.classifier is not None:
        pipeline.classifier.classify(["The embedder loads on first use."])
    started = time.perf_counter()
    events = sum(len(result.events) for result in pipeline.code_many(articles))
    code_s = time.perf_counter() - started

    n = len(records)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"pages: {n}  mean page size: {page_bytes / 1024:.0f} KB  events coded: {events}")
    print(f"extraction: {1000 * extract_s / n:6.1f} ms/article  ({extract_s:.1f} s)")
    print(f"coding:     {1000 * code_s / n:6.1f} ms/article  ({code_s:.1f} s)")
    print(f"extraction adds {100 * extract_s / code_s:.1f}% to the per-article time")
    print(f"text back word for word: {exact}/{n}  mean word recall: {recall:.3f}  pages leaking boilerplate: {leaks}")


if __name__ == "__main__":
    main()
