"""Later reviewers write their opinions on the form (issue #19 item 2, for every workflow of the app):
what the desk posts on 保存 is the whole record as JSON — dates as text, whole amounts as the browser's
numbers — and the guards compare it with the stored record by type, so a reviewer's opinion saves and
an unchanged record sent back by someone without the right to edit is no edit; a real edit by them is
still refused and nothing is stored. (The change request's three sign-offs: test_change_requests.py.)"""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.desk.form.save import savedocs
from frappe.model.workflow import apply_workflow
from test_annual_duties import certify, file_report, owed, people, years_ago  # noqa: F401 - fixture

from policy_app.annual_duties import jobs


def as_the_form_sends(doc) -> str:
	def plain(v):
		if isinstance(v, float) and v.is_integer():
			return int(v)
		if isinstance(v, dict):
			return {k: plain(x) for k, x in v.items()}
		if isinstance(v, list):
			return [plain(x) for x in v]
		return v

	return json.dumps(plain(json.loads(json.dumps(doc.as_dict(), default=str))))


def form_save(user, doctype, name, **values):
	frappe.set_user(user)
	doc = frappe.get_doc(doctype, name)
	doc.update(values)
	frappe.local.response.setdefault("docs", [])
	savedocs(as_the_form_sends(doc), "Save")


@pytest.fixture
def submitted_report(people):  # noqa: F811
	certified_on = years_ago(2)
	record = certify(people.org, "CQ-BASE", certified_on)
	year = owed("CQ-BASE", certified_on)[1]
	jobs.flag_overdue_reports()
	name = f"AR-{record}-{year}"
	file_report(people, name)
	assert frappe.db.get_value("Annual Report", name, "workflow_state") == "Submitted"
	assert frappe.db.get_value("Annual Report", name, "due_date")  # a date the form sends as text
	return name


def test_the_district_saves_its_opinion_on_a_submitted_report_then_confirms(people, submitted_report):  # noqa: F811
	name = submitted_report
	form_save(people.officer, "Annual Report", name, district_opinion="年度工作扎实，同意。")
	assert frappe.db.get_value("Annual Report", name, "district_opinion") == "年度工作扎实，同意。"
	apply_workflow(frappe.get_doc("Annual Report", name), "Confirm")
	assert frappe.db.get_value("Annual Report", name, "workflow_state") == "Awaiting Acceptance"


def test_an_unchanged_record_sent_back_is_no_edit_and_a_real_edit_is_refused(people, submitted_report):  # noqa: F811
	"""The applicant may not edit a submitted report: the form sending it back unchanged (its dates as
	text) is not an edit, a changed summary is refused and not stored."""
	name = submitted_report
	before = frappe.db.get_value("Annual Report", name, ["summary", "modified"], as_dict=True)
	form_save(people.applicant, "Annual Report", name)
	frappe.local.lang = "zh"
	with pytest.raises(frappe.PermissionError, match="只有"):
		form_save(people.applicant, "Annual Report", name, summary="<p>改过的总结</p>")
	frappe.local.lang = "en"
	assert frappe.db.get_value("Annual Report", name, "summary") == before.summary
