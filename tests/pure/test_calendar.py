"""Working days, make-up days, periods and deadlines (SPEC §2 notices, §4 report dates, §8 changes)."""

from datetime import date

import pytest

from policy_app.engine import PolicyError
from policy_app.engine.calendar import months_between


def test_weekends_holidays_and_make_up_days(cal):
	assert cal.is_working_day(date(2026, 11, 23))  # Monday
	assert not cal.is_working_day(date(2026, 11, 22))  # Sunday
	assert not cal.is_working_day(date(2026, 10, 1))  # National Day
	assert cal.is_working_day(date(2026, 10, 10))  # Saturday worked to make up
	assert cal.is_working_day(date(2026, 2, 14)) and cal.is_working_day(date(2026, 2, 28))
	assert not any(cal.is_working_day(date(2026, 2, d)) for d in range(15, 24))  # Spring Festival 15-23 Feb
	assert cal.is_working_day(date(2025, 1, 26)) and not cal.is_working_day(date(2025, 1, 28))
	assert cal.is_working_day(date(2024, 2, 4)) and not cal.is_working_day(date(2024, 2, 10))


def test_five_working_day_notice_across_national_day(cal):
	# published Monday 28 Sep: 29, 30 Sep, then 8, 9 Oct and the make-up Saturday 10 Oct
	assert cal.add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 10)
	assert cal.working_days_between(date(2026, 9, 28), date(2026, 10, 10)) == 5


def test_start_day_is_not_counted_unless_the_scheme_says_so(cal):
	monday = date(2026, 3, 2)
	assert cal.add_working_days(monday, 5) == date(2026, 3, 9)
	assert cal.add_working_days(monday, 5, start_day_counts=True) == date(2026, 3, 6)
	# a start on a holiday counts for nothing either way
	assert cal.add_working_days(date(2026, 10, 1), 1, start_day_counts=True) == date(2026, 10, 8)


def test_ten_working_day_project_notice_over_spring_festival(schemes, cal):
	period = schemes["XX-JBGS"].notice("project")
	assert period.working_days == 10
	# Tue 10 Feb 2026: 11, 12, 13, Sat 14 (make-up), then 24, 25, 26, 27, Sat 28 (make-up), 2 Mar
	assert cal.notice_end(period, date(2026, 2, 10)) == date(2026, 3, 2)


def test_year_without_calendar_is_an_error(cal):
	for d in (date(2027, 1, 4), date(2023, 12, 29)):
		with pytest.raises(PolicyError) as e:
			cal.is_working_day(d)
		assert e.value.field == "date" and e.value.value == d.isoformat()
		assert str(d.year) in e.value.zh and str(d.year) in e.value.en
	with pytest.raises(PolicyError):
		cal.add_working_days(date(2026, 12, 28), 10)  # runs into 2027


def test_month_arithmetic_follows_the_civil_code(schemes, cal):
	change = schemes["XX-BASE"].deadline("change_report")
	assert change.months == 1
	# 31 Jan + 1 month = 28 Feb 2026 (a Saturday, but a make-up working day), 29 Feb in 2024
	assert cal.due_date(change, date(2026, 1, 31)) == date(2026, 2, 28)
	assert cal.due_date(change, date(2024, 1, 31)) == date(2024, 2, 29)
	# a period ending on a holiday ends on the next working day (Civil Code §203): 1 Oct -> 8 Oct
	assert cal.due_date(change, date(2026, 9, 1)) == date(2026, 10, 8)
	# 31 Mar 2025 + 1 month = 30 Apr 2025, a Wednesday
	assert cal.due_date(change, date(2025, 3, 31)) == date(2025, 4, 30)
	inc = schemes["XX-INC"].deadline("change_report")
	assert inc.months == 2 and cal.due_date(inc, date(2026, 3, 15)) == date(2026, 5, 15)
	assert months_between(date(2025, 11, 22), date(2026, 11, 22)) == 12
	assert months_between(date(2025, 11, 23), date(2026, 11, 22)) == 11


def test_validity_and_ban_ends(schemes, cal):
	validity = schemes["XX-BASE"].deadline("validity")
	assert cal.due_date(validity, date(2023, 10, 1)) == date(2026, 9, 30)
	ban = schemes["ZJ-BASE"].deadline("fraud_ban")
	assert cal.due_date(ban, date(2024, 2, 29)) == date(2027, 2, 28)


def test_annual_report_deadlines(schemes, cal):
	assert cal.due_date(schemes["ZJ-BASE"].deadline("annual_report"), 2025) == date(2026, 1, 31)
	assert cal.due_date(schemes["CQ-BASE"].deadline("annual_report"), 2025) == date(2025, 11, 30)
	assert cal.due_date(schemes["XX-SVC"].deadline("annual_report"), 2025) == date(2026, 3, 31)


def test_calendar_data_is_checked():
	from pydantic import ValidationError

	from policy_app.engine.calendar import HolidayCalendar

	with pytest.raises(ValidationError, match="not a weekend day"):
		HolidayCalendar(code="X", year=2026, days=[{"day": "2026-03-04", "kind": "workday"}])
	with pytest.raises(ValidationError, match="not in 2026"):
		HolidayCalendar(code="X", year=2026, days=[{"day": "2025-03-04", "kind": "holiday"}])
