"""The count sits above the conference: the conference never imports it, and reads the count's facts for
its minutes only through the hooks the count fills in `CountConfig.ready()`."""

from __future__ import annotations

import ast
from pathlib import Path

import elections.conference
from elections.audit_display import _model
from elections.conference import count_facts
from elections.count import fingerprints, selectors
from elections.count.models import Count, RecognitionDecision

CONFERENCE = Path(elections.conference.__file__).parent


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_conference_never_imports_the_count():
    upward = {
        f"{path.relative_to(CONFERENCE)}: {name}"
        for path in CONFERENCE.rglob("*.py")
        for name in _imports(path)
        if name == "elections.count" or name.startswith("elections.count.")
    }
    assert upward == set()


def test_the_count_app_fills_the_conference_hooks():
    assert count_facts._summary is selectors.count_summary
    assert count_facts._minutes_verification is fingerprints.minutes_verification


def test_old_audit_rows_of_the_count_still_name_their_model():
    assert _model("conference.count") is Count
    assert _model("conference.recognitiondecision") is RecognitionDecision
    assert _model("count.count") is Count
