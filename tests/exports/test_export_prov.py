"""`crisis export prov CLAIM`: the seed's 10,000-troop claim read back with prov's own
deserializer and compared with its provenance graph written here by hand from the article.
"""

from __future__ import annotations

from exporting import ANALYST, CORRECTION, FOLLOWUP, MARKUP, RECORDED_AT, SEED_TEXT, load, ok, run
from prov.model import PROV, Namespace, ProvDocument

from crisis_timeline.fixtures import fact_id

SOURCE = "reuters-2021-12-30-biden-putin-second-call"
SHA256 = (
    "8f0c54faee456e4d4e3abf68b7548042c6cfd690d4b0a697686a72e19cb331b6"  # fixtures/sources/README.md
)
C = Namespace("crisis", "urn:crisis-timeline:")
STATEMENT = "Russia would be pulling back about 10,000 troops from its border with Ukraine."
REPORT = (
    "a report over the weekend that Russia would be pulling back about 10,000 troops "
    "from its border with Ukraine"
)
DISPUTE = (
    "Other U.S. officials said that despite a report over the weekend that Russia would be "
    "pulling back about 10,000 troops from its border with Ukraine, they had seen little "
    "evidence to support that so far."
)


def span(quote: str) -> tuple[int, int]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    start = text.index(quote)
    assert text.count(quote) == 1
    return start, start + len(quote)


def expected_graph() -> ProvDocument:
    doc = ProvDocument()
    doc.add_namespace(C)
    made, disputed = (
        f"event/{fact_id(SOURCE, k)}"
        for k in (
            "weekend-report-russia-pulling-back-troops",
            "us-officials-see-little-evidence-of-pullback",
        )
    )
    claim = doc.entity(
        C["claim/russia-pulling-back-10000-troops"],
        {
            PROV["type"]: C["Claim"],
            PROV["label"]: STATEMENT,
            C["modality"]: "assertion",
            C["status"]: "disputed",
        },
    )
    source = doc.entity(
        C[f"source/{SOURCE}"],
        {
            PROV["type"]: C["Source"],
            PROV["label"]: "Biden, Putin to hold second call this month as Ukraine tensions simmer",
            C["publisher"]: "Reuters",
            C["sha256"]: SHA256,
            C["published"]: "2021-12-30",
        },
    )
    officials = doc.agent(C["actor/other-us-officials"], {PROV["label"]: "Other U.S. officials"})
    analyst = doc.agent(
        C[f"analyst/{ANALYST}"], {PROV["type"]: PROV["Person"], PROV["label"]: ANALYST}
    )
    recording = doc.activity(
        C["recording/1"],
        RECORDED_AT,
        RECORDED_AT,
        {C["recorded_at"]: "2026-01-02T03:04:05.123456Z"},
    )
    doc.wasAssociatedWith(recording, analyst)

    report = doc.entity(
        C[f"quote/{fact_id(SOURCE, 'weekend-report-russia-pulling-back-troops')}/1"],
        {
            PROV["value"]: REPORT,
            C["attribution"]: "unattributed",
            C["span_start"]: span(REPORT)[0],
            C["span_end"]: span(REPORT)[1],
            C["source_sha256"]: SHA256,
        },
    )
    doc.wasQuotedFrom(report, source)
    made_event = doc.entity(
        C[made],
        {
            PROV["type"]: C["ClaimMade"],
            C["reported"]: "2021-12-30",
            C["occurred"]: "2021-12-25/2021-12-26",
            PROV["label"]: STATEMENT,
        },
    )
    doc.wasGeneratedBy(made_event, recording)
    doc.wasAttributedTo(made_event, analyst, other_attributes={C["role"]: "recorded_by"})
    doc.wasDerivedFrom(made_event, report)
    doc.wasDerivedFrom(claim, made_event)

    dispute_quote = doc.entity(
        C[f"quote/{fact_id(SOURCE, 'us-officials-see-little-evidence-of-pullback')}/1"],
        {
            PROV["value"]: DISPUTE,
            C["attribution"]: "anonymous",
            C["span_start"]: span(DISPUTE)[0],
            C["span_end"]: span(DISPUTE)[1],
            C["source_sha256"]: SHA256,
        },
    )
    doc.wasQuotedFrom(dispute_quote, source)
    doc.wasAttributedTo(dispute_quote, officials, other_attributes={C["attribution"]: "anonymous"})
    dispute = doc.entity(
        C[disputed],
        {
            PROV["type"]: C["ClaimDisputed"],
            C["reported"]: "2021-12-30",
            PROV["label"]: "They had seen little evidence to support that so far.",
        },
    )
    doc.wasGeneratedBy(dispute, recording)
    doc.wasAttributedTo(dispute, analyst, other_attributes={C["role"]: "recorded_by"})
    doc.wasAttributedTo(dispute, officials, other_attributes={C["role"]: "by"})
    doc.wasDerivedFrom(dispute, dispute_quote)
    doc.wasDerivedFrom(dispute, claim, other_attributes={PROV["type"]: C["disputes"]})
    return doc


def test_the_troop_claims_provenance_is_the_graph_written_by_hand(seeded: str) -> None:
    out = ok(
        run(
            [
                "--db",
                seeded,
                "export",
                "prov",
                "claim/russia-pulling-back-10000-troops",
                "--as-of",
                "2021-12-30",
            ]
        )
    )
    found = ProvDocument.deserialize(content=out, format="json")
    expected = expected_graph()
    assert found == expected, found.get_provn()


def test_the_prefix_may_be_left_out_and_the_answer_follows_the_as_of_time(seeded: str) -> None:
    bare = ok(run(["--db", seeded, "export", "prov", "russia-pulling-back-10000-troops"]))
    assert ProvDocument.deserialize(content=bare, format="json") == expected_graph()
    result = run(
        [
            "--db",
            seeded,
            "export",
            "prov",
            "russia-pulling-back-10000-troops",
            "--as-of",
            "2021-12-29",
        ]
    )
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr
        == "Error: no claim 'claim/russia-pulling-back-10000-troops' known at that time\n"
    )


def test_a_dispute_and_a_correction_from_a_later_source_are_derivations(
    db_url: str, pinned_clock: None
) -> None:
    load(db_url, MARKUP, FOLLOWUP, CORRECTION)
    out = ok(
        run(["--db", db_url, "export", "prov", "claim/test-talks-soon", "--as-of", "2022-01-21"])
    )
    doc = ProvDocument.deserialize(content=out, format="json")
    made, disputed, corrected = (
        C[f"event/{fact_id(source, key)}"]
        for source, key in (
            ("test-markup-2022-01-05", "envoy-says-talks-soon"),
            ("test-followup-2022-01-20", "spokesman-disputes-talks"),
            ("test-correction-2022-01-21", "talks-claim-corrected"),
        )
    )
    claim = C["claim/test-talks-soon"]
    derivations = {
        (
            str(r.get_attribute(PROV["generatedEntity"]).pop()),
            str(r.get_attribute(PROV["usedEntity"]).pop()),
            ",".join(sorted(str(t) for t in r.get_attribute(PROV["type"]))),
        )
        for r in doc.get_records()
        if r.get_type() == PROV["Derivation"]
    }
    between_events = {
        d for d in derivations if "quote/" not in d[1] and not d[2].endswith("Quotation")
    }
    assert between_events == {
        (str(claim), str(made), ""),  # the claim comes from the event that made it
        (str(disputed), str(claim), "crisis:disputes"),
        (str(corrected), str(made), "crisis:corrects"),
    }
    (claim_record,) = doc.get_record(claim)
    assert set(map(str, claim_record.get_attribute(PROV["label"]))) == {"Talks after lunch"}
    (recording,) = [
        r for r in doc.get_records() if r.get_type() == PROV["Activity"]
    ]  # both loads at the pinned clock: one recording
    assert str(recording.identifier) == "crisis:recording/1"
