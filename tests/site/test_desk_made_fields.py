"""A field an administrator adds in the desk (Customize Form → a Custom Field) is a fact a scheme's
condition may read (#16 item 4): the scheme form offers it by its label, a condition on it decides an
applicant's eligibility, and a condition on a field no form has is refused.

Adding and removing a Custom Field alters the table, which MariaDB commits: the field is added before
anything else of the test and removed after the test's own records are rolled back."""

from __future__ import annotations

import frappe
import pytest

from factories import make_call, make_district, make_org, make_user, service_application
from policy_app.policy_setup.facts import fact_options

SIA = "Service Institution Application"
FIELD = "custom_rd_staff_share"


@pytest.fixture
def desk_field():
	frappe.db.rollback()
	frappe.get_doc(
		{
			"doctype": "Custom Field",
			"dt": SIA,
			"fieldname": FIELD,
			"label": "研发人员占比",
			"fieldtype": "Percent",
			"insert_after": "annual_service_revenue",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	frappe.clear_cache(doctype=SIA)
	yield FIELD
	frappe.db.rollback()
	frappe.set_user("Administrator")
	name = frappe.db.get_value("Custom Field", {"dt": SIA, "fieldname": FIELD})
	if name:
		frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
	frappe.db.commit()
	frappe.clear_cache(doctype=SIA)


def test_a_condition_on_a_field_added_in_the_desk_decides_eligibility(desk_field):
	admin = make_user("deskfield.admin@policy.test", ["Policy Administrator"])
	org = make_org("自定义字段测试机构", make_district("自定义字段测试新城"), 893)
	applicant = make_user("deskfield.applicant@policy.test", ["Policy Applicant"], orgs=[org])

	frappe.set_user(admin)
	offered = {o["value"]: o["label"] for o in fact_options("service_institution")}
	assert offered.get(FIELD) == "研发人员占比"
	scheme = frappe.get_doc("Policy Scheme", "XX-SVC")
	scheme.append(
		"eligibility_conditions",
		{
			"code": "svc_rd_share",
			"article": "补充条件",
			"label_zh": "研发人员占比不低于20%",
			"fact": FIELD,
			"operator": "gte",
			"value": 20,
		},
	)
	scheme.save()
	# a condition on a field no form has is refused, and the scheme keeps what it had
	scheme.append(
		"eligibility_conditions",
		{
			"code": "svc_typo",
			"article": "补充条件",
			"label_zh": "笔误",
			"fact": "custom_rd_staff_shar",
			"operator": "gte",
			"value": 1,
		},
	)
	with pytest.raises(frappe.ValidationError, match="custom_rd_staff_shar"):
		scheme.save()
	frappe.set_user("Administrator")
	stored = [c.code for c in frappe.get_doc("Policy Scheme", "XX-SVC").eligibility_conditions]
	assert "svc_rd_share" in stored and "svc_typo" not in stored

	call = make_call("XX-SVC")
	frappe.clear_cache(user=applicant)
	frappe.set_user(applicant)
	app = service_application(call, org, **{FIELD: 10})
	row = next(r for r in app.eligibility_results if r.condition == "svc_rd_share")
	assert not app.eligible and not row.passed
	app.set(FIELD, 25)
	app.save()
	assert app.eligible
	assert next(r for r in app.eligibility_results if r.condition == "svc_rd_share").passed
