"""Submitting admin forms as a browser would: every field of the rendered form, as it stands."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # By default the admin's change form, whose id is "<model>_form".
            form_id = attrs.get("id") or ""
            self.inside = form_id == self.form_id if self.form_id else form_id.endswith("_form")
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data.removeprefix("\n") if not self.data[self.textarea][0] else data


def form_fields(html, form_id=None):
    """The values a browser would send from the admin's change form (or the form with `form_id`)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}


def submit(client, url, changes=None, form_id=None):
    """GET an admin form page, change some fields, POST it back; returns the response."""
    data = form_fields(client.get(url).content.decode(), form_id)
    data.update(changes or {})
    data = {name: value for name, value in data.items() if value != []}
    return client.post(url, data)
