"""Papers are laid out once for what they print and served from the cache; any change in what they print renders
again."""

import datetime

import pytest

from papers import cache
from tests.reports.conftest import pdf_text

SAMPLE = "papers/sample_notice.html"


def _context(**changes) -> dict:
    context = {
        "issuing_body": "TỔ BẦU CỬ TỔ DÂN PHỐ 5",
        "superior_body": "UBND PHƯỜNG HƯƠNG XUÂN",
        "place": "Hương Xuân",
        "doc_date": datetime.date(2021, 1, 5),
        "doc_number": "",
        "group_name": "Tổ dân phố 5",
        "term": "2021-2023",
        "meeting_date": None,
        "signer_title": "TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn An",
        "members": [],
    }
    context.update(changes)
    return context


def _entries():
    return sorted(cache.cache_dir().glob("*/*.pdf"))


def test_a_paper_is_laid_out_once_then_served_from_the_cache(layouts):
    first = cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    second = cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    assert len(layouts) == 1 and first == second
    assert "Nguyễn Văn An" in pdf_text(second)
    assert len(_entries()) == 1


def test_a_change_in_what_the_paper_prints_renders_it_again(layouts):
    cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    changed = cache.render_cached_pdf(template_name=SAMPLE, context=_context(signer_name="Trần Thị Bình"))
    assert len(layouts) == 2
    assert "Trần Thị Bình" in pdf_text(changed) and "Nguyễn Văn An" not in pdf_text(changed)
    assert len(_entries()) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pdf", b"%PDF-1.7\n... torn in the middle"])
def test_a_damaged_entry_is_rendered_again_and_replaced(layouts, damage):
    good = cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    [entry] = _entries()
    entry.write_bytes(damage)
    again = cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    assert len(layouts) == 2 and pdf_text(again) == pdf_text(good)
    assert entry.read_bytes().startswith(b"%PDF-")


def test_a_missing_entry_is_rendered_again(layouts):
    cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    for entry in _entries():
        entry.unlink()
    cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    assert len(layouts) == 2 and len(_entries()) == 1


def test_the_cache_keeps_within_its_bound_dropping_the_least_recently_used(settings, layouts, monkeypatch):
    monkeypatch.setattr(cache, "TRIM_EVERY", 1)
    first = cache.render_cached_pdf(template_name=SAMPLE, context=_context())
    settings.PAPERS_CACHE_MAX_BYTES = len(first) + 10  # room for one paper
    cache.render_cached_pdf(template_name=SAMPLE, context=_context(signer_name="Trần Thị Bình"))
    assert len(_entries()) == 1
    cache.render_cached_pdf(template_name=SAMPLE, context=_context(signer_name="Trần Thị Bình"))
    assert len(layouts) == 2  # the newest stayed and is served
    settings.PAPERS_CACHE_MAX_BYTES = 0  # off
    cache.render_cached_pdf(template_name=SAMPLE, context=_context(signer_name="Trần Thị Bình"))
    assert len(layouts) == 3


def test_the_key_holds_the_papers_verification_fingerprint():
    class Verification:
        fingerprint = "a" * 64

    plain = cache.cache_key(template_name=SAMPLE, html="<p>x</p>")
    verified = cache.cache_key(template_name=SAMPLE, html="<p>x</p>", verification=Verification())
    assert plain != verified and len(verified) == 64


def test_the_folder_is_listed_for_trimming_once_every_few_writes(settings, layouts, monkeypatch):
    listed = []
    real = cache.trim
    monkeypatch.setattr(cache, "trim", lambda limit=None: listed.append(1) or real(limit))
    monkeypatch.setattr(cache, "TRIM_EVERY", 3)
    monkeypatch.setattr(cache, "_writes_since_trim", 0)
    for signer in ("A", "B", "C", "D", "E", "F", "G"):
        cache.render_cached_pdf(template_name=SAMPLE, context=_context(signer_name=signer))
    assert len(layouts) == 7 and len(listed) == 2  # after the 3rd and the 6th write
