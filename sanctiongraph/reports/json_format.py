"""JSON rendering: the report structure as documented in docs/report-schema.md."""

from __future__ import annotations

import json

from sanctiongraph.reports.model import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n"
