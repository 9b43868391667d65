"""Deduplication: linking the mentions of one real-world event, across
articles and within one, into an event cluster."""

from communique.dedup.cluster import EventCluster, cluster_events, cluster_mentions
from communique.dedup.families import TypeFamilies, default_type_families
from communique.dedup.match import MatchRules, same_event
from communique.dedup.mention import Mention
from communique.dedup.persist import recluster

__all__ = [
    "EventCluster",
    "MatchRules",
    "Mention",
    "TypeFamilies",
    "cluster_events",
    "cluster_mentions",
    "default_type_families",
    "recluster",
    "same_event",
]
