"""Known XSS payloads stored in announcements and in every text field of partner records render as text:
on every public page, in the admin and in the API; in Chromium no payload runs."""

import json
from html.parser import HTMLParser

import pytest
from django.db import models

from agreements.models import Agreement, AgreementParty, Announcement, Event
from partners.models import Affiliation, City, Organization, Person

# From the OWASP XSS filter evasion cheat sheet and common scanner lists: tags, attributes, URLs, encodings.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x:alert(alt) onerror=eval(src) alt=xss>",
    '"><img src=x onerror=alert(1)>',
    "'><script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    "<keygen onfocus=alert(1) autofocus>",
    '<video><source onerror="alert(1)">',
    "<audio src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<object data="javascript:alert(1)">',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>@import'//xss.example/x.css';</style>",
    "<link rel=stylesheet href=//xss.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="//xss.example/">',
    '<div style="background:url(javascript:alert(1))">',
    '<div style="width: expression(alert(1))">',
    '<table background="javascript:alert(1)">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "{{7*7}}<script>alert(1)</script>",
    "${alert(1)}<img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<x contenteditable onblur=alert(1)>lose focus!",
    "<a id=x tabindex=1 onfocusin=alert(1)></a>",
]


class _Danger(HTMLParser):
    """Finds what could run in a page: script elements with inline code, on* attributes, javascript: URLs,
    frames, objects, embeds, base, meta refresh."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.in_script = "src" not in attributes
        if tag in ("iframe", "object", "embed", "base", "frame", "applet"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            url = "".join((value or "").split()).lower()
            if name in ("href", "src", "action", "formaction", "data", "background") and url.startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip() and "alert" in data:
            self.found.append("inline <script> with a payload")


def dangers_in(html):
    parser = _Danger()
    parser.feed(html)
    return parser.found


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, models.SlugField)
        and field.editable
        and not field.choices
    ]


def fill(model, payloads, **fixed):
    """A record of `model` whose every free-text field holds a payload (the next ones of `payloads`)."""
    values = {field.name: next(payloads)[: field.max_length or None] for field in text_fields(model)}
    values.update(fixed)
    return model.objects.create(**values)


def make_payload_records():
    payloads = iter(PAYLOADS * 4)
    announcement = Announcement.objects.create(
        title="xss-announcement",
        slug="xss-announcement",
        body="Payloads:\n" + "\n".join(PAYLOADS) + "\nZTE and Yinchuan.",
    )
    city = fill(City, payloads, slug="xss-city")
    organization = fill(Organization, payloads, slug="xss-organization", city=city, website="javascript:alert(1)")
    person = fill(Person, payloads, slug="xss-person")
    fill(Affiliation, payloads, person=person, organization=organization)
    for record in (city, organization, person):
        record.aliases.create(name=next(payloads))
    agreement = fill(Agreement, payloads, slug="xss-agreement", signed_in=city)
    AgreementParty.objects.create(agreement=agreement, organization=organization, role="signatory")
    event = fill(Event, payloads, slug="xss-event", city=city)
    for record in (city, organization, person, agreement, event):  # shown as "no source yet", and listed
        record.mark_unsourced([name for group in record.stated_by.values() for name in group])
    return {
        "announcement": announcement,
        "city": city,
        "organization": organization,
        "person": person,
        "agreement": agreement,
        "event": event,
    }


@pytest.fixture
def payload_records(seeded):
    return make_payload_records()


def public_pages(records):
    return [
        "/",
        "/agreements/",
        f"/agreements/?party={records['organization'].slug}",
        "/agreements/feed/",
        *(record.get_absolute_url() for record in records.values()),
        "/organizations/",
        "/cities/",
        "/people/",
        "/events/",
        "/announcements/",
        "/timeline/",
        "/network/",
        f"/search/?q={PAYLOADS[0]}",
        "/search/?q=alert",
        f"/agreements/?q={PAYLOADS[2]}",
    ]


def test_public_pages_show_every_payload_as_text(payload_records, visitor):
    for url in public_pages(payload_records):
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert dangers_in(response.content.decode()) == [], url
    organization_page = visitor.get(payload_records["organization"].get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in organization_page or "&lt;img src=x" in organization_page


def test_admin_pages_show_every_payload_as_text(payload_records, admin_client):
    unsourced_facts = admin_client.get("/admin/core/unsourcedfact/")
    assert unsourced_facts.status_code == 200 and dangers_in(unsourced_facts.content.decode()) == []
    for record in payload_records.values():
        opts = record._meta
        for url in (
            f"/admin/{opts.app_label}/{opts.model_name}/",
            f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/change/",
            f"/admin/{opts.app_label}/{opts.model_name}/{record.pk}/history/",
        ):
            response = admin_client.get(url)
            assert response.status_code == 200, url
            assert dangers_in(response.content.decode()) == [], url


def test_the_api_returns_payloads_as_json_strings(payload_records, api):
    for url in ("/api/organizations/xss-organization/", "/api/agreements/xss-agreement/", "/api/search/?q=alert"):
        response = api.get(url)
        assert response["Content-Type"].startswith("application/json")
        json.loads(response.content)  # well-formed: every payload is inside a string
    browsable = api.get("/api/organizations/xss-organization/", HTTP_ACCEPT="text/html")
    assert dangers_in(browsable.content.decode()) == []


def test_the_checker_finds_what_would_run():
    assert dangers_in("<p>" + PAYLOADS[2] + "</p>") == ["<img onerror>"]
    assert dangers_in(PAYLOADS[0]) == ["inline <script> with a payload"]
    assert dangers_in('<a href=" javascript:alert(1)">x</a>') == ["<a href=javascript:>"]
    assert len(PAYLOADS) >= 50


@pytest.mark.browser
def test_no_payload_runs_in_chromium(seeded_live, page):
    payload_records = make_payload_records()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in public_pages(payload_records):
        page.goto(url)
        page.keyboard.press("Tab")  # an autofocus or focus payload would fire now
    assert dialogs == []
