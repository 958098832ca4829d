"""Browser tests: Playwright for Python driving Debian's Chromium (no browser download)."""

import importlib
import io
import json
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "pass-Word-123"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make e2e does).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


def _keep_evidence(request, page, name: str) -> None:
    """On failure, the page's HTML and a screenshot go to $E2E_ARTIFACTS (default: e2e-artifacts in the temp dir)."""
    if not getattr(request.node, "e2e_failed", False) or page.is_closed():
        return
    folder = Path(os.environ.get("E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "e2e-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{request.node.name}-{name}"
    try:
        Path(f"{stem}.html").write_text(f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
        page.screenshot(path=f"{stem}.png", full_page=True)
    except Exception as exc:  # noqa: BLE001 - evidence is best effort, the failure itself is reported
        print(f"could not keep evidence of {name}: {exc}")


# axe-core, vendored (tests/e2e/vendor/axe-core, see its README): every page a browser test loads is audited
# when it has loaded and again after each htmx swap; `assert_accessible` audits the page in front of it at once.
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
AXE_FAILING_IMPACTS = ("serious", "critical")
_AXE_HOOK = """
;(() => {
  if (window.top !== window || typeof axe === "undefined") return;
  let chain = Promise.resolve([]);
  const failing = __FAILING__;
  const audit = () => axe.run(document, {resultTypes: ["violations"]}).then((result) => result.violations
    .filter((v) => failing.includes(v.impact))
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.html.slice(0, 160))})));
  const report = (violations) => {
    if (window.__axeReport) window.__axeReport(location.href, violations);
    return violations;
  };
  // axe refuses to run twice at once: audits queue one behind the other.
  window.__axeAudit = () => (chain = chain.then(audit, audit).then(report));
  window.__axeIdle = () => chain.then(() => true, () => true);
  window.addEventListener("load", () => window.__axeAudit());
  let timer = null;
  document.addEventListener("htmx:afterSettle", () => {
    clearTimeout(timer);
    timer = setTimeout(() => window.__axeAudit(), 50);
  });
})();
""".replace("__FAILING__", json.dumps(list(AXE_FAILING_IMPACTS)))


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{url}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {target}" for target in v["targets"])
    return "\n".join(lines)


class AxeWatch:
    """What axe-core found on the pages of one browser context: the pages audited and the serious violations."""

    def __init__(self, context):
        self.audited: list[str] = []
        self.failures: dict[str, list[dict]] = {}
        context.expose_binding("__axeReport", self._report)
        context.add_init_script(AXE_SOURCE + _AXE_HOOK)

    def _report(self, source, url: str, violations: list[dict]) -> None:
        self.audited.append(url)
        for violation in violations:
            known = self.failures.setdefault(url, [])
            if all(v["id"] != violation["id"] for v in known):
                known.append(violation)

    def settle(self, page) -> None:
        """Let the audits still running on the open page finish (and report)."""
        if page.is_closed():
            return
        try:
            page.evaluate("() => window.__axeIdle ? window.__axeIdle() : true")
        except Exception:  # noqa: BLE001 - a page navigating away has nothing left to audit
            return

    def assert_clean(self) -> None:
        assert self.audited, "axe-core audited no page"
        assert not self.failures, "axe-core found serious or critical violations:\n" + "\n".join(
            _format_violations(url, violations) for url, violations in self.failures.items()
        )


def _browser_page(browser, request, name: str, **options):
    context = browser.new_context(locale="vi-VN", accept_downloads=True, **options)
    watch = AxeWatch(context)
    page = context.new_page()
    page.axe = watch
    page.set_default_timeout(15000)
    yield page
    watch.settle(page)
    _keep_evidence(request, page, name)
    failed = getattr(request.node, "e2e_failed", False)
    context.close()
    if not failed:
        watch.assert_clean()


@pytest.fixture
def desktop(browser, request):
    yield from _browser_page(browser, request, "desktop", viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser, request):
    yield from _browser_page(
        browser, request, "phone", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page, as a person would."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"login failed for {username}"


# ----------------------------------------------------------------------------------------- shared helpers

DEMO_PASSWORD = "demo2021"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

_ACCESSIBILITY_PROBE = """() => {
  const shown = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== "hidden";
  const text = (el) => (el && el.textContent || "").trim();
  const unnamed = [];
  for (const el of document.querySelectorAll("input, select, textarea")) {
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type) || !shown(el)) continue;
    const byLabel = Array.from(el.labels || []).some((label) => text(label));
    const byAria = (el.getAttribute("aria-label") || "").trim();
    const byLabelledBy = (el.getAttribute("aria-labelledby") || "").split(/\\s+/)
      .some((id) => id && text(document.getElementById(id)));
    if (!byLabel && !byAria && !byLabelledBy) unnamed.push(el.outerHTML.slice(0, 160));
  }
  return {title: document.title.trim(), h1: document.querySelectorAll("h1").length, unnamed};
}"""


def assert_accessible(page) -> None:
    """Every visible form field has an accessible name; the page has a title and exactly one <h1>; axe-core
    finds no serious or critical violation."""
    found = page.evaluate(_ACCESSIBILITY_PROBE)
    assert found["title"], f"{page.url}: the page has no <title>"
    assert found["h1"] == 1, f"{page.url}: {found['h1']} <h1> elements, expected one"
    assert not found["unnamed"], f"{page.url}: fields without a label: {found['unnamed']}"
    violations = page.evaluate("() => window.__axeAudit ? window.__axeAudit() : null")
    assert violations is not None, f"{page.url}: axe-core is not loaded"
    assert not violations, "axe-core: " + _format_violations(page.url, violations)


def pdf_bytes_text(data: bytes) -> str:
    """The text of a PDF, NFC-normalised (so Vietnamese diacritics compare as typed)."""
    assert data.startswith(b"%PDF"), "not a PDF"
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFC", "".join(p.extract_text() for p in reader.pages))


def pdf_text(download) -> str:
    """The text of a downloaded PDF."""
    return pdf_bytes_text(Path(download.path()).read_bytes())


def download_pdf(page, locator) -> str:
    """Click what downloads a paper, as a user would, and return the paper's text.

    Papers meant to be read on screen (served inline, opened in the browser's PDF viewer) are fetched
    with the user's session from the link's address instead of clicked."""
    href = locator.get_attribute("href") if locator.evaluate("e => e.tagName") == "A" else None
    if href:
        response = page.request.get(urljoin(page.url, href))
        assert response.ok, f"{href}: {response.status}"
        assert response.headers["content-type"] == "application/pdf", response.headers["content-type"]
        if not response.headers.get("content-disposition", "").startswith("attachment"):
            return pdf_bytes_text(response.body())
    with page.expect_download() as info:
        locator.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    return pdf_text(download)


def screenshot(page, name: str) -> None:
    """docs/screenshots/<name>.png of the viewport (E2E_SCREENSHOTS=0 turns it off)."""
    if os.environ.get("E2E_SCREENSHOTS", "1") == "0":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def switch_user(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log out (cookies cleared) and log in as someone else through the login page."""
    page.context.clear_cookies()
    login(page, live_server, username, password)


@pytest.fixture
def demo_ward(transactional_db):
    """The demo register of phường Hương Xuân at a small scale, its demo users, and the shipped legal profiles
    (the transactional test database is emptied between tests, data migrations included)."""
    from django.apps import apps

    from residents import demo

    migration = importlib.import_module("elections.migrations.0003_legal_profiles")
    migration.create_profiles(apps, None)
    demo.load(stdout=io.StringIO(), households_scale=HOUSEHOLDS_SCALE)
    from residents.models import Ward

    return Ward.objects.get(name="Hương Xuân")


# Group 06 (395 households at full size) has 8 at this scale: quorum at 5 present.
HOUSEHOLDS_SCALE = 0.02
