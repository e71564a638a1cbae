"""Two officers acting on the same record at once: the second is told plainly that someone else got
there first.

Frappe's apply_workflow reloads the record and applies the action to whatever state it is in now, so
an officer who opened the form before a colleague acted either gets "Not a valid Workflow Action" or,
worse, acts on a record they have not seen. For the app's records the desk's call is wrapped
(hook override_whitelisted_methods): the record's row is locked and its `modified` compared with the
one the officer's form was loaded with; a difference is refused with who changed it, when, and the
state it is in now. Two requests at the same moment queue on the row lock, so exactly one goes through.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import format_datetime, get_datetime

from policy_app.input_guard import is_app_module
from policy_app.permissions import readable_record

#: how often a transaction the database picked as a deadlock's victim is run again
DEADLOCK_ATTEMPTS = 4


def retrying_deadlocks(fn, *args, **kwargs):
	"""Run `fn` in the request's transaction, and again from the start when the database picked it as a
	deadlock's victim. Frappe's save reads a record's child rows FOR UPDATE before writing them, so two
	cases moved at the same moment, whose names sit side by side at the end of a child table's index,
	may each hold the gap the other inserts into (seen under the deadline-day rush,
	benchmarks/portal_rush.py). The victim's whole transaction is rolled back, so `fn` must do all the
	request's writing: it is repeated as a person pressing the button again would."""
	import random
	import time

	for attempt in range(DEADLOCK_ATTEMPTS):
		try:
			return fn(*args, **kwargs)
		except frappe.QueryDeadlockError:
			if attempt == DEADLOCK_ATTEMPTS - 1:
				raise
			frappe.db.rollback()
			frappe.local.message_log = []
			time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))


@frappe.whitelist()
def apply_workflow(doc, action):
	return retrying_deadlocks(_apply_workflow, doc, action)


def _apply_workflow(doc, action):
	from frappe.model.workflow import apply_workflow as frappe_apply_workflow
	from frappe.model.workflow import get_workflow_name, get_workflow_state_field

	sent = frappe.parse_json(doc) if isinstance(doc, str) else frappe._dict(doc)
	doctype, name = sent.get("doctype"), sent.get("name")
	module = frappe.db.get_value("DocType", doctype, "module") if isinstance(doctype, str) else None
	if not is_app_module(module):
		return frappe_apply_workflow(doc, action)
	readable_record(doctype, name)  # nothing about the record, not even that it exists, before this
	workflow = get_workflow_name(doctype)
	if not workflow:
		frappe.throw(_("{0} has no approval workflow of this app").format(_(doctype)))
	if sent.get("modified"):
		state_field = get_workflow_state_field(workflow) or "workflow_state"
		now = frappe.db.get_value(
			doctype, name, ["modified", "modified_by", state_field], as_dict=True, for_update=True
		)
		if now and get_datetime(now.modified) != get_datetime(sent.get("modified")):
			frappe.throw(
				_(
					"{0} {1} was changed by {2} at {3} after you opened it; it is now in state {4}. Reload it and act again."
				).format(
					_(doctype),
					name,
					frappe.utils.get_fullname(now.modified_by),
					format_datetime(now.modified),
					_(now.get(state_field) or "", context=doctype),
				),
				frappe.TimestampMismatchError,
				title=_("Changed by someone else"),
			)
	return frappe_apply_workflow(doc, action)
