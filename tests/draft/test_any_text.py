"""Whatever the text, a draft loads as it stands or the input is refused in one line: no crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from crisis_timeline.draft.extract import DraftError
from crisis_timeline.draft.run import draft_file

PIECES = [
    "Putin",
    "Biden",
    "Russian President Vladimir Putin",
    "U.S. officials",
    "the Kremlin",
    "Moscow",
    "said",
    "said on Tuesday",
    "according to a senior official",
    "told reporters",
    "denies",
    "wants",
    "rejects the demands",
    "will meet",
    "held talks",
    "a call",
    "the call",
    "on Thursday",
    "over the weekend",
    "in the past two months",
    "at 3:30 p.m. ET (2030 GMT)",
    "at 11 p.m. PT",
    "Jan. 10",
    "next month",
    "in 2014",
    "since 1999",
    "tens of thousands of troops",
    "about 10,000 troops",
    "at least 40 people",
    "were killed",
    "a report that",
    "which the White House said was requested by Putin",
    "“",
    "”",
    '"',
    ",",
    ".",
    ";",
    "(",
    ")",
    "-",
    "\u00a0",
    "é",
    "\u2028",
    "FILE PHOTO:",
    "REUTERS",
    "GENEVA (Example Wire) -",
]
texts = st.lists(
    st.sampled_from(PIECES) | st.text(min_size=1, max_size=8), min_size=1, max_size=40
).map(" ".join)


@given(paragraphs=st.lists(texts, min_size=1, max_size=5))
def test_any_text_drafts_or_is_refused(tmp_path_factory: object, paragraphs: list[str]) -> None:
    tmp = Path(getattr(tmp_path_factory, "mktemp")("any"))
    source = tmp / "article.txt"
    source.write_text("\n\n".join(paragraphs), encoding="utf-8", errors="surrogatepass")
    try:
        draft_file(source, tmp / "draft.yaml", published="2021-12-30")
    except DraftError as e:
        assert "\n" not in str(e)
        assert "would not load" not in str(e), str(e)
        assert not (tmp / "draft.yaml").exists()
