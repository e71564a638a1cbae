"""Annual duties of a certified record: which yearly reports it owes, when each falls due, whether it
is late, and how many years in a row it has been late or missing.

The due date of the report on year Y comes from the scheme's `annual_report` deadline (31 January of
Y + 1 for ZJ §15, 30 November of Y for CQ §13, 31 March of Y + 1 for XX-SVC §9). A record owes the
report on Y when it was certified during or before Y and before that report fell due; a scheme may
ask for more (ZJ §15: "认定满一年的" — parameter `annual_report_after_months` = 12: the report falls
due only once the record has been certified that many months).

A scheme may ask for several reports a year: each `annual_report` deadline row is one report kind
(its code), with its own due date and the parts the organisation fills in (`report_parts`): XX-BASE §13
asks for the year's work plan and target tasks and, apart from it, the year's work summary. Runs of
late reports are counted per kind.

What a run of late or missing reports leads to is the scheme's history rules
(`scoring.history_actions`, events `report_late` and `report_missing`); this module only counts.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping, Optional

from dateutil.relativedelta import relativedelta

from .calendar import WorkCalendar
from .errors import PolicyError
from .models import DEFAULT_REPORT_PARTS, Deadline, Scheme, split_codes

#: the deadline event of the yearly report and of the last day a missing one can be made up
REPORT_EVENT = "annual_report"
MAKEUP_EVENT = "report_missing"
#: scheme parameter: months a record must have been certified before its first report falls due
AFTER_MONTHS_PARAM = "annual_report_after_months"
#: working days before a report's due date that its organisation is reminded of it, once (the documents
#: set no such day; a scheme's parameter of this code sets its own, 0 none)
REMINDER_PARAM, REMINDER_DEFAULT = "report_reminder_working_days", 5


def report_deadlines(scheme: Scheme, event: str = REPORT_EVENT) -> list[Deadline]:
	"""The scheme's fixed-date deadlines for `event`, in the scheme's order: one per report kind."""
	found = [d for d in scheme.deadlines if d.event == event]
	for deadline in found:
		if deadline.kind != "day_of_year":
			raise PolicyError(
				"deadline",
				deadline.code,
				f"期限 {deadline.code} 应为每年固定日期",
				f"deadline {deadline.code} must be a day of the year",
			)
	return found


def report_deadline(
	scheme: Scheme, event: str = REPORT_EVENT, kind: Optional[str] = None
) -> Optional[Deadline]:
	"""The scheme's fixed-date deadline for `event` (the one whose code is `kind`, else the first),
	or None when the scheme sets none."""
	found = report_deadlines(scheme, event)
	if kind:
		found = [d for d in found if d.code == kind]
		if not found:
			raise PolicyError(
				"report_kind",
				kind,
				f"方案 {scheme.code} 没有年度报告类型 {kind}",
				f"scheme {scheme.code} has no annual report kind {kind}",
			)
	return found[0] if found else None


def report_parts(deadline: Deadline) -> tuple[str, ...]:
	"""The parts of the report a deadline asks for (empty on the row: summary and plan)."""
	return tuple(split_codes(deadline.report_parts)) or DEFAULT_REPORT_PARTS


def after_months(scheme: Scheme) -> int:
	for p in scheme.parameters:
		if p.code == AFTER_MONTHS_PARAM:
			return int(p.value)
	return 0


def reminder_days(scheme: Scheme) -> int:
	for p in scheme.parameters:
		if p.code == REMINDER_PARAM:
			return int(p.value)
	return REMINDER_DEFAULT


def reminder_due(cal: WorkCalendar, due: date, today: date, days: int) -> bool:
	"""Whether an unfiled report is to be reminded today: a working day at most `days` working days
	before its due date, the due date itself included."""
	return (
		days > 0
		and today <= due
		and cal.is_working_day(today)
		and cal.working_days_between(today, due) <= days
	)


def due_date(cal: WorkCalendar, deadline: Deadline, year: int) -> date:
	"""When the report on `year` falls due."""
	return cal.due_date(deadline, year)


def owes_report(
	cal: WorkCalendar, deadline: Deadline, year: int, certified_on: date, months: int = 0
) -> bool:
	"""Whether a record certified on `certified_on` owes the report on `year`."""
	due = due_date(cal, deadline, year)
	return certified_on.year <= year and certified_on + relativedelta(months=months) <= due


def current_year(cal: WorkCalendar, deadline: Deadline, today: date) -> int:
	"""The year whose report falls due next: the first year whose due date is today or later."""
	year = today.year - deadline.year_offset - 1
	while due_date(cal, deadline, year) < today:
		year += 1
	return year


def report_years(
	cal: WorkCalendar, deadline: Deadline, certified_on: date, today: date, months: int = 0
) -> list[int]:
	"""The reports a record must have on file today: the one falling due next and the one that fell
	due last (so a job that missed days still flags it), each only if the record owes it."""
	year = current_year(cal, deadline, today)
	return [y for y in (year - 1, year) if owes_report(cal, deadline, y, certified_on, months)]


def is_late(due: date, submitted_on: Optional[date], today: date) -> bool:
	"""Submitted after the due date, or not submitted and the due date has passed."""
	if submitted_on:
		return submitted_on > due
	return today > due


def run_ending(flags: Mapping[int, bool], year: int) -> int:
	"""How many consecutive years up to and including `year` are flagged; a year with no report on
	file breaks the run."""
	run = 0
	while flags.get(year - run):
		run += 1
	return run


def late_years(reports: Iterable[tuple[int, bool]]) -> dict[int, bool]:
	return {year: bool(late) for year, late in reports}


def valid_until(scheme: Scheme, cal: WorkCalendar, certified_on: date) -> Optional[date]:
	"""The last day a title certified on `certified_on` is valid (XX-BASE §10: 有效期三年), or None when the
	document sets no validity (XX-SVC, XX-INC)."""
	validity = next((d for d in scheme.deadlines if d.kind == "validity_years"), None)
	return cal.due_date(validity, certified_on) if validity else None
