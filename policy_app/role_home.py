"""Each role's home: the workspace a user of the app's roles lands on, and the Frappe workspaces they do not see.

A user who holds only the app's roles (no System Manager or other Frappe role) lands after login on
the workspace of their role, unless they chose a default workspace of their own; their sidebar does
not show Frappe's 网站/工具/集成/Build/用户 workspaces (their User blocks those modules through the
Module Profile below). Users with any of Frappe's own roles keep Frappe's behaviour.
"""

from __future__ import annotations

import frappe

#: role → the workspace it lands on; a user with several app roles lands on the first one they hold
HOMES = {
	"Policy Administrator": "Policy Administrator Home",
	"Bureau Leader": "Bureau Leader Home",
	"Bureau Officer": "Bureau Officer Home",
	"Finance Officer": "Finance Officer Home",
	"District Officer": "District Officer Home",
	"Policy Expert": "My Expert Reviews",
	"Policy Applicant": "Applicant Home",
}
#: Frappe's roles every user has; any other role outside the app's (fixtures/roles) keeps Frappe's desk
AUTOMATIC_ROLES = {"All", "Guest", "Desk User"}

#: the Module Profile of app-only users: the Frappe modules whose workspaces they cannot use
#: (Core: Build and Users; Automation: Tools)
MODULE_PROFILE = "Policy App User"
BLOCKED_MODULES = ("Core", "Website", "Automation", "Integrations")


def app_only(user: str, roles: set[str] | None = None) -> bool:
	"""The user holds one of the app's roles and none of Frappe's own."""
	if user in ("Administrator", "Guest"):
		return False
	from policy_app.policy_setup.people import app_roles

	roles = set(frappe.get_roles(user) if roles is None else roles) - AUTOMATIC_ROLES
	return bool(roles & set(HOMES)) and roles <= app_roles()


def home_workspace(user: str) -> str | None:
	"""The workspace an app-only user lands on, unless they chose a default workspace of their own."""
	if not app_only(user) or frappe.db.get_value("User", user, "default_workspace"):
		return None
	roles = set(frappe.get_roles(user))
	for role, workspace in HOMES.items():
		if role in roles and frappe.db.exists("Workspace", workspace):
			return workspace
	return None


def boot(bootinfo):
	"""boot_session hook: the desk opens the role's workspace at /app."""
	home = home_workspace(frappe.session.user)
	if home and bootinfo.get("user") is not None:
		ws = frappe.get_cached_doc("Workspace", home)
		bootinfo.user["default_workspace"] = {"name": ws.name, "public": ws.public, "title": ws.title}


def on_login(login_manager):
	"""on_session_creation hook: the login page sends the user to their role's workspace."""
	home = home_workspace(login_manager.user)
	if home:
		from frappe.desk.utils import slug

		frappe.local.response["home_page"] = "/app/" + slug(home)


def ensure_module_profile() -> str:
	"""The Module Profile blocking Frappe's modules for app-only users (made when missing)."""
	if not frappe.db.exists("Module Profile", MODULE_PROFILE):
		doc = frappe.new_doc("Module Profile")
		doc.module_profile_name = MODULE_PROFILE
		for module in BLOCKED_MODULES:
			doc.append("block_modules", {"module": module})
		doc.insert(ignore_permissions=True)
	return MODULE_PROFILE


def block_frappe_modules(doc, method=None):
	"""User validate hook: an app-only user gets the app's Module Profile (unless an administrator chose
	another); a user who gains a Frappe role loses it again."""
	roles = {r.role for r in doc.get("roles", [])}
	if doc.name and app_only(doc.name, roles):
		if doc.module_profile:
			return
		doc.module_profile = ensure_module_profile()
	elif doc.module_profile == MODULE_PROFILE:
		doc.module_profile = None
		doc.set("block_modules", [])
		return
	else:
		return
	doc.set("block_modules", [])
	for module in frappe.get_doc("Module Profile", doc.module_profile).block_modules:
		doc.append("block_modules", {"module": module.module})
