"""Evaluations are case records (district and organisation scoping of policy_app.permissions); an
expert reaches only the evaluations that list them among its experts."""

from __future__ import annotations

import frappe

from policy_app.permissions import case_has_permission, case_query, case_scope


def _assigned(user: str) -> list[str]:
	return frappe.get_all(
		"Policy Evaluation Expert",
		filters={"expert_user": user, "parenttype": "Policy Evaluation"},
		pluck="parent",
		ignore_permissions=True,
	)


def evaluation_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	scope = case_scope(user)
	base = case_query(user, "Policy Evaluation")
	if scope is None or not scope["reviewer"]:
		return base
	mine = ", ".join(frappe.db.escape(n) for n in _assigned(user)) or "''"
	return f"({base}) or (`tabPolicy Evaluation`.`name` in ({mine}))"


def evaluation_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	verdict = case_has_permission(doc, ptype, user)
	if verdict is False:
		scope = case_scope(user)
		if (
			scope
			and scope["reviewer"]
			and ptype in ("read", "write", "print")
			and doc.name in _assigned(user)
		):
			return None
	return verdict
