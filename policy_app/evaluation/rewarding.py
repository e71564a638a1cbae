"""The rewards a published round gives: one Policy Reward per award the engine computed (a unique source
key, so a publication re-run adds nothing twice), an earlier award of the same matter superseded by a
higher one, a dropped award voided with its reason, and one work-list entry per approver for the round."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from policy_app.engine import stages
from policy_app.engine.models import Scheme
from policy_app.engine.money import PriorAward, against_prior, funding_rows
from policy_app.engine.scoring import CohortResult
from policy_app.evaluation.matters import matter_awards, reward_states, settled_states, voided_state

#: reward triggers whose matter another policy may reward too (grades and titles are the scheme's own)
SHARED_MATTER_TRIGGERS = ("claim", "recognition")


def prior_awards(award, rnd) -> list[PriorAward]:
	"""The awards of the same matter of the same organisation outside this round: rewards of other
	rounds and the subsidies of approved projects (XX-JBGS §24), with locking reads."""
	return matter_awards(award.organisation, award.matter, exclude_round=rnd.name)


def write_rewards(scheme: Scheme, rnd, d, r: CohortResult):
	for a in r.awards:
		if scheme.rule(a.rule).trigger in SHARED_MATTER_TRIGGERS and not a.dropped:
			for key in against_prior(a, prior_awards(a, rnd)):
				withdraw(
					key, _("Superseded by a higher award for the same matter in round {0}").format(rnd.name)
				)
		if a.amount <= 0 and not a.dropped:
			continue  # nothing due (a threshold not reached, a rule suspended with amount 0)
		key = f"{rnd.name}|{d.name}|{a.rule}|{a.matter}"
		if frappe.db.exists("Policy Reward", {"source_key": key}):
			continue
		reward = frappe.get_doc(
			{
				"doctype": "Policy Reward",
				"organization": d.organization,
				"scheme": scheme.code,
				"year": a.year,
				"rule": a.rule,
				"article": a.article,
				"label": a.label_zh,
				"matter": a.matter,
				"computed_amount": a.computed,
				"amount": a.amount,
				"notes": "；".join(a.notes_zh),
				"evaluation_round": rnd.name,
				"source_doctype": "Policy Evaluation",
				"source_name": d.name,
				"source_key": key,
				"funding": funding_rows(scheme, a.amount),
			}
		)
		reward.flags.from_publishing = True
		reward.insert(ignore_permissions=True)
		if a.dropped:
			set_reward_state(reward, voided_state(), "；".join(a.notes_zh))


def set_reward_state(reward, state: str, remark: str):
	"""A state the system sets (a dropped or withdrawn award): logged like any other move."""
	reward.append(
		"approval_log",
		{
			"from_state": reward.workflow_state,
			"to_state": state,
			"action": "Drop",
			"user": frappe.session.user,
			"at": now_datetime(),
			"remarks": remark,
		},
	)
	reward.workflow_state = state
	reward.flags.from_publishing = True
	reward.db_update()
	reward.update_children()


def withdraw(name: str, reason: str):
	"""Withdraw an open award another publication committed. Written with plain statements: the row
	was found by a locking read and may be newer than this transaction's snapshot, which get_doc reads."""
	row = frappe.db.sql("select workflow_state from `tabPolicy Reward` where name = %s for update", name)
	if not row or row[0][0] in (*settled_states(), voided_state()):
		return
	idx = frappe.db.sql(
		"select ifnull(max(idx), 0) from `tabApproval Log Entry` where parent = %s and parenttype = 'Policy Reward'",
		name,
	)[0][0]
	frappe.get_doc(
		{
			"doctype": "Approval Log Entry",
			"parent": name,
			"parenttype": "Policy Reward",
			"parentfield": "approval_log",
			"idx": idx + 1,
			"from_state": row[0][0],
			"to_state": voided_state(),
			"action": "Drop",
			"user": frappe.session.user,
			"at": now_datetime(),
			"remarks": reason,
		}
	).db_insert()
	frappe.db.set_value("Policy Reward", name, "workflow_state", voided_state())


def hand_to_approvers(rnd):
	"""One work-list entry per approver for the whole round, not one per reward."""
	from frappe.desk.form.assign_to import add

	# the states a reward waits in for the leader's decision (领导审定 in the Workflow form)
	waiting = list(reward_states(stages.LEADERSHIP))
	count = frappe.db.count(
		"Policy Reward", {"evaluation_round": rnd.name, "workflow_state": ["in", waiting]}
	)
	if not count:
		return
	from frappe.model.workflow import get_workflow_name

	roles = set(
		frappe.get_all(
			"Workflow Transition",
			filters={"parent": get_workflow_name("Policy Reward"), "state": ["in", waiting]},
			pluck="allowed",
		)
	)
	from policy_app.controllers.work_list import users_with_roles

	users = [u.name for u in users_with_roles(roles)]
	from frappe.translate import get_user_lang

	# the job runs in the worker's language: each leader reads the entry in their own
	for u in users:
		add(
			{
				"doctype": "Evaluation Round",
				"name": rnd.name,
				"assign_to": [u],
				"description": _("{0}: {1} rewards await approval", lang=get_user_lang(u)).format(
					rnd.name, count
				),
			},
			ignore_permissions=True,
		)
