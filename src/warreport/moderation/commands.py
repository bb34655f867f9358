"""CLI of the moderation area: ``warreport moderate SOURCE``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from warreport.model import Comment, Document

console = Console()

LABEL_STYLE = {"hate": "bold red", "threat": "bold magenta", "insult": "yellow", "spam": "cyan", "ok": "green"}


def register(app: typer.Typer) -> None:
    app.command("moderate")(moderate_cmd)


def comment_json(comment: Comment) -> dict[str, Any]:
    """The ``--json`` shape of one labelled comment (also what an API can return)."""
    mod = comment.moderation
    return {
        "index": comment.index,
        "author": comment.author,
        "published": comment.published.isoformat() if comment.published else None,
        "reply_to": comment.reply_to,
        "text": comment.text,
        "label": mod.label.value if mod else None,
        "score": mod.score if mod else None,
        "target": mod.target if mod else None,
        "rule": mod.rule if mod else None,
        "rationale": [r.model_dump(mode="json") for r in mod.rationale] if mod else [],
    }


def _print(doc: Document, comments: list[Comment], flagged_only: bool) -> None:
    table = Table(title=f"{doc.title or doc.origin} — {len(comments)} comments", title_justify="left", show_lines=False)
    for col in ("#", "author", "label", "target", "score", "why (words)", "comment"):
        table.add_column(col, overflow="fold")
    for c in comments:
        mod = c.moderation
        if mod is None or (flagged_only and mod.label.value == "ok"):
            continue
        words = "; ".join(r.text for r in mod.rationale[:3])
        reply = f"↳{c.reply_to} " if c.reply_to is not None else ""
        text = c.text if len(c.text) <= 160 else c.text[:157] + "..."
        style = LABEL_STYLE.get(mod.label.value, "")
        table.add_row(
            f"{reply}{c.index}", c.author or "", f"[{style}]{mod.label.value}[/]", mod.target or "",
            f"{mod.score:.2f}", words, text,
        )
    console.print(table)
    counts: dict[str, int] = {}
    for c in comments:
        if c.moderation:
            counts[c.moderation.label.value] = counts.get(c.moderation.label.value, 0) + 1
    console.print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no comments", highlight=False)


def moderate_cmd(
    sources: Annotated[
        list[str],
        typer.Argument(help="Page files (text or HTML), directories, URLs or - for stdin.", show_default=False),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per page: its doc_id and labelled comments.")
    ] = False,
    flagged: Annotated[
        bool, typer.Option("--flagged", help="List only comments labelled hate, threat, insult or spam.")
    ] = False,
    context_model: Annotated[
        bool | None,
        typer.Option("--context-model/--no-context-model",
                     help="Score comments that name Jews with the fine-tuned transformer too (setting "
                          "moderation_context_model, off by default; needs `pip install 'warreport[context]'`).",
                     show_default=False),
    ] = None,
) -> None:
    """Label every reader comment of the pages: hate (with target group), insult, threat, spam or ok,
    with a score, the words that triggered the label and the rule or model behind it."""
    from warreport.cli import get_config
    from warreport.errors import WarreportError
    from warreport.ingest.commands import finish_pages, parsed_pages
    from warreport.model import Failure
    from warreport.moderation.classifier import moderate_comments

    failures: list[Failure] = []
    pages = 0
    for doc in parsed_pages(sources, get_config()):
        if isinstance(doc, Failure):
            failures.append(doc)
            continue
        try:
            comments = moderate_comments(doc.comments, context_model=context_model)
        except WarreportError as exc:
            failures.append(Failure(origin=doc.origin or doc.doc_id, reason=exc.message, error_type=type(exc).__name__))
            continue
        pages += 1
        if as_json:
            shown = [c for c in comments if not flagged or (c.moderation and c.moderation.label.value != "ok")]
            record = {"doc_id": doc.doc_id, "origin": doc.origin, "title": doc.title,
                      "comments": [comment_json(c) for c in shown]}
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            _print(doc, comments, flagged)
    finish_pages(pages, failures)
