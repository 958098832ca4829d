"""The product's URLs plus one bench-only view: the floor a check-in is measured against (bench_checkin.py).

Served only by the benchmark, through bench/checkin_settings.py; the product never routes here."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


@login_required
def bare(request):
    """A minimal authenticated view: the session and the user are loaded, a few bytes answered."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product_urlpatterns]
