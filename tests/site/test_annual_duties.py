"""Annual duties on a real site: yearly reports and their workflow, the daily overdue and expiry jobs
(each run twice), the history rules on late and missing reports, title actions the bureau confirms or
dismisses, the Sanction a fraud revocation writes, renewal after expiry, the two reports and who sees
what."""

from datetime import date

import frappe
import pytest
from dateutil.relativedelta import relativedelta
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from factories import XX_FACTS, make_call, make_district, make_org, make_user
from policy_app.annual_duties import jobs
from policy_app.annual_duties.report.overdue_annual_reports import overdue_annual_reports
from policy_app.annual_duties.report.records_expiring_soon import records_expiring_soon
from policy_app.annual_duties.title_actions import propose
from policy_app.engine import duties
from policy_app.policy_setup.schemes import get_scheme, work_calendar


@pytest.fixture
def people():
	d = make_district("年报测试新城")
	other_d = make_district("年报测试另一新城")
	org = make_org("年报测试企业", d, 5101)
	other_org = make_org("年报测试另一企业", other_d, 5102)
	return frappe._dict(
		district=d,
		other_district=other_d,
		org=org,
		other_org=other_org,
		applicant=make_user("ar.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		other_applicant=make_user("ar.other.applicant@policy.test", ["Policy Applicant"], orgs=[other_org]),
		officer=make_user("ar.officer@policy.test", ["District Officer"], districts=[d]),
		other_officer=make_user("ar.other.officer@policy.test", ["District Officer"], districts=[other_d]),
		bureau=make_user("ar.bureau@policy.test", ["Bureau Officer"]),
		bureau2=make_user("ar.bureau2@policy.test", ["Bureau Officer"]),
	)


def certify(
	org, scheme, certified_on, doctype="Cooperation Base", valid_until=None, status="Active", base_type=None
):
	return (
		frappe.get_doc(
			{
				"doctype": doctype,
				"organization": org,
				"scheme": scheme,
				"certified_on": certified_on,
				"valid_until": valid_until,
				"status": status,
				"base_type": base_type,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def years_ago(n: int) -> date:
	return getdate(today()) - relativedelta(years=n)


def owed(scheme: str, certified_on, kind=None) -> list[int]:
	s = get_scheme(scheme)
	return duties.report_years(
		work_calendar(s.holiday_calendar),
		duties.report_deadline(s, kind=kind),
		getdate(certified_on),
		getdate(today()),
		duties.after_months(s),
	)


def add_deadline(scheme: str, **row):
	doc = frappe.get_doc("Policy Scheme", scheme)
	doc.append("deadlines", {"kind": "day_of_year", **row})
	doc.save()
	frappe.clear_document_cache("Policy Scheme", scheme)


def act(user, doctype, name, action, remark=None):
	frappe.set_user(user)
	if remark is not None:
		frappe.db.set_value(doctype, name, "workflow_remark", remark)
	return apply_workflow(frappe.get_doc(doctype, name), action)


def actions_on(record) -> list[frappe._dict]:
	return frappe.get_all(
		"Title Action",
		filters={"record_name": record},
		fields=["name", "action", "status", "source_name", "article"],
	)


# ---- the daily overdue job


def test_overdue_job_opens_and_flags_reports_once(people):
	certified_on = years_ago(2)
	record = certify(people.org, "CQ-BASE", certified_on)
	years = owed("CQ-BASE", certified_on)
	assert len(years) == 2  # the report that fell due last and the one falling due next

	first = jobs.flag_overdue_reports()
	names = [f"AR-{record}-{y}" for y in years]
	assert set(names) <= set(first["created"])
	past, current = (frappe.get_doc("Annual Report", n) for n in names)
	# CQ §13: summary and plan due at the end of November
	assert (past.due_date.month, past.due_date.day) == (11, 30) and past.due_date.year == years[0]
	assert past.status == "Overdue" and past.is_late
	assert current.status == "Open" and not current.is_late
	assert past.organization == people.org and past.recommending_district == people.district
	# CQ has no history rule on late reports: nothing is proposed
	assert actions_on(record) == []

	second = jobs.flag_overdue_reports()
	assert not set(names) & set(second["created"]) and not set(names) & set(second["flagged"])
	assert frappe.db.count("Annual Report", {"record_name": record}) == 2


def test_the_organisation_is_reminded_once_before_its_report_falls_due(people):
	record = certify(people.org, "CQ-BASE", years_ago(2))
	jobs.flag_overdue_reports()
	# the report that fell due on 30 November 2026 (CQ §13), as the job saw the days before it; the next
	# one (2027) waits for the 2027 holiday calendar
	report = frappe.get_all(
		"Annual Report",
		filters={"record_name": record, "due_date": ("<", today())},
		fields=["name", "due_date"],
		order_by="due_date desc",
	)[0]
	cal = work_calendar(get_scheme("CQ-BASE").holiday_calendar)
	due = getdate(report.due_date)
	early = add_days(due, -30)
	assert report.name not in jobs.remind_due_reports(today=early)
	# three working days before (CQ sets no reminder of its own: the default five)
	day = due
	while cal.working_days_between(getdate(day), due) < 3 or not cal.is_working_day(getdate(day)):
		day = add_days(day, -1)
	assert report.name in jobs.remind_due_reports(today=day)

	def reminders(user):
		return [
			s
			for s in frappe.get_all(
				"Notification Log",
				filters={"for_user": user, "document_name": report.name},
				pluck="subject",
			)
			if str(due) in s
		]

	told = reminders(people.applicant)
	assert len(told) == 1 and "3" in told[0]
	# the other organisation hears nothing; a second run sends nothing again
	assert not reminders(people.other_applicant)
	assert report.name not in jobs.remind_due_reports(today=day)
	assert len(reminders(people.applicant)) == 1


def test_a_scheme_without_a_report_date_gets_no_reports(people):
	# the administrator removes QD's yearly report deadline (set-up): no report is opened any more
	doc = frappe.get_doc("Policy Scheme", "QD-BASE")
	doc.deadlines = [d for d in doc.deadlines if d.event != "annual_report"]
	doc.save()
	frappe.clear_document_cache("Policy Scheme", "QD-BASE")
	record = certify(people.org, "QD-BASE", years_ago(2))
	jobs.flag_overdue_reports()
	assert frappe.db.count("Annual Report", {"record_name": record}) == 0


def test_qd_s15_two_years_running_late_yearly_report_proposes_revocation(people):
	"""QD §7(三) 每年向市科技局提交国合基地年度工作报告和下一年度工作计划 (the scheme's default date, 31
	January of the next year); QD §15 连续两年未按时提交年度工作报告的 取消国合基地资格: the organisation
	files one year's report after its due date, the next one is not filed when the daily job runs."""
	certified_on = years_ago(3)
	record = certify(people.org, "QD-BASE", certified_on)
	years = owed("QD-BASE", certified_on)
	first = jobs.flag_overdue_reports()
	late, overdue = f"AR-{record}-{years[0] - 1}", f"AR-{record}-{years[0]}"
	assert overdue in first["created"]
	assert frappe.db.get_value("Annual Report", overdue, ["status", "is_late"]) == ("Overdue", 1)
	assert frappe.db.get_value("Annual Report", overdue, "due_date") == date(years[0] + 1, 1, 31)
	assert actions_on(record) == []  # one year late is no ground

	# the year before: opened then (set-up), filed by the organisation only now, after 31 January
	jobs.ensure_report("Cooperation Base", record, years[0] - 1)
	file_report(people, late)
	filed = frappe.get_doc("Annual Report", late)
	assert filed.workflow_state == "Submitted" and filed.is_late
	assert filed.due_date == date(years[0], 1, 31) and filed.submitted_on == getdate(today())

	jobs.flag_overdue_reports()
	jobs.flag_overdue_reports()
	(proposal,) = actions_on(record)
	assert proposal.action == "Revoke" and proposal.status == "Proposed"
	assert proposal.source_name == overdue and "第十五条" in proposal.article
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Active"  # until the bureau confirms


def test_qd_one_late_year_proposes_nothing(people):
	record = certify(people.org, "QD-BASE", years_ago(3))
	jobs.flag_overdue_reports()
	assert frappe.db.get_value("Annual Report", {"record_name": record, "status": "Overdue"})
	assert actions_on(record) == []


def test_zj_s15_a_base_certified_less_than_a_year_owes_no_report_yet(people):
	"""ZJ §15: 认定满一年的国合基地应于每年1月31日前提交上一年度报告: a base certified six months ago
	owes nothing on the coming 31 January; without the 12 months the report would be opened."""
	certified_on = getdate(today()) - relativedelta(months=6)
	record = certify(people.org, "ZJ-BASE", certified_on)
	assert owed("ZJ-BASE", certified_on) == []
	jobs.flag_overdue_reports()
	assert frappe.db.count("Annual Report", {"record_name": record}) == 0

	# the administrator sets the months to 0 (set-up): the report on this year is owed at once
	doc = frappe.get_doc("Policy Scheme", "ZJ-BASE")
	next(p for p in doc.parameters if p.code == duties.AFTER_MONTHS_PARAM).value = 0
	doc.save()
	frappe.clear_document_cache("Policy Scheme", "ZJ-BASE")
	jobs.flag_overdue_reports()
	assert frappe.db.count("Annual Report", {"record_name": record}) >= 1


def test_xx_base_s13_work_plan_with_targets_and_work_summary_each_year(people):
	"""XX-BASE §13: 按年度提交工作计划、目标任务及工作总结 (to the district's S&T department): two reports
	a year, the plan with its target tasks by 31 January of the year and the summary by 31 January of
	the next (the document gives no date: the scheme's default rows, which an administrator edits)."""
	certified_on = years_ago(1)
	record = certify(people.org, "XX-BASE", certified_on, valid_until=add_days(today(), 700))
	plan_years = owed("XX-BASE", certified_on, "work_plan")
	summary_years = owed("XX-BASE", certified_on, "work_summary")
	created = jobs.flag_overdue_reports()["created"]
	plan = f"AR-{record}-{plan_years[-1]}-work_plan"
	summary = f"AR-{record}-{summary_years[-1]}-work_summary"
	assert {plan, summary} <= set(created)
	assert frappe.db.count("Annual Report", {"record_name": record}) == len(plan_years) + len(summary_years)
	p = frappe.get_doc("Annual Report", plan)
	assert p.report_kind == "work_plan" and p.due_date == date(plan_years[-1], 1, 31)
	row = get_scheme("XX-BASE").deadline("work_plan")
	assert p.report_kind_label == row.label(frappe.get_system_settings("language") or "en")
	assert "工作计划及目标任务" in row.label_zh and "target tasks" in row.label_en
	assert frappe.db.get_value("Annual Report", summary, "due_date") == date(summary_years[-1] + 1, 1, 31)
	# the ones that fell due last are overdue, each listed with what it is
	listed = {
		r["name"]: r["report_kind_label"]
		for r in overdue_annual_reports.execute({"organization": people.org})[1]
	}
	lang = frappe.get_system_settings("language") or "en"
	assert listed == {
		f"AR-{record}-{plan_years[0]}-work_plan": row.label(lang),
		f"AR-{record}-{summary_years[0]}-work_summary": get_scheme("XX-BASE")
		.deadline("work_summary")
		.label(lang),
	}

	# the organisation files the plan: without its target tasks it is refused, nothing is stored
	frappe.set_user(people.applicant)
	doc = frappe.get_doc("Annual Report", plan)
	doc.plan = "<p>全年计划举办国际交流活动 4 场。</p>"
	doc.save()
	with pytest.raises(frappe.ValidationError, match="Fill in before submitting: Target Tasks"):
		apply_workflow(frappe.get_doc("Annual Report", plan), "Submit")
	assert frappe.db.get_value("Annual Report", plan, "workflow_state") == "Draft"
	doc = frappe.get_doc("Annual Report", plan)
	doc.targets = "<p>新增国际合作项目 2 项，引进海外人才 3 名。</p>"
	doc.save()
	apply_workflow(frappe.get_doc("Annual Report", plan), "Submit")
	assert frappe.db.get_value("Annual Report", plan, "workflow_state") == "Submitted"  # to the district

	# the summary asks for the summary alone
	doc = frappe.get_doc("Annual Report", summary)
	with pytest.raises(frappe.ValidationError, match="Fill in before submitting: Work Summary of the Year"):
		apply_workflow(doc, "Submit")
	doc = frappe.get_doc("Annual Report", summary)
	doc.summary = "<p>全年引进海外技术 3 项。</p>"
	doc.save()
	apply_workflow(frappe.get_doc("Annual Report", summary), "Submit")
	assert frappe.db.get_value("Annual Report", summary, "status") == "Submitted"
	frappe.set_user("Administrator")

	# a report made by hand must say which of the two it is
	with pytest.raises(frappe.ValidationError, match="choose the report kind"):
		frappe.get_doc(
			{
				"doctype": "Annual Report",
				"record_doctype": "Cooperation Base",
				"record_name": record,
				"year": 2030,
			}
		).insert(ignore_permissions=True)
	with pytest.raises(frappe.ValidationError, match="no yearly report of kind annual_report"):
		frappe.get_doc(
			{
				"doctype": "Annual Report",
				"record_doctype": "Cooperation Base",
				"record_name": record,
				"year": 2030,
				"report_kind": "annual_report",
			}
		).insert(ignore_permissions=True)


def test_xx_inc_s9_yearly_assessment_data_to_the_district(people):
	"""XX-INC §9: 需定期向所在新城（园办）科技主管部门报送相关考核数据 — once a year by 31 March of the
	next year by default (no period or date in the document); the data is the attached evidence, and
	the report goes to the district first."""
	certified_on = years_ago(2)
	record = certify(people.org, "XX-INC", certified_on, doctype="Incubation Carrier")
	years = owed("XX-INC", certified_on)
	jobs.flag_overdue_reports()
	name = f"AR-{record}-{years[0]}"
	assert frappe.db.get_value("Annual Report", name, "due_date") == date(years[0] + 1, 3, 31)
	assert frappe.db.get_value("Annual Report", name, "status") == "Overdue"
	assert actions_on(record) == []  # XX-INC §10 revokes for the assessment, not for late data

	frappe.set_user(people.applicant)
	with pytest.raises(frappe.ValidationError, match="Fill in before submitting: Evidence"):
		apply_workflow(frappe.get_doc("Annual Report", name), "Submit")
	doc = frappe.get_doc("Annual Report", name)
	doc.append(
		"evidence", {"description": "孵化载体年度考核数据表", "attachment": "/private/files/inc_data.xlsx"}
	)
	doc.save()
	apply_workflow(frappe.get_doc("Annual Report", name), "Submit")
	report = frappe.get_doc("Annual Report", name)
	assert report.workflow_state == "Submitted" and report.is_late
	frappe.set_user(people.officer)
	assert frappe.has_permission("Annual Report", "read", report)
	act(people.officer, "Annual Report", name, "Confirm")
	assert frappe.db.get_value("Annual Report", name, "workflow_state") == "Awaiting Acceptance"


def test_zj_report_missing_at_the_end_of_evaluation(people):
	certified_on = years_ago(2)
	record = certify(people.org, "ZJ-BASE", certified_on)
	years = owed("ZJ-BASE", certified_on)
	jobs.flag_overdue_reports()
	past = f"AR-{record}-{years[0]}"
	# ZJ §15: 31 January of the next year; late alone is no ground in ZJ
	assert frappe.db.get_value("Annual Report", past, "due_date") == date(years[0] + 1, 1, 31)
	assert frappe.db.get_value("Annual Report", past, "status") == "Overdue"
	assert actions_on(record) == []

	# the evaluation ends without the report (the round calls this when it closes)
	(first,) = jobs.apply_missing_reports("ZJ-BASE", years[0])
	assert jobs.apply_missing_reports("ZJ-BASE", years[0]) == [first]
	(proposal,) = actions_on(record)
	assert proposal.name == first and proposal.action == "Revoke" and proposal.source_name == past
	assert "第二十二条" in proposal.article
	assert frappe.db.get_value("Annual Report", past, "status") == "Missing"


def test_zj_missing_report_through_the_schemes_make_up_date(people):
	certified_on = years_ago(2)
	record = certify(people.org, "ZJ-BASE", certified_on)
	years = owed("ZJ-BASE", certified_on)
	# a make-up date the bureau sets on the scheme: the report on Y may be made up until 1 February Y+1
	add_deadline(
		"ZJ-BASE", code="report_makeup", event="report_missing", due_month=2, due_day=1, year_offset=1
	)
	jobs.flag_overdue_reports()
	jobs.flag_overdue_reports()
	(proposal,) = actions_on(record)
	assert proposal.action == "Revoke" and proposal.source_name == f"AR-{record}-{years[0]}"


def test_a_filed_report_is_not_missing(people):
	certified_on = years_ago(2)
	record = certify(people.org, "ZJ-BASE", certified_on)
	years = owed("ZJ-BASE", certified_on)
	jobs.flag_overdue_reports()
	name = f"AR-{record}-{years[0]}"
	file_report(people, name)
	assert jobs.apply_missing_reports("ZJ-BASE", years[0]) == []
	report = frappe.get_doc("Annual Report", name)
	assert report.status == "Submitted" and report.is_late and report.submitted_on == getdate(today())


# ---- the report's own workflow


def file_report(people, name):
	frappe.set_user(people.applicant)
	doc = frappe.get_doc("Annual Report", name)
	doc.summary = "<p>全年引进海外技术 3 项。</p>"
	doc.plan = "<p>下一年度计划举办国际交流活动 4 场。</p>"
	doc.append("evidence", {"description": "合作协议", "attachment": "/private/files/agreement.pdf"})
	doc.save()
	apply_workflow(frappe.get_doc("Annual Report", name), "Submit")
	frappe.set_user("Administrator")


def test_report_workflow_organisation_district_bureau(people):
	certified_on = years_ago(2)
	record = certify(people.org, "CQ-BASE", certified_on)
	years = owed("CQ-BASE", certified_on)
	jobs.flag_overdue_reports()
	name = f"AR-{record}-{years[1]}"

	frappe.set_user(people.applicant)
	with pytest.raises(frappe.ValidationError, match="Fill in before submitting"):
		apply_workflow(frappe.get_doc("Annual Report", name), "Submit")
	assert frappe.db.get_value("Annual Report", name, "workflow_state") == "Draft"
	file_report(people, name)
	doc = frappe.get_doc("Annual Report", name)
	assert doc.workflow_state == "Submitted" and doc.status == "Submitted" and not doc.is_late

	# the other district cannot even read it; the applicant cannot change it any more
	frappe.set_user(people.other_officer)
	assert not frappe.has_permission("Annual Report", "read", doc)
	frappe.set_user(people.applicant)
	doc.summary = "<p>改过的总结</p>"
	with pytest.raises(frappe.PermissionError):
		doc.save()

	with pytest.raises(frappe.ValidationError, match="reason"):
		act(people.officer, "Annual Report", name, "Return", remark="")
	act(people.officer, "Annual Report", name, "Return", remark="缺少证明材料")
	assert frappe.db.get_value("Annual Report", name, "workflow_state") == "Returned"
	assert frappe.db.exists(
		"Notification Log",
		{"for_user": people.applicant, "document_type": "Annual Report", "document_name": name},
	)
	act(people.applicant, "Annual Report", name, "Submit")
	act(people.officer, "Annual Report", name, "Confirm")
	act(people.bureau, "Annual Report", name, "Accept")
	doc = frappe.get_doc("Annual Report", name)
	assert doc.workflow_state == "Accepted" and doc.status == "Accepted"
	assert [r.action for r in doc.approval_log] == ["Submit", "Return", "Submit", "Confirm", "Accept"]
	assert doc.approval_log[1].remarks == "缺少证明材料"


def test_report_refuses_a_record_of_another_kind_and_a_second_report_for_a_year(people):
	record = certify(people.org, "CQ-BASE", years_ago(2))
	with pytest.raises(frappe.ValidationError, match="certified record must be one of"):
		frappe.get_doc(
			{
				"doctype": "Annual Report",
				"record_doctype": "Applicant Organization",
				"record_name": people.org,
				"year": 2025,
			}
		).insert(ignore_permissions=True)
	year = getdate(today()).year
	jobs.ensure_report("Cooperation Base", record, year)
	with pytest.raises(frappe.DuplicateEntryError):
		frappe.get_doc(
			{
				"doctype": "Annual Report",
				"record_doctype": "Cooperation Base",
				"record_name": record,
				"year": year,
			}
		).insert(ignore_permissions=True)
	assert frappe.db.count("Annual Report", {"record_name": record}) == 1

	# an applicant cannot open a report (or a district officer a proposal) on another's record by
	# typing their own organisation: the record decides, and they cannot read it
	theirs = certify(people.other_org, "CQ-BASE", years_ago(2))
	frappe.set_user(people.applicant)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Annual Report",
				"record_doctype": "Cooperation Base",
				"record_name": theirs,
				"organization": people.org,
				"recommending_district": people.district,
				"year": year,
			}
		).insert()
	frappe.set_user(people.officer)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Title Action",
				"record_doctype": "Cooperation Base",
				"record_name": theirs,
				"organization": people.org,
				"recommending_district": people.district,
				"action": "Warn",
				"ground": "x",
			}
		).insert()
	frappe.set_user("Administrator")
	assert frappe.db.count("Annual Report", {"record_name": theirs}) == 0
	assert frappe.db.count("Title Action", {"record_name": theirs}) == 0


# ---- title actions


def test_propose_is_idempotent_per_record_action_and_source(people):
	record = certify(people.org, "XX-BASE", years_ago(1), valid_until=add_days(today(), 300))
	a = propose(
		"Cooperation Base", record, "revoke", "连续两年考评不合格", "第十六条", "Cooperation Base", record
	)
	assert propose("Cooperation Base", record, "Revoke", "again", "", "Cooperation Base", record) == a
	b = propose("Cooperation Base", record, "Warn", "提醒", "第十六条", "Cooperation Base", record)
	assert a != b and len(actions_on(record)) == 2
	with pytest.raises(frappe.ValidationError):
		propose("Cooperation Base", record, "Applaud", "?")
	with pytest.raises(frappe.ValidationError, match="Only a revocation"):
		propose("Cooperation Base", record, "Warn", "x", fraud=True)
	assert len(actions_on(record)) == 2


def open_scheme(code="XX-BASE"):
	s = frappe.get_doc("Policy Scheme", code)
	s.effective_from = "2023-10-01"
	s.effective_years = 10
	s.save()


def new_application(people):
	call = make_call("XX-BASE", title="年报测试申报通知")
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	app = frappe.get_doc(
		{
			"doctype": "Cooperation Base Application",
			"call_for_applications": call.name,
			"organization": people.org,
			"base_type": "coop_base",
			"pledge_accepted": 1,
			**XX_FACTS,
		}
	).insert()
	return app


def test_confirmed_fraud_revocation_bans_new_applications_for_three_years(people):
	open_scheme()
	record = certify(people.org, "XX-BASE", years_ago(1), valid_until=add_days(today(), 300))
	name = propose("Cooperation Base", record, "Revoke", "申报材料弄虚作假", "第十四条", fraud=True)

	act(people.bureau, "Title Action", name, "Confirm")
	action = frappe.get_doc("Title Action", name)
	assert action.status == "Confirmed" and action.decided_by == people.bureau
	assert action.decided_on == getdate(today())
	base = frappe.get_doc("Cooperation Base", record)
	assert base.status == "Revoked" and base.ended_on == getdate(today()) and name in base.end_reason
	sanction = frappe.get_doc("Sanction", action.sanction)
	assert sanction.docstatus == 1 and sanction.organization == people.org
	assert sanction.start_date == getdate(today())
	assert sanction.end_date == getdate(today()) + relativedelta(years=3)  # XX-BASE §14
	assert (sanction.source_doctype, sanction.source_name) == ("Title Action", name)

	app = new_application(people)
	assert not app.eligible
	assert any(r.condition == "ban" and not r.passed for r in app.eligibility_results)
	with pytest.raises(frappe.ValidationError):
		act(people.applicant, "Cooperation Base Application", app.name, "Submit")
	assert frappe.db.get_value("Cooperation Base Application", app.name, "workflow_state") == "Draft"

	# a decided action never changes
	frappe.set_user("Administrator")
	action = frappe.get_doc("Title Action", name)
	action.ground = "改写"
	with pytest.raises(frappe.PermissionError):
		action.save()


@pytest.mark.parametrize(
	("scheme", "article"), [("ZJ-BASE", "第二十二条"), ("CQ-BASE", "第十五条"), ("QD-BASE", "第十五条")]
)
def test_any_revocation_bans_three_years_where_the_document_says_so(people, scheme, article):
	"""ZJ §22, CQ §15, QD §15: 取消资格 … 三年内不得再次申报, whatever the ground: a revocation for two fails
	(no fraud ticked) writes the Sanction too, and a new application to that scheme is refused."""
	record = certify(people.org, scheme, years_ago(2), valid_until=add_days(today(), 300))
	name = propose("Cooperation Base", record, "Revoke", "连续两次评价不合格", article)
	act(people.bureau, "Title Action", name, "Confirm")
	action = frappe.get_doc("Title Action", name)
	sanction = frappe.get_doc("Sanction", action.sanction)
	assert sanction.docstatus == 1 and sanction.scheme == scheme and article in sanction.article
	assert sanction.end_date == getdate(today()) + relativedelta(years=3)


def test_xx_base_revocation_without_fraud_writes_no_ban(people):
	"""XX-BASE §14 bans only 伪造数据资料、提供虚假证明; §16's revocation for two fails does not."""
	record = certify(people.org, "XX-BASE", years_ago(2), valid_until=add_days(today(), 300))
	name = propose("Cooperation Base", record, "Revoke", "连续两年考评不合格", "第十六条")
	act(people.bureau, "Title Action", name, "Confirm")
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Revoked"
	assert not frappe.db.get_value("Title Action", name, "sanction")
	assert not frappe.db.exists("Sanction", {"organization": people.org})


def test_dismissing_needs_a_reason_and_leaves_the_record_active(people):
	record = certify(people.org, "XX-BASE", years_ago(1), valid_until=add_days(today(), 300))
	name = propose("Cooperation Base", record, "Revoke", "连续两年考评不合格", "第十六条", fraud=True)
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(people.bureau, "Title Action", name, "Dismiss", remark="")
	assert frappe.db.get_value("Title Action", name, "status") == "Proposed"
	act(people.bureau, "Title Action", name, "Dismiss", remark="经复核，评价数据有误")
	action = frappe.get_doc("Title Action", name)
	assert action.status == "Dismissed" and not action.sanction
	assert action.approval_log[-1].remarks == "经复核，评价数据有误"
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Active"
	assert not frappe.db.exists("Sanction", {"organization": people.org})


def test_wrong_role_or_own_proposal_cannot_be_confirmed(people):
	record = certify(people.org, "XX-BASE", years_ago(1), valid_until=add_days(today(), 300))
	name = propose("Cooperation Base", record, "Revoke", "连续两年考评不合格", "第十六条")
	for user in (people.officer, people.applicant):
		with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
			act(user, "Title Action", name, "Confirm")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Title Action", name, "status") == "Proposed"
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Active"

	# a bureau officer's own proposal goes to another officer
	frappe.set_user(people.bureau)
	own = frappe.get_doc(
		{
			"doctype": "Title Action",
			"record_doctype": "Cooperation Base",
			"record_name": record,
			"action": "Warn",
			"ground": "年度报告内容不实",
		}
	).insert()
	with pytest.raises((frappe.PermissionError, frappe.ValidationError), match="Self approval|yourself"):
		act(people.bureau, "Title Action", own.name, "Confirm")
	act(people.bureau2, "Title Action", own.name, "Confirm")
	assert frappe.db.get_value("Title Action", own.name, "status") == "Confirmed"
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Active"  # a warning only


def test_revoking_a_record_that_is_no_longer_active_is_refused(people):
	record = certify(people.org, "XX-BASE", years_ago(4), valid_until=add_days(today(), -5), status="Expired")
	name = propose("Cooperation Base", record, "Revoke", "连续两年考评不合格", "第十六条")
	with pytest.raises(frappe.ValidationError, match="only an active record"):
		act(people.bureau, "Title Action", name, "Confirm")
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Expired"


# ---- expiry and renewal


def test_expiry_job_twice(people):
	gone = certify(people.org, "XX-BASE", years_ago(3), valid_until=add_days(today(), -1))
	last_day = certify(people.other_org, "XX-BASE", years_ago(3), valid_until=today())
	first = jobs.expire_certified_records()
	assert gone in first and last_day not in first
	base = frappe.get_doc("Cooperation Base", gone)
	assert base.status == "Expired" and base.ended_on == getdate(add_days(today(), -1))
	assert frappe.db.get_value("Cooperation Base", last_day, "status") == "Active"
	assert gone not in jobs.expire_certified_records()
	assert frappe.db.count("Version", {"ref_doctype": "Cooperation Base", "docname": gone}) == 1


def test_renewal_application_after_expiry_links_back(people):
	from policy_app.recognition.certification import create_certified_record

	open_scheme()
	old = certify(
		people.org, "XX-BASE", years_ago(3), valid_until=add_days(today(), -1), base_type="coop_base"
	)
	jobs.expire_certified_records()
	app = new_application(people)
	assert app.eligible
	act(people.applicant, "Cooperation Base Application", app.name, "Submit")
	assert frappe.db.get_value("Cooperation Base Application", app.name, "workflow_state") == "Submitted"

	frappe.set_user("Administrator")
	new = create_certified_record(frappe.get_doc("Cooperation Base Application", app.name))
	assert new != old
	assert new in frappe.db.get_value("Cooperation Base", old, "end_reason")
	assert frappe.db.get_value("Cooperation Base", old, "status") == "Expired"
	assert frappe.db.exists(
		"Comment",
		{"reference_doctype": "Cooperation Base", "reference_name": new, "content": ["like", f"%{old}%"]},
	)


def test_renewal_of_a_record_still_expiring_ends_it_the_day_before(people):
	old = certify(people.org, "XX-BASE", years_ago(3), valid_until=add_days(today(), 30))
	new = certify(people.org, "XX-BASE", today(), valid_until=add_days(today(), 1000))
	prev = frappe.get_doc("Cooperation Base", old)
	assert (
		prev.status == "Expired"
		and prev.ended_on == getdate(add_days(today(), -1))
		and new in prev.end_reason
	)
	assert frappe.db.get_value("Cooperation Base", new, "status") == "Active"


def test_another_type_or_a_record_without_validity_is_not_renewed(people):
	no_validity = certify(people.org, "CQ-BASE", years_ago(2))
	certify(people.org, "CQ-BASE", today())
	assert frappe.db.get_value("Cooperation Base", no_validity, "status") == "Active"
	frappe.db.set_value("Cooperation Base", no_validity, "status", "Exited")
	other_type = certify(people.org, "XX-BASE", years_ago(1), valid_until=add_days(today(), 30))
	frappe.db.set_value("Cooperation Base", other_type, "base_type", "park")
	certify(people.org, "XX-BASE", today(), valid_until=add_days(today(), 1000))
	assert frappe.db.get_value("Cooperation Base", other_type, "status") == "Active"


# ---- reports and scope


def test_overdue_report_lists_only_overdue_unfiled_reports(people):
	certified_on = years_ago(2)
	record = certify(people.org, "CQ-BASE", certified_on)
	years = owed("CQ-BASE", certified_on)
	jobs.flag_overdue_reports()
	columns, rows = overdue_annual_reports.execute({"organization": people.org})
	assert [r["name"] for r in rows] == [f"AR-{record}-{years[0]}"]
	assert rows[0]["days_overdue"] == (getdate(today()) - date(years[0], 11, 30)).days
	assert {c["fieldname"] for c in columns} >= {"name", "due_date", "days_overdue"}
	file_report(people, f"AR-{record}-{years[0]}")
	assert overdue_annual_reports.execute({"organization": people.org})[1] == []


def test_expiring_soon_report_window_is_a_filter(people):
	soon = certify(people.org, "XX-BASE", years_ago(3), valid_until=add_days(today(), 30))
	later = certify(people.other_org, "XX-BASE", years_ago(2), valid_until=add_days(today(), 200))
	certify(people.other_org, "CQ-BASE", years_ago(2))  # no validity: never listed

	def names(filters):
		return [r["name"] for r in records_expiring_soon.execute(filters)[1] if r["name"] in (soon, later)]

	assert names({}) == [soon]
	assert names({"days": 365}) == [soon, later]
	assert names({"days": 10}) == []
	row = next(r for r in records_expiring_soon.execute({})[1] if r["name"] == soon)
	assert row["days_left"] == 30 and row["record_doctype"] == "Cooperation Base"
	# a district officer sees only the records of their district
	frappe.set_user(people.officer)
	assert names({"days": 365}) == [soon]


def test_organisation_sees_only_its_own_reports_and_actions(people):
	mine = certify(people.org, "CQ-BASE", years_ago(2))
	theirs = certify(people.other_org, "CQ-BASE", years_ago(2))
	jobs.flag_overdue_reports()
	propose("Cooperation Base", theirs, "Warn", "提醒", "第十五条")

	frappe.set_user(people.applicant)
	visible = set(frappe.get_list("Annual Report", pluck="record_name"))
	assert mine in visible and theirs not in visible
	other = frappe.get_doc("Annual Report", frappe.db.get_value("Annual Report", {"record_name": theirs}))
	assert not frappe.has_permission("Annual Report", "read", other)
	assert frappe.get_list("Title Action", filters={"record_name": theirs}) == []
	overdue = [r["record_name"] for r in overdue_annual_reports.execute({})[1]]
	assert mine in overdue and theirs not in overdue

	frappe.set_user(people.other_officer)
	visible = set(frappe.get_list("Annual Report", pluck="record_name"))
	assert theirs in visible and mine not in visible
	assert len(frappe.get_list("Title Action", filters={"record_name": theirs})) == 1


def test_dashboard_numbers_follow_the_users_scope(people):
	from policy_app.annual_duties import dashboard

	mine = certify(people.org, "XX-BASE", years_ago(2), valid_until=add_days(today(), 30))
	certify(people.other_org, "XX-BASE", years_ago(2), valid_until=add_days(today(), 500))
	certify(people.other_org, "CQ-BASE", years_ago(2), status="Expired")
	frappe.set_user("Administrator")
	everyone = dashboard.certified_records_by_status()
	frappe.set_user(people.officer)
	assert dashboard.active_certified_records()["value"] == 1
	assert dashboard.records_expiring_in_90_days()["value"] == 1
	chart = dashboard.certified_records_by_status()
	base = next(d for d in chart["datasets"] if d["name"] == "Cooperation Base")
	assert dict(zip(chart["labels"], base["values"], strict=True)) == {"Active": 1}
	frappe.set_user("Administrator")
	base_all = next(d for d in everyone["datasets"] if d["name"] == "Cooperation Base")
	counts = dict(zip(everyone["labels"], base_all["values"], strict=True))
	assert counts["Active"] >= 2 and counts["Expired"] >= 1
	assert frappe.db.get_value("Cooperation Base", mine, "organization") == people.org


def test_daily_jobs_are_scheduled():
	daily = frappe.get_hooks("scheduler_events")["daily"]
	for method in (
		"policy_app.annual_duties.jobs.flag_overdue_reports",
		"policy_app.annual_duties.jobs.expire_certified_records",
	):
		assert method in daily
		assert frappe.db.get_value("Scheduled Job Type", {"method": method}, "frequency") == "Daily"


def test_patch_adds_the_annual_duties_to_existing_sites_and_keeps_an_administrators_rows():
	"""The patch for existing sites (ZJ §15, XX-BASE §13, QD §7(三), XX-INC §9): a site installed before
	gets the 12 months, the report deadlines and their remarks; a QD date the bureau had set stays."""
	from policy_app.patches.v0_1 import annual_duties_of_the_documents as patch
	from policy_app.setup.shipped import shipped_data

	# set-up: the schemes as an older release shipped them, QD with the bureau's own date
	for code in ("ZJ-BASE", "XX-BASE", "QD-BASE", "XX-INC"):
		doc = frappe.get_doc("Policy Scheme", code)
		doc.deadlines = [d for d in doc.deadlines if d.event != "annual_report"]
		doc.parameters = [p for p in doc.parameters if p.code != duties.AFTER_MONTHS_PARAM]
		shipped = shipped_data("Policy Scheme", code)["remarks"]
		cut = shipped.find(patch.REMARKS[code]) if code in patch.REMARKS else -1
		if cut > 0:
			doc.remarks = shipped[:cut]
		if code == "QD-BASE":
			doc.append(
				"deadlines",
				{
					"code": "annual_report",
					"event": "annual_report",
					"kind": "day_of_year",
					"due_month": 2,
					"due_day": 28,
					"year_offset": 1,
				},
			)
		doc.save()

	patch.execute()
	patch.execute()  # twice: nothing added again
	for code in ("ZJ-BASE", "XX-BASE", "QD-BASE", "XX-INC"):
		frappe.clear_document_cache("Policy Scheme", code)
	assert duties.after_months(get_scheme("ZJ-BASE")) == 12
	xx = get_scheme("XX-BASE")
	assert [d.code for d in duties.report_deadlines(xx)] == ["work_plan", "work_summary"]
	assert patch.REMARKS["XX-BASE"] in xx.remarks
	(inc,) = duties.report_deadlines(get_scheme("XX-INC"))
	assert (inc.due_month, inc.due_day, inc.report_parts) == (3, 31, "evidence")
	qd = get_scheme("QD-BASE")
	(own,) = duties.report_deadlines(qd)
	assert (own.due_month, own.due_day) == (2, 28)  # the bureau's date stays
	assert patch.REMARKS["QD-BASE"] in qd.remarks
