"""Working days, make-up days, periods and deadlines (SPEC §2 notices, §4 report dates, §8 changes)."""

import random
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from policy_app.engine import PolicyError, load_calendars, work_calendar
from policy_app.engine.calendar import HolidayCalendar, WorkCalendar, add_period, months_between


def test_weekends_holidays_and_make_up_days(cal):
	assert cal.is_working_day(date(2026, 11, 23))  # Monday
	assert not cal.is_working_day(date(2026, 11, 21))  # Saturday
	assert not cal.is_working_day(date(2026, 11, 22))  # Sunday
	assert not cal.is_working_day(date(2026, 10, 1))  # National Day
	assert cal.is_working_day(date(2026, 10, 10))  # Saturday worked to make up
	assert cal.is_working_day(date(2025, 1, 26)) and not cal.is_working_day(date(2025, 1, 28))
	assert cal.is_working_day(date(2024, 2, 4)) and not cal.is_working_day(date(2024, 2, 10))


def test_2026_spring_festival_15_to_23_february_with_two_make_up_saturdays(cal):
	assert cal.is_working_day(date(2026, 2, 13))  # Friday before
	assert cal.is_working_day(date(2026, 2, 14)) and date(2026, 2, 14).weekday() == 5  # make-up Saturday
	assert not any(cal.is_working_day(date(2026, 2, d)) for d in range(15, 24))  # 15-23 Feb, nine days
	assert cal.is_working_day(date(2026, 2, 24))  # Tuesday after
	assert cal.is_working_day(date(2026, 2, 28)) and date(2026, 2, 28).weekday() == 5  # make-up Saturday
	assert not cal.is_working_day(date(2026, 3, 1))  # an ordinary Sunday again
	# across the festival: Fri 13 -> Sat 14 (make-up) -> Tue 24
	assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
	assert cal.add_working_days(date(2026, 2, 13), 2) == date(2026, 2, 24)


def test_five_working_day_notice_across_national_day(cal, schemes):
	# published Monday 28 Sep: 29, 30 Sep, then 8, 9 Oct and the make-up Saturday 10 Oct
	assert cal.add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 10)
	assert cal.working_days_between(date(2026, 9, 28), date(2026, 10, 10)) == 5
	assert cal.working_days_between(date(2026, 10, 10), date(2026, 9, 28)) == -5
	# the schemes' own notice periods (XX-BASE §9.4, CQ §11.4, QD §13.3, XX-SVC §7: 5 working days)
	for code in ("XX-BASE", "CQ-BASE", "QD-BASE", "XX-SVC"):
		assert cal.notice_end(schemes[code].notice("recognition"), date(2026, 9, 28)) == date(2026, 10, 10)
	# 2025: published Fri 26 Sep; Sun 28 Sep is a make-up day; 29, 30 Sep, 9, 10 Oct
	assert cal.notice_end(schemes["XX-BASE"].notice("recognition"), date(2025, 9, 26)) == date(2025, 10, 10)


def test_start_day_is_not_counted_unless_the_scheme_says_so(cal, schemes):
	monday = date(2026, 3, 2)
	assert cal.add_working_days(monday, 5) == date(2026, 3, 9)
	assert cal.add_working_days(monday, 5, start_day_counts=True) == date(2026, 3, 6)
	assert cal.add_working_days(date(2026, 9, 28), 5, start_day_counts=True) == date(2026, 10, 9)
	# a start on a holiday counts for nothing either way
	assert cal.add_working_days(date(2026, 10, 1), 1, start_day_counts=True) == date(2026, 10, 8)
	assert cal.add_working_days(date(2026, 10, 1), 1) == date(2026, 10, 8)
	# the scheme's flag drives notice_end: an administrator may set it on the notice period
	period = schemes["XX-BASE"].notice("recognition")
	assert period.start_day_counts is False
	counted = period.model_copy(update={"start_day_counts": True})
	assert cal.notice_end(period, monday) == date(2026, 3, 9)
	assert cal.notice_end(counted, monday) == date(2026, 3, 6)
	assert cal.add_working_days(monday, 0) == monday
	with pytest.raises(PolicyError) as e:
		cal.add_working_days(monday, -1)
	assert e.value.field == "working_days" and e.value.value == -1 and e.value.zh and e.value.en


def test_ten_working_day_project_notice_over_spring_festival(schemes, cal):
	period = schemes["XX-JBGS"].notice("project")
	assert period.working_days == 10
	# Tue 10 Feb 2026: 11, 12, 13, Sat 14 (make-up), then 24, 25, 26, 27, Sat 28 (make-up), 2 Mar
	assert cal.notice_end(period, date(2026, 2, 10)) == date(2026, 3, 2)


@pytest.mark.parametrize("day", [date(2027, 1, 4), date(2023, 12, 29), date(2027, 12, 31), date(2023, 1, 3)])
def test_year_without_calendar_is_an_error(cal, day):
	with pytest.raises(PolicyError) as e:
		cal.is_working_day(day)
	assert e.value.field == "date" and e.value.value == day.isoformat()
	assert str(day.year) in e.value.zh and str(day.year) in e.value.en


def test_a_count_that_runs_past_the_calendar_is_an_error(cal):
	assert cal.add_working_days(date(2026, 12, 24), 4) == date(2026, 12, 30)
	with pytest.raises(PolicyError) as e:
		cal.add_working_days(date(2026, 12, 28), 10)  # runs into 2027
	assert e.value.value == "2027-01-01"
	with pytest.raises(PolicyError):
		cal.working_days_between(date(2023, 12, 25), date(2024, 1, 5))
	# a calendar set without 2025 refuses 2025 even though 2024 and 2026 are there
	gap = WorkCalendar([c for c in load_calendars() if c.year != 2025])
	assert gap.is_working_day(date(2024, 12, 31)) and gap.is_working_day(date(2026, 1, 5))
	with pytest.raises(PolicyError) as e:
		gap.is_working_day(date(2025, 6, 3))
	assert e.value.field == "date" and e.value.value == "2025-06-03"


def test_region_without_a_calendar_covers_no_year():
	other = work_calendar("HK")
	with pytest.raises(PolicyError) as e:
		other.is_working_day(date(2026, 3, 2))
	assert "HK" in e.value.en and "HK" in e.value.zh


def test_month_arithmetic_follows_the_civil_code(schemes, cal):
	change = schemes["XX-BASE"].deadline("change_report")  # §14: within one month
	assert change.months == 1
	# §202: no corresponding day -> the month's last day. 31 Jan + 1 month = 28 Feb, 29 Feb in 2024
	assert add_period(change, date(2026, 1, 31)) == date(2026, 2, 28)
	assert add_period(change, date(2024, 1, 31)) == date(2024, 2, 29)
	assert add_period(change, date(2025, 3, 31)) == date(2025, 4, 30)
	# the due date rolls to a working day (§203): 28 Feb 2026 is a make-up Saturday, so it stays
	assert cal.due_date(change, date(2026, 1, 31)) == date(2026, 2, 28)
	assert cal.due_date(change, date(2024, 1, 31)) == date(2024, 2, 29)
	# 1 Oct is a holiday: a change on 1 Sep is due on Thursday 8 Oct
	assert cal.due_date(change, date(2026, 9, 1)) == date(2026, 10, 8)
	# 28 Feb 2025 + 1 month = 28 Mar 2025, a Friday (not the month's end)
	assert cal.due_date(change, date(2025, 2, 28)) == date(2025, 3, 28)
	with pytest.raises(PolicyError) as e:
		cal.due_date(change, 2026)  # a month period needs the day of the event
	assert e.value.field == "event" and e.value.value == 2026


def test_xx_inc_change_reported_within_two_months(schemes, cal):
	inc = schemes["XX-INC"].deadline("change_report")  # §12
	assert cal.due_date(inc, date(2026, 3, 15)) == date(2026, 5, 15)
	assert cal.due_date(inc, date(2025, 12, 31)) == date(2026, 2, 28)  # month end; a make-up Saturday
	assert cal.due_date(inc, date(2024, 12, 31)) == date(2025, 2, 28)
	assert cal.due_date(inc, date(2025, 7, 31)) == date(2025, 9, 30)
	assert cal.due_date(inc, date(2026, 8, 1)) == date(2026, 10, 8)  # 1 Oct: National Day, rolls on


def test_zj_change_within_one_month(schemes, cal):
	zj = schemes["ZJ-BASE"].deadline("change_report")  # §16
	assert cal.due_date(zj, date(2025, 4, 30)) == date(2025, 5, 30)
	assert cal.due_date(zj, date(2025, 4, 1)) == date(2025, 5, 6)  # 1 May holiday -> first working day 6 May


def test_months_between_agrees_with_month_periods():
	assert months_between(date(2025, 11, 22), date(2026, 11, 22)) == 12
	assert months_between(date(2025, 11, 23), date(2026, 11, 22)) == 11
	# registered 29 Feb 2024: twelve months are complete on 28 Feb 2025 (§202), not a day later
	assert months_between(date(2024, 2, 29), date(2025, 2, 28)) == 12
	assert months_between(date(2024, 2, 29), date(2025, 2, 27)) == 11
	assert months_between(date(2024, 1, 31), date(2024, 2, 29)) == 1
	rng = random.Random(202)
	for _ in range(2000):
		start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 2500))
		m = rng.randint(0, 72)
		end = start + relativedelta(months=m)
		assert months_between(start, end) == m, (start, m)
		if m:
			assert months_between(start, end - timedelta(days=1)) == m - 1, (start, m)


def test_validity_ban_and_cycle_ends(schemes, cal):
	validity = schemes["XX-BASE"].deadline("validity")  # §10: 3 years
	assert cal.due_date(validity, date(2023, 10, 1)) == date(2026, 9, 30)
	assert add_period(validity, date(2024, 2, 29)) == date(2027, 2, 27)
	ban = schemes["ZJ-BASE"].deadline("revocation_ban")
	assert add_period(ban, date(2024, 2, 29)) == date(2027, 2, 28)
	assert add_period(schemes["XX-BASE"].deadline("fraud_ban"), date(2025, 3, 1)) == date(2028, 3, 1)
	assert add_period(schemes["XX-JBGS"].deadline("blacklist"), date(2025, 7, 1)) == date(2028, 7, 1)
	cycle = schemes["QD-BASE"].deadline("evaluation_cycle")  # QD §14: every three years
	assert add_period(cycle, date(2025, 1, 15)) == date(2028, 1, 15)


def test_annual_report_deadlines(schemes, cal):
	# ZJ §15: by 31 January for the previous year; CQ §13: by the end of November of the year itself
	assert cal.due_date(schemes["ZJ-BASE"].deadline("annual_report"), 2025) == date(2026, 1, 31)
	assert cal.due_date(schemes["ZJ-BASE"].deadline("annual_report"), date(2024, 7, 1)) == date(2025, 1, 31)
	assert cal.due_date(schemes["CQ-BASE"].deadline("annual_report"), 2025) == date(2025, 11, 30)
	# XX-SVC §9: in the first quarter of the following year
	assert cal.due_date(schemes["XX-SVC"].deadline("annual_report"), 2025) == date(2026, 3, 31)


def test_scheme_effective_periods(schemes):
	xx = schemes["XX-BASE"]  # §22: from 1 Oct 2023, valid 3 years
	assert xx.effective_from == date(2023, 10, 1) and xx.effective_to == date(2026, 9, 30)
	xx.check_effective(date(2023, 10, 1))
	xx.check_effective(date(2026, 9, 30))
	for day in (date(2023, 9, 30), date(2026, 10, 1)):
		with pytest.raises(PolicyError) as e:
			xx.check_effective(day, "published")
		assert e.value.field == "published" and e.value.value == day.isoformat()
		assert "2023-10-01" in e.value.zh and "2026-09-30" in e.value.en
	schemes["QD-BASE"].check_effective(date(2030, 1, 1))  # QD §23: from 30 Dec 2024, no end date
	with pytest.raises(PolicyError):
		schemes["QD-BASE"].check_effective(date(2024, 12, 29))


def test_calendar_data_is_checked():
	from pydantic import ValidationError

	with pytest.raises(ValidationError, match="not a weekend day"):
		HolidayCalendar(code="X", year=2026, days=[{"day": "2026-03-04", "kind": "workday"}])
	with pytest.raises(ValidationError, match="not in 2026"):
		HolidayCalendar(code="X", year=2026, days=[{"day": "2025-03-04", "kind": "holiday"}])
	with pytest.raises(ValidationError, match="twice"):
		HolidayCalendar(
			code="X",
			year=2026,
			days=[{"day": "2026-03-04", "kind": "holiday"}, {"day": "2026-03-04", "kind": "holiday"}],
		)


def test_shipped_calendars_cover_2024_to_2026(cal):
	assert cal.years == {2024, 2025, 2026}
	# every official holiday block of 2026 (国务院办公厅 2025-11-04)
	holidays_2026 = {d for d in cal.holidays if d.year == 2026}
	assert len(holidays_2026) == 33
	assert {d for d in cal.workdays if d.year == 2026} == {
		date(2026, 1, 4),
		date(2026, 2, 14),
		date(2026, 2, 28),
		date(2026, 5, 9),
		date(2026, 9, 20),
		date(2026, 10, 10),
	}
