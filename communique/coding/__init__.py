"""Event coding: the ontology, the lexicon, and detection over the parse."""

from communique.coding.detect import Candidate, EventDetector
from communique.coding.lexicon import Lexicon, default_lexicon, load_lexicon
from communique.coding.ontology import PLOVER_TYPES, Ontology, default_ontology, load_ontology, quad_class_of

__all__ = [
    "PLOVER_TYPES",
    "Candidate",
    "EventDetector",
    "Lexicon",
    "Ontology",
    "default_lexicon",
    "default_ontology",
    "load_lexicon",
    "load_ontology",
    "quad_class_of",
]
