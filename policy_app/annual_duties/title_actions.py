"""Revocation, rectification and warning proposals: the public API that the annual-report job and the
evaluation round call, and what a confirmed proposal does to the record."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from policy_app.annual_duties.records import check_record_doctype
from policy_app.engine.bans import ban_after
from policy_app.engine.errors import PolicyError
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, work_calendar

ACTIONS = {"revoke": "Revoke", "rectify": "Rectify", "warn": "Warn"}


def dedupe_key(record_doctype, record_name, action, source_doctype=None, source_name=None) -> str:
	"""One title action per record, action and source: the key the DocType stores and is looked up by."""
	return "|".join([record_doctype, record_name, action, source_doctype or "", source_name or ""])


def _action(action: str) -> str:
	found = ACTIONS.get((action or "").strip().lower())
	if not found:
		frappe.throw(_("Unknown title action: {0}").format(action), title=_("Invalid title action"))
	return found


def propose(
	record_doctype: str,
	record_name: str,
	action: str,
	ground_zh: str,
	article: str = "",
	source_doctype: str | None = None,
	source_name: str | None = None,
	fraud: bool = False,
) -> str:
	"""Propose `action` (Revoke / Rectify / Warn, or the engine's revoke / rectify / warn) on a
	certified record and return the proposal's name. The same record, action and source give the
	same proposal: a second call returns the first one, whatever its state."""
	check_record_doctype(record_doctype)
	action = _action(action)
	key = dedupe_key(record_doctype, record_name, action, source_doctype, source_name)
	existing = frappe.db.get_value("Title Action", {"dedupe_key": key})
	if existing:
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Title Action",
			"record_doctype": record_doctype,
			"record_name": record_name,
			"action": action,
			"ground": ground_zh,
			"article": article or "",
			"source_doctype": source_doctype,
			"source_name": source_name,
			"fraud": int(bool(fraud)),
		}
	)
	frappe.db.savepoint("title_action_propose")
	try:
		doc.insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:
		# another worker proposed the same between our read and our insert
		frappe.db.rollback(save_point="title_action_propose")
		return frappe.db.get_value("Title Action", {"dedupe_key": key})
	return doc.name


def write_ban(
	organization: str,
	scheme_code: str,
	ending: str,
	on,
	ground: str,
	source_doctype: str,
	source_name: str,
	fraud: bool = False,
	article: str = "",
) -> str | None:
	"""The Sanction the scheme's document sets for this ending (`revocation` or `exit`), or None when it
	sets none: ZJ §22 and CQ §15 ban after any revocation, QD §15 after a revocation or an exit,
	XX-BASE §14 after an ending for fraud (`engine.bans`)."""
	scheme = get_scheme(scheme_code)
	try:
		ban = ban_after(scheme, ending, getdate(on), work_calendar(scheme.holiday_calendar), fraud=fraud)
	except PolicyError as e:
		throw_policy_error(e)
	if ban is None:
		return None
	sanction = frappe.get_doc(
		{
			"doctype": "Sanction",
			"organization": organization,
			"scheme": scheme_code,
			"ground": ground,
			"article": " ".join(a for a in dict.fromkeys((article, ban.article)) if a),
			"start_date": ban.start,
			"end_date": ban.end,
			"source_doctype": source_doctype,
			"source_name": source_name,
		}
	)
	sanction.insert(ignore_permissions=True)
	sanction.submit()
	return sanction.name


def carry_out(action):
	"""What a confirmed proposal does: a revocation ends the record and bans the organisation as the
	scheme says; a rectification or warning is noted on the record's timeline."""
	record = frappe.get_doc(action.record_doctype, action.record_name)
	ground = f"{action.article} {action.ground}".strip()
	if action.action == "Revoke":
		record.status = "Revoked"
		record.ended_on = action.decided_on
		record.end_reason = _("Revoked by {0}: {1}").format(action.name, ground)
		record.save(ignore_permissions=True)
		sanction = write_ban(
			action.organization,
			action.scheme,
			"revocation",
			action.decided_on,
			action.ground,
			"Title Action",
			action.name,
			fraud=bool(action.fraud),
			article=action.article,
		)
		if sanction:
			action.db_set("sanction", sanction, update_modified=False)
	else:
		record.add_comment(
			"Info", _("{0} confirmed ({1}): {2}").format(_(action.action), action.name, ground)
		)
