"""Render Django templates to A4 PDF papers with WeasyPrint.

The fonts come from ``papers/fonts`` (Liberation Serif 2, full Vietnamese coverage) and
are loaded with ``@font-face`` under a family name of their own, so the output is the
same on any machine whatever fonts it has installed (Debian's older ``fonts-liberation``
1.x, for one, lacks most Vietnamese letters).

Static files (``{% static %}`` URLs or paths relative to the project's ``static/``) and
media files are read from disk; nothing is fetched over the network.
"""

from __future__ import annotations

import unicodedata
from io import BytesIO
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils._os import safe_join
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

#: The CSS font-family name the paper templates use. Deliberately not plain "Liberation
#: Serif", so that a system font of that name can never be picked instead.
PAPER_FONT_FAMILY = "Liberation Serif Paper"

_FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


def font_face_css() -> str:
    """``@font-face`` rules for the four bundled faces, with absolute ``file://`` URLs."""
    rules = []
    for (weight, style), name in _FONT_FILES.items():
        url = (FONTS_DIR / name).as_uri()
        rules.append(
            "@font-face {"
            f' font-family: "{PAPER_FONT_FAMILY}"; src: url("{url}") format("truetype");'
            f" font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


def _project_dir() -> Path:
    base = getattr(settings, "BASE_DIR", None)
    return Path(base) if base else Path(__file__).resolve().parent.parent


def _url_path_prefix(url: str | None) -> str | None:
    """The path part of STATIC_URL / MEDIA_URL (``/static/``), or None when unset."""
    if not url:
        return None
    path = urlsplit(str(url)).path
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"


def _find_static(relative: str) -> str | None:
    if "django.contrib.staticfiles" in settings.INSTALLED_APPS:
        from django.contrib.staticfiles import finders

        found = finders.find(relative)
        if found:
            return found
    root = getattr(settings, "STATIC_ROOT", None)
    if root:
        try:
            candidate = safe_join(str(root), relative)
        except Exception:  # a path that leaves the root (SuspiciousFileOperation)
            return None
        if Path(candidate).is_file():
            return candidate
    return None


def _find_media(relative: str) -> str | None:
    root = getattr(settings, "MEDIA_ROOT", None)
    if not root:
        return None
    try:
        candidate = safe_join(str(root), relative)
    except Exception:  # a path that leaves the root (SuspiciousFileOperation)
        return None
    return candidate if Path(candidate).is_file() else None


class LocalURLFetcher(URLFetcher):
    """Serve static and media URLs from disk; refuse anything on the network.

    ``/static/x.css`` (as ``{% static %}`` writes it, resolved against any base URL, or
    absolute on this site) is looked up with the staticfiles finders, then in
    STATIC_ROOT; ``/media/...`` in MEDIA_ROOT. Other ``file:`` and ``data:`` URLs are
    read as usual. http(s) URLs that are neither are refused: the product runs offline,
    and a render must never hang on a remote host.
    """

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in ("file", "http", "https"):
            path = unquote(parts.path)
            for prefix, finder in (
                (_url_path_prefix(settings.STATIC_URL), _find_static),
                (_url_path_prefix(getattr(settings, "MEDIA_URL", None)), _find_media),
            ):
                if prefix and prefix != "/" and path.startswith(prefix):
                    found = finder(path[len(prefix) :])
                    if found:
                        return super().fetch(Path(found).as_uri(), headers)
                    if scheme != "file" or not Path(path).is_file():
                        raise ValueError(f"File not found for {url}")
        if scheme not in ("file", "data"):
            raise ValueError(f"Refusing to fetch {url}: papers are rendered offline")
        return super().fetch(url, headers)


def render_html(*, template_name: str, context: dict, request=None) -> str:
    """The paper's HTML, as :func:`render_pdf` renders it (handy for previews)."""
    return render_to_string(template_name, context, request=request)


def render_pdf(*, template_name: str, context: dict, request=None) -> bytes:
    """Render a Django template to A4 PDF bytes.

    Relative URLs resolve against the project's ``static/`` folder, ``{% static %}``
    and MEDIA_URL paths are read from disk (see :class:`LocalURLFetcher`), and the
    paper font is loaded from ``papers/fonts``. The page size and margins come from the
    template's ``@page`` rule (``papers/paper_base.html``: A4 portrait by default).
    """
    return html_to_pdf(render_html(template_name=template_name, context=context, request=request))


def html_to_pdf(html: str) -> bytes:
    """A paper's HTML (from :func:`render_html`) laid out into PDF bytes: the costly half of :func:`render_pdf`."""
    static_dir = _project_dir() / "static"
    base_url = (static_dir if static_dir.is_dir() else _project_dir()).as_uri() + "/"
    fetcher = LocalURLFetcher()
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts], font_config=font_config)


def ascii_filename(name: str, default: str = "giay-to") -> str:
    """An ASCII, URL- and filesystem-safe file name: "Danh sách cử tri tổ 5.pdf" ->
    "danh-sach-cu-tri-to-5.pdf". Keeps the extension (``.pdf`` if there is none)."""
    name = unicodedata.normalize("NFC", name or "").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or not ext.isalnum() or len(ext) > 5:
        stem, ext = name, "pdf"
    # đ/Đ do not decompose under NFKD, so slugify would drop them.
    stem = stem.replace("đ", "d").replace("Đ", "D")
    slug = slugify(stem) or default
    ext = slugify(ext) or "pdf"
    return f"{slug}.{ext}"


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """``attachment; filename="ascii.pdf"; filename*=UTF-8''Vi%E1%BB%87t.pdf`` (RFC 6266)."""
    ascii_name = ascii_filename(filename)
    utf8_name = unicodedata.normalize("NFC", filename or "").strip()
    for bad in ("/", "\\", "\r", "\n", "\x00"):
        utf8_name = utf8_name.replace(bad, "-")
    if "." not in utf8_name:
        utf8_name = f"{utf8_name or 'giay-to'}.pdf"
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name, safe='')}"


def pdf_response(pdf_bytes: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    """An HttpResponse carrying the PDF as a download named after ``filename``."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    response["Content-Length"] = str(len(pdf_bytes))
    return response


def merge_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF holding the pages of all ``pdfs`` in order (for batch printing)."""
    from pypdf import PdfReader, PdfWriter

    if not pdfs:
        raise ValueError("merge_pdfs needs at least one PDF")
    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(BytesIO(data)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
