"""Two count-board members submitting at the same moment, or one member double-clicking, on real parallel
PostgreSQL connections: exactly two entries, the count accepted once, no database error reaching the user."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from elections.count.models import Count, TallyEntry
from elections.count.services.tally import tally_submit
from tests.conference.countkit import Day, fast_passwords  # noqa: F401

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real parallel connections"),
]


def _race(submissions):
    """Run each (actor, data) in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(submissions))
    results, errors = [], []

    def run(conference, actor, data):
        try:
            barrier.wait(timeout=30)
            results.append(tally_submit(conference=conference, actor=actor, data=data).status)
        except Exception as exc:  # any error at all is a failure of the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in submissions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_two_members_submitting_at_the_same_moment():
    day = Day(electorate=361, present=314)
    data = day.data((159, 140))
    results, errors = _race([(day.conference, day.member_a, data), (day.conference, day.member_b, data)])
    assert errors == []
    assert sorted(results) == ["accepted", "recorded"]
    entries = TallyEntry.objects.filter(conference=day.conference)
    assert sorted(entries.values_list("slot", flat=True)) == [1, 2]
    assert {e.entered_by_id for e in entries} == {day.member_a.pk, day.member_b.pk}
    assert Count.objects.filter(conference=day.conference).count() == 1


def test_one_member_double_clicking():
    day = Day(electorate=361, present=314)
    data = day.data((159, 140))
    results, errors = _race([(day.conference, day.member_a, data)] * 4)
    assert errors == []
    assert sorted(results) == ["recorded", "unchanged", "unchanged", "unchanged"]
    assert TallyEntry.objects.filter(conference=day.conference).count() == 1


def test_both_members_double_clicking_at_once():
    day = Day(electorate=361, present=314)
    data = day.data((159, 140))
    submissions = [(day.conference, day.member_a, data)] * 3 + [(day.conference, day.member_b, data)] * 3
    results, errors = _race(submissions)
    assert errors == []
    assert results.count("accepted") == 1
    assert results.count("recorded") == 1
    assert results.count("unchanged") == 4
    assert TallyEntry.objects.filter(conference=day.conference).count() == 2
    assert Count.objects.filter(conference=day.conference).count() == 1
