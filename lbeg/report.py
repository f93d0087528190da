"""The "Report a problem with this page" link: a new issue on the guide's
repository with the page's title and address filled in, or an email."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

LINK_TEXT = "Report a problem with this page"

# The "page not found" page serves every missing address, so its link is made with
# this in place of the address; assets/lbeg/report.js puts the real one in.
UNKNOWN_ADDRESS = "the address you tried to open"
NOT_FOUND_TITLE = "Page not found"


@dataclass(frozen=True)
class ReportLinks:
    issue: str | None
    email: str | None


def _message(title: str, url: str) -> tuple[str, str]:
    subject = f"Problem on the page: {title}"
    body = (
        f"Page: {title}\nAddress: {url}\n\n"
        "What is wrong, and what should it say?\n\n\n"
        "Please do not give details of your own health: this report can be read by anyone.\n"
    )
    return subject, body


def report_links(settings: dict, title: str, url: str) -> ReportLinks:
    """The links for one page, from mkdocs.yml's extra.report (repository, email)."""
    subject, body = _message(title, url)
    repository = (settings.get("repository") or "").rstrip("/")
    email = settings.get("email") or ""
    if not repository and not email:
        raise ValueError("extra.report in mkdocs.yml needs a repository address or an email address")
    issue = f"{repository}/issues/new?" + urlencode({"title": subject, "body": body}, quote_via=quote)
    mail = f"mailto:{email}?" + urlencode({"subject": subject, "body": body}, quote_via=quote)
    return ReportLinks(issue if repository else None, mail if email else None)
