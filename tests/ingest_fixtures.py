"""Inputs for the ingest tests, written by the team for them: short news
stories, the web pages, feeds, tables and web archives that carry them."""

from __future__ import annotations

import html
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    paragraphs: tuple[str, ...]
    published: str
    outlet: str

    @property
    def url(self) -> str:
        return f"https://{self.outlet.lower().replace(' ', '')}.example/world/{self.slug}"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


HARBOUR = Story(
    slug="harbour-talks",
    title="Norway and Sweden sign fishing accord",
    paragraphs=(
        "The foreign ministers of Norway and Sweden signed an agreement on fishing rights in Oslo on Tuesday, "
        "ending a dispute that had lasted three years.",
        "Sweden's foreign minister praised the Norwegian government for its patience during the talks, "
        "and said both navies would patrol the shared waters together from the spring.",
        "Fishing crews in the northern ports had protested against the old quotas for most of last year.",
    ),
    published="2024-03-05",
    outlet="Harbour Gazette",
)

BORDER = Story(
    slug="border-clash",
    title="Troops exchange fire on disputed border",
    paragraphs=(
        "Armenian and Azerbaijani troops exchanged fire along the disputed border on Monday, "
        "the defence ministry in Yerevan said.",
        "Azerbaijan accused Armenia of shelling its positions near the village overnight, "
        "and the European Union called on both governments to return to negotiations.",
    ),
    published="2024-04-15",
    outlet="Steppe Courier",
)

STRIKE = Story(
    slug="port-strike",
    title="Dock workers strike over pay",
    paragraphs=(
        "Thousands of dock workers in Chile went on strike on Thursday to demand higher wages, "
        "halting exports of copper from the country's largest port.",
        "The Chilean labour minister met union leaders in Santiago and promised to present a new offer within a week.",
    ),
    published="2024-06-20",
    outlet="Andes Ledger",
)

SUMMIT = Story(
    slug="lagoon-summit",
    title="Leaders pledge aid after floods",
    paragraphs=(
        "The presidents of Kenya and Tanzania met in Mombasa on Saturday and pledged joint aid for the "
        "families displaced by the floods along their shared coast.",
        "Kenya's president said his government would send engineers to rebuild the bridges washed away last month.",
    ),
    published="2024-05-11",
    outlet="Coast Herald",
)

STORIES = (HARBOUR, BORDER, STRIKE)

FRENCH_TEXT = (
    "Le gouvernement a annoncé mardi une réforme des retraites qui repousse l'âge légal de départ, "
    "malgré les manifestations organisées par les syndicats dans plusieurs grandes villes du pays. "
    "Le ministre du travail a déclaré que le texte serait présenté au parlement avant la fin du mois."
)
GERMAN_TEXT = (
    "Die Regierung in Berlin hat am Mittwoch neue Hilfen für die Landwirte beschlossen, nachdem "
    "Bauernverbände wochenlang gegen die Kürzung der Agrarsubventionen demonstriert hatten. "
    "Der Landwirtschaftsminister sprach von einem fairen Kompromiss für alle Beteiligten."
)

_NAV = """<header class="site-header"><a class="logo" href="/">{outlet}</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul>
</nav></header>"""
_AD = """<div class="ad-slot" id="ad-{n}"><span>Advertisement</span><a href="/promo/{n}">Save 40% on garden
furniture this weekend only</a></div>"""
_RELATED = """<aside class="related"><h3>More from {outlet}</h3><ul><li><a href="/a">Weekend weather warning</a></li>
<li><a href="/b">Ten recipes for spring</a></li><li><a href="/c">Transfer rumours round-up</a></li></ul></aside>"""
_COMMENTS = """<section id="comments" class="comments"><h3>Comments (2)</h3>
<div class="comment"><p>Reader42: About time somebody sorted this out, in my view.</p></div>
<div class="comment"><p>FishFan: I could not disagree more with the minister on this.</p></div></section>"""
_FOOTER = """<footer><p>&copy; 2024 {outlet}. All rights reserved.</p><a href="/privacy">Privacy</a>
<a href="/cookies">Cookie settings</a><a href="/contact">Contact us</a></footer>"""


def page(
    title: str,
    paragraphs: tuple[str, ...] | list[str],
    *,
    outlet: str = "Harbour Gazette",
    published: str | None = "2024-03-05",
    lang: str = "en",
    url: str | None = None,
) -> str:
    """A news page as sites serve them: navigation, adverts, related links,
    reader comments and a footer around the article."""
    meta = [f'<meta property="og:site_name" content="{html.escape(outlet)}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}T08:30:00Z">')
    if url:
        meta.append(f'<link rel="canonical" href="{url}">')
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | {html.escape(outlet)}</title>
{"".join(meta)}
<script>window.dataLayer = window.dataLayer || [];</script><style>.ad-slot {{ height: 250px }}</style></head>
<body>{_NAV.format(outlet=html.escape(outlet))}
{_AD.format(n=1)}
<main><article><h1>{html.escape(title)}</h1><div class="byline">By Staff Reporter</div>
<div class="article-body">{body}</div></article>
{_AD.format(n=2)}{_RELATED.format(outlet=html.escape(outlet))}</main>
{_COMMENTS}{_FOOTER.format(outlet=html.escape(outlet))}</body></html>"""


def story_page(story: Story, **kwargs) -> str:
    return page(story.title, story.paragraphs, outlet=story.outlet, published=story.published, **kwargs)


def rss_feed(stories: tuple[Story, ...], *, channel: str = "Harbour Gazette", language: str = "en-gb") -> str:
    items = []
    for story in stories:
        content = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
        items.append(
            f"""<item><title>{html.escape(story.title)}</title><link>{story.url}</link>
<guid isPermaLink="false">{story.slug}</guid><pubDate>{_rfc2822(story.published)}</pubDate>
<description>{html.escape(content)}</description></item>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{channel}</title><link>https://harbourgazette.example/</link>
<description>World news</description><language>{language}</language>
{"".join(items)}</channel></rss>"""


def atom_feed(stories: tuple[Story, ...], *, title: str = "Steppe Courier") -> str:
    entries = []
    for story in stories:
        content = html.escape("".join(f"<p>{p}</p>" for p in story.paragraphs))
        entries.append(
            f"""<entry><title>{html.escape(story.title)}</title><link href="{story.url}"/>
<id>urn:story:{story.slug}</id><updated>{story.published}T09:00:00Z</updated>
<summary>{html.escape(story.paragraphs[0])}</summary><content type="html">{content}</content></entry>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title><id>urn:feed:courier</id>
<updated>2024-06-20T09:00:00Z</updated>{"".join(entries)}</feed>"""


def _rfc2822(day: str) -> str:
    import datetime as dt
    import email.utils

    moment = dt.datetime.fromisoformat(day + "T07:00:00+00:00")
    return email.utils.format_datetime(moment)


def warc_bytes(pages: list[tuple[str, str, bytes]], *, gzip: bool = True, extras: bool = True) -> bytes:
    """A WARC built with warcio: for each (url, content type, body) a request
    and a response record, and a warcinfo record first when `extras`."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    if extras:
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "communique tests"}))
    for url, content_type, body in pages:
        if extras:
            request_headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request_headers))
        status = "404 Not Found" if content_type == "404" else "200 OK"
        headers = StatusAndHeaders(
            status, [("Content-Type", "text/html" if content_type == "404" else content_type)], protocol="HTTP/1.1"
        )
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


# The same signing as HARBOUR, reported in another outlet's own words: not a copy.
HARBOUR_RETOLD = (
    "Oslo hosted a signing ceremony on Tuesday as Norway and Sweden put an end to their long quarrel over "
    "who may fish where in the northern seas. Diplomats from Stockholm described the Norwegian side as "
    "patient throughout. Under the deal, the two countries' naval vessels are to carry out joint patrols "
    "beginning this spring, a prospect welcomed by trawler crews who had demonstrated against the previous "
    "catch limits."
)

# A follow-up to HARBOUR that reuses its background paragraph: a new event, not a copy.
HARBOUR_FOLLOW_UP = (
    "Norwegian and Swedish patrol boats began their first joint patrol of the shared fishing waters on "
    "Friday, two months after the accord was signed. A Swedish navy spokesman said the crews had boarded "
    "three trawlers and found no breaches of the new quotas. "
    "The foreign ministers of Norway and Sweden signed an agreement on fishing rights in Oslo in March, "
    "ending a dispute that had lasted three years."
)
