"""Test records built through the same APIs the desk uses."""

from __future__ import annotations

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from policy_app.engine.credit_code import check_character

#: what a qualified, honest applicant writes on its XX-BASE application (§5's conditions, every box true)
XX_FACTS = {
	"registered_taxed_counted_in_area": 1,
	"independent_legal_person": 1,
	"no_dishonesty_record": 1,
	"has_cooperation_capability": 1,
	"has_stable_overseas_channels": 1,
	"success_cases_5y": 2,
	"international_staff": 4,
	"cap_space": 1,
}
#: what a real incubator writes on its XX-INC application (§7's conditions), its incubatees apart
INC_FACTS = {
	"base_type": "incubator",
	"registered_in_area": 1,
	"site_area_m2": 1200,
	"statistics_years": 2,
	"service_staff": 2,
	"mentors": 2,
	"events_per_year": 15,
}
#: what a real professional service institution writes on its XX-SVC application (§5's conditions)
SVC_FACTS = {
	"base_type": "professional",
	"registered_taxed_counted_in_area": 1,
	"independent_legal_person": 1,
	"fixed_premises": 1,
	"sound_structure": 1,
	"sound_rules": 1,
	"annual_service_revenue": 600000,
}


def credit_code(seed: int) -> str:
	first17 = f"91610000MA{seed:07d}"
	return first17 + check_character(first17)


def make_district(name: str, parent: str = "西咸新区科技创新和新经济局") -> str:
	if not frappe.db.exists("District", name):
		frappe.get_doc(
			{
				"doctype": "District",
				"district_name": name,
				"district_type": "Recommending Department",
				"parent_district": parent,
			}
		).insert(ignore_permissions=True)
	return name


def make_org(name: str, district: str, seed: int) -> str:
	# a committed fixture of an interrupted run may have left it behind: reuse it
	existing = frappe.db.get_value(
		"Applicant Organization", {"unified_social_credit_code": credit_code(seed)}
	)
	if existing:
		# two test files sharing a seed would share one organisation in whichever district came first
		district_now = frappe.db.get_value("Applicant Organization", existing, "recommending_district")
		assert district_now == district, (
			f"credit-code seed {seed} is already {existing} in {district_now}: give {name} a seed of its own"
		)
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Applicant Organization",
			"organization_name": name,
			"unified_social_credit_code": credit_code(seed),
			"recommending_district": district,
			"host_kind": "Enterprise",
		}
	).insert(ignore_permissions=True)
	return doc.name


def make_call(scheme="XX-BASE", opens=-10, closes=20, title=None):
	"""A Call for Applications of this year, open from `opens` to `closes` days from today."""
	return frappe.get_doc(
		{
			"doctype": "Call for Applications",
			"title": title or f"{scheme} 测试申报通知",
			"scheme": scheme,
			"year": getdate(today()).year,
			"opens_on": add_days(today(), opens),
			"closes_on": add_days(today(), closes),
		}
	).insert()


def service_application(call, org, **facts):
	"""An XX-SVC application, inserted as the current user; eligible unless `facts` say otherwise."""
	return frappe.get_doc(
		{
			"doctype": "Service Institution Application",
			"call_for_applications": call.name,
			"organization": org,
			"pledge_accepted": 1,
			**SVC_FACTS,
			**facts,
		}
	).insert()


def act(user, doc, action, remark=None, **values):
	"""`user` takes the workflow `action` on `doc`, first saving `values` on it and the remark."""
	frappe.set_user(user)
	if values:
		d = frappe.get_doc(doc.doctype, doc.name)
		d.update(values)
		d.save()
	if remark is not None:
		frappe.db.set_value(doc.doctype, doc.name, "workflow_remark", remark)
	return apply_workflow(frappe.get_doc(doc.doctype, doc.name), action)


def make_user(email: str, roles: list[str], districts=(), orgs=(), desk: bool = True) -> str:
	"""A user of these roles and scopes. An applicant works in the desk as the earlier tests walk it
	(Applicant Desk Access beside Policy Applicant) unless `desk` is false: a portal user then."""
	if desk and "Policy Applicant" in roles:
		roles = [*roles, "Applicant Desk Access"]
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		)
		user.insert(ignore_permissions=True)
		user.add_roles(*roles)
	for d in districts:
		_perm(email, "District", d)
	for o in orgs:
		_perm(email, "Applicant Organization", o)
	frappe.clear_cache(user=email)
	return email


def _perm(user: str, allow: str, value: str):
	if not frappe.db.exists("User Permission", {"user": user, "allow": allow, "for_value": value}):
		frappe.get_doc(
			{"doctype": "User Permission", "user": user, "allow": allow, "for_value": value}
		).insert(ignore_permissions=True)
