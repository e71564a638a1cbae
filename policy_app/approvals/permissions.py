"""Who sees a delegation: its delegator and delegate (the delegate reads it, only the delegator changes
it) and the administrators; nobody else."""

from __future__ import annotations

import frappe

ADMIN_ROLES = {"Policy Administrator", "System Manager"}


def _admin(user: str) -> bool:
	return user == "Administrator" or bool(ADMIN_ROLES & set(frappe.get_roles(user)))


def delegation_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if _admin(user):
		return ""
	u = frappe.db.escape(user)
	t = "`tabApproval Delegation`"
	return f"({t}.`delegator` = {u} or {t}.`delegate` = {u} or {t}.`owner` = {u})"


def delegation_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if _admin(user):
		return None
	if doc.get("delegator") == user or (doc.is_new() and ptype == "create"):
		return None
	if doc.get("delegate") == user and ptype in ("read", "print"):
		return None
	return False
