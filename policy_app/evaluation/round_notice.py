"""The public notice of a round's results where the scheme publishes them first (QD §14): the grades
stored provisionally, the notice with one row per evaluation, and whether it has run its course with
every objection answered."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.evaluation.grading import grade, graded_values, label, write_results

#: the notice stage a scheme lists when its evaluation results go through a public notice (QD §14)
NOTICE_STAGE = "evaluation"


def start_notice(rnd, scheme):
	scheme, docs, results = grade(rnd)
	for d, r in zip(docs, results, strict=True):
		frappe.db.set_value("Policy Evaluation", d.name, graded_values(scheme, rnd, r), update_modified=False)
	notice = frappe.get_doc(
		{
			"doctype": "Public Notice",
			"title": _("Evaluation results of {0} {1}").format(rnd.scheme, rnd.year),
			"scheme": rnd.scheme,
			"stage": NOTICE_STAGE,
			"published_on": today(),
			"items": [
				{
					"reference_doctype": "Policy Evaluation",
					"reference_name": d.name,
					"outcome": label(scheme, r.final_grade),
				}
				for d, r in zip(docs, results, strict=True)
			],
		}
	).insert(ignore_permissions=True)
	notice.submit()
	write_results(rnd, scheme, docs, results)
	rnd.status = "In Notice"
	rnd.public_notice = notice.name
	rnd.notice_ends_on = notice.ends_on
	rnd.flags.from_publishing = True
	rnd.save(ignore_permissions=True)
	return rnd.summary


def notice_over(rnd) -> bool:
	return bool(rnd.notice_ends_on) and getdate(today()) > getdate(rnd.notice_ends_on)


def open_objections(rnd) -> list[str]:
	names = [r.evaluation for r in rnd.results]
	if not names:
		return []
	return frappe.get_all(
		"Objection",
		filters={"reference_doctype": "Policy Evaluation", "reference_name": ["in", names], "status": "Open"},
		pluck="name",
	)
