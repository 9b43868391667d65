"""NLP: the spaCy model and helpers over its parse."""

from communique.nlp.load import MODEL_NAMES, MODEL_VERSION, load_nlp, model_description

__all__ = ["MODEL_NAMES", "MODEL_VERSION", "load_nlp", "model_description"]
