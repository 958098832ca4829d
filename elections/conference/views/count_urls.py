"""URL patterns of the count, result and recognition views (filled in by the count side)."""

urlpatterns: list = []
