"""Reading a page with form errors: the error summary's links, the ids and aria-describedby of the
page, for the tests of forms of every app."""

from html.parser import HTMLParser


class FormPage(HTMLParser):
    def __init__(self, content: str):
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[str] = []
        self.summary_links: list[str] = []
        self._in_summary = 0
        self.text = content
        self.feed(content)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self.described_by += (attrs.get("aria-describedby") or "").split()
        if tag == "div" and (self._in_summary or attrs.get("id") == "error-summary"):
            self._in_summary += 1  # counts the open divs of the summary
        elif self._in_summary and tag == "a":
            self.summary_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "div" and self._in_summary:
            self._in_summary -= 1


def check_error_page(content: str) -> FormPage:
    """The page, once checked: a summary whose links reach fields, descriptions that exist."""
    page = FormPage(content)
    assert page.summary_links, "no error summary"
    assert all(link.startswith("#") for link in page.summary_links)
    assert {link[1:] for link in page.summary_links} <= page.ids
    assert set(page.described_by) <= page.ids
    return page
