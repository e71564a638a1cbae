"""Approval time limits (Workflow State Deadline) on the working-day calendar: due day, reminder and
escalation days across public holidays and make-up working days (SPEC §2)."""

from datetime import date, timedelta

import pytest

from policy_app.engine import PolicyError


def stages(cal, entered, n, before, first, last):
	out, d = {}, first
	while d <= last:
		due, stage = cal.chase_stage(entered, n, before, d)
		if stage:
			out[d] = stage
		d += timedelta(days=1)
	return due, out


def test_national_day_2026_with_the_make_up_saturday(cal):
	# entered Tue 29 Sep; 3 working days: Wed 30 Sep, (1-7 Oct holidays), Thu 8, Fri 9 Oct
	due, out = stages(cal, date(2026, 9, 29), 3, 1, date(2026, 9, 29), date(2026, 10, 13))
	assert due == date(2026, 10, 9)
	assert out == {
		date(2026, 10, 8): "remind",
		date(2026, 10, 9): "remind",
		date(2026, 10, 10): "escalate",  # Saturday worked to make up
		date(2026, 10, 12): "escalate",
		date(2026, 10, 13): "escalate",
	}  # nothing on holidays, nothing on Sunday 11 October


def test_spring_festival_2026_make_up_saturdays(cal):
	# entered Fri 13 Feb; 2 working days: Sat 14 (make-up), then the festival 15-23, Tue 24
	due, out = stages(cal, date(2026, 2, 13), 2, 0, date(2026, 2, 13), date(2026, 2, 26))
	assert due == date(2026, 2, 24)
	assert out == {date(2026, 2, 24): "remind", date(2026, 2, 25): "escalate", date(2026, 2, 26): "escalate"}


def test_no_reminder_days_and_same_day_limit(cal):
	due, stage = cal.chase_stage(date(2026, 11, 23), 0, 0, date(2026, 11, 23))
	assert (due, stage) == (date(2026, 11, 23), "remind")
	assert cal.chase_stage(date(2026, 11, 23), 0, 0, date(2026, 11, 24)) == (date(2026, 11, 23), "escalate")
	assert cal.chase_stage(date(2026, 11, 23), 5, 2, date(2026, 11, 24)) == (date(2026, 11, 30), "")
	assert cal.chase_stage(date(2026, 11, 23), 5, 2, date(2026, 11, 26)) == (date(2026, 11, 30), "remind")


def test_a_year_the_calendar_does_not_cover_is_refused(cal):
	with pytest.raises(PolicyError):
		cal.chase_stage(date(2031, 3, 2), 3, 1, date(2031, 3, 3))
