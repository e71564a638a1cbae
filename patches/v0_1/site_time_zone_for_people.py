"""A site without a time zone (setup wizard never run) gave every new user Frappe's fallback,
Asia/Kolkata. Give the site the bureau's zone and move the app's users that got the fallback to it."""

import frappe

from policy_app.setup.install import set_missing_time_zone, site_time_zone

FALLBACK = "Asia/Kolkata"  # frappe.utils.get_system_timezone() without a zone


def execute():
	if not set_missing_time_zone():
		return  # the site has its zone: its users' zones are theirs
	from policy_app.policy_setup.people import app_roles

	zone = site_time_zone()
	users = frappe.get_all(
		"Has Role", filters={"parenttype": "User", "role": ["in", list(app_roles())]}, pluck="parent"
	)
	for user in set(users):
		if frappe.db.get_value("User", user, "time_zone") == FALLBACK:
			frappe.db.set_value("User", user, "time_zone", zone, update_modified=False)
			frappe.defaults.set_default("time_zone", zone, user)
