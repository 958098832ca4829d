"""Vietnamese first: the interface is Vietnamese unless the user picks English with the footer switch."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Only the language cookie set by the switch counts. The browser's Accept-Language is not consulted:
    many ward-office computers run an English system, and their users still expect Vietnamese."""

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
