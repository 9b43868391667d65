"""Deduplication: which mentions are one event, what a cluster counts, and
the clusters the database keeps. Events are built by hand; the scored test
on the team-written corpus codes it with the real pipeline."""

from __future__ import annotations

import datetime as dt

import pytest

from communique.dedup import MatchRules, cluster_events, default_type_families, recluster
from communique.dedup.families import load_type_families
from communique.errors import DataFileError
from communique.evaluation.dedup import b_cubed
from communique.model import Actor, Article, ArticleResult, Event
from communique.store import EventDatabase
from tests.helpers.events import AFG, CHN, HERAT, KABUL, PAK, PAK_ARMY, PAK_TEACHERS, event


def groups(*events: Event, **options) -> list[set[str]]:
    clusters = cluster_events(list(events), **options)
    return sorted(({m.event.id for m in c.mentions} for c in clusters), key=lambda g: sorted(g))


def linked(first: Event, second: Event) -> bool:
    return len(cluster_events([first, second])) == 1


def test_near_synonymous_types_link_and_different_acts_do_not():
    agree = event("AGREE", article="a1", cameo="030")
    sign = event("SUPPORT", article="a2", cameo="057")
    assert linked(agree, sign)
    meeting = event("CONSULT", article="a1")
    strike = event("ASSAULT", article="a2", cameo="190")
    assert not linked(meeting, strike)  # same actors, same day: two events


def test_a_month_precise_date_links_to_a_day_in_that_month_only():
    day = event(article="a1", date="2025-05-10")
    month = event(article="a2", date="2025-05", precision="month", date_text="earlier this month")
    april = event(article="a3", date="2025-04", precision="month", date_text="last month")
    assert linked(day, month)
    assert not linked(day, april)


def test_day_dates_link_within_the_window_and_no_further():
    assert linked(event(article="a1", date="2025-05-10"), event(article="a2", date="2025-05-11"))
    assert not linked(event(article="a1", date="2025-05-10"), event(article="a2", date="2025-05-14"))
    rules = MatchRules(default_type_families(), window_days=5)
    wide = cluster_events([event(article="a1", date="2025-05-10"), event(article="a2", date="2025-05-14")], rules=rules)
    assert len(wide) == 1


def test_a_date_read_from_no_words_may_lie_a_few_days_before_publication():
    told = event(article="a1", date="2025-05-10")
    by_publication = event(article="a2", date="2025-05-12", date_text=None)  # published two days later
    assert linked(told, by_publication)
    (alone,) = cluster_events([by_publication])
    assert alone.date_range == (dt.date(2025, 5, 12), dt.date(2025, 5, 12))  # as reported, not widened
    assert not linked(event(article="a1", date="2025-05-12"), event(article="a2", date="2025-05-10", date_text=None))


def test_dyads_must_agree_but_direction_does_not_matter_for_a_meeting():
    assert linked(event(source=(PAK,), target=(AFG,)), event(article="a2", source=(AFG,), target=(PAK,)))
    assert linked(event(source=(PAK,), target=(AFG,)), event(article="a2", source=(PAK, AFG), target=()))
    assert not linked(event(source=(PAK,), target=(AFG,)), event(article="a2", source=(CHN,), target=(AFG,)))
    attack = {"cameo": "190"}
    assert not linked(
        event("ASSAULT", source=(PAK,), target=(AFG,), **attack),
        event("ASSAULT", article="a2", source=(AFG,), target=(PAK,), **attack),
    )


def test_a_state_is_one_side_but_its_teachers_are_another():
    assert linked(event("ASSAULT", source=(PAK,)), event("ASSAULT", article="a2", source=(PAK_ARMY,)))
    assert not linked(event("PROTEST", source=(PAK,)), event("PROTEST", article="a2", source=(PAK_TEACHERS,)))


def test_a_missing_target_is_unknown_but_two_reports_need_a_known_actor_in_common():
    assert linked(event("ASSAULT"), event("ASSAULT", article="a2", target=()))
    stranger = Actor("gunmen", name="gunmen", sector="UAF")
    assert not linked(
        event("ASSAULT", source=(stranger,), target=()), event("ASSAULT", article="a2", source=(), target=(AFG,))
    )


def test_places_must_be_compatible():
    assert linked(event(place=KABUL), event(article="a2", place=None))
    assert not linked(event(place=KABUL), event(article="a2", place=HERAT))


def test_a_denial_is_not_the_event():
    assert not linked(event(), event(article="a2", negated=True))


def test_complete_linkage_keeps_a_vague_report_from_bridging_two_events():
    kabul = event(article="a1", place=KABUL)
    herat = event(article="a2", place=HERAT)
    vague = event(article="a3", place=None)
    assert len(cluster_events([kabul, vague, herat])) == 2


def test_a_cluster_counts_mentions_articles_outlets_and_when_it_was_seen():
    events = [
        event("AGREE", article="a1", cameo="030"),
        event("AGREE", article="a1", cameo="030"),  # the same event twice in one article
        event("SUPPORT", article="a2", cameo="057", place=KABUL),
        event("AGREE", article="a3", cameo="030", date="2025-05", precision="month"),
    ]
    published = {"a1": dt.date(2025, 5, 10), "a2": dt.date(2025, 5, 11), "a3": dt.date(2025, 5, 20)}
    outlets = {"a1": "Harbor Times", "a2": "Harbor Times", "a3": None}
    (cluster,) = cluster_events(events, published=published, outlets=outlets)
    assert len(cluster.mentions) == 4 and cluster.article_count == 3
    assert cluster.source_count == 2  # one outlet, and an article of unknown outlet
    assert cluster.seen == (dt.date(2025, 5, 10), dt.date(2025, 5, 20))
    assert cluster.event_type == "AGREE" and cluster.event_types == ["AGREE", "SUPPORT"]
    assert cluster.date == ("2025-05-10", "day")  # the most precise date wins
    assert cluster.date_range == (dt.date(2025, 5, 10), dt.date(2025, 5, 10))
    assert cluster.place == KABUL
    assert {m.event.evidence for m in cluster.mentions} == {"..."}  # each mention keeps its evidence


def test_type_families_file_is_validated(tmp_path):
    path = tmp_path / "families.yaml"
    path.write_text("families:\n  talks: [CONSULT, CHAT]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="CHAT"):
        load_type_families(path)
    path.write_text("families:\n  talks: [CONSULT]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="in no family"):
        load_type_families(path)


def test_b_cubed_on_a_worked_example():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    assert b_cubed(gold, gold).f1 == 1.0
    merged = b_cubed({"a": 0, "b": 0, "c": 0, "d": 0}, gold)
    # precision: a, b, c see 3 of 4 right, d sees 1 of 4; recall is 1 for all.
    assert merged.precision == pytest.approx((3 * 0.75 + 0.25) / 4) and merged.recall == 1.0
    split = b_cubed({"a": 0, "b": 1, "c": 2, "d": 3}, gold)
    assert split.precision == 1.0 and split.recall == pytest.approx((3 / 3 + 1) / 4)


def test_clusters_are_stored_and_every_event_points_to_its_cluster():
    first = event("AGREE", article="a1", cameo="030")
    second = event("SUPPORT", article="a2", cameo="057")
    other = event("ASSAULT", article="a2", cameo="190")
    articles = {
        "a1": Article("a1", "x", published=dt.date(2025, 5, 10), source="Harbor Times"),
        "a2": Article("a2", "y", published=dt.date(2025, 5, 11), source="Daily Ledger"),
    }
    with EventDatabase(":memory:") as db:
        db.write([ArticleResult(articles["a1"], (first,)), ArticleResult(articles["a2"], (second, other))])
        assert recluster(db) == 2
        assert recluster(db) == 2  # recomputing replaces, never adds
        rows = db.con.execute(
            "SELECT event_type, mentions, articles, sources, first_seen, last_seen, source_country, target_country "
            "FROM clusters ORDER BY mentions DESC"
        ).fetchall()
        assert rows[0] == ("AGREE", 2, 2, 2, dt.date(2025, 5, 10), dt.date(2025, 5, 11), "PAK", "AFG")
        assert rows[1][:2] == ("ASSAULT", 1)
        orphans = db.con.execute(
            "SELECT count(*) FROM events e LEFT JOIN clusters c ON c.id = e.cluster_id WHERE c.id IS NULL"
        ).fetchone()
        assert orphans == (0,)


def test_near_duplicate_copies_count_as_more_articles_and_outlets():
    from communique.ingest.near_duplicates import NearDuplicate, record_near_duplicates

    original = event("AGREE", article="a1", cameo="030")
    articles = {"a1": Article("a1", "x", published=dt.date(2025, 5, 10), source="Harbor Times")}
    copy = Article("copy-1", "x", published=dt.date(2025, 5, 12), source="Fjord Post")
    with EventDatabase(":memory:") as db:
        db.write([ArticleResult(articles["a1"], (original,))])
        record_near_duplicates(db.con, [NearDuplicate(copy, "a1", 0.97)])
        recluster(db)
        row = db.con.execute("SELECT mentions, articles, sources, first_seen, last_seen FROM clusters").fetchone()
    assert row == (2, 2, 2, dt.date(2025, 5, 10), dt.date(2025, 5, 12))


def test_a_place_s_sector_and_the_people_killed_do_not_split_one_attack():
    attack = {"cameo": "190", "quad_class": 4}
    town = Actor("Kunar", name="Kunar", country="AFG", sector="CVL", is_place=True)
    soldiers = Actor("three soldiers", name="three soldiers", country="AFG", sector="MIL")
    afg_people = Actor("four people", name="four people", country="AFG", sector="CVL")
    afg_rebels = Actor("Taliban positions", name="Taliban", country="AFG", sector="REB")
    # A town shelled (its people) and the soldiers wounded there: one attack.
    assert linked(
        event("ASSAULT", target=(town,), **attack), event("ASSAULT", article="a2", target=(soldiers,), **attack)
    )
    # "Four people" in one report are "Taliban positions" in another.
    assert linked(
        event("ASSAULT", target=(afg_people,), **attack), event("ASSAULT", article="a2", target=(afg_rebels,), **attack)
    )
    # But civilians and a state's soldiers are two sides, named as such.
    assert not linked(
        event("ASSAULT", target=(afg_people,), **attack), event("ASSAULT", article="a2", target=(soldiers,), **attack)
    )
