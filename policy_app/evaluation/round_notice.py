"""The public notice of a round's results where the scheme publishes them first (QD §14): the grades
stored provisionally and the notice with one row per evaluation, through the one public-notice service
(policy_app.recognition.notice_service), which also says whether it has run its course with every
objection answered."""

from __future__ import annotations

import frappe
from frappe import _

from policy_app.evaluation.grading import grade, graded_values, label, write_results
from policy_app.recognition import notice_service

#: the notice stage a scheme lists when its evaluation results go through a public notice (QD §14)
NOTICE_STAGE = "evaluation"


def start_notice(rnd, scheme):
	scheme, docs, results = grade(rnd)
	for d, r in zip(docs, results, strict=True):
		frappe.db.set_value("Policy Evaluation", d.name, graded_values(scheme, rnd, r), update_modified=False)
	notice = notice_service.publish(
		rnd.scheme,
		NOTICE_STAGE,
		_("Evaluation results of {0} {1}", lang="zh").format(rnd.scheme, rnd.year),
		[
			{
				"reference_doctype": "Policy Evaluation",
				"reference_name": d.name,
				"outcome": label(scheme, r.final_grade),
			}
			for d, r in zip(docs, results, strict=True)
		],
	)
	write_results(rnd, scheme, docs, results)
	rnd.status = "In Notice"
	rnd.public_notice = notice.name
	rnd.notice_ends_on = notice.ends_on
	rnd.flags.from_publishing = True
	rnd.save(ignore_permissions=True)
	return rnd.summary


def notice_over(rnd) -> bool:
	return notice_service.has_ended(rnd.public_notice)


def open_objections(rnd) -> list[str]:
	return notice_service.open_objections("Policy Evaluation", [r.evaluation for r in rnd.results])
