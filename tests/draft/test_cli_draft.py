"""`crisis draft` and `crisis load --accept-draft` through the command line: bad input is one line,
exit 1 and nothing written; a draft loads only once reviewed or accepted as it stands."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from crisis_timeline.cli.main import cli

SEED_TEXT = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "sources"
    / "reuters-2021-12-30-biden-putin-second-call.txt"
)
ARTICLE = "Ministers will meet in Geneva on Monday, the Swiss foreign ministry said on Tuesday.\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(
        cli, list(args), prog_name="crisis", env={"CRISIS_DB": None, "CRISIS_ANALYST": None}
    )


def one_error(result: Result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", (), "empty file"),
        (b" \n\n", (), "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", (), "a binary file, not text or HTML"),
        (
            "Le ministre a dit non, très clairement, mardi.".encode("latin-1"),
            ("--published", "2021-12-30"),
            "not UTF-8 text (byte 0xe8 at offset 25); convert it first, e.g. iconv -t UTF-8",
        ),
        (
            b"<html><head><title>Home</title></head>"
            b"<body><nav><a href='/'>Home</a></nav></body></html>",
            (),
            "HTML page with no article text (no line of 5 words or more)",
        ),
        (
            ARTICLE.encode(),
            ("--published", "Tuesday"),
            "--published: not a partial time: 'Tuesday' "
            "(give a date such as 2021-12-30 or a time such as 2021-12-30T19:57Z)",
        ),
        (
            ARTICLE.encode(),
            (),
            "no publication time in the file; give --published (e.g. --published 2021-12-30)",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, content: bytes, args: tuple[str, ...], message: str
) -> None:
    source = tmp_path / "in" / "article.txt"
    source.parent.mkdir()
    source.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "--db",
        str(tmp_path / "none.db"),
        "draft",
        str(source),
        "-o",
        str(out / "draft.yaml"),
        *args,
    )
    line = one_error(result)
    assert line.endswith(message), line
    assert list(out.iterdir()) == []


def test_an_existing_draft_is_not_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text("reviewed: true\n", encoding="utf-8")
    result = run(
        "--db",
        str(tmp_path / "none.db"),
        "draft",
        str(source),
        "--published",
        "2023-03-14",
        "-o",
        str(tmp_path / "draft.yaml"),
    )
    assert one_error(result).endswith(
        "draft.yaml: already exists; a reviewed draft would be lost (give another -o, or --force)"
    )
    assert (tmp_path / "draft.yaml").read_text(encoding="utf-8") == "reviewed: true\n"


def test_the_whole_path(tmp_path: Path, db_url: str) -> None:
    """Drafted, refused with notes left, loaded when reviewed; a redraft finds the stored actors."""
    draft = tmp_path / "seed.yaml"
    made = run(
        "--db", db_url, "draft", str(SEED_TEXT), "--published", "2021-12-30", "-o", str(draft)
    )
    assert made.exit_code == 0, made.output
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    facts, actors = len(doc["facts"]), len(doc["actors"])
    assert made.stdout == (
        f"{draft}: {facts} facts, {actors} actors to review, source text {tmp_path / 'seed.txt'}\n"
    )
    refused = run("--db", db_url, "load", str(draft))
    assert one_error(refused) == (
        f"Error: {draft}: source: draft: unreviewed draft note; check the guess and delete "
        "the note, or load with --accept-draft"
    )
    del doc["source"]["draft"]
    draft.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    still = run("--db", db_url, "load", str(draft))
    first_actor = doc["actors"][0]["key"]
    assert one_error(still).startswith(
        f"Error: {draft}: actor '{first_actor}': draft: unreviewed draft note"
    )
    loaded = run("--db", db_url, "load", "--accept-draft", str(draft))
    assert loaded.exit_code == 0, loaded.output
    assert (
        loaded.stdout == f"{1 + actors + facts} new, 0 already present (1 file)\n"
    )  # the source, its actors and facts
    again = run(
        "--db",
        db_url,
        "draft",
        str(SEED_TEXT),
        "--published",
        "2021-12-30",
        "-o",
        str(tmp_path / "again.yaml"),
    )
    assert again.stdout == (
        f"{tmp_path / 'again.yaml'}: {facts} facts, 0 actors to review, "
        f"source text {tmp_path / 'again.txt'}\n"
    )
    second = yaml.safe_load((tmp_path / "again.yaml").read_text(encoding="utf-8"))
    assert second["actors"] == []
    assert second["facts"][0]["data"]["participants"] == ["actor/joe-biden", "actor/vladimir-putin"]


def test_a_saved_page_gives_its_text_beside_the_draft(tmp_path: Path, db_url: str) -> None:
    """HTML: the main text is written beside the draft, which names it by its sha256, and loads."""
    page = Path(__file__).resolve().parent / "data" / "page-2024-06-07-border-crossings.html"
    draft = tmp_path / "page.yaml"
    made = run("--db", db_url, "draft", str(page), "-o", str(draft))
    assert made.exit_code == 0, made.output
    text = (tmp_path / "page.txt").read_text(encoding="utf-8")
    assert text.splitlines()[1] == (
        "Poland will send 2,000 soldiers to its border with Belarus next month, "
        "Defence Minister Anna Nowak told reporters on Friday."
    )
    assert "Subscribe" not in text and "Home" not in text  # the page's menu and footer are left out
    source = yaml.safe_load(draft.read_text(encoding="utf-8"))["source"]
    assert source["text_file"] == "page.txt"
    assert source["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert run("--db", db_url, "load", "--accept-draft", str(draft)).exit_code == 0


def test_without_o_the_draft_goes_here_and_names_the_text_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    saved = ARTICLE.replace("\n", "\r\n").encode()  # as saved on Windows
    Path("article.txt").write_bytes(saved)
    result = run("--db", "none.db", "draft", "article.txt", "--published", "2023-03-14")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "article.yaml"]
    assert Path("article.txt").read_bytes() == saved  # left as it was
    assert (
        yaml.safe_load(Path("article.yaml").read_text(encoding="utf-8"))["source"]["text_file"]
        == "article.txt"
    )
    assert run("--db", "x.db", "init").exit_code == 0
    loaded = run("--db", "x.db", "load", "--accept-draft", "article.yaml")
    assert loaded.exit_code == 0, loaded.output


def test_a_text_with_a_byte_order_mark_is_not_written_over(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    result = run(
        "--db",
        str(tmp_path / "none.db"),
        "draft",
        str(source),
        "--published",
        "2023-03-14",
        "-o",
        str(tmp_path / "article.yaml"),
    )
    assert result.exit_code == 0, result.output
    assert source.read_bytes() == b"\xef\xbb\xbf" + ARTICLE.encode()
    assert (tmp_path / "article.source.txt").read_text(encoding="utf-8") == ARTICLE
    assert run("--db", str(tmp_path / "x.db"), "init").exit_code == 0
    assert (
        run(
            "--db", str(tmp_path / "x.db"), "load", "--accept-draft", str(tmp_path / "article.yaml")
        ).exit_code
        == 0
    )


def test_a_place_already_in_the_store_is_named_by_its_id(tmp_path: Path, db_url: str) -> None:
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    invasion = fixtures / "crisis-timeline-2022-02-24-russia-invades-ukraine.yaml"
    assert run("--db", db_url, "load", str(invasion)).exit_code == 0
    article = tmp_path / "blasts.txt"
    article.write_text("Explosions were heard in Kharkov on Friday.\n", encoding="utf-8")
    draft = tmp_path / "blasts.yaml"
    made = run("--db", db_url, "draft", str(article), "--published", "2022-02-25", "-o", str(draft))
    assert made.exit_code == 0, made.output
    (fact,) = [
        f for f in yaml.safe_load(draft.read_text())["facts"] if f["type"] == "IncidentReported"
    ]
    assert (fact["data"]["location"], fact["data"]["place"]) == ("Kharkov", "place/kharkiv")
    assert "location Kharkov: place/kharkiv, already in the store" in fact["draft"]["why"]
