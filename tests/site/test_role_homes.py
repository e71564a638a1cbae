"""Each role's home (#15 item 10): a user of one of the app's roles lands after login on the
workspace of their role (not on 用户/User), titled in Chinese and restricted to that role, with their
work list and counts; unless they chose a default workspace of their own. Their sidebar does not show
Frappe's 网站/工具/集成/Build/用户 workspaces (the Policy App User Module Profile); users with Frappe's
own roles (System Manager) keep everything. Each check acts as the user who logs in; users are made
as Administrator.
"""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.boot import get_bootinfo
from frappe.desk.desktop import get_workspace_sidebar_items
from frappe.translate import get_all_translations

from factories import make_user
from policy_app import role_home

#: role → (workspace, its Chinese title, one shortcut of theirs)
HOMES = {
	"Policy Applicant": ("Applicant Home", "申报单位工作台", "My Annual Reports"),
	"District Officer": ("District Officer Home", "推荐部门工作台", "Annual Reports to Confirm"),
	"Bureau Officer": ("Bureau Officer Home", "科技局经办工作台", "Title Actions"),
	"Bureau Leader": ("Bureau Leader Home", "科技局领导工作台", "Rewards to Approve"),
	"Policy Expert": ("My Expert Reviews", "我的专家评审", "Reviews Awaiting Me"),
	"Finance Officer": ("Finance Officer Home", "财务工作台", "Rewards to Pay"),
	"Policy Administrator": ("Policy Administrator Home", "政策管理员工作台", "Schemes"),
}
FRAPPE_WORKSPACES = {"Website", "Tools", "Integrations", "Build", "Users"}


def email(role: str) -> str:
	return "home." + role.lower().replace(" ", ".") + "@policy.test"


def log_in(user: str) -> tuple[str | None, dict, set[str]]:
	"""What the user's login gives: the page the login answers, the desk's boot and the sidebar."""
	frappe.clear_cache(user=user)
	frappe.set_user(user)
	frappe.local.response = frappe._dict(docs=[])  # a request's response, as Frappe starts one
	role_home.on_login(frappe._dict(user=user))
	boot = get_bootinfo()
	pages = {p["name"] for p in get_workspace_sidebar_items()["pages"]}
	return frappe.local.response.get("home_page"), boot, pages


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_own_home_without_frappe_workspaces(role):
	"""Issue #15 item 10: each role lands on its workspace (Chinese title), sees its shortcut and
	counts, and not 网站/工具/集成/Build/用户."""
	workspace, title, shortcut = HOMES[role]
	user = make_user(email(role), [role])
	other = make_user("home.someone.else@policy.test", [role])
	for who in (user, other):
		frappe.db.delete("ToDo", {"allocated_to": who})
	own = frappe.get_doc({"doctype": "ToDo", "allocated_to": user, "description": "推荐申报"}).insert().name
	frappe.get_doc({"doctype": "ToDo", "allocated_to": other, "description": "推荐申报"}).insert()
	try:
		home_page, boot, pages = log_in(user)
		assert home_page == "/app/" + workspace.lower().replace(" ", "-")
		assert boot.user["default_workspace"]["name"] == workspace
		# the desk shows the workspace's title in the user's language (Frappe routes by the English name)
		assert get_all_translations("zh")[boot.user["default_workspace"]["title"]] == title
		assert workspace in pages
		assert not pages & FRAPPE_WORKSPACES
		# no other role's home is in their sidebar
		others = {w for r, (w, _t, _s) in HOMES.items() if r != role}
		assert not pages & others
		# the workspace as the desk loads it for them: their shortcut and its count, scoped by their permissions
		ws = frappe.get_doc("Workspace", workspace)
		assert [r.role for r in ws.roles] == [role]
		assert shortcut in [s.label for s in ws.shortcuts]
		# their work list: the open ToDo assigned to them is counted and listed, someone else's is not
		# (an expert's work list is their reviews awaiting them: test_expert_panel)
		if role != "Policy Expert":
			todo = next(s for s in ws.shortcuts if s.label == "My Open ToDos")
			assert frappe.get_list("ToDo", filters=json.loads(todo.stats_filter), pluck="name") == [own]
			quick = next(q for q in ws.quick_lists if q.label == "My Open ToDos")
			assert frappe.get_list("ToDo", filters=json.loads(quick.quick_list_filter), pluck="name") == [own]
	finally:
		frappe.set_user("Administrator")
	assert frappe.db.get_value("User", user, "module_profile") == role_home.MODULE_PROFILE


def test_a_users_own_default_workspace_wins():
	"""A user who chose their own default workspace keeps it: no landing is forced on them."""
	user = make_user(email("Bureau Officer") + ".own", ["Bureau Officer"])
	frappe.db.set_value("User", user, "default_workspace", "Policy Programs")
	try:
		home_page, boot, _pages = log_in(user)
		assert home_page is None
		assert boot.user["default_workspace"]["name"] == "Policy Programs"
	finally:
		frappe.set_user("Administrator")


def test_system_manager_keeps_frappe_desk():
	"""A user with Frappe's own role (System Manager) keeps Frappe's workspaces and landing, even with an
	app role too; giving an app-only user System Manager takes the app's Module Profile away."""
	user = make_user("home.sysman@policy.test", ["Bureau Officer"])
	assert frappe.db.get_value("User", user, "module_profile") == role_home.MODULE_PROFILE
	frappe.get_doc("User", user).add_roles("System Manager")
	assert not frappe.db.get_value("User", user, "module_profile")
	assert not frappe.get_all("Block Module", filters={"parenttype": "User", "parent": user})
	try:
		home_page, boot, pages = log_in(user)
		assert home_page is None
		assert not (boot.user.get("default_workspace") or {}).get("name", "").endswith("Home")
		assert {"Website", "Tools", "Integrations", "Build"} <= pages
	finally:
		frappe.set_user("Administrator")


def test_an_administrators_own_module_profile_is_kept():
	"""An app-only user given another Module Profile by an administrator keeps that choice."""
	if not frappe.db.exists("Module Profile", "Home Test Profile"):
		frappe.get_doc(
			{"doctype": "Module Profile", "module_profile_name": "Home Test Profile", "block_modules": []}
		).insert(ignore_permissions=True)
	user = make_user("home.ownprofile@policy.test", ["District Officer"])
	doc = frappe.get_doc("User", user)
	doc.module_profile = "Home Test Profile"
	doc.save(ignore_permissions=True)
	assert frappe.db.get_value("User", user, "module_profile") == "Home Test Profile"


def test_patch_gives_existing_app_users_the_module_profile():
	"""Existing sites: the patch gives app-only users made before this change the Module Profile."""
	from policy_app.patches.v0_1 import role_homes_block_frappe_modules as patch

	user = make_user("home.existing@policy.test", ["Finance Officer"])
	frappe.db.set_value("User", user, "module_profile", None)
	frappe.db.delete("Block Module", {"parenttype": "User", "parent": user})
	patch.execute()
	assert frappe.db.get_value("User", user, "module_profile") == role_home.MODULE_PROFILE
	blocked = set(frappe.get_all("Block Module", filters={"parent": user}, pluck="module"))
	assert blocked == set(role_home.BLOCKED_MODULES)
	_home, _boot, pages = log_in(user)
	frappe.set_user("Administrator")
	assert "Finance Officer Home" in pages and not pages & FRAPPE_WORKSPACES
