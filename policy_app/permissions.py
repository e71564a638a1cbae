"""Record scoping that holds whatever the site's global permission settings are.

District officers see only the organisations of their own recommending departments, applicants only
their own organisations, and a user of a scoped role with no scope sees nothing (strict). The scope
comes from Frappe's standard User Permission records (District, Applicant Organization), so an
administrator grants it in the usual place; these hooks only make it strict for the app's records.
"""

from __future__ import annotations

import frappe
from frappe.permissions import get_user_permissions

#: roles that act for the whole bureau: unrestricted unless given District user permissions
BUREAU_ROLES = {
	"System Manager",
	"Policy Administrator",
	"Bureau Officer",
	"Bureau Leader",
	"Finance Officer",
}
#: roles whose every record must be inside their scope
SCOPED_ROLES = {"District Officer", "Policy Applicant"}


def _roles(user: str) -> set[str]:
	return set(frappe.get_roles(user))


def allowed(user: str, doctype: str) -> list[str] | None:
	"""Names the user may see of `doctype` by user permission (tree descendants included), or None
	when no user permission of that doctype is set."""
	perms = get_user_permissions(user).get(doctype)
	if not perms:
		return None
	return sorted({p.get("doc") for p in perms})


def _is_bureau_wide(user: str) -> bool:
	return user == "Administrator" or bool(_roles(user) & BUREAU_ROLES) and allowed(user, "District") is None


def organization_scope(user: str) -> tuple[list[str] | None, list[str] | None]:
	"""(districts, organisations) the user is limited to; None means not limited on that axis."""
	if _is_bureau_wide(user):
		return None, None
	roles = _roles(user)
	districts = allowed(user, "District")
	orgs = allowed(user, "Applicant Organization") if "Policy Applicant" in roles else None
	if districts is None and orgs is None and roles & SCOPED_ROLES:
		return [], []  # strict: a scoped role with no scope sees nothing
	return districts, orgs


def _in(values: list[str]) -> str:
	return ", ".join(frappe.db.escape(v) for v in values) or "''"


def applicant_organization_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	districts, orgs = organization_scope(user)
	clauses = []
	if districts is not None:
		clauses.append(f"`tabApplicant Organization`.`recommending_district` in ({_in(districts)})")
	if orgs is not None:
		clauses.append(f"`tabApplicant Organization`.`name` in ({_in(orgs)})")
	return " or ".join(f"({c})" for c in clauses)


def applicant_organization_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	districts, orgs = organization_scope(user)
	if districts is None and orgs is None:
		return None  # no opinion: Frappe's role permissions decide
	if districts is not None and doc.get("recommending_district") in districts:
		return None
	if orgs is not None and doc.name in orgs:
		return None
	if (
		ptype == "create"
		and doc.is_new()
		and districts is not None
		and doc.get("recommending_district") in districts
	):
		return None
	if ptype == "create" and "Policy Applicant" in _roles(user) and doc.is_new():
		return None  # an applicant registers their organisation; the scope is granted once it exists
	return False


# ---- case records: applications and certified records of an organisation

REVIEWER_ROLES = {"Policy Expert", "Third-Party Reviewer"}
#: DocTypes whose records reviewers reach through their Expert Review assignments
REVIEWED_DOCTYPES = {
	"Cooperation Base Application",
	"Service Institution Application",
	"Incubator Application",
}


def case_scope(user: str) -> dict | None:
	"""What a user may see of an organisation's cases: None for the whole bureau, otherwise the union
	of their districts, their own organisations and (for reviewers) the cases assigned to them."""
	if _is_bureau_wide(user):
		return None
	roles = _roles(user)
	districts = allowed(user, "District")
	return {
		"districts": (districts or []) if ("District Officer" in roles or districts is not None) else None,
		"orgs": (allowed(user, "Applicant Organization") or []) if "Policy Applicant" in roles else None,
		"reviewer": bool(roles & REVIEWER_ROLES),
	}


def _reviewed(user: str, doctype: str) -> list[str]:
	if doctype not in REVIEWED_DOCTYPES or not frappe.db.table_exists("Expert Review"):
		return []
	return frappe.get_all(
		"Expert Review",
		# a recused or withdrawn expert no longer reads the case
		filters={"expert_user": user, "reference_doctype": doctype, "status": ["in", ["Open", "Submitted"]]},
		pluck="reference_name",
		ignore_permissions=True,
	)


def case_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	scope = case_scope(user)
	if scope is None:
		return ""
	table = f"`tab{doctype}`"
	clauses = []
	if scope["districts"] is not None:
		clauses.append(f"{table}.`recommending_district` in ({_in(scope['districts'])})")
	if scope["orgs"] is not None:
		clauses.append(f"{table}.`organization` in ({_in(scope['orgs'])})")
	if scope["reviewer"]:
		clauses.append(f"{table}.`name` in ({_in(_reviewed(user, doctype))})")
	return " or ".join(f"({c})" for c in clauses) or "1 = 0"


def case_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	scope = case_scope(user)
	if scope is None:
		return None
	if scope["districts"] is not None and doc.get("recommending_district") in scope["districts"]:
		return None
	if scope["orgs"] is not None and doc.get("organization") in scope["orgs"]:
		return None
	if scope["reviewer"] and ptype == "read" and doc.name in _reviewed(user, doc.doctype):
		return None
	return False
