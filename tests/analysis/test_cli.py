"""The command line as a script drives it: JSON Lines in, files out, clear errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import sample

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "concerto.analysis", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def write_answers(path: Path, rows, with_codes=False):
    with path.open("w", encoding="utf-8") as out:
        for r in rows:
            item = {"id": r["id"], "text": r["text"], "profile": "Citoyen / Citoyenne"}
            if with_codes:
                item["codes"] = r["codes"]
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli")


def test_discover_code_duplicates_write_the_documented_formats(workdir):
    rows = sample("environnement")[:40]
    answers = write_answers(workdir / "answers.jsonl", rows)
    examples = write_answers(workdir / "coded.jsonl", rows[:10], with_codes=True)
    book = sorted({c for r in rows for c in r["codes"]})
    codebook = workdir / "codebook.json"
    codebook.write_text(
        json.dumps([{"code": c, "label": c} for c in book], ensure_ascii=False), encoding="utf-8"
    )

    done = run("discover", answers, "--out", workdir / "themes.json", "--max-themes", "5")
    assert done.returncode == 0, done.stderr
    themes = json.loads((workdir / "themes.json").read_text(encoding="utf-8"))
    assert set(themes) == {"themes", "assignments"}
    assert set(themes["assignments"]) == {r["id"] for r in rows}
    for theme in themes["themes"]:
        assert {"id", "label", "terms", "count", "quotes"} <= set(theme)

    done = run(
        "code",
        answers,
        "--codebook",
        codebook,
        "--examples",
        examples,
        "--out",
        workdir / "codes.jsonl",
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in (workdir / "codes.jsonl").read_text().splitlines()]
    assert [line["id"] for line in lines] == [r["id"] for r in rows[10:]]
    for line in lines:
        assert line["codes"] and all(set(c) == {"code", "confidence"} for c in line["codes"])

    done = run("duplicates", answers, "--out", workdir / "groups.json")
    assert done.returncode == 0, done.stderr
    assert set(json.loads((workdir / "groups.json").read_text())) == {"groups"}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [
                '{"id": "a", "text": "Le tri"}',
                '{"id": "b", "text": "Le vélo"}',
                '{"id": "c", text}',
            ],
            "line 3: not valid JSON",
        ),
        (['{"id": "a", "text": "Le tri"}', '["a", "b"]'], "line 2: expected a JSON object"),
        (['{"id": "a", "text": "Le tri"}', '{"text": "Le vélo"}'], 'line 2: missing "id"'),
        (['{"id": "a", "text": 3}'], 'line 1: "text" must be a string'),
        (
            ['{"id": "a", "text": "x"}', "", '{"id": "a", "text": "y"}'],
            'line 3: id "a" already used on line 1',
        ),
    ],
)
def test_a_malformed_line_stops_with_its_number_and_no_traceback(workdir, lines, message):
    path = workdir / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("duplicates", path, "--out", workdir / "out.json")
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_malformed_examples_and_codebook_are_reported(workdir):
    answers = workdir / "ok.jsonl"
    answers.write_text('{"id": "a", "text": "Le tri des déchets"}\n', encoding="utf-8")
    codebook = workdir / "book.json"
    codebook.write_text('[{"code": "tri", "label": "Tri"}]', encoding="utf-8")
    examples = workdir / "ex.jsonl"
    examples.write_text('{"id": "b", "text": "Le compost", "codes": "tri"}\n', encoding="utf-8")
    done = run(
        "code",
        answers,
        "--codebook",
        codebook,
        "--examples",
        examples,
        "--out",
        workdir / "c.jsonl",
    )
    assert done.returncode != 0 and 'line 1: "codes" must be a list of strings' in done.stderr
    codebook.write_text('[{"label": "Tri"}]', encoding="utf-8")
    done = run("code", answers, "--codebook", codebook, "--out", workdir / "c.jsonl")
    assert done.returncode != 0 and 'code 1: expected an object with a "code" string' in done.stderr
    assert "Traceback" not in done.stderr


def test_the_engine_imports_nothing_from_django():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, concerto.analysis, concerto.analysis.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))",
        ],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src")},
        check=True,
    )
    assert done.stdout.strip() == "[]"
