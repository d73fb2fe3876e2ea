"""User-written Markdown turned into HTML that is safe to show.

Text is stored as written; the HTML is rendered with markdown-it-py (CommonMark with tables) and
then cleaned with nh3 (an allow-list: no scripts, no event handlers, no style, links forced to
rel="nofollow noopener"). Services call `render_markdown` when they save, and templates show the
stored HTML.

What rendering costs is bounded, whatever a person types. Python-Markdown, used before, looked for a
link's end from every `[` (10 s for 10,000 of them, quadratic), took seconds over `<a ` repeated,
and overflowed Python's stack on a few thousand nested list markers. markdown-it-py parses in
linear time with a nesting limit (under a second at worst for 20,000 characters), raw HTML is
left to nh3's allow-list as before, and every text field has a length limit (a model validator; a test
checks that none is without). The renderer itself takes at most `MAX_MARKDOWN_CHARS` and shows
anything longer as plain text.
"""

import nh3
from django.utils.html import escape, linebreaks
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
MAX_MARKDOWN_CHARS = 50_000

_parser = MarkdownIt("commonmark", {"html": True, "maxNesting": 20}).enable("table")


def render_markdown(text: str) -> str:
    text = text or ""
    if len(text) > MAX_MARKDOWN_CHARS:  # longer than any field takes: shown, never parsed
        return linebreaks(escape(text))
    return nh3.clean(
        _parser.render(text).strip(),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
