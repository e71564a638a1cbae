"""What a published round changes on the certified records and proposes to the bureau: the medal
titles, the history rules' actions (Annual Duties' Title Action), the records due in the round that took
no part, and the reports still missing when the evaluation ends (ZJ §22(一))."""

from __future__ import annotations

import frappe
from frappe.utils import cint

from policy_app.engine.cycles import absence_actions
from policy_app.engine.models import Scheme
from policy_app.engine.scoring import Change, CohortResult
from policy_app.evaluation.grading import label_medal, standing


def update_title(scheme: Scheme, d, r: CohortResult):
	if not scheme.medal_tiers:
		return
	frappe.db.set_value(
		d.record_doctype,
		d.record_name,
		{"medal_level": r.medal_level, "medal_tier": label_medal(scheme, r.medal)},
	)


def propose(record_doctype, record_name, actions: list[Change], source_doctype, source_name):
	"""Hand the history rules' proposals to the bureau (Annual Duties' Title Action) to confirm: the
	engine's decisions that carry an action (medal changes carry none)."""
	try:
		from policy_app.annual_duties.title_actions import propose as propose_title_action
	except ImportError:  # without that module the proposal stays visible on the round's results
		return
	for a in actions:
		if a.action:
			propose_title_action(
				record_doctype,
				record_name,
				a.action,
				a.reason_zh,
				article=a.article,
				source_doctype=source_doctype,
				source_name=source_name,
			)


def propose_actions(d, actions):
	propose(d.record_doctype, d.record_name, actions, "Policy Evaluation", d.name)


def propose_absent(scheme: Scheme, rnd, docs):
	"""Records that were due in the round and took no part (QD §15(二), XX-INC §10, XX-SVC §11(一)):
	the engine says who was due (cycle, re-evaluation, exemption, validity) and what follows."""
	_dues, missing = standing(scheme, cint(rnd.year), docs)
	for doctype, rec, _org, due in missing:
		propose(doctype, rec, absence_actions(scheme, due), "Evaluation Round", rnd.name)


def missing_reports(scheme: Scheme, rnd):
	"""ZJ §22(一): a report still not filed when the evaluation ends is missing ⇒ revocation proposed."""
	if not any(h.event == "report_missing" for h in scheme.history_rules):
		return
	try:
		from policy_app.annual_duties.jobs import apply_missing_reports
	except ImportError:
		return
	apply_missing_reports(scheme.code, cint(rnd.year))
