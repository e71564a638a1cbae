"""The work list of a case: one open Frappe ToDo per user who may act on it now.

Frappe's `assign_to.add` and `clear` cost about twenty statements per user (a duplicate check, the ToDo
insert, a timeline comment that loads the case, the case loaded again for a permission check, a
notification, and the same again to cancel), so a move of a case that 27 bureau officers may take next
cost over 600 statements. This writes the same rows — ToDo, the case's `_assign`, the assignees'
notification — in a fixed handful: who may act in one query, the old entries cancelled in one
statement, the new ones in one insert, one notification job per language. The permission check per
user stays: a district officer of another district must not get the case.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import escape_html, get_fullname, now_datetime, nowdate


def users_with_roles(roles, exclude=()) -> list[frappe._dict]:
	"""Enabled users holding any of `roles` (one query), without Administrator and `exclude`."""
	if not roles:
		return []
	return frappe.db.sql(
		"""select distinct u.name, u.language, u.follow_assigned_documents
		from `tabUser` u join `tabHas Role` r on r.parent = u.name and r.parenttype = 'User'
		where r.role in %(roles)s and u.enabled = 1 and u.name not in %(exclude)s
		order by u.name""",
		{"roles": tuple(sorted(roles)), "exclude": ("Administrator", *exclude)},
		as_dict=True,
	)


def readers(doc, users) -> list[frappe._dict]:
	"""Those of `users` who may read `doc` (the app's scoping: a district officer of its district)."""
	return [u for u in users if frappe.has_permission(doc.doctype, "read", doc, user=u.name)]


def replace(doc, users, description: str):
	"""Cancel the case's open entries and open one for each of `users` (rows of `users_with_roles`),
	and tell them."""
	cancel_open(doc.doctype, doc.name, set_assign=not users)
	if not users:
		return
	now, me, today = now_datetime(), frappe.session.user, nowdate()
	text = escape_html(description)
	rows = [
		{
			"name": frappe.generate_hash(length=10),
			"creation": now,
			"modified": now,
			"owner": me,
			"modified_by": me,
			"status": "Open",
			"priority": "Medium",
			"date": today,
			"allocated_to": u.name,
			"description": text,
			"reference_type": doc.doctype,
			"reference_name": doc.name,
			"assigned_by": me,
			"assigned_by_full_name": get_fullname(me),
		}
		for u in users
	]
	frappe.db.bulk_insert("ToDo", fields=list(rows[0]), values=[tuple(r.values()) for r in rows])
	_set_assign(doc.doctype, doc.name, sorted(u.name for u in users))
	_notify(doc, [u for u in users if u.name != me], text)
	if any(u.follow_assigned_documents for u in users):
		from frappe.desk.form.document_follow import follow_document

		for u in users:
			if u.follow_assigned_documents:
				follow_document(doc.doctype, doc.name, u.name)


def cancel_open(doctype: str, name: str, *, set_assign: bool = True):
	"""The case's open entries cancelled (the state they were for is left), in one statement."""
	todo = frappe.qb.DocType("ToDo")
	(
		frappe.qb.update(todo)
		.set(todo.status, "Cancelled")
		.set(todo.modified, now_datetime())
		.set(todo.modified_by, frappe.session.user)
		.where((todo.reference_type == doctype) & (todo.reference_name == name) & (todo.status == "Open"))
	).run()
	if set_assign:
		_set_assign(doctype, name, [])


def _set_assign(doctype: str, name: str, users: list[str]):
	# the column the list view's 分配给 filter and the form's assignment avatars read
	frappe.db.set_value(doctype, name, "_assign", json.dumps(users) if users else "", update_modified=False)


def _notify(doc, users, description: str):
	"""An assignment notification as Frappe's (the bell, and an email where the user's settings send
	one), worded in each assignee's language: one job per language instead of one per user."""
	from frappe.desk.doctype.notification_log.notification_log import (
		enqueue_create_notification,
		get_title,
		get_title_html,
	)

	if not users:
		return
	title = get_title_html(get_title(doc.doctype, doc.name))
	langs: dict[str, list[str]] = {}
	for u in users:
		langs.setdefault(u.language or "", []).append(u.name)
	for lang, names in langs.items():
		enqueue_create_notification(
			names,
			{
				"type": "Assignment",
				"document_type": doc.doctype,
				"document_name": doc.name,
				"subject": _("{0} {1} is waiting for you", lang=lang or None).format(
					frappe.bold(_(doc.doctype, lang=lang or None)), title
				),
				"from_user": frappe.session.user,
				"email_content": f"<div>{description}</div>",
			},
		)
