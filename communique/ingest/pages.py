"""HTML pages -> `Article`s: the main text and the page's metadata.

trafilatura finds the article body and drops navigation, adverts,
related-links boxes and reader comments; the title, publication date and
outlet come from the page's metadata (Open Graph, schema.org, <title>),
and the language from the <html lang> attribute.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit

from communique.ingest.formats import looks_binary
from communique.ingest.validate import DEFAULT_MAX_CHARS, article_from_record
from communique.model import Article, Reject

# Fewer words than this is a menu, a cookie notice or an error page.
MIN_ARTICLE_WORDS = 10

# Block elements whose end is a paragraph break when HTML becomes text.
_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"})


# Dates from the page's markup only: htmldate's extensive search reads the
# text too, and takes a footer's "(c) 2024" for 1 January 2024, which would
# then date every undated event in the article.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def url_article_id(url: str) -> str:
    """The id of a page that came without one: stable for the same URL."""
    return "url-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def html_to_text(fragment: str) -> str:
    """Text of a bit of HTML (a feed item's content), paragraphs kept apart."""
    from lxml import etree
    from lxml import html as lxml_html

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for element in root.iter("script", "style"):
        element.drop_tree()
    parts: list[str] = []
    for element in root.iter():
        if element.tag in _BLOCKS:
            parts.append("\n")
        if element.text and element is not root:
            parts.append(element.text)
        elif element is root and root.text:
            parts.append(root.text)
        if element.tail and element is not root:
            parts.append(element.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _declared_language(tree) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in tree.iterfind(".//meta[@http-equiv]"):
            if meta.get("http-equiv", "").lower() == "content-language":
                lang = meta.get("content")
                break
    if not lang:
        return None
    return lang.strip().split(",")[0].replace("_", "-").lower() or None


def _body_text(text: str, title: str | None) -> str:
    """trafilatura starts the text with the page's headline; the article
    keeps its title apart, as in JSONL input."""
    first, _, rest = text.partition("\n")
    if title and rest and first.strip() == title.strip():
        return rest.strip()
    return text.strip()


def article_from_html(
    page: bytes | str,
    *,
    origin: str,
    line: int | None,
    url: str | None = None,
    article_id: str | None = None,
    fallback_id: str | None = None,
    published: str | None = None,
    source: str | None = None,
    default_published: dt.date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_page_bytes: int,
) -> Article | Reject:
    """One page -> an Article, or a Reject saying why the page has none.

    `published` and `source` given by the caller (a JSONL record's fields)
    win over the page's metadata; `fallback_id` names a page with no URL
    (a file's stem)."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    known_id = article_id or (url_article_id(url) if url else fallback_id)
    size = len(page)
    if size > max_page_bytes:
        return Reject(origin, line, f"page is {size:,} bytes, over the limit of {max_page_bytes:,}", known_id)
    raw = page.encode("utf-8") if isinstance(page, str) else page
    if looks_binary(raw[:4096]):
        return Reject(origin, line, "binary data, not an HTML page", known_id)
    tree = load_html(raw)
    if tree is None:
        return Reject(origin, line, "not an HTML page: no document could be parsed", known_id)
    language = _declared_language(tree)
    document = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        # Without it a short article gets the advert after it appended (trafilatura's
        # fallback extractors take more of the page when the main one finds little).
        favor_precision=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = document.text if document is not None else None
    words = len(text.split()) if text else 0
    if words < MIN_ARTICLE_WORDS:
        reason = f"HTML page with no article text ({words} words found outside boilerplate)"
        return Reject(origin, line, reason, known_id)
    title = document.title or None
    if article_id is None and url is None and document.url:
        # A saved page that names its canonical URL gets the id it has when fetched or crawled.
        known_id = url_article_id(document.url)
    record = {
        "id": known_id,
        "text": _body_text(text, title),
        "title": title,
        "url": url or document.url or None,
        "source": source or document.sitename or document.hostname or outlet_from_url(url),
        "language": language,
        "published": published or document.date or None,
    }
    if record["id"] is None:
        record.pop("id")
    return article_from_record(
        record, origin=origin, line=line, default_published=default_published, max_chars=max_chars
    )
