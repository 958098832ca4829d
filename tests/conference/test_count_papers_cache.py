"""The count record of a sealed count is laid out once, then served from the paper cache; before the seal it is
rendered every time (its figures may still change)."""

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
    assert len(layouts) == 2  # not sealed yet: never cached
    _seal(day)
    first = client.get(url)
    second = client.get(url)
    assert len(layouts) == 3 and first.content == second.content
    assert "44,04%" in pdf_text(second.content)
