"""Every date the programmes compute goes through here.

Working days skip Saturdays, Sundays and the public holidays of the State Council's yearly notice,
and count its make-up working days (调休). A year the calendars do not cover is an error, never a
guess. Periods follow the Civil Code (民法典): the start day is not counted (§201), a month or year
period ends on the corresponding day or, lacking it, the month's last day (§202), which is what
`relativedelta` does; a period ending on a holiday may roll to the next working day (§203).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Literal, Optional

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import PolicyError, bad
from .models import DEFAULT_REGION, Deadline, NoticePeriod


class CalendarDay(BaseModel):
	model_config = ConfigDict(extra="forbid", frozen=True)

	day: date
	kind: Literal["holiday", "workday"]  # workday: a weekend day worked to make up (调休上班)
	holiday_zh: str = ""
	holiday_en: str = ""


class HolidayCalendar(BaseModel):
	"""One region's holidays for one year, as the official notice gives them."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	code: str  # e.g. CN-2026
	region: str = DEFAULT_REGION
	year: int = Field(ge=1900, le=2200)
	source_zh: str = ""
	source_en: str = ""
	days: list[CalendarDay]

	@model_validator(mode="after")
	def _days_in_year(self):
		seen = set()
		for d in self.days:
			if d.day.year != self.year:
				raise bad(
					f"calendar {self.code}: {d.day} is not in {self.year}",
					f"日历 {self.code}：{d.day} 不在 {self.year} 年内",
				)
			if d.day in seen:
				raise bad(f"calendar {self.code}: {d.day} appears twice", f"日历 {self.code}：{d.day} 重复")
			if d.kind == "workday" and d.day.weekday() < 5:
				raise bad(
					f"calendar {self.code}: make-up working day {d.day} is not a weekend day",
					f"日历 {self.code}：调休上班日 {d.day} 不是周末",
				)
			seen.add(d.day)
		return self


class WorkCalendar:
	"""The working-day arithmetic of one region over the years its calendars cover."""

	def __init__(self, calendars: Iterable[HolidayCalendar], region: str = DEFAULT_REGION):
		self.region = region
		self.years: set[int] = set()
		self.holidays: dict[date, CalendarDay] = {}
		self.workdays: set[date] = set()
		for cal in calendars:
			if cal.region != region:
				continue
			self.years.add(cal.year)
			for d in cal.days:
				if d.kind == "holiday":
					self.holidays[d.day] = d
				else:
					self.workdays.add(d.day)

	def _covered(self, d: date) -> None:
		if d.year not in self.years:
			raise PolicyError(
				"date",
				d.isoformat(),
				f"节假日日历（{self.region}）缺少 {d.year} 年，无法计算工作日",
				f"the holiday calendar {self.region} has no year {d.year}; working days cannot be counted",
			)

	def is_working_day(self, d: date) -> bool:
		self._covered(d)
		if d in self.workdays:
			return True
		if d in self.holidays:
			return False
		return d.weekday() < 5

	def add_working_days(self, start: date, n: int, start_day_counts: bool = False) -> date:
		"""The day on which the n-th working day from `start` ends.

		By default (Civil Code §201) `start` itself is not counted: a 5-working-day notice published
		on Monday 2 March 2026 ends on Monday 9 March. With start_day_counts, a working `start` is day 1.
		"""
		if n < 0:
			raise PolicyError(
				"working_days", n, "工作日数不能为负数", "the number of working days cannot be negative"
			)
		if n == 0:
			return start
		d = start
		count = 0
		if start_day_counts and self.is_working_day(d):
			count = 1
		while count < n:
			d += timedelta(days=1)
			if self.is_working_day(d):
				count += 1
		return d

	def working_days_between(self, start: date, end: date) -> int:
		"""Working days after `start` up to and including `end`."""
		if end < start:
			return -self.working_days_between(end, start)
		n, d = 0, start
		while d < end:
			d += timedelta(days=1)
			if self.is_working_day(d):
				n += 1
		return n

	def next_working_day(self, d: date) -> date:
		while not self.is_working_day(d):
			d += timedelta(days=1)
		return d

	def chase_stage(self, entered: date, working_days: int, remind_before: int, on: date) -> tuple[date, str]:
		"""An approval time limit (Workflow State Deadline): the due day (`working_days` after the case
		entered the state) and what `on` calls for: 'remind' on a working day at most `remind_before`
		working days before it (or on it), 'escalate' on a working day after it, else ''."""
		due = self.add_working_days(entered, int(working_days))
		if not self.is_working_day(on):
			return due, ""
		if on > due:
			return due, "escalate"
		if self.working_days_between(on, due) <= int(remind_before or 0):
			return due, "remind"
		return due, ""

	# ---- scheme-driven dates
	def notice_end(self, period: NoticePeriod, published: date) -> date:
		return self.add_working_days(published, period.working_days, period.start_day_counts)

	def due_date(self, deadline: Deadline, event: date | int) -> date:
		"""When a duty falls due: for a day_of_year deadline `event` may be the reporting year."""
		if deadline.kind == "day_of_year":
			year = event if isinstance(event, int) else event.year
			due = _day_of_year(year + deadline.year_offset, deadline.due_month, deadline.due_day)
		else:
			if isinstance(event, int):
				raise PolicyError(
					"event", event, "此期限需要事件日期", f"deadline {deadline.code} needs an event date"
				)
			due = add_period(deadline, event)
		if deadline.roll_to_working_day:
			due = self.next_working_day(due)
		return due


def next_weekday(d: date) -> date:
	"""`d`, or the Monday after it when it falls on a weekend: the rest days known for a year whose
	holiday calendar is not yet published (its holidays and make-up days are not)."""
	return d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)


def _day_of_year(year: int, month: int, day: int) -> date:
	# 29 February in a common year falls back to the 28th (Civil Code §202: month's last day)
	return date(year, month, 1) + relativedelta(day=day)


def add_period(deadline: Deadline, event: date) -> date:
	if deadline.kind == "within_months":
		return event + relativedelta(months=deadline.months)
	if deadline.kind == "validity_years":
		return validity_end(event, deadline.years)
	# ban_years / cycle_years: the day the ban ends or the next cycle starts
	return event + relativedelta(years=deadline.years)


def validity_end(start: date, years: int) -> date:
	"""The last day of a validity of `years` years from `start`: through the day before the anniversary
	(Civil Code §202, the corresponding day or the month's last day): from 2023-10-01 for 3 years, valid
	to 2026-09-30. Titles (validity_years deadlines) and a scheme's own effective period both end so."""
	return start + relativedelta(years=years, days=-1)


def validity_years_to(start: date, end: date) -> int:
	"""How many whole years of validity from `start` end on `end` (the inverse of `validity_end`); an end
	that no whole number of years reaches is refused, naming the nearest ends that are."""
	n = relativedelta(end + timedelta(days=1), start).years if end >= start else 0
	for k in (n, n + 1):
		if k >= 1 and validity_end(start, k) == end:
			return k
	nearest = [validity_end(start, k) for k in (n, n + 1) if k >= 1]
	near, near_en = "、".join(map(str, nearest)), ", ".join(map(str, nearest))
	raise PolicyError(
		"effective_to",
		end.isoformat(),
		f"有效期至 {end} 不是自施行日期 {start} 起的整年（可选：{near}）",
		f"{end} is not a whole number of years from {start} (e.g. {near_en})",
	)


def months_between(earlier: date, later: date) -> int:
	"""Whole months from `earlier` to `later` (registered ≥ 12 months; incubatee younger than 48)."""
	rd = relativedelta(later, earlier)
	return rd.years * 12 + rd.months


def load_work_calendar(
	calendars: Iterable[HolidayCalendar], region: Optional[str] = DEFAULT_REGION
) -> WorkCalendar:
	return WorkCalendar(calendars, region or DEFAULT_REGION)
