"""Users who hold only the app's roles no longer see Frappe's 网站/工具/集成/Build/用户 workspaces: give the
existing ones the app's Module Profile (a user already given another Module Profile keeps it)."""

import frappe

from policy_app.role_home import block_frappe_modules


def execute():
	from policy_app.policy_setup.people import app_roles

	users = frappe.get_all(
		"Has Role", filters={"parenttype": "User", "role": ["in", list(app_roles())]}, pluck="parent"
	)
	for name in sorted(set(users)):
		user = frappe.get_doc("User", name)
		before = user.module_profile
		block_frappe_modules(user)
		if user.module_profile != before:
			user.db_set("module_profile", user.module_profile, update_modified=False)
			frappe.db.delete("Block Module", {"parenttype": "User", "parent": name})
			for row in user.block_modules:
				row.db_insert()
	frappe.clear_cache()
