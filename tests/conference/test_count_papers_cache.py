"""The count record is laid out once for what it prints, then served from the paper cache: before the seal, again
when its figures changed; the sealed record (it carries its verification) once for good."""

import pytest
from django.urls import reverse

from tests.conference.countkit import Day, fast_passwords, pdf_text  # noqa: F401
from tests.conference.test_count_views import _accept, _seal

pytestmark = pytest.mark.django_db


def test_the_sealed_count_record_is_rendered_once(client_for, layouts):
    day = Day(electorate=361, present=314)
    _accept(day)
    client = client_for(day.official())
    url = reverse("count:count_record_pdf", kwargs={"pk": day.conference.pk})
    client.get(url)
    client.get(url)
    assert len(layouts) == 1  # not sealed yet, and nothing changed: the same paper
    _seal(day)
    first = client.get(url)
    second = client.get(url)
    assert len(layouts) == 2 and first.content == second.content
    assert "44,04%" in pdf_text(second.content)
