"""The graded cohort of a round as its last preview or publication left it: raw grade, what moved it
(gates, quota, promotion), medal, rewards and proposed title actions."""

from __future__ import annotations

import frappe
from frappe import _


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.get("evaluation_round"):
		frappe.throw(_("Choose an evaluation round"))
	rnd = frappe.get_doc("Evaluation Round", filters.evaluation_round)
	rnd.check_permission("read")
	columns = [
		{"fieldname": "cohort_rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "organization_name",
			"label": _("Organization Name"),
			"fieldtype": "Data",
			"width": 220,
		},
		{
			"fieldname": "evaluation",
			"label": _("Policy Evaluation"),
			"fieldtype": "Link",
			"options": "Policy Evaluation",
			"width": 170,
		},
		{
			"fieldname": "total_score",
			"label": _("Total Score"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 80,
		},
		{"fieldname": "raw_grade_label", "label": _("Grade by Score"), "fieldtype": "Data", "width": 90},
		{"fieldname": "final_grade_label", "label": _("Final Grade"), "fieldtype": "Data", "width": 90},
		{"fieldname": "medal", "label": _("Medal Tier"), "fieldtype": "Data", "width": 90},
		{"fieldname": "reward_amount", "label": _("Rewards"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "notes", "label": _("Changes and Reasons"), "fieldtype": "Data", "width": 420},
		{"fieldname": "actions", "label": _("Proposed Title Actions"), "fieldtype": "Data", "width": 260},
	]
	data = sorted((r.as_dict() for r in rnd.results), key=lambda r: (r.cohort_rank or 0, r.evaluation))
	summary = [
		{"value": _(rnd.status, context="Evaluation Round"), "label": _("Status"), "datatype": "Data"},
		{"value": rnd.evaluation_count or 0, "label": _("Evaluations"), "datatype": "Int"},
		{"value": rnd.summary or "", "label": _("Summary", context="Evaluation Round"), "datatype": "Data"},
	]
	return columns, data, None, None, summary
