"""The clerk's written explanations (情况说明): they turn matching warnings into 已说明 — never errors (R-6)."""

from __future__ import annotations

from dataclasses import replace

from .. import spec
from .. import text as prose
from ..findings import Finding, Findings

#: The rule ids this module yields.
RULE_IDS = ("R-6",)


def _key(text: str) -> str:
    """Keys as the clerk may type them: spaces and full-width forms (！＠) do not matter."""
    return prose.flat(text)


def explain(findings: Findings, explanations: dict[str, str]) -> Findings:
    """Attach each written explanation to the warnings with its key; an explanation of an error is not accepted
    (the error stays) and is itself reported (R-6), so the clerk learns why the note had no effect."""
    notes = {_key(k): v for k, v in explanations.items() if v and str(v).strip()}
    if not notes:
        return findings
    out = Findings()
    for f in findings:
        note = notes.get(_key(f.key))
        if note is None or f.severity == spec.UNCHECKED:
            out.items.append(f)
        elif f.severity == spec.WARNING:
            out.items.append(replace(f, explanation=str(note).strip()))
        else:
            out.items += [f, Finding("R-6", f.sheet, f.cells, found=f.rule, detail=prose.quote(str(note).strip(), 40))]
    return out
