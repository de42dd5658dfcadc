"""`crisis quote find FILE WORDS`: the exact words of a source text and their span, to paste."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def quote() -> None:
    """Quotes in source texts.

    \b
    Example:
        crisis quote find fixtures/sources/reuters-2021-12-30-biden-putin-second-call.txt "pulling back"
    """  # noqa: E501  (help text: kept whole as users read and copy it)


@quote.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("words")
def find(file: Path, words: str) -> None:
    """Print the source text's exact words and their span, as evidence to paste into a fixture.

    When the words are not in the text as typed, the closest passage is printed instead and
    stderr says what differs (quotes, dashes, whitespace, letter case, or other words). A
    passage found more than once is printed once per place, each with its span.

    \b
    Example:
        crisis quote find fixtures/sources/reuters-2021-12-30-biden-putin-second-call.txt "Ukraine's Crimea"
    """  # noqa: E501  (help text: kept whole as users read and copy it)
    from crisis_timeline.quotes import find as find_words
    from crisis_timeline.quotes import hint

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise click.ClickException(
            f"{file}: cannot read: {getattr(e, 'strerror', None) or e}"
        ) from None
    found = find_words(text, words)
    if not found:
        raise click.ClickException(
            f"{file}: {words!r}: not found in source text (nothing close to it)"
        )
    if found[0].text != words:
        click.echo(
            f"{file}: {words!r}: "
            + hint(text, words, show_text=True).replace(
                "not found in source text", "not found as typed"
            ),
            err=True,
        )
    elif len(found) > 1:
        click.echo(f"{file}: {words!r}: found {len(found)} times; keep the one you mean", err=True)
    for m in found:
        # JSON strings are YAML double-quoted scalars: the text pastes exactly, whatever it holds.
        click.echo(
            f"- quote: {json.dumps(m.text, ensure_ascii=False)}\n  span: [{m.start}, {m.end}]"
        )


COMMANDS = [quote]
