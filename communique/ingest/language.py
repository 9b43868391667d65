"""Which language an article is in, offline, so non-English articles are
skipped with a reason rather than mis-coded by an English-only coder.

The detector is py3langid (langid.py's model, shipped inside the package:
nothing is downloaded). A short text says too little to judge, and a
sports page full of names can look foreign; so an article is rejected
only when the detector is sure and the text is long enough to be sure of.
"""

from __future__ import annotations

from functools import lru_cache

from communique.model import Article, Reject

CODED_LANGUAGE = "en"
# Below this many letters the detector's guess is noise (headlines, captions).
MIN_LETTERS = 80
MIN_PROBABILITY = 0.95
# The first few thousand characters decide as well as the whole text.
SAMPLE_CHARS = 3000


def language_reason(code: str) -> str:
    """The reject reason the summary and the rejects file use: `language:fr`."""
    return f"language:{code}"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """(ISO 639-1 code, probability), or None when the text is too short."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return code, float(probability)


def check_language(article: Article) -> Article | Reject:
    """The article, or a `language:xx` Reject when its text is surely not English.

    A declared non-English language is rejected earlier (validate.py); here
    the text itself is checked, since pages and feeds often declare none,
    or the site's default rather than the article's."""
    detected = detect_language(article.text)
    if detected is None:
        return article
    code, probability = detected
    if code != CODED_LANGUAGE and probability >= MIN_PROBABILITY:
        return Reject(article.origin, article.line, language_reason(code), article.id)
    return article
