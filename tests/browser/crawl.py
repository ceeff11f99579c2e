"""A bounded same-origin crawler that audits every page it reaches.

For each HTML page: axe-core (violations of impact "serious" or "critical" are failures), a
non-empty specific <title>, exactly one <h1>, the expected html lang, a meta description on Wagtail
pages, no sideways scrolling at 320 px, no console error (CSP refusals included) and no failed
sub-resource.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

BLOCKING_IMPACTS = {"serious", "critical"}
REFLOW_WIDTH = 320
SKIPPED_PREFIXES = ("/admin/", "/documents/", "/media/", "/static/", "/i18n/", "/django-admin/")
SKIPPED_SUFFIXES = (".pdf", ".json", ".xml", ".txt", ".csv", ".zip", ".odt", ".ods", ".docx")
# Report links lead an anonymous visitor to the sign-in page only, one address per contribution:
# the signed-in audit checks the report form itself.
SKIPPED_WORDS = ("logout", "/download/", "/signaler/")

PAGE_FACTS = """() => ({
    title: document.title,
    lang: document.documentElement.getAttribute("lang"),
    h1: Array.from(document.querySelectorAll("h1")).map(h => h.innerText.trim()),
    description: (document.querySelector('meta[name="description"]') || {}).content || null,
    links: Array.from(document.querySelectorAll("a[href]"))
        .filter(a => !a.hasAttribute("download"))
        .map(a => a.href),
})"""


# The page's width, and the first texts that stick out of the viewport (the likely culprits).
OVERFLOW = """width => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const culprits = [];
    while (walker.nextNode() && culprits.length < 3) {
        range.selectNodeContents(walker.currentNode);
        const text = walker.currentNode.textContent.trim();
        if (text && range.getBoundingClientRect().right > width + 0.5) {
            culprits.push(walker.currentNode.parentElement.outerHTML.slice(0, 150));
        }
    }
    return {scroll_width: document.documentElement.scrollWidth, culprits};
}"""


def normalise(url):
    """The crawl's identity of a URL: no fragment, and '/' for an empty path."""
    url, _fragment = urldefrag(url)
    parts = urlsplit(url)
    return parts._replace(path=parts.path or "/").geturl()


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class PageReport:
    url: str
    status: int | None = None
    referrer: str | None = None
    blocking: list = field(default_factory=list)
    minor: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def failed(self):
        return bool(self.blocking or self.problems)


@dataclass
class Crawl:
    """Visit start URLs, then the links they hold that `follow(url)` accepts, up to `limit` pages.

    `wagtail_urls` are the public URLs of live Wagtail pages: those must carry a meta description.
    `expected_status` maps a URL to the status it should answer (404 for the not-found page).
    Pages that fail are saved as screenshots in the `screenshots` folder, if given.
    """

    context: object
    origins: set
    lang: str
    wagtail_urls: set = field(default_factory=set)
    follow: object = None
    limit: int = 200
    expected_status: dict = field(default_factory=dict)
    screenshots: Path | None = None
    reports: list = field(default_factory=list)
    truncated: bool = False

    def run(self, start_urls):
        for stale in self.screenshots.glob("*.png") if self.screenshots else ():
            stale.unlink()
        axe = Axe()
        page = self.context.new_page()
        console_errors, failed_requests = [], []
        page.on("console", lambda message: self._console(message, console_errors))
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and response.request.resource_type != "document"
                and failed_requests.append(f"{response.status} {response.url}")
            ),
        )
        page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))

        queue = deque((normalise(url), None) for url in start_urls)
        queued = {url for url, _referrer in queue}
        audited = set()
        while queue:
            url, referrer = queue.popleft()
            if len(self.reports) >= self.limit:
                self.truncated = True
                break
            console_errors.clear()
            failed_requests.clear()
            report = PageReport(url=url, referrer=referrer)
            try:
                response = page.goto(url, wait_until="load")
            except PlaywrightError as error:
                if "Download is starting" in str(error):  # a file behind a plain link
                    continue
                raise
            report.status = response.status if response else None
            final_url = normalise(page.url)
            expected = self.expected_status.get(url, 200)
            if report.status != expected:
                report.problems.append(
                    f"answered HTTP {report.status} (expected {expected})"
                    + (f", linked from {referrer}" if referrer else "")
                )
            content_type = response.headers.get("content-type", "") if response else ""
            if final_url in audited or origin(final_url) not in self.origins:
                if report.problems:
                    self.reports.append(report)
                continue
            audited.add(final_url)
            if final_url != url:
                report.url = f"{url} -> {final_url}"
            if "text/html" not in content_type:
                continue

            wagtail_page = final_url in self.wagtail_urls
            links = audit(page, report, lang=self.lang, wagtail_page=wagtail_page, axe=axe)
            check_reflow(page, report)
            report.problems += [f"console error: {text}" for text in console_errors]
            report.problems += [f"failed sub-resource: {text}" for text in failed_requests]
            self.reports.append(report)
            if report.failed and self.screenshots:
                self._screenshot(page, final_url)

            for link in links:
                target = normalise(urljoin(final_url, link))
                if target not in queued and self._should_follow(target):
                    queued.add(target)
                    queue.append((target, final_url))
        page.close()
        return self.reports

    def _screenshot(self, page, url):
        parts = urlsplit(url)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{parts.hostname}{parts.path}").strip("_")
        self.screenshots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=self.screenshots / f"{name}.png", full_page=True)

    @staticmethod
    def _console(message, errors):
        # Chromium also logs every HTTP error as "Failed to load resource"; the response handler
        # reports those for sub-resources, and the document's own status is checked separately.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def _should_follow(self, url):
        parts = urlsplit(url)
        path = parts.path.lower()
        if parts.scheme not in ("http", "https") or origin(url) not in self.origins:
            return False
        if parts.query:  # ?next=... on sign-in links, filters, downloads: the bare page is seeded
            return False
        if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
            return False
        if any(word in path for word in SKIPPED_WORDS):
            return False
        return self.follow is None or self.follow(url)


def audit(page, report, *, lang, wagtail_page=False, axe=None):
    """Audit the page as it stands into `report`; returns the links the page holds."""
    facts = page.evaluate(PAGE_FACTS)
    title = (facts["title"] or "").strip()
    # base.html writes "<page title> · <site name>": an empty block leaves only "· <site name>".
    if not title or title.startswith("·"):
        report.problems.append(f"<title> lacks the page's own title: {title!r}")
    if len(facts["h1"]) != 1:
        report.problems.append(
            f"expected exactly one <h1>, found {len(facts['h1'])}: {facts['h1']}"
        )
    elif not facts["h1"][0]:
        report.problems.append("the <h1> is empty")
    if facts["lang"] != lang:
        report.problems.append(f'<html lang="{facts["lang"]}">, expected "{lang}"')
    if wagtail_page and not (facts["description"] or "").strip():
        report.problems.append('Wagtail page without <meta name="description">')
    for violation in (axe or Axe()).run(page).response["violations"]:
        entry = {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "help_url": violation["helpUrl"],
            "targets": [", ".join(map(str, node["target"])) for node in violation["nodes"]],
            "html": [node["html"][:200] for node in violation["nodes"]],
        }
        (report.blocking if violation["impact"] in BLOCKING_IMPACTS else report.minor).append(entry)
    return facts["links"]


def check_reflow(page, report, *, width=REFLOW_WIDTH):
    """WCAG 1.4.10: at 320 CSS pixels wide the page must not scroll sideways."""
    viewport = page.viewport_size
    if viewport["width"] != width:
        page.set_viewport_size({"width": width, "height": viewport["height"]})
    try:
        overflow = page.evaluate(OVERFLOW, width)
    finally:
        if viewport["width"] != width:
            page.set_viewport_size(viewport)
    if overflow["scroll_width"] > width:
        report.problems.append(
            f"scrolls sideways at {width} px wide (page is {overflow['scroll_width']} px);"
            f" text beyond the edge: {overflow['culprits']}"
        )


def format_reports(reports, *, include_minor=False):
    lines = []
    for report in reports:
        violations = report.blocking + (report.minor if include_minor else [])
        if not (violations or report.problems):
            continue
        lines.append(f"\n{report.url}")
        for problem in report.problems:
            lines.append(f"  - {problem}")
        for violation in violations:
            lines.append(
                f"  - axe {violation['rule']} ({violation['impact']}): {violation['help']}"
                f" <{violation['help_url']}>"
            )
            for target, html in list(zip(violation["targets"], violation["html"], strict=True))[:8]:
                lines.append(f"      at {target}: {html}")
            if len(violation["targets"]) > 8:
                lines.append(f"      ... and {len(violation['targets']) - 8} more elements")
    return "\n".join(lines)


def raise_for_failures(reports, heading):
    """Fail with the readable report only (no dataclass dump from pytest's assertion rewriting)."""
    __tracebackhide__ = True
    failed = [report for report in reports if report.failed]
    if failed:
        raise AssertionError(
            f"{heading}: {len(failed)} of {len(reports)} pages fail" + format_reports(failed)
        )
