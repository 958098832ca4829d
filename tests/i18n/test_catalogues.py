"""The Vietnamese catalogues are complete and compiled, and pages speak one language at a time.

Standard library only (no polib): a small PO reader below, `gettext.GNUTranslations` for the .mo files.
"""

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from elections.conference.models import Conference
from elections.models import GroupElection
from reports.synthetic_city import build_city
from residents.models import Household, Resident

ROOT = Path(settings.BASE_DIR)
APP_DIRS = ["", "accounts", "notices", "residents", "elections", "elections/candidates", "elections/termreports",
            "elections/conference", "elections/count", "reports", "verification", "publicview"]  # fmt: skip
CATALOGUES = [ROOT / d / "locale" / "vi" / "LC_MESSAGES" / "django.po" for d in APP_DIRS]


def read_po(path: Path) -> list[dict]:
    """Entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (list), flags; obsolete (#~) entries skipped."""
    entries, entry, key = [], None, None

    def close():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            close()
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        m = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if m:
            name, index, text = m.groups()
            value = ast.literal_eval(text)
            if name.startswith("msgstr"):
                key = ("msgstr", int(index or 0))
                entry["msgstr"][key[1]] = value
            else:
                key = (name, None)
                entry[name] = value
            continue
        assert line.startswith('"'), f"{path}: cannot read line {raw!r}"
        value = ast.literal_eval(line)
        if key[0] == "msgstr":
            entry["msgstr"][key[1]] += value
        else:
            entry[key[0]] += value
    return [e for e in entries if e["msgid"] != ""]  # the header


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po):
    entries = read_po(po)
    assert len(entries) > 10
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    assert fuzzy == [], f"fuzzy in {po}"
    assert untranslated == [], f"untranslated in {po}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po):
    """The committed .mo holds exactly the .po's translations (compile after every edit of a .po)."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run make messages"
    with mo.open("rb") as fh:
        compiled = dict(gettext.GNUTranslations(fh)._catalog)
    compiled.pop("", None)
    expected = {}
    for e in read_po(po):
        msgid = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is None:
            expected[msgid] = e["msgstr"][0]
        else:
            for n, text in e["msgstr"].items():
                expected[(msgid, n)] = text
    missing = sorted(str(k) for k in expected.keys() - compiled.keys())
    stale = sorted(str(k) for k in compiled.keys() - expected.keys())
    differing = sorted(str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert (missing, stale, differing) == ([], [], []), f"{mo} is out of date: run make messages"


def test_the_po_reader_reads_context_plural_and_continuations(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#, fuzzy\nmsgctxt "a"\nmsgid "One"\nmsgstr "Một"\n\n'
        'msgid "%(n)s row"\nmsgid_plural "%(n)s rows"\nmsgstr[0] ""\n"%(n)s dòng"\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    first, second = read_po(po)
    assert (first["msgctxt"], first["msgid"], first["msgstr"], "fuzzy" in first["flags"]) == (
        "a",
        "One",
        {0: "Một"},
        True,
    )
    assert (second["msgid_plural"], second["msgstr"]) == ("%(n)s rows", {0: "%(n)s dòng"})


class _Text(HTMLParser):
    """Visible text plus the attributes a user reads or hears (title, placeholder, aria-label, alt)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(response) -> str:
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


# Interface words only (the test data is Vietnamese: names, "Tổ dân phố 1", "Chi bộ Khu dân cư 1", addresses).
VIETNAMESE_UI = ["Chưa", "Không", "Trạng thái", "Tình trạng", "Bước", "Cử tri", "Lưu", "Hủy", "Điểm danh",
                 "Kết quả", "Đăng xuất", "Ngôn ngữ", "Đổi mật khẩu", "Nhiệm kỳ", "Hạn", "Thời hạn", "Đảng viên",
                 "Hộ", "Tổng", "Xem", "Đường dẫn trang", "ĐV"]  # fmt: skip
ENGLISH_UI = ["Status", "Stage", "Group", "Groups", "Candidates", "Candidate", "Save", "Cancel", "Print", "Check-in",
              "Present", "Approved", "Dashboard", "Log out", "Report", "Election", "Quorum", "Voters", "Household",
              "Households", "Next", "Search", "Party member", "Term", "Results", "Show", "None", "Breadcrumb",
              "Language", "Switch", "Skip to content"]  # fmt: skip


def _found(words, text):
    return sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))


@pytest.fixture
def city_pages(db, make_user):
    ward = build_city(groups=2, households=2, name="Hai tổ i18n")
    official = make_user(Role.WARD_OFFICIAL, ward=ward)
    election = GroupElection.objects.filter(group__ward=ward).order_by("group__code").first()
    conference = Conference.objects.filter(group_election__group__ward=ward).order_by("pk").first()
    assert election is not None and conference is not None
    household = Household.objects.filter(group__ward=ward).order_by("pk").first()
    resident = Resident.objects.filter(household=household).order_by("pk").first()
    urls = {
        "dashboard": reverse("reports:dashboard"),
        "group election": reverse("elections:group_election_detail", args=[election.pk]),
        "candidates": reverse("candidates:group", args=[election.pk]),
        "candidates overview": reverse("candidates:overview"),
        "check-in": reverse("conference:checkin", args=[conference.pk]),
        "election day": reverse("conference:index"),
        "term reports": reverse("termreports:compilation"),
        "register": reverse("residents:ward_overview"),
        "home": reverse("home"),
        "notices": reverse("notices:inbox"),
        "household": reverse("residents:household_detail", args=[household.pk]),
        "resident": reverse("residents:resident_detail", args=[resident.pk]),
        "resident correction": reverse("residents:resident_correct", args=[resident.pk]),
    }
    return official, urls


def test_pages_in_english_carry_no_vietnamese_interface_words(city_pages, client):
    official, urls = city_pages
    client.force_login(official)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the footer switch sets
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.headers["Content-Language"] == "en", name
        text = page_text(response)
        assert _found(VIETNAMESE_UI, text) == [], f"{name} ({url}) in English shows Vietnamese words"
        assert "Skip to content" in text


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(city_pages, client):
    official, urls = city_pages
    client.force_login(official)
    response = client.get(
        urls["dashboard"] if "dashboard" in urls else next(iter(urls.values())), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert response.headers["Content-Language"] == "vi"


def test_pages_in_vietnamese_carry_no_english_interface_words(city_pages, client):
    official, urls = city_pages
    client.force_login(official)
    for name, url in urls.items():
        response = client.get(url)  # no preference: Vietnamese, the default
        assert response.status_code == 200, name
        assert response.headers["Content-Language"] == "vi", name
        text = page_text(response)
        assert _found(ENGLISH_UI, text) == [], f"{name} ({url}) in Vietnamese shows English words"
        assert "Bỏ qua" in text or "Chuyển đến nội dung" in text or "nội dung" in text


def test_switching_language_with_the_footer_form(city_pages, client):
    official, urls = city_pages
    client.force_login(official)
    response = client.post(reverse("set_language"), {"language": "en", "next": urls["dashboard"]})
    assert response.status_code == 302
    english = page_text(client.get(urls["dashboard"]))
    client.post(reverse("set_language"), {"language": "vi", "next": urls["dashboard"]})
    vietnamese = page_text(client.get(urls["dashboard"]))
    assert "Tasks of the directive" in english
    assert "Nhiệm vụ của văn bản chỉ đạo" in vietnamese


def test_meaning_dependent_words_get_the_right_vietnamese(city_pages, client):
    """Django merges catalogues (first app wins): words that mean different things carry a context."""
    official, urls = city_pages
    client.force_login(official)
    dashboard = page_text(client.get(urls["dashboard"]))
    # A directive task has a deadline ("Thời hạn"), not a complaint's time limit for resolving it.
    assert "Hạn giải quyết" not in dashboard
    assert "Thời hạn" in dashboard
