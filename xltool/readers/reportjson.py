"""Read a Report JSON file into the report model, with a Chinese error for anything that is not one."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import XltoolError, os_reason
from ..model import AnnualReport


def read_report_json(path: str | os.PathLike) -> AnnualReport:
    """The report in a Report JSON file (UTF-8, with or without BOM); ``XltoolError("F-BAD-JSON")`` otherwise."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise XltoolError("F-NOT-FOUND", path=path) from None
    except UnicodeDecodeError as exc:
        raise XltoolError("F-BAD-JSON", path=path, reason=exc) from None
    except OSError as exc:  # a folder, no permission: unreadable input, not an internal error
        raise XltoolError("F-NO-ACCESS", path=path, reason=os_reason(exc, writing=False)) from None
    try:
        return AnnualReport.from_json(json.loads(text))
    except (ValueError, TypeError) as exc:  # JSONDecodeError is a ValueError
        raise XltoolError("F-BAD-JSON", path=path, reason=exc) from None
