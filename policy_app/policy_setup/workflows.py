"""The bureau's administrator edits the app's workflows in the desk (rename or add a state, tick which
actions need a reason), and only the app's: a workflow of ERPNext or HRMS stays the System Manager's.
Frappe gives Workflow to System Manager alone; the app adds the Policy Administrator's rights
(policy_app/setup/install.py ADMINISTRATOR_GRANTS) and scopes them here to workflows of its DocTypes,
the ones an administrator builds in the desk in the app's modules included."""

from __future__ import annotations

import frappe

ADMINISTRATOR = "Policy Administrator"


def app_doctypes() -> set[str]:
	"""DocTypes in the app's modules (a desk-made DocType given one of them counts at once)."""
	cache = getattr(frappe.local, "policy_app_module_doctypes", None)
	if cache is None:
		modules = frappe.get_module_list("policy_app")
		cache = frappe.local.policy_app_module_doctypes = set(
			frappe.get_all("DocType", filters={"module": ["in", modules]}, pluck="name")
		)
	return cache


def _scoped(user: str) -> bool:
	"""A Policy Administrator who is not also the site's System Manager."""
	if user == "Administrator":
		return False
	roles = set(frappe.get_roles(user))
	return ADMINISTRATOR in roles and "System Manager" not in roles


def workflow_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if not _scoped(user):
		return ""
	names = ", ".join(frappe.db.escape(d) for d in sorted(app_doctypes())) or "''"
	return f"`tabWorkflow`.`document_type` in ({names})"


def workflow_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if _scoped(user) and doc.get("document_type") not in app_doctypes():
		return False
	return None
