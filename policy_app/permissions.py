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
#: bureau roles that read case papers (reviews, notices in draft, objections); finance pays, it does not
BUREAU_READERS = BUREAU_ROLES - {"Finance Officer"}
#: roles whose every record must be inside their scope → the DocType of their User Permissions
ROLE_SCOPE = {"Policy Applicant": "Applicant Organization", "District Officer": "District"}
SCOPED_ROLES = set(ROLE_SCOPE)
#: Policy Applicant has no desk access: an applicant is a website user of the portal (/policy). An
#: organisation that still fills its forms in the desk is given this role beside it (#17 item 1).
APPLICANT_DESK = "Applicant Desk Access"


def readable_record(doctype, name, ptype: str = "read"):
	"""The record a whitelisted method acts on, once the user is known to have `ptype` on it. Whether
	it exists is not told either: an unknown name and someone else's record get the same refusal."""
	from frappe import _

	if (
		not isinstance(doctype, str)
		or not isinstance(name, str | int)
		or not frappe.db.exists("DocType", doctype)
		or not frappe.db.exists(doctype, name)
		or not frappe.has_permission(doctype, ptype, name)
	):
		frappe.throw(_("You cannot act on this record"), frappe.PermissionError)
	return frappe.get_doc(doctype, name)


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
	# reviewers reach the applications of every programme family through their Expert Review assignments
	from policy_app.policy_setup.families import application_doctypes

	if doctype not in application_doctypes() or not frappe.db.table_exists("Expert Review"):
		return []
	names = frappe.get_all(
		"Expert Review",
		# a recused or withdrawn expert no longer reads the case
		filters={"expert_user": user, "reference_doctype": doctype, "status": ["in", ["Open", "Submitted"]]},
		pluck="reference_name",
		ignore_permissions=True,
	)
	if frappe.db.table_exists("Third Party Review"):
		# the third party the bureau commissioned reads the case it reviews (CQ §11(三))
		names += frappe.get_all(
			"Third Party Review",
			filters={"reviewer_user": user, "reference_doctype": doctype, "docstatus": ["<", 2]},
			pluck="reference_name",
			ignore_permissions=True,
		)
	return names


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


# ---- people outside the bureau: applicants, experts, third-party reviewers

#: roles of people who are not the bureau's or a district's staff
OUTSIDE_ROLES = {"Policy Applicant", APPLICANT_DESK} | REVIEWER_ROLES
#: roles Frappe gives every user by itself
AUTOMATIC_ROLES = {"All", "Guest", "Desk User"}


def is_outside_user(user: str | None) -> bool:
	"""A user whose every role is an applicant's or a reviewer's, or who has no role at all: they do
	not learn who else works in the site (专家信息保密). Users with any other role (ERPNext's
	included) are left to Frappe."""
	if not user or user in ("Administrator", "Guest"):
		return False
	return _roles(user) - AUTOMATIC_ROLES <= OUTSIDE_ROLES


def user_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_outside_user(user):
		return f"`tabUser`.`name` = {frappe.db.escape(user)}"
	return ""


def user_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if is_outside_user(user) and doc.name != user:
		return False
	return None


def has_role_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Whose roles an outside user may read: their own (a role list names the experts)."""
	user = user or frappe.session.user
	if is_outside_user(user):
		return f"(`tabHas Role`.`parenttype` != 'User' or `tabHas Role`.`parent` = {frappe.db.escape(user)})"
	return ""


# ---- child rows: scoped through their parent


def _parents(child: str) -> list[str]:
	def load():
		parents = set()
		for dt in ("DocField", "Custom Field"):
			parents |= set(
				frappe.get_all(
					dt,
					filters={"options": child, "fieldtype": ["in", ["Table", "Table MultiSelect"]]},
					pluck="parent" if dt == "DocField" else "dt",
				)
			)
		return sorted(p for p in parents if not frappe.get_meta(p).istable)

	# per request: a custom Table field added in the desk counts at once
	cache = getattr(frappe.local, "policy_app_child_parents", None)
	if cache is None:
		cache = frappe.local.policy_app_child_parents = {}
	if child not in cache:
		cache[child] = load()
	return cache[child]


def child_query(user: str | None = None, doctype: str | None = None) -> str:
	"""A child row is listed only when the user may list its parent record (Frappe checks the
	parent DocType's role permission, not the parent's scoping, for `get_list(child, parent=…)`)."""
	from frappe.desk.reportview import build_match_conditions
	from frappe.permissions import get_role_permissions

	user = user or frappe.session.user
	if user == "Administrator" or not doctype:
		return ""
	table = f"`tab{doctype}`"
	clauses = []
	for parent in _parents(doctype):
		ptable = f"`tab{parent}`"
		is_parent = f"{table}.`parenttype` = {frappe.db.escape(parent)}"
		perms = get_role_permissions(frappe.get_meta(parent), user=user)
		if not (perms.get("read") or perms.get("select")):
			shared = frappe.share.get_shared(parent, user)
			if shared:
				clauses.append(f"({is_parent} and {table}.`parent` in ({_in(shared)}))")
			continue
		cond = build_match_conditions(parent, user=user)
		clauses.append(
			f"({is_parent} and {table}.`parent` in (select {ptable}.`name` from {ptable} where {cond}))"
			if cond
			else f"({is_parent})"
		)
	return " or ".join(clauses) or "1 = 0"


# ---- public notices and objections


def _bureau_reader(user: str) -> bool:
	return user == "Administrator" or bool(_roles(user) & BUREAU_READERS)


def public_notice_query(user: str | None = None, doctype: str | None = None) -> str:
	"""A notice is a draft list of approved cases until it is published: the bureau's alone."""
	user = user or frappe.session.user
	return "" if _bureau_reader(user) else "`tabPublic Notice`.`docstatus` = 1"


def public_notice_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if _bureau_reader(user) or doc.docstatus == 1:
		return None
	return False


def objection_query(user: str | None = None, doctype: str | None = None) -> str:
	"""An objection is the objector's and the bureau's: nobody else reads it (who objected, their
	identity number and phone sit at permission level 1 besides)."""
	user = user or frappe.session.user
	return "" if _bureau_reader(user) else f"`tabObjection`.`owner` = {frappe.db.escape(user)}"


def objection_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if _bureau_reader(user) or ptype == "create" or doc.owner == user:
		return None
	return False


# ---- sanctions: read where the organisation is (applicant_organization_query's rule)


def sanction_query(user: str | None = None, doctype: str | None = None) -> str:
	cond = applicant_organization_query(user)
	if not cond:
		return ""
	return f"`tabSanction`.`organization` in (select `name` from `tabApplicant Organization` where {cond})"


def sanction_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	org = frappe.db.get_value(
		"Applicant Organization", doc.get("organization"), ["name", "recommending_district"], as_dict=True
	)
	if not org:
		return None if organization_scope(user or frappe.session.user) == (None, None) else False
	return applicant_organization_has_permission(org, "read", user)
