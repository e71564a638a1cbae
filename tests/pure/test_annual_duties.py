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
	# no yearly report in the document: the scheme sets none and no report is tracked
	assert duties.report_deadline(schemes["XX-JBGS"]) is None
	assert duties.report_deadlines(schemes["XX-JBGS"]) == []


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


def test_zj_s15_only_a_base_certified_a_full_year_owes_the_report(schemes, cal):
	"""ZJ §15: 认定满一年的国合基地应于每年1月31日前提交上一年度报告 — the shipped scheme asks for 12
	months certified before a report falls due."""
	zj = schemes["ZJ-BASE"]
	months = duties.after_months(zj)
	assert months == 12
	deadline = duties.report_deadline(zj)
	assert duties.due_date(cal, deadline, 2025) == date(2026, 1, 31)
	# certified on 31 January 2025: a full year on 31 January 2026, the report on 2025 is owed that day
	assert duties.owes_report(cal, deadline, 2025, date(2025, 1, 31), months)
	# certified on 1 February 2025: not a full year by 31 January 2026, its first report is on 2026
	assert not duties.owes_report(cal, deadline, 2025, date(2025, 2, 1), months)
	assert duties.owes_report(cal, deadline, 2026, date(2025, 2, 1), months)
	# certified in June 2025: on 1 February 2026 only the report on 2026 (due 31 January 2027) is owed
	assert duties.report_years(cal, deadline, date(2025, 6, 1), date(2026, 2, 1), months) == [2026]


def test_after_months_comes_from_the_scheme(schemes):
	zj = schemes["ZJ-BASE"]
	assert duties.after_months(zj) == 12
	edited = zj.model_copy(
		update={
			"parameters": [
				*[p for p in zj.parameters if p.code != duties.AFTER_MONTHS_PARAM],
				Parameter(code=duties.AFTER_MONTHS_PARAM, value=6),
			]
		}
	)
	assert duties.after_months(edited) == 6
	assert duties.after_months(schemes["CQ-BASE"]) == 0  # CQ §13 asks every base, from its first year


def test_xx_base_s13_plan_with_targets_and_summary_each_year(schemes, cal):
	"""XX-BASE §13: 按年度提交工作计划、目标任务及工作总结 — two reports a year, the year's work plan with
	its target tasks and the year's work summary; the document gives no date, the scheme's default
	(an editable deadline row each) is 31 January of the year for the plan and of the next for the
	summary."""
	xx = schemes["XX-BASE"]
	plan, summary = duties.report_deadlines(xx)
	assert (plan.code, summary.code) == ("work_plan", "work_summary")
	assert plan.article == summary.article == "第十三条"
	assert "文件未定日期" in plan.label_zh and "文件未定日期" in summary.label_zh
	assert "第十三条" in xx.remarks
	assert duties.report_parts(plan) == ("plan", "targets")
	assert duties.report_parts(summary) == ("summary",)
	assert duties.due_date(cal, plan, 2026) == date(2026, 1, 31)
	assert duties.due_date(cal, summary, 2025) == date(2026, 1, 31)
	assert duties.report_deadline(xx, kind="work_summary") == summary
	# a base certified on 1 October 2025 owes, on 1 February 2026, its plan for 2026 and the summary of
	# 2025, and next the plan for 2027 and the summary of 2026
	certified = date(2025, 10, 1)
	today = date(2026, 2, 1)
	assert duties.report_years(cal, plan, certified, today) == [2026, 2027]
	assert duties.report_years(cal, summary, certified, today) == [2025, 2026]
	with pytest.raises(PolicyError) as e:
		duties.report_deadline(xx, kind="annual_report")
	assert "年度报告类型" in e.value.zh


def test_qd_s7_3_yearly_report_and_plan_and_s15_two_late_years_revoke(schemes, cal):
	"""QD §7(三): 每年向市科技局提交国合基地年度工作报告和下一年度工作计划 (no date: the scheme's default
	is 31 January of the next year); QD §15: 连续两年未按时提交年度工作报告的 取消国合基地资格."""
	qd = schemes["QD-BASE"]
	(deadline,) = duties.report_deadlines(qd)
	assert deadline.article == "第七条第（三）项" and "文件未定日期" in deadline.label_zh
	assert "第七条第（三）项" in qd.remarks
	assert duties.report_parts(deadline) == ("summary", "plan")
	assert duties.due_date(cal, deadline, 2025) == date(2026, 1, 31)
	# the reports on 2024 and 2025 filed after their due dates, 2023's on time
	flags = duties.late_years(
		[
			(2023, duties.is_late(date(2024, 1, 31), date(2024, 1, 31), date(2026, 3, 1))),
			(2024, duties.is_late(date(2025, 1, 31), date(2025, 2, 1), date(2026, 3, 1))),
			(2025, duties.is_late(date(2026, 1, 31), None, date(2026, 2, 1))),
		]
	)
	assert history_actions(qd, "report_late", duties.run_ending(flags, 2024)) == []
	(revoke,) = history_actions(qd, "report_late", duties.run_ending(flags, 2025))
	assert revoke.action == "revoke" and "第十五条" in revoke.article


def test_xx_inc_s9_yearly_statistics_to_the_district(schemes, cal):
	"""XX-INC §9: 需定期向所在新城（园办）科技主管部门报送相关考核数据 — no period or date in the document:
	the scheme's default is once a year by 31 March of the next year (as XX-SVC §9 in the same
	document, 每年一季度), the data attached as evidence."""
	inc = schemes["XX-INC"]
	(deadline,) = duties.report_deadlines(inc)
	assert deadline.article == "第九条" and "文件未定周期和日期" in deadline.label_zh
	assert "第九条" in inc.remarks
	assert duties.report_parts(deadline) == ("evidence",)
	assert duties.due_date(cal, deadline, 2025) == date(2026, 3, 31)
	# §10 revokes for not taking part in the assessment, not for late data: no history rule on it
	assert history_actions(inc, "report_late", 3) == []


def test_report_parts_must_be_known():
	assert duties.report_parts(
		Deadline(code="r", event="annual_report", kind="day_of_year", due_month=1, due_day=31)
	) == (
		"summary",
		"plan",
	)
	with pytest.raises(ValueError, match="budget"):
		Deadline(
			code="r",
			event="annual_report",
			kind="day_of_year",
			due_month=1,
			due_day=31,
			report_parts="plan,budget",
		)


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


def test_the_validity_of_a_title_comes_from_its_scheme(schemes, cal):
	"""XX-BASE §10 有效期三年: certified on 1 October 2023, valid through 30 September 2026; XX-SVC and
	XX-INC set no validity."""
	from policy_app.engine.duties import valid_until

	assert valid_until(schemes["XX-BASE"], cal, date(2023, 10, 1)) == date(2026, 9, 30)
	assert valid_until(schemes["XX-SVC"], cal, date(2023, 10, 1)) is None
	assert valid_until(schemes["XX-INC"], cal, date(2023, 10, 1)) is None


def test_an_unfiled_report_is_reminded_within_the_schemes_working_days(schemes, cal):
	# CQ §13: due on Monday 30 November 2026; 5 working days before is Monday 23 November
	due = date(2026, 11, 30)
	days = duties.reminder_days(schemes["CQ-BASE"])
	assert days == duties.REMINDER_DEFAULT == 5
	assert not duties.reminder_due(cal, due, date(2026, 11, 20), days)  # Friday: 6 working days ahead
	assert not duties.reminder_due(cal, due, date(2026, 11, 22), days)  # Sunday: nobody is told on a weekend
	assert duties.reminder_due(cal, due, date(2026, 11, 23), days)
	assert duties.reminder_due(cal, due, due, days)  # the due day itself
	assert not duties.reminder_due(cal, due, date(2026, 12, 1), days)  # past due: the overdue job's
	# across the National Day holiday (1–7 October 2026; Saturday 10 October a make-up working day)
	assert duties.reminder_due(cal, date(2026, 10, 13), date(2026, 9, 30), 5)
	assert not duties.reminder_due(cal, date(2026, 10, 13), date(2026, 9, 29), 5)


def test_a_scheme_sets_its_own_reminder_or_none(schemes, cal):
	scheme = schemes["CQ-BASE"].model_copy(
		update={"parameters": [Parameter(code=duties.REMINDER_PARAM, value=0)]}
	)
	assert duties.reminder_days(scheme) == 0
	assert not duties.reminder_due(cal, date(2026, 11, 30), date(2026, 11, 30), 0)
