"""Preview and publication of an Evaluation Round: the whole cohort graded by the engine, then in one
transaction the grades written, the rewards created, the titles and history updated.

Safe to repeat and to race: the round row is locked for the whole publication, so a second attempt
waits and then finds the round published; the organisations' rows are locked before their earlier
rewards are read, so two rounds publishing at once cannot both spend the same yearly cap; every reward
carries a unique source key, so a publication re-run after a crash adds nothing twice. A worker killed
half-way leaves nothing behind: nothing is committed until the end.

The round's life, each step in its own module: grading the cohort (`grading.py`), the results' public
notice (`round_notice.py`), the rewards (`rewarding.py`), the titles and proposals (`proposals.py`) and
the queue's jobs (`round_jobs.py`). Here: preview, publish, make final, and the whitelisted methods the
round's form calls.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from policy_app.engine.scoring import CohortResult
from policy_app.evaluation.grading import grade, graded_values, round_scheme, write_results
from policy_app.evaluation.proposals import missing_reports, propose_absent, propose_actions, update_title
from policy_app.evaluation.rewarding import hand_to_approvers, write_rewards
from policy_app.evaluation.round_jobs import ACTIONS, QUEUE, _progress_key, job_id, job_state, progress
from policy_app.evaluation.round_notice import NOTICE_STAGE, notice_over, open_objections, start_notice
from policy_app.permissions import readable_record
from policy_app.recognition import notice_service


@frappe.whitelist()
def get_progress(name: str, action: str | None = None) -> dict:
	readable_record("Evaluation Round", name)
	if action and action not in ACTIONS:
		frappe.throw(_("Unknown action {0}").format(action))
	out = dict(frappe.cache.get_value(_progress_key(name, action), expires=True) or {})
	if action:
		out.update(job_state(name, action))
	return out


def preview(name: str):
	"""Grade the cohort as it stands and show it, changing nothing but the round."""
	# locked as a publication locks it: a preview queued behind a publication finds the round published
	if lock_round(name) in ("In Notice", "Published"):
		frappe.throw(_("Round {0} is already published").format(name), title=_("Already published"))
	rnd = frappe.get_doc("Evaluation Round", name)
	scheme, docs, results = grade(rnd)
	write_results(rnd, scheme, docs, results)
	rnd.status = "Previewed"
	rnd.previewed_on = now_datetime()
	rnd.flags.from_publishing = True
	rnd.save()
	progress(name, 1, 1, "Preview ready")
	return rnd.summary


def lock_round(name: str) -> str:
	row = frappe.db.sql("select status from `tabEvaluation Round` where name = %s for update", name)
	if not row:
		frappe.throw(_("Evaluation Round {0} not found").format(name), frappe.DoesNotExistError)
	return row[0][0]


def publish(name: str):
	"""Publish the round in one step; where the scheme publishes its results (QD §14) the grades first
	go through a public notice and become final when it ends without an open objection."""
	status = lock_round(name)
	if status in ("In Notice", "Published"):
		frappe.throw(_("Round {0} is already published").format(name), title=_("Already published"))
	rnd = frappe.get_doc("Evaluation Round", name)
	scheme = round_scheme(rnd)
	if any(p.stage == NOTICE_STAGE for p in scheme.notice_periods):
		return start_notice(rnd, scheme)
	return finalise(rnd)


@frappe.whitelist()
def finalise_after_notice(name: str):
	"""The desk's 'make final' of a round whose notice has ended: the bureau's, like publishing."""
	readable_record("Evaluation Round", name, "write")
	return _finalise_after_notice(name)


def _finalise_after_notice(name: str):
	status = lock_round(name)
	rnd = frappe.get_doc("Evaluation Round", name)
	if status != "In Notice":
		frappe.throw(_("Round {0} is not in public notice").format(name))
	notice_service.check_over(
		rnd.public_notice,
		"Policy Evaluation",
		[r.evaluation for r in rnd.results],
		_("The public notice runs until {0}; the results become final after it"),
	)
	return finalise(rnd)


def finalise_due_rounds():
	"""Daily: rounds whose results notice has ended with every objection answered become final. One
	round that cannot be finalised is logged and leaves the others alone (the job commits at its end)."""
	for name in frappe.get_all("Evaluation Round", filters={"status": "In Notice"}, pluck="name"):
		rnd = frappe.get_doc("Evaluation Round", name)
		if not notice_over(rnd) or open_objections(rnd):
			continue
		frappe.db.savepoint("finalise_round")
		try:
			_finalise_after_notice(name)
		except Exception:
			frappe.db.rollback(save_point="finalise_round")
			frappe.log_error(title=f"Evaluation Round {name} could not be finalised")


def finalise(rnd):
	scheme, docs, results = grade(rnd, lock=True)
	total = len(results)
	on = getdate(today())
	for i, (d, r) in enumerate(zip(docs, results, strict=True), 1):
		write_evaluation(scheme, rnd, d, r, on)
		write_rewards(scheme, rnd, d, r)
		update_title(scheme, d, r)
		propose_actions(d, r.actions)
		if i % 100 == 0:
			progress(rnd.name, total + i, total * 2, "Publishing")
	propose_absent(scheme, rnd, docs)
	missing_reports(scheme, rnd)
	write_results(rnd, scheme, docs, results)
	rnd.status = "Published"
	rnd.published_on = now_datetime()
	rnd.flags.from_publishing = True
	rnd.save(ignore_permissions=True)
	hand_to_approvers(rnd)
	progress(rnd.name, 1, 1, "Published")
	return rnd.summary


def write_evaluation(scheme, rnd, d, r: CohortResult, on):
	notes = [c.reason_zh for c in r.changes]
	frappe.db.set_value(
		"Policy Evaluation",
		d.name,
		{
			**graded_values(scheme, rnd, r),
			"medal_tier": r.medal or "",
			"reward_total": float(r.reward_total),
			"published": 1,
			"published_on": on,
			"result_notes": "；".join(notes),
		},
		update_modified=False,
	)


@frappe.whitelist()
def start(name: str, action: str):
	"""Run a preview or a publication on the long queue; the form follows it with a progress bar."""
	if action not in ACTIONS:
		frappe.throw(_("Unknown action {0}").format(action))
	rnd = readable_record("Evaluation Round", name, "write")
	if action == "publish" and rnd.status in ("In Notice", "Published"):
		frappe.throw(_("Round {0} is already published").format(name), title=_("Already published"))
	progress(name, 0, 1, "Queued", action)
	frappe.enqueue(
		"policy_app.evaluation.publishing.run",
		queue=QUEUE,
		timeout=3600,
		job_id=job_id(name, action),
		deduplicate=True,
		name=name,
		action=action,
	)
	return job_id(name, action)


def run(name: str, action: str):
	frappe.local.policy_app_round_action = action
	try:
		(preview if action == "preview" else publish)(name)
	finally:
		frappe.local.policy_app_round_action = None
