"""The recognition chain walked by the real users of each role, and the moves it must refuse."""

from datetime import timedelta

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, add_months, getdate, today

from factories import (
	XX_FACTS,
	act,
	credit_code,
	make_call,
	make_district,
	make_org,
	make_user,
	service_application,
)


@pytest.fixture
def people():
	d = make_district("认定测试新城")
	org = make_org("认定测试企业", d, 41)
	return frappe._dict(
		district=d,
		org=org,
		applicant=make_user("rec.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		officer=make_user("rec.officer@policy.test", ["District Officer"], districts=[d]),
		other_officer=make_user(
			"rec.other@policy.test", ["District Officer"], districts=[make_district("认定测试另一新城")]
		),
		bureau=make_user("rec.bureau@policy.test", ["Bureau Officer"]),
		leader=make_user("rec.leader@policy.test", ["Bureau Leader"]),
	)


def open_scheme(code="XX-BASE"):
	"""The shipped XX-BASE ended on 2026-09-30; a bureau extends it on the form to keep using it."""
	s = frappe.get_doc("Policy Scheme", code)
	s.effective_from = "2023-10-01"
	s.effective_years = 10
	s.save()


def new_application(people, call, **facts):
	# user permissions are cached in Redis, which the per-test rollback does not undo: drop the
	# applicant's cached scope so it is read from this test's own records
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	return frappe.get_doc(
		{
			"doctype": "Cooperation Base Application",
			"call_for_applications": call.name,
			"organization": people.org,
			"base_type": "coop_base",
			"pledge_accepted": 1,
			**XX_FACTS,
			**facts,
		}
	).insert()


def district_ready(people, app):
	from policy_app.recognition.api import attach_signed_scan

	frappe.set_user(people.applicant)
	scan = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{app.name}-signed.pdf",
			"content": b"%PDF-1.4 signed",
			"is_private": 1,
			"attached_to_doctype": app.doctype,
			"attached_to_name": app.name,
		}
	).insert()
	attach_signed_scan(app.doctype, app.name, scan.file_url)
	frappe.set_user(people.officer)
	app = frappe.get_doc(app.doctype, app.name)
	for row in app.formal_review:
		row.result = "Pass"
	app.recommendation_opinion = "材料齐全真实，同意推荐。"
	app.save()
	return app


def test_eligibility_panel_and_refused_submission(people):
	open_scheme()
	call = make_call()
	app = new_application(people, call, international_staff=2, cap_space=0)
	failed = {r.condition for r in app.eligibility_results if not r.passed and not r.group_code}
	assert failed == {"xx6_5_staff", "xx6_6"} and not app.eligible
	with pytest.raises(frappe.ValidationError, match="Conditions not met|xx6|第六条|staff"):
		act(people.applicant, app, "Submit")
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Draft"


def test_submission_needs_the_pledge_and_an_open_window(people):
	open_scheme()
	app = new_application(people, make_call(), pledge_accepted=0)
	with pytest.raises(frappe.ValidationError, match="pledge"):
		act(people.applicant, app, "Submit")
	frappe.set_user("Administrator")
	closed = make_call(opens=-30, closes=-1)
	app = new_application(people, closed)
	with pytest.raises(frappe.ValidationError, match="accepted from"):
		act(people.applicant, app, "Submit")


def test_a_ban_blocks_submission(people):
	open_scheme()
	frappe.get_doc(
		{
			"doctype": "Sanction",
			"organization": people.org,
			"ground": "申报材料弄虚作假",
			"article": "第十四条",
			"start_date": add_days(today(), -100),
			"end_date": add_days(today(), 900),
		}
	).insert().submit()
	app = new_application(people, make_call())
	assert any(r.condition == "ban" and not r.passed for r in app.eligibility_results)
	with pytest.raises(frappe.ValidationError):
		act(people.applicant, app, "Submit")


def test_district_steps_and_forbidden_moves(people):
	open_scheme()
	app = new_application(people, make_call())
	act(people.applicant, app, "Submit")
	app.reload()
	assert app.workflow_state == "Submitted" and len(app.formal_review) == 6
	# another district's officer cannot even read it; the applicant cannot recommend their own case
	frappe.set_user(people.other_officer)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(app.doctype, app.name).check_permission("read")
	with pytest.raises(frappe.ValidationError):
		act(people.applicant, app, "Recommend")
	# no recommendation without the signed scan, the checklist and the opinion
	with pytest.raises(frappe.ValidationError, match="scan"):
		act(people.officer, app, "Recommend")
	# a send-back needs a reason
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(people.officer, app, "Return")
	act(people.officer, app, "Return", remark="缺少合作协议复印件")
	app.reload()
	assert app.workflow_state == "Returned"
	log = app.approval_log[-1]
	assert (log.from_state, log.to_state, log.action, log.user, log.role, log.remarks) == (
		"Submitted",
		"Returned",
		"Return",
		people.officer,
		"District Officer",
		"缺少合作协议复印件",
	)
	# the district officer may not edit the applicant's figures while it is with the applicant
	frappe.set_user(people.officer)
	doc = frappe.get_doc(app.doctype, app.name)
	doc.international_staff = 40
	with pytest.raises(frappe.PermissionError):
		doc.save()


def test_full_xx_base_case_to_certification(people, monkeypatch):
	open_scheme()
	app = new_application(people, make_call())
	act(people.applicant, app, "Submit")
	app = district_ready(people, app)
	act(people.officer, app, "Recommend")
	act(people.bureau, app, "Accept")
	act(people.bureau, app, "Start Expert Review")
	with pytest.raises(frappe.ValidationError, match="quorum"):
		act(people.bureau, app, "Send to Site Visit")
	_complete_expert_panel(people, app)
	# §9.3 审核论证并组织现场考察: the case reaches leadership only through the site visit
	with pytest.raises(frappe.ValidationError):
		act(people.bureau, app, "Send to Leadership")
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Expert Review"
	act(people.bureau, app, "Send to Site Visit")
	act(people.bureau, app, "Send to Leadership")
	with pytest.raises(frappe.ValidationError):
		act(people.bureau, app, "Approve")  # the leader approves, not the officer
	act(people.leader, app, "Approve")
	frappe.set_user(people.bureau)
	notice = frappe.get_doc(
		{
			"doctype": "Public Notice",
			"title": "国合基地认定名单公示",
			"scheme": "XX-BASE",
			"published_on": add_days(today(), -1),
			"items": [{"reference_doctype": app.doctype, "reference_name": app.name}],
		}
	).insert()
	assert notice.working_days == 5 and getdate(notice.ends_on) > getdate(today())
	notice.submit()
	app.reload()
	assert app.workflow_state == "Public Notice" and app.public_notice == notice.name
	# early certification is refused, and the daily job leaves it alone
	with pytest.raises(frappe.ValidationError, match="public notice runs until"):
		act(people.bureau, app, "Certify")
	from policy_app.recognition.certification import certify_due_applications

	frappe.set_user("Administrator")
	assert app.name not in certify_due_applications()
	# the notice ends: the job certifies once, a second run changes nothing
	frappe.db.set_value("Public Notice", notice.name, "ends_on", add_days(today(), -1))
	# a record the job cannot certify is logged and left as it was; the job itself does not stop
	import policy_app.controllers.approval as approval

	def broken(*args, **kwargs):
		raise frappe.ValidationError("certificate printer offline")

	monkeypatch.setattr(approval, "move", broken)
	assert certify_due_applications() == []
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Public Notice"
	assert frappe.db.exists("Error Log", {"reference_name": app.name})
	monkeypatch.undo()
	assert certify_due_applications() == [app.name]
	assert certify_due_applications() == []
	app.reload()
	assert app.workflow_state == "Certified" and app.certified_doctype == "Cooperation Base"
	base = frappe.get_doc("Cooperation Base", app.certified_record)
	assert base.certificate_number.startswith(f"XX-BASE-{getdate(today()).year}-")
	assert getdate(base.valid_until) == getdate(today()).replace(year=getdate(today()).year + 3) - timedelta(
		days=1
	)
	actions = [r.action for r in app.approval_log]
	print("ACTIONS", [(r.action, r.from_state, r.to_state, r.user) for r in app.approval_log])
	assert actions == [
		"Submit",
		"Signed scan uploaded",
		"Recommend",
		"Accept",
		"Start Expert Review",
		"Send to Site Visit",
		"Send to Leadership",
		"Approve",
		"Publish Notice",
		"Certify",
	]


def test_objection_moves_the_case_to_re_review(people):
	open_scheme()
	app = new_application(people, make_call())
	act(people.applicant, app, "Submit")
	app = district_ready(people, app)
	act(people.officer, app, "Recommend")
	act(people.bureau, app, "Accept")
	act(people.bureau, app, "Start Expert Review")
	_complete_expert_panel(people, app)
	act(people.bureau, app, "Send to Site Visit")  # XX-BASE §9.3
	act(people.bureau, app, "Send to Leadership")
	act(people.leader, app, "Approve")
	notice = publish_notice(people, app)
	objection = lodge_objection(people, notice, app)
	app.reload()
	assert app.workflow_state == "Objection Review" and objection.objector == people.other_officer
	frappe.set_user(people.bureau)
	objection = frappe.get_doc("Objection", objection.name)
	with pytest.raises(frappe.ValidationError):
		objection.resolve("Dismissed", "", "")
	objection.resolve("Dismissed", "经专家复议，协议在有效期内。", "经核实，协议有效，异议不成立。")
	app.reload()
	assert app.workflow_state == "Public Notice"
	assert frappe.db.get_value("Objection", objection.name, "status") == "Dismissed"


def publish_notice(people, app, title="公示"):
	"""The bureau officer lists the approved application in a notice batch published today."""
	frappe.set_user(people.bureau)
	notice = frappe.get_doc(
		{
			"doctype": "Public Notice",
			"title": title,
			"scheme": app.scheme,
			"published_on": today(),
			"items": [{"reference_doctype": app.doctype, "reference_name": app.name}],
		}
	).insert()
	notice.submit()
	return notice


def lodge_objection(people, notice, app):
	"""Someone (here a district officer of another district) lodges a real-name objection."""
	frappe.set_user(people.other_officer)
	return frappe.get_doc(
		{
			"doctype": "Objection",
			"public_notice": notice.name,
			"reference_doctype": app.doctype,
			"reference_name": app.name,
			"objector_name": "张三",
			"objector_id_number": "610000199001011234",
			"objector_contact": "13800000000",
			"grounds": "申报的海外合作协议已过期",
		}
	).insert(ignore_permissions=True)


def test_direct_path_for_units_without_a_district(people):
	open_scheme("QD-BASE")
	frappe.db.set_value("Applicant Organization", people.org, "direct_to_bureau", 1)
	call = make_call("QD-BASE")
	frappe.set_user(people.applicant)
	app = frappe.get_doc(
		{
			"doctype": "Cooperation Base Application",
			"call_for_applications": call.name,
			"organization": people.org,
			"base_type": "joint_lab",
			"host_kind": "university",
			"pledge_accepted": 1,
			"aligned_and_capable": 1,
			"has_stable_overseas_channels": 1,
			"has_coop_office": 1,
			"has_cooperation_results": 1,
			"rd_strength": 1,
			"transfer_progress": 1,
			"long_term_foreign_partners": 1,
			"no_serious_integrity_breach": 1,
		}
	).insert()
	assert app.eligible, [r.reason for r in app.eligibility_results if not r.passed]
	with pytest.raises(frappe.ValidationError):
		act(people.applicant, app, "Submit")  # not offered: the unit has no district
	act(people.applicant, app, "Submit to Bureau")
	app.reload()
	assert app.workflow_state == "Awaiting Acceptance"
	act(people.bureau, app, "Accept")
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Accepted"


def _complete_expert_panel(people, app):
	"""Draw a panel and have each expert submit a review: the quorum the scheme asks for."""
	from policy_app.recognition import expert_panel

	experts = []
	for i in range(4):
		user = make_user(f"rec.expert{i}@policy.test", ["Policy Expert"])
		if not frappe.db.exists("Policy Expert", {"user": user}):
			frappe.get_doc(
				{"doctype": "Policy Expert", "user": user, "expert_name": f"专家{i}", "active": 1}
			).insert(ignore_permissions=True)
		experts.append(user)
	frappe.set_user(people.bureau)
	expert_panel.draw_panel(app.doctype, app.name)
	for review in frappe.get_all(
		"Expert Review", filters={"reference_name": app.name, "docstatus": 0}, fields=["name", "expert_user"]
	):
		frappe.set_user(review.expert_user)
		doc = frappe.get_doc("Expert Review", review.name)
		for row in doc.scores:
			row.points = row.max_points * 8 / 10
		doc.comments = "合作基础扎实。"
		doc.recommendation = "Support"
		doc.save()
		doc.submit()
	frappe.set_user("Administrator")


def test_the_next_actors_get_the_case_in_their_work_list(people):
	open_scheme()
	app = new_application(people, make_call())
	act(people.applicant, app, "Submit")
	frappe.set_user("Administrator")
	todo = frappe.get_all(
		"ToDo", filters={"reference_name": app.name, "status": "Open"}, pluck="allocated_to"
	)
	assert people.officer in todo and people.other_officer not in todo and people.bureau not in todo
	# a colleague acting for the same organisation, and one of another organisation
	colleague = make_user("rec.colleague@policy.test", ["Policy Applicant"], orgs=[people.org])
	stranger = make_user(
		"rec.stranger@policy.test",
		["Policy Applicant"],
		orgs=[make_org("认定测试另一企业", people.district, 42)],
	)
	act(people.officer, app, "Return", remark="请补充材料")
	frappe.set_user("Administrator")
	assert not frappe.get_all("ToDo", filters={"reference_name": app.name, "status": "Open"})
	for user in (people.applicant, colleague):
		note = frappe.get_all(
			"Notification Log", filters={"document_name": app.name, "for_user": user}, pluck="subject"
		)
		assert note and "请补充材料" in note[0], user
	for user in (stranger, people.officer):
		assert not frappe.get_all("Notification Log", filters={"document_name": app.name, "for_user": user})


def test_print_formats_render_in_chinese_with_sign_offs(people, monkeypatch):
	# printview writes an access log and commits it: keep this test inside its rolled-back transaction
	import frappe.www.printview

	monkeypatch.setattr(frappe.www.printview, "make_access_log", lambda **kw: None)
	open_scheme()
	app = new_application(people, make_call(), base_name="丝路国际技术转移基地", host_kind=None)
	act(people.applicant, app, "Submit")
	app = district_ready(people, app)
	act(people.officer, app, "Recommend", remark="同意推荐")
	frappe.set_user("Administrator")
	from policy_app.recognition.printing import application_print_format

	# the scheme's own application (#15 item 3): an XX-BASE case no longer prints as QD's 申请书
	html = frappe.get_print(app.doctype, app.name, application_print_format(app))
	assert "西咸新区国际科技创新交流合作基地<br>申　请　书" in html and "丝路国际技术转移基地" in html
	assert "青岛" not in html
	assert "材料齐全真实，同意推荐。" in html and "同意推荐" in html
	assert "我单位承诺并保证全部申报材料的准确性和真实性" in html
	base = frappe.get_doc(
		{
			"doctype": "Cooperation Base",
			"organization": people.org,
			"scheme": "XX-BASE",
			"certified_on": today(),
			"valid_until": add_days(today(), 1000),
			"status": "Active",
		}
	).insert()
	cert = frappe.get_print("Cooperation Base", base.name, "Cooperation Base Certificate")
	assert "认 定 证 书" in cert and base.certificate_number in cert and "西咸新区国际科技合作基地" in cert


def _walk_to_certified(people, app):
	act(people.applicant, app, "Submit")
	app = district_ready(people, app)
	act(people.officer, app, "Recommend")
	act(people.bureau, app, "Accept")
	act(people.bureau, app, "Start Expert Review")
	_complete_expert_panel(people, app)
	act(people.bureau, app, "Send to Site Visit")  # XX-BASE §9.3
	act(people.bureau, app, "Send to Leadership")
	act(people.leader, app, "Approve")
	frappe.set_user(people.bureau)
	notice = frappe.get_doc(
		{
			"doctype": "Public Notice",
			"title": "认定名单公示",
			"scheme": app.scheme,
			"published_on": add_days(today(), -30),
			"items": [{"reference_doctype": app.doctype, "reference_name": app.name}],
		}
	).insert()
	notice.submit()
	from policy_app.recognition.certification import certify_due_applications

	frappe.set_user("Administrator")
	assert certify_due_applications() == [app.name]
	return frappe.get_doc(app.doctype, app.name)


def test_full_xx_svc_case(people):
	call = make_call("XX-SVC")
	frappe.set_user(people.applicant)
	app = service_application(call, people.org, annual_service_revenue=499999)
	assert not app.eligible  # 年度科技服务收入不低于 50 万元
	app.annual_service_revenue = 500000
	app.save()
	assert app.eligible
	app = _walk_to_certified(people, app)
	assert app.workflow_state == "Certified" and app.certified_doctype == "Service Institution"
	record = frappe.get_doc("Service Institution", app.certified_record)
	assert (
		record.certificate_number.startswith("XX-SVC-") and not record.valid_until
	)  # XX-SVC sets no validity


def incubatees():
	"""XX-INC §7.3: twelve firms registered and working on site, the oldest 47 months, and eight teams."""
	firms = [
		{
			"incubatee_name": f"在孵企业{i}",
			"kind": "Incubated Firm",
			"founded_on": add_months(today(), -47 if i == 0 else -12),
			"on_site": 1,
		}
		for i in range(12)
	]
	return firms + [{"incubatee_name": f"创业团队{i}", "kind": "Startup Team"} for i in range(8)]


def test_full_xx_inc_case(people):
	call = make_call("XX-INC")
	frappe.set_user(people.applicant)
	app = frappe.get_doc(
		{
			"doctype": "Incubator Application",
			"call_for_applications": call.name,
			"organization": people.org,
			"base_type": "incubator",
			"pledge_accepted": 1,
			"registered_in_area": 1,
			"site_area_m2": 1200,
			"registration_date": add_days(today(), -800),
			"statistics_years": 2,
			"service_staff": 3,
			"mentors": 2,
			"events_per_year": 15,
			# §7.3: the carrier lists its incubatees; 12 firms on site, the oldest 47 months, and 8 teams
			"incubatees": incubatees(),
		}
	).insert()
	assert app.eligible, [r.reason for r in app.eligibility_results if not r.passed]
	assert (app.incubatee_count, app.onsite_incubatees, app.oldest_incubatee_age_months) == (20, 12, 47)
	# an ordinary firm of 48 months is too old (成立不满48个月); a biomedicine firm may be up to 60 (§7.3)
	app.append(
		"incubatees",
		{"incubatee_name": "老企业", "kind": "Incubated Firm", "founded_on": add_months(today(), -48)},
	)
	app.save()
	assert {r.condition for r in app.eligibility_results if not r.passed} == {"inc7_3_age"}
	app.incubatees[-1].special_sector = 1
	app.save()
	assert app.eligible and app.oldest_special_incubatee_age_months == 48
	app = _walk_to_certified(people, app)
	assert app.certified_doctype == "Incubation Carrier"


@pytest.fixture
def committed_cases():
	"""Bulk actions commit record by record, so their cases are committed and removed afterwards."""
	d = make_district("批量测试新城")
	org = make_org("批量测试机构", d, 51)
	other_org = make_org("批量测试外区机构", make_district("批量测试外区"), 52)
	applicant = make_user("bulk.applicant@policy.test", ["Policy Applicant"], orgs=[org, other_org])
	officer = make_user("bulk.officer@policy.test", ["District Officer"], districts=[d])
	call = make_call("XX-SVC")
	names = []
	for o in (org, org, other_org):
		frappe.set_user(applicant)
		app = service_application(call, o)
		apply_workflow(app, "Submit")
		names.append(app.name)
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield frappe._dict(names=names, officer=officer)
	frappe.set_user("Administrator")
	for n in names:
		frappe.delete_doc("Service Institution Application", n, force=True, ignore_permissions=True)
	frappe.delete_doc("Call for Applications", call.name, force=True)
	for o in (org, other_org):
		frappe.delete_doc("Applicant Organization", o, force=True)
	for u in (applicant, officer):
		for p in frappe.get_all("User Permission", filters={"user": u}, pluck="name"):
			frappe.delete_doc("User Permission", p, force=True)
		frappe.delete_doc("User", u, force=True)
	for dist in ("批量测试新城", "批量测试外区"):
		frappe.delete_doc("District", dist, force=True)
	frappe.db.commit()


def test_bulk_actions_respect_every_guard(committed_cases, monkeypatch):
	import json

	import frappe.model.workflow as wf

	from policy_app.controllers.bulk import bulk_workflow_approval

	reports = {}
	monkeypatch.setattr(
		wf,
		"print_workflow_log",
		lambda messages, title, doctype, indicator: reports.setdefault("calls", []).append(dict(messages)),
	)
	c = committed_cases
	frappe.set_user(c.officer)
	result = bulk_workflow_approval(json.dumps(c.names), "Service Institution Application", "Return")
	frappe.set_user("Administrator")
	assert result["skipped"] == [c.names[2]]  # another district's record: skipped and named
	states = [frappe.db.get_value("Service Institution Application", n, "workflow_state") for n in c.names]
	assert states == ["Submitted", "Submitted", "Submitted"]  # no reason given: nothing is sent back
	# Frappe reports the failed transactions first, then the successful ones (titled in the user's language)
	failed = reports["calls"][0]
	assert set(failed) == set(c.names[:2])  # and the user is told which, with why
	why = str(failed[c.names[0]])
	assert "reason" in why.lower() or "理由" in why  # in the officer's language
	for n in c.names[:2]:
		frappe.db.set_value("Service Institution Application", n, "workflow_remark", "请补充服务合同")
	frappe.db.commit()
	reports.clear()
	frappe.set_user(c.officer)
	result = bulk_workflow_approval(json.dumps(c.names), "Service Institution Application", "Return")
	frappe.set_user("Administrator")
	states = [frappe.db.get_value("Service Institution Application", n, "workflow_state") for n in c.names]
	assert states == ["Returned", "Returned", "Submitted"]
	failed, succeeded = reports["calls"]
	assert result["skipped"] == [c.names[2]] and not failed
	assert set(succeeded) == set(c.names[:2])


def test_cases_are_scoped_like_their_organisations(people):
	open_scheme()
	call = make_call()
	mine = new_application(people, call)
	frappe.set_user("Administrator")
	central = frappe.get_doc(
		{
			"doctype": "Applicant Organization",
			"organization_name": "认定测试中央驻地单位",
			"unified_social_credit_code": credit_code(61),
			"direct_to_bureau": 1,
			"host_kind": "Research Institute",
		}
	).insert()
	applicant2 = make_user("rec.central@policy.test", ["Policy Applicant"], orgs=[central.name])
	frappe.set_user(applicant2)
	theirs = frappe.get_doc(
		{
			"doctype": "Cooperation Base Application",
			"call_for_applications": call.name,
			"organization": central.name,
			"base_type": "coop_base",
			"pledge_accepted": 1,
			**XX_FACTS,
		}
	).insert()
	lists = {}
	for who in ("officer", "applicant", "bureau"):
		frappe.set_user(people[who])
		lists[who] = set(frappe.get_list("Cooperation Base Application", pluck="name"))
	assert mine.name in lists["officer"] and theirs.name not in lists["officer"]  # no district: not theirs
	assert lists["applicant"] == {mine.name}
	assert {mine.name, theirs.name} <= lists["bureau"]
	frappe.set_user(people.officer)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Cooperation Base Application", theirs.name).check_permission("read")


def test_a_scheme_with_a_recognition_notice_cannot_skip_it(people):
	"""XX-BASE §9.4 公示期不少于5个工作日: an approved case is certified only through its public notice."""
	open_scheme()
	app = new_application(people, make_call())
	act(people.applicant, app, "Submit")
	app = district_ready(people, app)
	act(people.officer, app, "Recommend")
	act(people.bureau, app, "Accept")
	act(people.bureau, app, "Start Expert Review")
	_complete_expert_panel(people, app)
	act(people.bureau, app, "Send to Site Visit")
	act(people.bureau, app, "Send to Leadership")
	act(people.leader, app, "Approve")
	with pytest.raises(frappe.ValidationError):
		act(people.bureau, app, "Certify")
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Approved"


# ---- CQ §11(三)(四): the third party's review, the experts' re-review of an objection ----------------


def _cq_case(people, state):
	"""A CQ application already at `state` (set-up: the steps before it are the tests above)."""
	open_scheme("CQ-BASE")
	app = new_application(people, make_call("CQ-BASE"), base_type="joint_research")
	frappe.set_user("Administrator")
	frappe.db.set_value(app.doctype, app.name, "workflow_state", state, update_modified=False)
	return frappe.get_doc(app.doctype, app.name)


def _attach(user, doctype, name, file_name):
	frappe.set_user(user)
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"content": b"%PDF-1.4 report",
				"is_private": 1,
				"attached_to_doctype": doctype,
				"attached_to_name": name,
			}
		)
		.insert()
		.file_url
	)


def test_cq_s11_3_the_third_partys_review_opinion_lets_the_case_go_to_leadership(people):
	"""CQ §11(三) 市科技局委托第三方机构根据实际情况选择评审方式、组织评审论证并得出评审论证意见; §11(四) 市科技局
	根据评审论证意见，确定国合基地名单."""
	third = make_user("rec.third.party@policy.test", ["Third-Party Reviewer"])
	app = _cq_case(people, "Expert Review")
	with pytest.raises(frappe.ValidationError, match="third party's review opinion"):
		act(people.bureau, app, "Send to Leadership")
	frappe.set_user(third)
	assert not frappe.has_permission(app.doctype, "read", app.name)  # not commissioned yet
	# the bureau officer commissions the third party; the applicant cannot
	review = {
		"doctype": "Third Party Review",
		"reference_doctype": app.doctype,
		"reference_name": app.name,
		"third_party": "重庆市科技评估中心",
		"reviewer_user": third,
	}
	frappe.set_user(people.applicant)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(review).insert()
	frappe.set_user(people.bureau)
	tpr = frappe.get_doc(review).insert()
	assert (tpr.scheme, tpr.commissioned_by) == ("CQ-BASE", people.bureau)
	with pytest.raises(frappe.DuplicateEntryError):
		frappe.get_doc(review).insert()  # one third party per case
	# the third party reads the case it reviews, chooses its modes and gives its opinion
	frappe.set_user(third)
	assert frappe.has_permission(app.doctype, "read", app.name)
	assert frappe.db.exists("ToDo", {"reference_name": tpr.name, "allocated_to": third, "status": "Open"})
	doc = frappe.get_doc("Third Party Review", tpr.name)
	doc.reviewed_on, doc.opinion = today(), "经会议评审和实地考察，该单位国际合作基础扎实，同意认定。"
	doc.save()
	with pytest.raises(frappe.ValidationError, match="choose the review mode"):
		doc.submit()
	doc.reload()
	doc.mode_meeting, doc.mode_site_visit = 1, 1
	doc.save()
	with pytest.raises(frappe.ValidationError, match="attach the review report"):
		doc.submit()
	doc.reload()
	doc.attachment = _attach(third, doc.doctype, doc.name, "评审论证报告.pdf")
	frappe.set_user(third)
	doc.save()
	doc.submit()
	assert doc.modes() == ["meeting", "site_visit"]
	# the opinion is what lets the bureau officer send the case on; the leader then decides
	act(people.bureau, app, "Send to Leadership")
	act(people.leader, app, "Approve")
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Approved"


def test_cq_s11_3_a_scheme_reviewed_by_its_expert_panel_commissions_no_third_party(people):
	open_scheme()
	third = make_user("rec.third.party@policy.test", ["Third-Party Reviewer"])
	app = new_application(people, make_call())
	frappe.set_user("Administrator")
	frappe.db.set_value(app.doctype, app.name, "workflow_state", "Expert Review", update_modified=False)
	frappe.set_user(people.bureau)
	with pytest.raises(frappe.ValidationError, match="expert panel, not a third party"):
		frappe.get_doc(
			{
				"doctype": "Third Party Review",
				"reference_doctype": app.doctype,
				"reference_name": app.name,
				"third_party": "某评估机构",
				"reviewer_user": third,
			}
		).insert()
	assert not frappe.db.exists("Third Party Review", {"reference_name": app.name})


def test_cq_s11_4_experts_re_review_the_objection_and_the_answer_goes_to_objector_and_host(people):
	"""CQ §11(四) 公示期间有异议，市科技局邀请有关专家进行复议，复议程序及结论按照相关规定及时公开反馈国合基地建设
	依托单位和异议提出人."""
	from policy_app.recognition import expert_panel

	app = _cq_case(people, "Approved")
	frappe.set_user(people.bureau)
	notice = frappe.get_doc(
		{
			"doctype": "Public Notice",
			"title": "重庆市国际科技合作基地名单公示",
			"scheme": "CQ-BASE",
			"published_on": today(),
			"items": [{"reference_doctype": app.doctype, "reference_name": app.name}],
		}
	).insert()
	notice.submit()
	objector = make_user("rec.objector@policy.test", ["Policy Applicant"])
	frappe.set_user(objector)
	objection = frappe.get_doc(
		{
			"doctype": "Objection",
			"public_notice": notice.name,
			"reference_doctype": app.doctype,
			"reference_name": app.name,
			"objector_name": "李四",
			"objector_id_number": "500000199001011234",
			"objector_contact": "13900000000",
			"grounds": "申报的联合研究中心并无外方专职人员",
		}
	).insert()
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Objection Review"
	frappe.set_user(people.bureau)
	objection = frappe.get_doc("Objection", objection.name)
	with pytest.raises(frappe.ValidationError, match="draw the experts"):
		objection.resolve("Dismissed", "外方人员在岗。", "经复议，异议不成立。")
	for i in range(4):
		user = make_user(f"rec.expert{i}@policy.test", ["Policy Expert"])
		if not frappe.db.exists("Policy Expert", {"user": user}):
			frappe.get_doc(
				{"doctype": "Policy Expert", "user": user, "expert_name": f"专家{i}", "active": 1}
			).insert(ignore_permissions=True)
	frappe.set_user(people.bureau)
	drawn = expert_panel.draw_panel(app.doctype, app.name, size=3, objection=objection.name)
	assert frappe.db.get_value("Expert Draw", drawn["draw"], "objection") == objection.name
	reviews = frappe.get_all(
		"Expert Review", filters={"objection": objection.name}, fields=["name", "expert_user"]
	)
	assert len(reviews) == 3
	for n, review in enumerate(reviews):
		frappe.set_user(review.expert_user)
		doc = frappe.get_doc("Expert Review", review.name)
		for row in doc.scores:
			row.points = row.max_points * 8 / 10
		doc.recommendation, doc.comments = "Support", "核实外方专家劳动合同，异议所称不实。"
		doc.save()
		doc.submit()
		if n == 1:  # two of three opinions in: the re-review is not done
			frappe.set_user(people.bureau)
			with pytest.raises(frappe.ValidationError, match="2 of the 3 re-review opinions"):
				frappe.get_doc("Objection", objection.name).resolve("Dismissed", "x", "y")
	frappe.set_user(people.bureau)
	objection = frappe.get_doc("Objection", objection.name)
	objection.resolve(
		"Dismissed",
		"三名复议专家核实外方专家劳动合同，一致认为异议所称不实。",
		"经专家复议，联合研究中心外方专职人员在岗，异议不成立。",
	)
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Public Notice"
	assert frappe.db.get_value("Objection", objection.name, "re_review_draw") == drawn["draw"]
	# the reasoned answer, in Chinese, to the objector and to the host organisation's users
	to_objector = frappe.get_all(
		"Notification Log", filters={"for_user": objector, "document_name": objection.name}, pluck="subject"
	)
	to_host = frappe.get_all(
		"Notification Log", filters={"for_user": people.applicant, "document_name": app.name}, pluck="subject"
	)
	for subjects in (to_objector, to_host):
		assert len(subjects) == 1
		assert "异议不成立" in subjects[0] and "外方专职人员在岗" in subjects[0]
		assert "复议结论" in subjects[0]
	assert "李四" not in to_host[0]  # the host learns the answer, not who objected
	sent = frappe.db.get_value("Objection", objection.name, "answer_sent_to").split("\n")
	assert set(sent) == {objector, people.applicant}
