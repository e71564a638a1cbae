"""Standing delegation (委托审批): a user hands their approval roles to a colleague for a date range.

How it works with Frappe's workflows, which offer a transition to whoever holds its role
(`frappe.get_roles()`): while the delegation runs, the delegate is GIVEN the roles they did not hold,
the delegator's User Permissions of a kind the delegate is already scoped by (a district officer
standing in for another district), and a copy of the delegator's open work list. Exactly what was
given is written on the delegation and taken back when it ends, by the daily job or when the
delegation is shortened or deleted. The approval guards also check the dates on every move, so an
ended delegation grants nothing even before the job has run; the approval log names the delegator
("acting for"); nobody approves their own submission through a delegation.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.permissions import APPLICANT_DESK

#: roles a delegation never hands on
NEVER_DELEGATED = {
	"Administrator",
	"System Manager",
	"Policy Applicant",
	APPLICANT_DESK,
	"Guest",
	"All",
	"Desk User",
}


def approval_roles() -> set[str]:
	"""Roles that act in a workflow of the app (the delegable ones)."""
	from policy_app.input_guard import is_app_module

	doctypes = [
		d.name
		for d in frappe.get_all("DocType", filters={"istable": 0}, fields=["name", "module"])
		if is_app_module(d.module)
	]
	roles = set(
		frappe.get_all(
			"Workflow Transition",
			filters={"parenttype": "Workflow", "parent": ["in", _workflows(doctypes)]},
			pluck="allowed",
		)
	)
	return roles - NEVER_DELEGATED


def _workflows(doctypes) -> list[str]:
	return frappe.get_all("Workflow", filters={"document_type": ["in", doctypes or [""]]}, pluck="name") or [
		""
	]


def _lines(text: str | None) -> list[str]:
	return [x for x in (text or "").splitlines() if x.strip()]


def status_on(doc, on=None) -> str:
	on = getdate(on or today())
	if on < getdate(doc.from_date):
		return "Scheduled"
	if on > getdate(doc.to_date):
		return "Ended"
	return "Active"


def sync(doc, on=None) -> str:
	"""Bring what the delegate holds in line with the delegation's dates; returns the status."""
	status = status_on(doc, on)
	if status == "Active" and not doc.granted_roles and not doc.granted_permissions and not doc.copied_todos:
		grant(doc)
	elif status != "Active":
		revoke(doc)
	if doc.status != status:
		doc.db_set("status", status, update_modified=False)
	return status


def grant(doc):
	user = frappe.get_doc("User", doc.delegate)
	held = {r.role for r in user.roles}
	wanted = [r.role for r in doc.roles]
	new_roles = [r for r in wanted if r not in held]
	if new_roles:
		user.flags.ignore_permissions = True
		user.add_roles(*new_roles)
	# the delegator's scope, where the delegate is scoped by the same kind of record (a delegate with
	# no district restriction already sees every district; adding one would narrow them)
	granted_perms = []
	mine = frappe.get_all(
		"User Permission",
		filters={"user": doc.delegate},
		fields=["allow", "for_value"],
	)
	kinds = {p.allow for p in mine}
	have = {(p.allow, p.for_value) for p in mine}
	for p in frappe.get_all(
		"User Permission",
		filters={"user": doc.delegator, "allow": ["in", ["District", "Applicant Organization"]]},
		fields=["allow", "for_value"],
	):
		if p.allow in kinds and (p.allow, p.for_value) not in have:
			granted_perms.append(
				frappe.get_doc(
					{
						"doctype": "User Permission",
						"user": doc.delegate,
						"allow": p.allow,
						"for_value": p.for_value,
					}
				)
				.insert(ignore_permissions=True)
				.name
			)
	# the delegator's open work list, so the delegate sees what waits
	copied = []
	for todo in frappe.get_all(
		"ToDo",
		filters={"allocated_to": doc.delegator, "status": "Open", "reference_type": ["is", "set"]},
		fields=["reference_type", "reference_name", "description"],
	):
		copied.append(
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": doc.delegate,
					"reference_type": todo.reference_type,
					"reference_name": todo.reference_name,
					"assigned_by": doc.delegator,
					"description": _("Acting for {0}: {1}").format(
						frappe.utils.get_fullname(doc.delegator), todo.description or todo.reference_name
					),
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	doc.db_set(
		{
			"granted_roles": "\n".join(new_roles),
			"granted_permissions": "\n".join(granted_perms),
			"copied_todos": "\n".join(copied),
		},
		update_modified=False,
	)
	frappe.clear_cache(user=doc.delegate)


def revoke(doc):
	roles = _lines(doc.granted_roles)
	if roles and frappe.db.exists("User", doc.delegate):
		user = frappe.get_doc("User", doc.delegate)
		user.flags.ignore_permissions = True
		user.remove_roles(*roles)
	for name in _lines(doc.granted_permissions):
		if frappe.db.exists("User Permission", name):
			frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)
	for name in _lines(doc.copied_todos):
		if frappe.db.get_value("ToDo", name, "status") == "Open":
			frappe.db.set_value("ToDo", name, "status", "Cancelled")
	if roles:
		_close_work_no_longer_theirs(doc.delegate)
	if roles or doc.granted_permissions or doc.copied_todos:
		doc.db_set(
			{"granted_roles": "", "granted_permissions": "", "copied_todos": ""}, update_modified=False
		)
		frappe.clear_cache(user=doc.delegate)


def _close_work_no_longer_theirs(user: str):
	"""Cases that reached the delegate's work list while the delegation ran and that they can no
	longer act on: their entry is closed (the delegator's own entry stays)."""
	from frappe.model.workflow import get_workflow_name

	held = set(frappe.get_roles(user))
	for todo in frappe.get_all(
		"ToDo",
		filters={"allocated_to": user, "status": "Open", "reference_type": ["is", "set"]},
		fields=["name", "reference_type", "reference_name"],
	):
		wf_name = get_workflow_name(todo.reference_type)
		if not wf_name or not frappe.db.exists(todo.reference_type, todo.reference_name):
			continue
		wf = frappe.get_cached_doc("Workflow", wf_name)
		current = frappe.db.get_value(todo.reference_type, todo.reference_name, wf.workflow_state_field)
		if not {t.allowed for t in wf.transitions if t.state == current} & held:
			frappe.db.set_value("ToDo", todo.name, "status", "Cancelled")


def sync_all(on=None) -> dict[str, str]:
	"""Daily: start the delegations whose first day has come and end those whose last day has
	passed. Running it again the same day changes nothing."""
	out = {}
	for name in frappe.get_all(
		"Approval Delegation", filters={"status": ["in", ["Scheduled", "Active"]]}, pluck="name"
	):
		doc = frappe.get_doc("Approval Delegation", name)
		before = doc.status
		after = sync(doc, on)
		if after != before:
			out[name] = after
	return out


def delegation_behind(user: str, role: str) -> frappe._dict | None:
	"""The delegation through which `user` holds `role`, if that is how they hold it."""
	for d in frappe.get_all(
		"Approval Delegation",
		filters={"delegate": user, "status": "Active", "granted_roles": ["like", f"%{role}%"]},
		fields=["name", "delegator", "from_date", "to_date", "granted_roles"],
	):
		if role in _lines(d.granted_roles):
			return d
	return None


def check_acting(doc, user: str, role: str) -> str | None:
	"""Who `user` acts for when taking a transition of `role` on `doc`; refuses an ended delegation and
	an approval of one's own submission through a delegation."""
	d = delegation_behind(user, role)
	if not d:
		return None
	on = getdate(today())
	if not (getdate(d.from_date) <= on <= getdate(d.to_date)):
		frappe.throw(
			_("Your delegation from {0} ended on {1}").format(
				frappe.utils.get_fullname(d.delegator), d.to_date
			),
			frappe.PermissionError,
			title=_("Delegation ended"),
		)
	# their own submission: a case they created or already moved on (submitted, recommended…)
	own = doc.owner == user or any(r.user == user for r in (doc.get("approval_log") or []))
	if own:
		frappe.throw(_("You cannot approve your own submission through a delegation"), frappe.PermissionError)
	return d.delegator
