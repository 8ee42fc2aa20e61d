"""Reading the JSON Lines and JSON files the command line is given, with clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .coding import Code


class InputError(ValueError):
    """An input file is unusable; the message names the file and, for JSON Lines, the line."""


@dataclass
class Answer:
    id: str
    text: str
    codes: list[str] = field(default_factory=list)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as handle:
            yield from enumerate(handle, start=1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


def read_answers(path: Path, *, with_codes: bool = False) -> list[Answer]:
    """Answers `{"id", "text", ...}` one per line (blank lines skipped); with_codes also
    requires `"codes": [...]`. Ids must be unique."""
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    for number, line in _lines(path):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(item).__name__}")
        if "id" not in item:
            raise InputError(f'{where}: missing "id"')
        if not isinstance(item["id"], str | int) or isinstance(item["id"], bool):
            raise InputError(f'{where}: "id" must be a string or an integer')
        if not isinstance(item.get("text"), str):
            raise InputError(f'{where}: "text" must be a string')
        answer_id = str(item["id"])
        if answer_id in seen:
            raise InputError(f'{where}: id "{answer_id}" already used on line {seen[answer_id]}')
        seen[answer_id] = number
        codes: list[str] = []
        if with_codes:
            codes = item.get("codes")
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise InputError(f'{where}: "codes" must be a list of strings')
        answers.append(Answer(answer_id, item["text"], codes))
    return answers


def read_codebook(path: Path) -> list[Code]:
    """A JSON list of `{"code", "label", "description"}` (description optional)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, list) or not data:
        raise InputError(f"{path}: expected a non-empty JSON list of codes")
    codes: list[Code] = []
    for position, item in enumerate(data, start=1):
        where = f"{path}, code {position}"
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise InputError(f'{where}: expected an object with a "code" string')
        label = item.get("label", item["code"])
        description = item.get("description") or ""
        if not isinstance(label, str) or not isinstance(description, str):
            raise InputError(f'{where}: "label" and "description" must be strings')
        codes.append(Code(item["code"], label, description))
    if len({c.code for c in codes}) != len(codes):
        raise InputError(f"{path}: the same code appears twice")
    return codes
