"""`python -m concerto.analysis discover|code|duplicates`: the engine on JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .coding import code_answers
from .discover import DiscoveryParams, discover
from .duplicates import find_duplicates
from .embeddings import EmbeddingError, get_embedder
from .inputs import InputError, read_answers, read_codebook


class _Progress:
    """Progress on stderr, at most a few lines a second, only for runs that take a while."""

    def __init__(self, what: str, quiet: bool):
        self.what = what
        self.quiet = quiet
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.quiet or (now - self.last < 1.0 and done < total):
            return
        self.last = now
        end = "\n" if done >= total else "\r"
        print(f"{self.what}: {done}/{total}", end=end, file=sys.stderr, flush=True)


def _embedder(args):
    options = {}
    if args.embeddings == "openai":
        options = {"base_url": args.embeddings_url, "model": args.embeddings_model}
    return get_embedder(args.embeddings, **options)


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _discover(args) -> None:
    answers = read_answers(args.answers)
    if args.min_themes < 1 or args.max_themes < args.min_themes:
        raise InputError("--min-themes must be at least 1 and at most --max-themes")
    params = DiscoveryParams(min_themes=args.min_themes, max_themes=args.max_themes, seed=args.seed)
    result = discover(
        [a.text for a in answers],
        embedder=_embedder(args),
        params=params,
        progress=_Progress("embedding", args.quiet),
    )
    _write_json(
        args.out,
        {
            "themes": [t.as_json() for t in result.themes],
            "assignments": {a.id: ids for a, ids in zip(answers, result.assignments, strict=True)},
        },
    )


def _code(args) -> None:
    answers = read_answers(args.answers)
    codebook = read_codebook(args.codebook)
    examples = read_answers(args.examples, with_codes=True) if args.examples else []
    coded = {e.id for e in examples}
    todo = [a for a in answers if a.id not in coded]
    results = code_answers(
        [a.text for a in todo],
        codebook,
        embedder=_embedder(args),
        example_texts=[e.text for e in examples],
        example_codes=[e.codes for e in examples],
        progress=_Progress("embedding", args.quiet),
    )
    with args.out.open("w", encoding="utf-8") as out:
        for answer, codes in zip(todo, results, strict=True):
            line = {"id": answer.id, "codes": [{"code": c, "confidence": s} for c, s in codes]}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _duplicates(args) -> None:
    answers = read_answers(args.answers)
    groups = find_duplicates(
        [a.text for a in answers],
        threshold=args.threshold,
        min_words=args.min_words,
        progress=_Progress("hashing", args.quiet),
    )
    _write_json(args.out, {"groups": [[answers[i].id for i in g] for g in groups]})


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m concerto.analysis",
        description="Free-text analysis of consultation answers (JSON Lines in, JSON out).",
    )
    commands = main.add_subparsers(dest="command", required=True)

    def command(name, help_text, handler):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("answers", type=Path, help='JSON Lines of {"id", "text"}')
        sub.add_argument("--out", type=Path, required=True)
        sub.add_argument("--quiet", action="store_true", help="no progress on stderr")
        sub.set_defaults(handler=handler)
        return sub

    def embeddings_options(sub):
        sub.add_argument(
            "--embeddings",
            choices=["use", "e5", "openai"],
            default=None,
            help="embedding backend (default: $CONCERTO_EMBEDDINGS_BACKEND or use)",
        )
        sub.add_argument("--embeddings-url", help="openai backend: base URL ending in /v1")
        sub.add_argument("--embeddings-model", help="openai backend: model name")

    sub = command("discover", "Propose themes from the answers to one question.", _discover)
    sub.add_argument("--min-themes", type=int, default=2)
    sub.add_argument("--max-themes", type=int, default=12)
    sub.add_argument("--seed", type=int, default=0)
    embeddings_options(sub)

    sub = command("code", "Assign a codebook's codes to answers, with confidences.", _code)
    sub.add_argument("--codebook", type=Path, required=True, help='JSON list of {"code", "label"}')
    sub.add_argument("--examples", type=Path, help='JSON Lines of {"id", "text", "codes"}')
    embeddings_options(sub)

    sub = command("duplicates", "Group identical and near-identical answers.", _duplicates)
    sub.add_argument("--threshold", type=float, default=0.7, help="Jaccard of word 3-shingles")
    sub.add_argument("--min-words", type=int, default=6, help="shorter answers are not grouped")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.handler(args)
    except (InputError, EmbeddingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0
