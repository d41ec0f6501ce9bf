"""The HTML check of every page a browser journey visits.

It reads the HTML as the server sent it, not the browser's DOM: a browser silently repairs a
form inside a form (it drops the inner `<form>` tag and lets the inner `</form>` close the
outer one), so the DOM would hide exactly the mistake that broke the checklist page.

Problems found:
- a `<form>` opened inside another `<form>`;
- an `id` used twice;
- a `<label for="x">` where no labelable element (input, select, textarea, button, meter,
  output, progress) has the id `x`.
"""

from html.parser import HTMLParser

LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.open_forms: list[int] = []  # line numbers of the forms that are open
        self.ids: dict[str, int] = {}
        self.labelable_ids: set[str] = set()
        self.label_targets: list[tuple[str, int]] = []
        # Inside <template> or <script>, markup is not part of the page (yet).
        self.inert_depth = 0

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag == "template":
            self.inert_depth += 1
        if self.inert_depth:
            return
        attributes = dict(attrs)
        element_id = attributes.get("id")
        if element_id is not None:
            if element_id in self.ids:
                self.problems.append(
                    f"line {line}: duplicate id {element_id!r} (first on line "
                    f"{self.ids[element_id]})"
                )
            else:
                self.ids[element_id] = line
            if tag in LABELABLE and attributes.get("type") != "hidden":
                self.labelable_ids.add(element_id)
        if tag == "label" and attributes.get("for"):
            self.label_targets.append((attributes["for"], line))
        if tag == "form":
            if self.open_forms:
                self.problems.append(
                    f"line {line}: a form inside the form of line {self.open_forms[-1]}"
                )
            self.open_forms.append(line)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "form" and not self.inert_depth:
            self.open_forms.pop()

    def handle_endtag(self, tag):
        if tag == "template":
            self.inert_depth = max(0, self.inert_depth - 1)
            return
        if self.inert_depth:
            return
        if tag == "form" and self.open_forms:
            self.open_forms.pop()

    def close(self):
        super().close()
        for target, line in self.label_targets:
            if target not in self.labelable_ids:
                self.problems.append(
                    f"line {line}: <label for={target!r}> points at no input with that id"
                )


def html_problems(html: str) -> list[str]:
    """Every problem of one HTML document, each with its line; empty when it is sound."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems
