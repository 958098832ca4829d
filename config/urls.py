from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from config.health import healthz
from publicview.api import urls as public_api_urls

urlpatterns = [
    path("", include("reports.urls")),  # the home page ("/", "home") and /reports/
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("residents/", include("residents.urls")),
    path("elections/", include("elections.urls")),
    path("candidates/", include("elections.candidates.urls")),
    path("term-reports/", include("elections.termreports.urls")),
    path("election-day/", include("elections.conference.urls")),
    path("election-day/", include("elections.count.urls")),
    path("", include("publicview.urls")),
    path("api/public/", public_api_urls()),
    path("notices/", include("notices.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
