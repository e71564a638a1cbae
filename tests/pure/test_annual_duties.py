"""Annual reports of certified records: due dates from the scheme, who owes which year, lateness and
runs of late years, and what the history rules make of them."""

from datetime import date

import pytest

from policy_app.engine import duties
from policy_app.engine.errors import PolicyError
from policy_app.engine.models import Deadline, Parameter
from policy_app.engine.scoring import history_actions


def test_due_dates_per_scheme(schemes, cal):
	zj = duties.report_deadline(schemes["ZJ-BASE"])
	cq = duties.report_deadline(schemes["CQ-BASE"])
	svc = duties.report_deadline(schemes["XX-SVC"])
	assert duties.due_date(cal, zj, 2025) == date(2026, 1, 31)  # ZJ §15: 31 January, previous year
	assert duties.due_date(cal, cq, 2025) == date(2025, 11, 30)  # CQ §13: end of November
	assert duties.due_date(cal, svc, 2025) == date(2026, 3, 31)  # XX-SVC §9: first quarter
	# no fixed date in the document: the scheme sets none and no report is tracked
	assert duties.report_deadline(schemes["QD-BASE"]) is None
	assert duties.report_deadline(schemes["XX-INC"]) is None


def test_current_year_turns_the_day_after_the_due_date(schemes, cal):
	zj = duties.report_deadline(schemes["ZJ-BASE"])
	assert duties.current_year(cal, zj, date(2026, 1, 31)) == 2025
	assert duties.current_year(cal, zj, date(2026, 2, 1)) == 2026
	cq = duties.report_deadline(schemes["CQ-BASE"])
	assert duties.current_year(cal, cq, date(2026, 11, 30)) == 2026
	assert duties.current_year(cal, cq, date(2026, 12, 1)) == 2027


def test_report_years_owed(schemes, cal):
	cq = duties.report_deadline(schemes["CQ-BASE"])
	# certified in 2024: on 1 December 2026 the 2026 report has just fallen due, the 2027 one is next
	assert duties.report_years(cal, cq, date(2024, 5, 1), date(2026, 12, 1)) == [2026, 2027]
	# certified after the 2026 report fell due: it owes nothing for 2026
	assert duties.report_years(cal, cq, date(2026, 12, 1), date(2026, 12, 2)) == [2027]
	zj = duties.report_deadline(schemes["ZJ-BASE"])
	# ZJ §15 "认定满一年的": with 12 months required, a base certified in June 2025 first owes 2026
	assert duties.report_years(cal, zj, date(2025, 6, 1), date(2026, 2, 1)) == [2025, 2026]
	assert duties.report_years(cal, zj, date(2025, 6, 1), date(2026, 2, 1), months=12) == [2026]


def test_after_months_comes_from_the_scheme(schemes):
	zj = schemes["ZJ-BASE"]
	assert duties.after_months(zj) == 0
	edited = zj.model_copy(
		update={"parameters": [*zj.parameters, Parameter(code=duties.AFTER_MONTHS_PARAM, value=12)]}
	)
	assert duties.after_months(edited) == 12


def test_a_report_deadline_must_be_a_fixed_day(schemes):
	zj = schemes["ZJ-BASE"]
	bad = zj.model_copy(
		update={
			"deadlines": [
				Deadline(code="annual_report", event="annual_report", kind="within_months", months=1)
			]
		}
	)
	with pytest.raises(PolicyError):
		duties.report_deadline(bad)


def test_lateness():
	due = date(2026, 1, 31)
	assert not duties.is_late(due, date(2026, 1, 31), date(2026, 3, 1))  # on the day is on time
	assert duties.is_late(due, date(2026, 2, 1), date(2026, 3, 1))
	assert not duties.is_late(due, None, date(2026, 1, 31))
	assert duties.is_late(due, None, date(2026, 2, 1))


def test_runs_of_late_years():
	flags = duties.late_years([(2023, True), (2024, False), (2025, True), (2026, True)])
	assert duties.run_ending(flags, 2026) == 2
	assert duties.run_ending(flags, 2025) == 1
	assert duties.run_ending(flags, 2024) == 0
	# a year with no report on file breaks the run
	assert duties.run_ending({2023: True, 2025: True}, 2025) == 1


def test_history_rules_on_reports(schemes):
	qd = schemes["QD-BASE"]
	assert history_actions(qd, "report_late", 1) == []
	(revoke,) = history_actions(qd, "report_late", 2)
	assert revoke.step.endswith(":revoke") and "第十五条" in revoke.reason_zh
	zj = schemes["ZJ-BASE"]
	(missing,) = history_actions(zj, "report_missing", 1)
	assert missing.step.endswith(":revoke") and "第二十二条" in missing.reason_zh
	assert history_actions(zj, "report_late", 5) == []
