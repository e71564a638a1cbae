"""Who sees what on the cooperation platform (XX-BASE §11–12), strict like the rest of the app.

- An enterprise need: the bureau, the district that recorded it, the enterprise's own users, and the
  users of the bases it was pushed to — no other base.
- A match: the bureau, the need's district, the enterprise and the proposing base.
- Resources and activities of a base are scoped like its other cases (its organisation and district:
  `policy_app.permissions.case_query`).
- A rating: the bureau, the district that gave it, the enterprise that gave it; never the rated base.
"""

from __future__ import annotations

import frappe

from policy_app.permissions import allowed, case_scope


def _in(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values) or "''"


def user_orgs(user: str | None = None) -> list[str]:
	"""Organisations the user acts for (User Permission on Applicant Organization)."""
	return allowed(user or frappe.session.user, "Applicant Organization") or []


def pushed_bases_of(orgs: list[str]) -> str:
	return (
		"select `parent` from `tabEnterprise Need Push` where `parenttype` = 'Enterprise Need' "
		f"and `base_organization` in ({_in(orgs)})"
	)


def need_query(user: str | None = None, doctype: str | None = None) -> str:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return ""
	clauses = []
	if scope["districts"] is not None:
		clauses.append(f"`tabEnterprise Need`.`recommending_district` in ({_in(scope['districts'])})")
	if scope["orgs"] is not None:
		clauses.append(f"`tabEnterprise Need`.`enterprise` in ({_in(scope['orgs'])})")
		clauses.append(f"`tabEnterprise Need`.`name` in ({pushed_bases_of(scope['orgs'])})")
	return " or ".join(f"({c})" for c in clauses) or "1 = 0"


def need_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return None
	if scope["districts"] is not None and doc.get("recommending_district") in scope["districts"]:
		return None
	orgs = scope["orgs"]
	if orgs is not None and ptype in ("read", "print"):
		if doc.get("enterprise") in orgs:
			return None
		if any(row.get("base_organization") in orgs for row in doc.get("pushed_to") or []):
			return None
	return False


def match_query(user: str | None = None, doctype: str | None = None) -> str:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return ""
	t = "`tabCooperation Match`"
	clauses = []
	if scope["districts"] is not None:
		clauses.append(f"{t}.`recommending_district` in ({_in(scope['districts'])})")
	if scope["orgs"] is not None:
		clauses.append(f"{t}.`organization` in ({_in(scope['orgs'])})")
		clauses.append(f"{t}.`enterprise` in ({_in(scope['orgs'])})")
	return " or ".join(f"({c})" for c in clauses) or "1 = 0"


def match_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return None
	if scope["districts"] is not None and doc.get("recommending_district") in scope["districts"]:
		return None
	orgs = scope["orgs"]
	if orgs is not None:
		if doc.get("organization") in orgs:
			return None
		# the enterprise reads the proposal and acts on it (accept / decline); it never creates one
		if doc.get("enterprise") in orgs and ptype in ("read", "print", "write"):
			return None
	return False


def rating_query(user: str | None = None, doctype: str | None = None) -> str:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return ""
	t = "`tabServed Party Rating`"
	clauses = []
	if scope["districts"] is not None:
		clauses.append(f"{t}.`rater_district` in ({_in(scope['districts'])})")
	if scope["orgs"] is not None:
		clauses.append(f"{t}.`rater_kind` = 'Served Party' and {t}.`enterprise` in ({_in(scope['orgs'])})")
	return " or ".join(f"({c})" for c in clauses) or "1 = 0"


def rating_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	scope = case_scope(user or frappe.session.user)
	if scope is None:
		return None
	if scope["districts"] is not None and doc.get("rater_district") in scope["districts"]:
		return None
	if (
		scope["orgs"] is not None
		and doc.get("rater_kind") == "Served Party"
		and doc.get("enterprise") in scope["orgs"]
	):
		return None
	if ptype == "create" and doc.is_new():
		return None  # the controller checks the rater before anything is stored
	return False
