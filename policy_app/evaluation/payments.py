"""The finance officer records the payment of approved rewards (XX-BASE §18–§21 and every reward of
a published round): one or several at once, the date and the payment reference asked once. Each
reward still goes through its own workflow as the officer (the transition into the 通过（办结） stage,
确认拨付 by the Finance Officer as shipped), with every guard of the reward; one refused reward is
named with its reason and leaves the others paid."""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import getdate, today

#: at most this many rewards in one call, as Frappe's own bulk approval (controllers/bulk.py)
MAX_REWARDS = 500


def _names(rewards) -> list[str]:
	names = json.loads(rewards) if isinstance(rewards, str) else list(rewards or [])
	if not isinstance(names, list) or not names or not all(isinstance(n, str | int) for n in names):
		frappe.throw(_("Select the rewards to mark paid"), title=_("No rewards selected"))
	names = list(dict.fromkeys(str(n) for n in names))
	if len(names) > MAX_REWARDS:
		frappe.throw(
			_("At most {0} records can be acted on at once").format(MAX_REWARDS), title=_("Too many records")
		)
	return names


def _paid_on(paid_on):
	try:
		day = getdate(paid_on) if paid_on else None
	except Exception:
		day = None
	if not day:
		frappe.throw(_("Enter the payment date"), title=_("Payment date required"))
	if day > getdate(today()):
		frappe.throw(
			_("The payment date {0} is in the future").format(frappe.format(day, "Date")),
			title=_("Invalid payment date"),
		)
	return day


@frappe.whitelist(methods=["POST"])
def mark_paid(rewards, paid_on, payment_reference: str = "") -> dict:
	"""Pay `rewards` (names, a list or its JSON) on `paid_on` with `payment_reference`. Refuses the
	whole call, changing nothing, when the user may not read one of them; otherwise returns the rewards
	paid and those refused, each with its reason."""
	from frappe.model.workflow import apply_workflow

	names = _names(rewards)
	day = _paid_on(paid_on)
	reference = (payment_reference or "").strip()
	readable = set(
		frappe.get_list("Policy Reward", filters={"name": ["in", names]}, pluck="name", limit_page_length=0)
	)
	if set(names) - readable or not _may_pay():
		frappe.throw(_("You cannot mark these rewards paid"), frappe.PermissionError)
	paid, failed = [], []
	for name in names:
		frappe.db.savepoint("policy_reward_payment")
		try:
			doc = frappe.get_doc("Policy Reward", name)
			pay = next((t for t in _transitions(doc) if t.next_state in _paid_states()), None)
			if not pay:
				frappe.throw(
					_("{0} is {1}: only an approved reward can be marked paid").format(
						name, _(doc.workflow_state, context=doc.doctype)
					),
					title=_("Not approved"),
				)
			doc.paid_on = day
			doc.payment_reference = reference
			doc.save()
			apply_workflow(doc, pay.action)
			paid.append(name)
		except (frappe.ValidationError, frappe.PermissionError) as e:
			frappe.db.rollback(save_point="policy_reward_payment")
			failed.append({"name": name, "reason": _reason(e)})
	frappe.clear_messages()
	return {"paid": paid, "failed": failed}


def _may_pay() -> bool:
	"""The user holds a role the workflow lets pay (Finance Officer)."""
	from frappe.model.workflow import get_workflow_name

	workflow = frappe.get_cached_doc("Workflow", get_workflow_name("Policy Reward"))
	roles = set(frappe.get_roles())
	return any(t.next_state in _paid_states() and t.allowed in roles for t in workflow.transitions)


def _paid_states() -> set[str]:
	"""The reward's paid states: those of the 通过（办结） stage in the Workflow form."""
	from policy_app.controllers.stages import states_in
	from policy_app.engine import stages

	return set(states_in("Policy Reward", stages.CONCLUDED))


def _transitions(doc):
	from frappe.model.workflow import get_transitions

	return get_transitions(doc)


def _reason(e: Exception) -> str:
	from frappe.utils import strip_html

	return strip_html(str(e) or e.__class__.__name__)
