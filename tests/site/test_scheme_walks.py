"""Every recognition scheme walked from its call to the certificate and into its first annual duty, each
step taken by the user whose step it is (#14: "each of the seven schemes from call to certificate and
through one annual cycle"). What differs between the schemes is read from the scheme, never from its
code: a site visit before leadership (XX-BASE §9.3, XX-INC §8), a third party's review instead of the
expert panel (CQ §11(三)), a public notice before certification or none (ZJ §11), and the yearly report
each document asks for. XX-JBGS is walked to project acceptance in test_open_competition.py.
"""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, getdate, today
from test_recognition import (
	_attach,
	_complete_expert_panel,
	district_ready,
	incubatees,
	open_scheme,
)

from factories import INC_FACTS, SVC_FACTS, XX_FACTS, act, make_call, make_district, make_org, make_user
from policy_app.annual_duties import jobs
from policy_app.engine import duties
from policy_app.policy_setup.schemes import get_scheme, work_calendar
from policy_app.recognition.certification import certify_due_applications

CERTIFICATE = {
	"Cooperation Base": "Cooperation Base Certificate",
	"Service Institution": "Service Institution Certificate",
	"Incubation Carrier": "Incubation Carrier Certificate",
}


#: what a qualified, honest applicant of each scheme fills in (every box ticked is true of them)
APPLICATIONS = {
	"XX-BASE": {"doctype": "Cooperation Base Application", "base_type": "coop_base", **XX_FACTS},
	"ZJ-BASE": {
		"doctype": "Cooperation Base Application",
		"base_type": "joint_rd",
		"host_kind": "enterprise",
		"registered_in_area": 1,
		"support_in_place": 1,
		"has_stable_overseas_channels": 1,
		"policy_ip": 1,
		"policy_cross_border_data": 1,
		"policy_human_genetic": 1,
		"policy_ethics": 1,
		"policy_secrecy": 1,
		"security_mechanism": 1,
		"overseas_agreements": 3,
		"rd_intensity_meets_hte": 1,
	},
	"CQ-BASE": {
		"doctype": "Cooperation Base Application",
		"base_type": "tech_transfer",
		"registered_in_area": 1,
		"has_team_and_funding": 1,
		"no_accident_or_integrity_issue_3y": 1,
		"complies_secrecy": 1,
		"transfer_channels": 1,
		"has_transfer_team": 1,
		"transfer_results": 1,
		"transfers_total": 4,
	},
	"QD-BASE": {
		"doctype": "Cooperation Base Application",
		"base_type": "joint_lab",
		"host_kind": "university",
		"aligned_and_capable": 1,
		"has_stable_overseas_channels": 1,
		"has_coop_office": 1,
		"has_cooperation_results": 1,
		"no_serious_integrity_breach": 1,
		"rd_strength": 1,
		"transfer_progress": 1,
		"long_term_foreign_partners": 1,
	},
	"XX-SVC": {"doctype": "Service Institution Application", **SVC_FACTS},
	"XX-INC": {"doctype": "Incubator Application", **INC_FACTS},
}


@pytest.fixture
def walkers():
	d = make_district("走查新城")
	org = make_org("走查依托单位", d, 8801)
	return frappe._dict(
		district=d,
		org=org,
		applicant=make_user("walk.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		officer=make_user("walk.officer@policy.test", ["District Officer"], districts=[d]),
		bureau=make_user("walk.bureau@policy.test", ["Bureau Officer"]),
		leader=make_user("walk.leader@policy.test", ["Bureau Leader"]),
		third=make_user("walk.third.party@policy.test", ["Third-Party Reviewer"]),
	)


def _third_party_review(w, app):
	"""CQ §11(三): the bureau officer commissions the third party, which chooses its modes and gives its
	评审论证意见 with its report."""
	frappe.set_user(w.bureau)
	tpr = frappe.get_doc(
		{
			"doctype": "Third Party Review",
			"reference_doctype": app.doctype,
			"reference_name": app.name,
			"third_party": "走查评估中心",
			"reviewer_user": w.third,
		}
	).insert()
	attachment = _attach(w.third, tpr.doctype, tpr.name, "走查评审论证报告.pdf")
	frappe.set_user(w.third)
	doc = frappe.get_doc("Third Party Review", tpr.name)
	doc.reviewed_on, doc.opinion = today(), "经通信评审，合作基础扎实，同意认定。"
	doc.mode_correspondence = 1
	doc.attachment = attachment
	doc.save()
	doc.submit()


def _recognise(w, scheme: str):
	"""From the bureau's call to the certified record; returns the application."""
	open_scheme(scheme)
	frappe.set_user(w.bureau)
	call = make_call(scheme, title=f"{scheme} 走查申报通知")
	frappe.clear_cache(user=w.applicant)
	frappe.set_user(w.applicant)
	data = {**APPLICATIONS[scheme], "call_for_applications": call.name, "organization": w.org}
	if scheme == "XX-INC":
		data.update(registration_date=add_days(today(), -800), incubatees=incubatees())
	app = frappe.get_doc({**data, "pledge_accepted": 1}).insert()
	assert app.eligible, [r.reason for r in app.eligibility_results if not r.passed]
	act(w.applicant, app, "Submit")
	app = district_ready(w, app)
	act(w.officer, app, "Recommend")
	act(w.bureau, app, "Accept")
	act(w.bureau, app, "Start Expert Review")
	if get_scheme(scheme).review_by == "third_party":
		_third_party_review(w, app)
	else:
		_complete_expert_panel(w, app)
	app = frappe.get_doc(app.doctype, app.name)
	if app.needs_site_visit:
		act(w.bureau, app, "Send to Site Visit")
	act(w.bureau, app, "Send to Leadership")
	act(w.leader, app, "Approve")
	if app.needs_public_notice:
		frappe.set_user(w.bureau)
		notice = frappe.get_doc(
			{
				"doctype": "Public Notice",
				"title": f"{scheme} 走查认定名单公示",
				"scheme": scheme,
				"published_on": add_days(today(), -30),
				"items": [{"reference_doctype": app.doctype, "reference_name": app.name}],
			}
		).insert()
		notice.submit()
		frappe.set_user("Administrator")  # the daily job
		assert certify_due_applications() == [app.name]
	else:
		act(w.bureau, app, "Certify")
	return frappe.get_doc(app.doctype, app.name)


def _file_and_accept(w, report: str):
	"""The organisation fills the parts its report kind asks for and submits; the district confirms where
	the report goes through it; the bureau accepts."""
	frappe.set_user(w.applicant)
	doc = frappe.get_doc("Annual Report", report)
	doc.summary = "<p>全年开展国际合作交流 4 次，引进技术 2 项。</p>"
	doc.plan = "<p>下一年度计划举办国际交流活动 4 场。</p>"
	doc.targets = "<p>引进海外团队 1 个。</p>"
	doc.append(
		"evidence",
		{
			"description": "年度统计数据",
			"attachment": _attach(w.applicant, doc.doctype, doc.name, "年度数据.pdf"),
		},
	)
	frappe.set_user(w.applicant)
	doc.save()
	act(w.applicant, doc, "Submit" if doc.recommending_district else "Submit to Bureau")
	doc.reload()
	if doc.workflow_state == "Submitted":
		act(w.officer, doc, "Confirm", district_opinion="情况属实。")
	act(w.bureau, doc, "Accept")
	return frappe.get_doc("Annual Report", report)


@pytest.mark.parametrize("scheme", sorted(APPLICATIONS))
def test_the_scheme_from_its_call_to_the_certificate_and_its_first_yearly_report(walkers, scheme):
	w = walkers
	app = _recognise(w, scheme)
	s = get_scheme(scheme)
	assert app.workflow_state == "Certified"
	assert bool(app.public_notice) == s.has_notice("recognition")  # ZJ §11: none
	actions = [r.action for r in app.approval_log]
	assert ("Send to Site Visit" in actions) == s.site_visit_required
	assert (
		actions[-2:] == ["Approve", "Certify"]
		if not s.has_notice("recognition")
		else "Publish Notice" in actions
	)
	record = frappe.get_doc(app.certified_doctype, app.certified_record)
	assert record.status == "Active" and record.organization == w.org
	assert record.certificate_number.startswith(f"{scheme}-{getdate(today()).year}-")
	frappe.set_user(w.bureau)
	assert record.certificate_number in frappe.get_print(
		record.doctype, record.name, CERTIFICATE[record.doctype]
	)

	# the first yearly duty, as the daily job opens it: the years owed follow the scheme's own deadlines
	frappe.set_user("Administrator")
	jobs.flag_overdue_reports()
	cal = work_calendar(s.holiday_calendar)
	owed = {
		(year, d.code)
		for d in duties.report_deadlines(s)
		for year in duties.report_years(
			cal, d, getdate(record.certified_on), getdate(today()), duties.after_months(s)
		)
	}
	opened = frappe.get_all(
		"Annual Report", filters={"record_name": record.name}, fields=["name", "year", "report_kind"]
	)
	assert sorted(r.year for r in opened) == sorted(year for year, _ in owed), (opened, owed)
	if scheme == "ZJ-BASE":
		assert not opened  # ZJ §15: 认定满一年的 — nothing owed in the first twelve months
	for r in opened:
		report = _file_and_accept(w, r.name)
		assert report.workflow_state == "Accepted" and not report.is_late
