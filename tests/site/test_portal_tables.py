"""Tables on the portal's form (#17 item 1: forms drawn from the DocType's metadata): an incubator lists
its incubatees row by row, each row with the child's own fields by their Chinese labels; rows are added,
changed and removed as the page sends them, what is not a column of the row is not taken, and a row's
name from another record is not taken either (it would move that record's row here)."""

from __future__ import annotations

import frappe
import pytest
from rest_helpers import drop, drop_user, open_scheme

from factories import INC_FACTS, make_call, make_district, make_org, make_user
from policy_app.portal import forms

INC = "Incubator Application"
#: what a real incubator writes on its XX-INC application, and its pledge
TRUE_OF_THE_INCUBATOR = {**INC_FACTS, "pledge_accepted": 1}


@pytest.fixture
def incubator():
	frappe.set_user("Administrator")
	open_scheme("XX-INC")
	org = make_org("门户表格测试孵化器", make_district("门户表格测试区"), 9411)
	other = make_org("门户表格测试另一孵化器", make_district("门户表格测试区"), 9412)
	user = make_user("portal.tables@policy.test", ["Policy Applicant"], orgs=[org], desk=False)
	call = make_call("XX-INC", title="门户表格测试 XX-INC")
	yield frappe._dict(org=org, other=other, user=user, call=call)
	frappe.set_user("Administrator")
	for name in frappe.get_all(INC, filters={"organization": ["in", [org, other]]}, pluck="name"):
		drop(INC, name)
	drop("Call for Applications", call.name)
	drop_user(user)


def _table(form, fieldname):
	return next(f for s in form.sections for f in s.fields if f.fieldname == fieldname)


def test_an_incubator_lists_its_incubatees_row_by_row(incubator):
	i = incubator
	frappe.local.lang = "zh"
	frappe.set_user(i.user)
	page = forms.form(i.user, INC, None, i.call.name)
	table = _table(page, "incubatees")
	assert table.control == "table" and table.editable and table.rows == []
	assert [c.label for c in table.columns][:2] == ["在孵对象", "类别"], table.columns
	kind = next(c for c in table.columns if c.fieldname == "kind")
	assert {c["label"] for c in kind.choices if c["value"]} == {"在孵企业", "创业团队"}

	# the applicant adds two rows and saves; a key that is no column of the row is not taken
	rows = [
		{
			"incubatee_name": "西咸光电科技有限公司",
			"kind": "Incubated Firm",
			"founded_on": "2024-03-01",
			"on_site": 1,
		},
		{
			"incubatee_name": "智能传感创业团队",
			"kind": "Startup Team",
			"on_site": "1",
			"parent": "X",
			"docstatus": 1,
		},
	]
	doc = forms.save(i.user, INC, None, {**TRUE_OF_THE_INCUBATOR, "incubatees": rows}, i.call.name)
	doc = frappe.get_doc(INC, doc.name)
	assert [(r.incubatee_name, r.kind, r.on_site) for r in doc.incubatees] == [
		("西咸光电科技有限公司", "Incubated Firm", 1),
		("智能传感创业团队", "Startup Team", 1),
	]
	assert all(r.docstatus == 0 and r.parent == doc.name for r in doc.incubatees)
	first = doc.incubatees[0].name
	# the page shows the stored rows with their names, to be sent back
	table = _table(forms.form(i.user, INC, doc.name), "incubatees")
	assert [r.name for r in table.rows] == [r.name for r in doc.incubatees]
	assert table.rows[0].cells["incubatee_name"] == "西咸光电科技有限公司"

	# another incubator's row, by its name: sent with this form, it stays where it is
	frappe.set_user("Administrator")
	theirs = frappe.get_doc(
		{
			"doctype": INC,
			"call_for_applications": i.call.name,
			"organization": i.other,
			**TRUE_OF_THE_INCUBATOR,
			"incubatees": [
				{"incubatee_name": "别人家的在孵企业", "kind": "Incubated Firm", "founded_on": "2023-05-01"}
			],
		}
	).insert(ignore_permissions=True)
	their_row = theirs.incubatees[0].name

	# the first row changed, the second removed, one new row, and the other incubator's row's name
	frappe.set_user(i.user)
	forms.save(
		i.user,
		INC,
		doc.name,
		{
			"incubatees": [
				{
					"name": first,
					"incubatee_name": "西咸光电科技股份有限公司",
					"kind": "Incubated Firm",
					"on_site": 1,
				},
				{"incubatee_name": "新材料创业团队", "kind": "Startup Team"},
				{"name": their_row, "incubatee_name": "改名", "kind": "Startup Team"},
			]
		},
	)
	frappe.set_user("Administrator")
	doc = frappe.get_doc(INC, doc.name)
	assert [r.incubatee_name for r in doc.incubatees] == [
		"西咸光电科技股份有限公司",
		"新材料创业团队",
		"改名",
	]
	assert doc.incubatees[0].name == first and their_row not in {r.name for r in doc.incubatees}
	assert frappe.db.get_value(
		"Incubator Application Incubatee", their_row, ["parent", "incubatee_name"]
	) == (
		theirs.name,
		"别人家的在孵企业",
	)


@pytest.mark.parametrize("rows", ["not a list", [1, 2], [{"incubatee_name": "x"}] * (forms.MAX_ROWS + 1)])
def test_rows_not_sent_as_a_page_sends_them_are_refused_and_nothing_stored(incubator, rows):
	i = incubator
	frappe.set_user(i.user)
	before = frappe.db.count(INC, {"organization": i.org})
	with pytest.raises(frappe.ValidationError):
		forms.save(i.user, INC, None, {**TRUE_OF_THE_INCUBATOR, "incubatees": rows}, i.call.name)
	frappe.set_user("Administrator")
	assert frappe.db.count(INC, {"organization": i.org}) == before
