"""Policy Applicant lost its desk access (applicants use the portal at /policy). The applicants a site
already has keep the desk they work in: each gets Applicant Desk Access beside it, which gives the desk
and nothing else. The role is made here when the fixtures have not been synced yet, and the desk is
taken from Policy Applicant here too: the fixtures' sync does not change a role that exists."""

import frappe

from policy_app.permissions import APPLICANT_DESK


def execute():
	if not frappe.db.exists("Role", APPLICANT_DESK):
		frappe.get_doc({"doctype": "Role", "role_name": APPLICANT_DESK, "desk_access": 1}).insert(
			ignore_permissions=True
		)
	users = frappe.get_all(
		"Has Role", filters={"role": "Policy Applicant", "parenttype": "User"}, pluck="parent", distinct=True
	)
	for name in users:
		if frappe.db.get_value("User", name, "user_type") != "System User":
			continue  # a portal user stays one
		user = frappe.get_doc("User", name)
		user.flags.ignore_permissions = True
		user.add_roles(APPLICANT_DESK)
	frappe.db.set_value("Role", "Policy Applicant", "desk_access", 0)
	frappe.clear_cache()
