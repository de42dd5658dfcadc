"""Text from sources is data: a quote holding <script>, '"', a newline, ';', ',' and '&' comes
out of every format escaped, and each format's own parser gives back the same words.

The words below are copied by hand from tests/exports/data/markup.txt."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import vobject
from exporting import FOLLOWUP, MARKUP, load, ok, run
from prov.model import PROV, ProvDocument

QUOTE = (
    'The envoy said "talks; soon, maybe" <script>alert(1)</script>\nafter lunch, in Geneva & Bern.'
)
STATEMENT = "Talks; soon, maybe <script>alert(1)</script>"
TITLE = 'Talks in "Geneva; Bern, <b>or</b> both"'
AT = ["--as-of", "2022-01-10"]


class Text(HTMLParser):
    """The text an HTML fragment shows, and the tags it holds."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.tags = "", []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)
        self.text += "\n" if tag == "br" else ""

    def handle_data(self, data: str) -> None:
        self.text += data


def exported(db_url: str, *args: str) -> str:
    return ok(run(["--db", db_url, "export", *args, *AT]))


def test_ics(db_url: str, pinned_clock: None) -> None:
    load(db_url, MARKUP, FOLLOWUP)
    (talks,) = vobject.readOne(exported(db_url, "ics")).vevent_list
    assert talks.summary.value == TITLE
    assert talks.location.value == "Geneva; Bern, <b>or</b> both"
    description = talks.description.value
    assert f'- “{QUOTE}” (anonymous, the "envoy" <i>of</i> Ruritania (actor/envoy))' in description
    assert "Agenda: talks; soon, maybe <script>alert(1)</script>" in description.splitlines()


def test_timelinejs_json_and_csv(db_url: str, pinned_clock: None) -> None:
    load(db_url, MARKUP, FOLLOWUP)
    slides = json.loads(exported(db_url, "timelinejs"))["events"]
    table = list(csv.DictReader(io.StringIO(exported(db_url, "timelinejs-csv"))))
    claim = next(s for s in slides if s["group"] == "claim")
    row = next(r for r in table if r["Group"] == "claim")
    for headline, text in (
        (claim["text"]["headline"], claim["text"]["text"]),
        (row["Headline"], row["Text"]),
    ):
        assert Text(headline).text == STATEMENT and Text(headline).tags == []
        shown = Text(text)
        assert f"“{QUOTE}”" in shown.text
        assert set(shown.tags) == {
            "p",
            "br",
        }  # the markup is the export's own, none from the source
        assert "<script>" not in text
    talks = next(s for s in slides if s["text"]["headline"].startswith("Talks in"))
    assert Text(talks["text"]["headline"]).text == TITLE


def test_prov(db_url: str, pinned_clock: None) -> None:
    load(db_url, MARKUP, FOLLOWUP)
    doc = ProvDocument.deserialize(
        content=exported(db_url, "prov", "claim/test-talks-soon"), format="json"
    )
    values = {str(v) for record in doc.get_records() for v in record.get_attribute(PROV["value"])}
    assert values == {QUOTE}
    labels = {str(v) for record in doc.get_records() for v in record.get_attribute(PROV["label"])}
    assert STATEMENT in labels and 'Envoy says "talks; soon, maybe"' in labels


def test_plover_and_csv(db_url: str, pinned_clock: None) -> None:
    load(db_url, MARKUP, FOLLOWUP)
    (record,) = [json.loads(line) for line in exported(db_url, "plover").splitlines()]
    assert (record["text"], record["mode"], record["event"]) == (
        QUOTE,
        ["in person; maybe"],
        ["CONSULT"],
    )
    assert record["actor"] == [
        {"entity_text": 'the "envoy" <i>of</i> Ruritania', "actor_id": "actor/envoy"}
    ]
    (claim,) = csv.DictReader(io.StringIO(exported(db_url, "csv", "claims")))
    assert claim["statement"] == STATEMENT
