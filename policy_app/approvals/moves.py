"""The everyday moves of Chinese approval practice, for every workflow of the app:

- 撤回 withdraw: whoever moved a case takes it back to where it was, while nobody has acted after them;
- 转办 transfer: a reviewer hands a waiting case to a colleague who holds the same role for this step and
  may act on this record (same district for a district officer); the work list entry moves;
- 抄送 copy for information: named users may read the case (a read-only share) but not act on it.

Each move lands in the record's approval log. The state itself is only changed by withdrawal, and then
straight back to the state the log says the case came from: no controller side effect runs twice.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

#: log actions of the moves; they are not workflow transitions
WITHDRAW, TRANSFER, COPY = "Withdraw", "Transfer", "Copy"
MOVES = {WITHDRAW, TRANSFER, COPY}


def _case(doctype: str, name: str):
	from frappe.model.workflow import get_workflow_name

	from policy_app.input_guard import is_app_module

	module = frappe.db.get_value("DocType", doctype, "module")
	if not module or not is_app_module(module) or not get_workflow_name(doctype):
		frappe.throw(_("{0} has no approval workflow of this app").format(_(doctype)))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	if not doc.meta.get_field("approval_log"):
		frappe.throw(_("{0} keeps no approval log").format(_(doctype)))
	return doc


def _log(doc, action: str, remarks: str, from_state=None, to_state=None):
	"""Append a row to the approval log without saving the record (its controller does not run)."""
	row = doc.append(
		"approval_log",
		{
			"from_state": from_state or doc.workflow_state,
			"to_state": to_state or doc.workflow_state,
			"action": action,
			"user": frappe.session.user,
			"role": "",
			"at": now_datetime(),
			"remarks": remarks,
		},
	)
	row.db_insert()
	return row


def _last_transition(doc):
	return next((r for r in reversed(doc.approval_log or []) if r.action not in MOVES), None)


@frappe.whitelist()
def can_withdraw(doctype: str, name: str) -> bool:
	doc = _case(doctype, name)
	last = _last_transition(doc)
	return bool(
		last
		and last.user == frappe.session.user
		and last.to_state == doc.workflow_state
		and last.from_state
		and not any(r.action == WITHDRAW for r in doc.approval_log[doc.approval_log.index(last) + 1 :])
	)


@frappe.whitelist()
def withdraw(doctype: str, name: str, remark: str = "") -> str:
	"""Take the case back to the state it was in before the user's own last move."""
	from frappe.model.workflow import get_workflow_name

	from policy_app.controllers import work_list
	from policy_app.controllers.approval import assign_next_actors

	doc = _case(doctype, name)
	frappe.db.get_value(doctype, name, "name", for_update=True)  # a reviewer acting now waits for us
	doc.reload()
	last = _last_transition(doc)
	if not last or last.user != frappe.session.user or last.to_state != doc.workflow_state:
		frappe.throw(
			_("Only the one who made the last move can withdraw it, and only before anyone acts on it"),
			frappe.PermissionError,
			title=_("Cannot withdraw"),
		)
	if not can_withdraw(doctype, name):
		frappe.throw(_("This move has already been withdrawn"), title=_("Cannot withdraw"))
	wf = frappe.get_cached_doc("Workflow", get_workflow_name(doctype))
	docstatus = {s.state: int(s.doc_status or 0) for s in wf.states}
	if docstatus.get(last.from_state, 0) != doc.docstatus:
		frappe.throw(
			_("{0} is already submitted; it can no longer be withdrawn").format(doc.name),
			title=_("Cannot withdraw"),
		)
	back = last.from_state
	_log(doc, WITHDRAW, (remark or "").strip(), from_state=doc.workflow_state, to_state=back)
	doc.db_set("workflow_state", back)
	work_list.cancel_open(doctype, name)
	doc.workflow_state = back
	if hasattr(doc, "workflow"):
		assign_next_actors(doc)
	return back


@frappe.whitelist()
def transfer(doctype: str, name: str, to_user: str, remark: str = "") -> str:
	"""Hand the waiting case to a colleague with the same role for this step who may act on it."""
	from frappe.desk.form.assign_to import add
	from frappe.model.workflow import get_transitions

	doc = _case(doctype, name)
	user = frappe.session.user
	mine = {t.allowed for t in get_transitions(doc)}
	if not mine:
		frappe.throw(_("The case is not waiting for you"), frappe.PermissionError, title=_("Cannot transfer"))
	if not to_user or to_user == user or not frappe.db.get_value("User", to_user, "enabled"):
		frappe.throw(_("Choose another active colleague"), title=_("Cannot transfer"))
	shared = mine & set(frappe.get_roles(to_user))
	if not shared:
		frappe.throw(
			_("{0} does not hold your role for this step ({1})").format(
				frappe.utils.get_fullname(to_user), "、".join(_(r) for r in sorted(mine))
			),
			title=_("Cannot transfer"),
		)
	# the colleague must be able to act on this very record: the same district for a district officer
	if not frappe.has_permission(doctype, "write", doc, user=to_user) or doc.owner == to_user:
		frappe.throw(
			_("{0} cannot act on {1}").format(frappe.utils.get_fullname(to_user), doc.name),
			title=_("Cannot transfer"),
		)
	for todo in frappe.get_all(
		"ToDo",
		filters={"reference_type": doctype, "reference_name": name, "allocated_to": user, "status": "Open"},
		pluck="name",
	):
		frappe.db.set_value("ToDo", todo, "status", "Cancelled")
	add(
		{
			"doctype": doctype,
			"name": name,
			"assign_to": [to_user],
			"description": _("{0}: transferred to you by {1}").format(
				doc.name, frappe.utils.get_fullname(user)
			)
			+ (f" — {remark}" if remark else ""),
		},
		ignore_permissions=True,
	)
	_log(
		doc,
		TRANSFER,
		_("Transferred to {0}").format(frappe.utils.get_fullname(to_user))
		+ (f"：{remark}" if remark else ""),
	)
	return to_user


@frappe.whitelist()
def copy_to(doctype: str, name: str, users, remark: str = "") -> list[str]:
	"""Let named users read the case; they cannot act on it through this."""
	from frappe.share import add_docshare

	from policy_app.permissions import is_outside_user

	doc = _case(doctype, name)
	# 抄送 is the staff's: Frappe's share right on the record, never an applicant's or an expert's
	if is_outside_user(frappe.session.user) or not frappe.has_permission(doctype, "share", doc):
		frappe.throw(_("You cannot copy {0} to others").format(doc.name), frappe.PermissionError)
	users = frappe.parse_json(users) if isinstance(users, str) and users.startswith("[") else users
	users = [u for u in ([users] if isinstance(users, str) else users or []) if isinstance(u, str) and u]
	if not users:
		frappe.throw(_("Name at least one user"), title=_("Cannot copy"))
	for u in users:
		if not frappe.db.get_value("User", u, "enabled"):
			frappe.throw(_("{0} is not an active user").format(u), title=_("Cannot copy"))
	for u in users:
		# the share's own check (core_guards.check_share) refuses people outside the case's scope
		add_docshare(doctype, name, u, read=1, write=0, submit=0, share=0, notify=1)
	_log(
		doc,
		COPY,
		_("Copied for information to {0}").format("、".join(frappe.utils.get_fullname(u) for u in users))
		+ (f"：{remark}" if remark else ""),
	)
	return users


def _transfer_roles(doc) -> set[str]:
	from frappe.model.workflow import get_transitions

	return {t.allowed for t in get_transitions(doc)}


def _people(users) -> list[dict]:
	return [
		{
			"value": u,
			"label": frappe.utils.get_fullname(u) + (f"（{u}）" if u != frappe.utils.get_fullname(u) else ""),
		}
		for u in sorted(users, key=lambda u: frappe.utils.get_fullname(u))
	]


def _transfer_candidates(doc, mine: set[str]) -> list[str]:
	"""Colleagues who hold one of the user's roles for this step and may act on this very record."""
	user = frappe.session.user
	if not mine:
		return []
	holders = set(
		frappe.get_all(
			"Has Role",
			filters={"role": ["in", sorted(mine)], "parenttype": "User"},
			pluck="parent",
		)
	)
	out = []
	for u in holders - {user, "Administrator", "Guest", doc.owner}:
		if not frappe.db.get_value("User", u, "enabled"):
			continue
		if frappe.has_permission(doc.doctype, "write", doc, user=u):
			out.append(u)
	return out


def _copy_candidates(doc) -> list[str]:
	"""Staff of the bureau who may read the record (an applicant or an expert is never copied)."""
	from policy_app.permissions import is_outside_user

	user = frappe.session.user
	out = []
	for u in frappe.get_all("User", filters={"enabled": 1, "user_type": "System User"}, pluck="name"):
		if u in (user, "Administrator", "Guest") or is_outside_user(u):
			continue
		if frappe.has_permission(doc.doctype, "read", doc, user=u):
			out.append(u)
	return out


@frappe.whitelist()
def moves_offered(doctype: str, name: str) -> dict:
	"""What the Approval menu offers this user on this case, with the people each move may name:
	withdraw (their own last move, nobody acted since), transfer (the case waits for them; colleagues
	with the same role for the step who may act on the record), copy (they hold the share right; bureau
	staff who may read the record)."""
	from policy_app.permissions import is_outside_user

	doc = _case(doctype, name)
	mine = _transfer_roles(doc)
	can_copy = not is_outside_user(frappe.session.user) and bool(frappe.has_permission(doctype, "share", doc))
	return {
		"withdraw": can_withdraw(doctype, name),
		"transfer": _people(_transfer_candidates(doc, mine)) if mine else None,
		"copy": _people(_copy_candidates(doc)) if can_copy else None,
	}
