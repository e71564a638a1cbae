"""Major change requests after certification: which matters a scheme lets an organisation change,
which it refuses, and whether the request came in within the scheme's limit after the change
(XX-BASE §14, ZJ §16 one month; XX-INC §12 two months; QD §16 says "in time" and sets no limit)."""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel

from .calendar import WorkCalendar, add_period, next_weekday
from .errors import PolicyError
from .models import ChangeMatter, Deadline, Scheme


class ChangeCheck(BaseModel):
	matters: list[ChangeMatter]
	due: Optional[date] = None  # the last day the change could be reported; None: the scheme sets no limit
	late: bool = False
	days_late: int = 0
	limit: Optional[Deadline] = None
	ends_record: str = ""  # Exited / Promoted when an approved request ends the record

	def late_note(self) -> tuple[str, str]:
		if not self.late or not self.limit:
			return "", ""
		d = self.limit
		return (
			f"{d.article}：应于变更发生后 {d.months} 个月内（{self.due:%Y-%m-%d} 前）报告，逾期 {self.days_late} 天",
			f"{d.article}: to be reported within {d.months} month(s) of the change (by {self.due:%Y-%m-%d}); "
			f"{self.days_late} day(s) late",
		)


def change_limit(scheme: Scheme) -> Optional[Deadline]:
	return next((d for d in scheme.deadlines if d.event == "change" and d.kind == "within_months"), None)


def _report_due(limit: Deadline, changed_on: date, reported_on: date, cal: WorkCalendar) -> date:
	"""The last day to report. A limit that ends on a rest day moves to the next working day; when the
	holiday calendar does not yet cover that year (a change in December, next year's calendar not yet
	published), a report made by the unmoved day is on time whatever the move, so only a later report
	needs the calendar."""
	due = add_period(limit, changed_on)
	if not limit.roll_to_working_day:
		return due
	if due.year not in cal.years and reported_on <= due:
		# on time whatever the calendar says; the limit shown still leaves the weekend, the rest days
		# known before the State Council publishes the year's holidays and make-up days
		return next_weekday(due)
	return cal.next_working_day(due)


def check_change_request(
	scheme: Scheme, matters: list[str], changed_on: date, reported_on: date, cal: WorkCalendar
) -> ChangeCheck:
	"""The matters, and the last day to report them: a limit ending on a rest day moves to the next working
	day when the scheme's deadline says so (Civil Code §203)."""
	if not scheme.change_matters:
		raise PolicyError(
			"matters",
			scheme.code,
			f"方案 {scheme.code} 未设置可申请调整的事项",
			f"scheme {scheme.code} defines no matters that can be changed",
		)
	if not matters:
		raise PolicyError("matters", "", "请至少选择一项申请调整事项", "choose at least one matter to change")
	known = {m.code: m for m in scheme.change_matters}
	chosen: list[ChangeMatter] = []
	for code in matters:
		m = known.get(code)
		if m is None:
			raise PolicyError(
				"matters",
				code,
				f"“{code}”不是方案 {scheme.code} 的调整事项",
				f"{code} is not a change matter of scheme {scheme.code}",
			)
		if m in chosen:
			raise PolicyError("matters", code, f"调整事项“{m.label_zh}”重复", f"matter {code} appears twice")
		if not m.allowed:
			raise PolicyError(
				"matters",
				code,
				f"{m.article}：“{m.label_zh}”原则上不予调整".lstrip("："),
				f"{m.article}: {m.label_en or m.code} is not changed".lstrip(": "),
			)
		chosen.append(m)
	ending = [m for m in chosen if m.ends_record]
	if len(ending) > 1:
		raise PolicyError(
			"matters",
			",".join(m.code for m in ending),
			"退出与晋升不能在同一申请中提出",
			"an exit and a promotion cannot be asked for in one request",
		)
	limit = change_limit(scheme)
	due = _report_due(limit, changed_on, reported_on, cal) if limit else None
	late = bool(due and reported_on > due)
	return ChangeCheck(
		matters=chosen,
		due=due,
		late=late,
		days_late=(reported_on - due).days if late else 0,
		limit=limit,
		ends_record=ending[0].ends_record if ending else "",
	)
