"""Markdown of the knowledge base and the meetings, rendered to HTML that is safe to show.

Two layers, both maintained libraries:
- markdown-it-py (CommonMark) turns Markdown into HTML with raw HTML switched off (a `<script>`
  in the text becomes text) and its own link check (no `javascript:`, `vbscript:`, `file:`,
  `data:` links);
- nh3 (the Rust sanitiser ammonia) then keeps only the tags and attributes listed here:
  no script or style, no event handler (`on...`), no `style=""` (the Content-Security-Policy
  refuses it anyway), links only to http, https, mailto or a relative address, and every link
  gets rel="noopener noreferrer".

The services render once, when an article or a meeting is saved, and store the sanitised HTML
next to the Markdown; pages show the stored HTML. `render` is the one function that may mark
HTML as safe for the templates.
"""

import html

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"

# CommonMark with tables and strikethrough; raw HTML in the text is shown as text.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])


def sanitise(untrusted_html: str) -> str:
    """Any HTML reduced to what the knowledge base shows (see the module's docstring)."""
    return nh3.clean(
        untrusted_html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def to_html(text: str) -> str:
    """Markdown -> sanitised HTML (a string to store; show it with `render`'s mark)."""
    return sanitise(_markdown.render(text or ""))


def to_plain_text(text: str) -> str:
    """The words of a Markdown text without any markup: what search reads and highlights."""
    words = nh3.clean(_markdown.render(text or ""), tags=set(), clean_content_tags={
        "script", "style"})
    return " ".join(html.unescape(words).split())


def render(text: str) -> SafeString:
    """Markdown rendered and sanitised, marked safe for a template (the preview)."""
    return mark_safe(to_html(text))  # noqa: S308 - sanitised by nh3 just now


def stored(sanitised_html: str) -> SafeString:
    """HTML that `to_html` produced when it was saved, marked safe for a template.

    It is sanitised once more on the way out: cheap, and a row written by hand in the database
    (or by an older version of the rules) cannot bring a script into a page.
    """
    return mark_safe(sanitise(sanitised_html or ""))  # noqa: S308 - sanitised by nh3 just now
