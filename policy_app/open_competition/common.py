"""What the open-competition records share: the scheme, the sanctions standing against an organisation,
the eligibility panel, and the engine's errors as translated messages."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.engine import stages
from policy_app.engine.eligibility import Ban, EligibilityResult, ban_of
from policy_app.engine.errors import PolicyError
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, user_lang

#: stages (办理阶段) of a project that runs and in which money may move: under way, or in its acceptance
ACTIVE_PROJECT = (stages.UNDER_WAY, stages.BUREAU)
#: stages of a project that count as approved for the yearly limit (§21): every one after approval
APPROVED_PROJECT = (*ACTIVE_PROJECT, stages.CONCLUDED, *sorted(stages.PROJECT_ENDINGS))


def project_states(*of_stages: str) -> list[str]:
	"""The project workflow's states of these stages, as the Workflow form sets them (never empty, so
	that it can stand in a filter)."""
	from policy_app.controllers.stages import states_in

	return states_in("Open Competition Project", *of_stages) or [""]


#: stages of a payment that is over: paid, refused or cancelled
PAYMENT_SETTLED = (stages.CONCLUDED, stages.CLOSED, stages.VOIDED)
#: stages of a payment that no longer holds its instalment: refused or cancelled
PAYMENT_DROPPED = (stages.CLOSED, stages.VOIDED)


def payment_states(*of_stages: str) -> list[str]:
	"""The payment workflow's states of these stages (never empty)."""
	from policy_app.controllers.stages import states_in

	return states_in("Open Competition Payment", *of_stages) or [""]


def zh() -> bool:
	return user_lang().lower().startswith("zh")


def scheme_model(code: str):
	return get_scheme(code)


def policy_call(fn, *args, title: str | None = None, **kwargs):
	"""Run an engine function; its PolicyError becomes a translated message and stops the save."""
	try:
		return fn(*args, **kwargs)
	except PolicyError as e:
		throw_policy_error(e, title)


def bans(organization: str) -> list[Ban]:
	"""Sanctions (blacklist, 3-year bans) standing against the organisation: the one look-up every
	application, bid and demand checks. A ban whose scheme's deadline binds the jurisdiction blocks
	every scheme there (XX-JBGS §19: 三年内不得申报新区级科技计划项目)."""
	rows = frappe.get_all(
		"Sanction",
		filters={"organization": organization, "docstatus": ["<", 2]},
		fields=["scheme", "end_date", "ground", "article", "start_date"],
	)
	out = []
	for r in rows:
		if r.start_date and getdate(r.start_date) > getdate(today()):
			continue
		reason = f"{r.article or ''} {r.ground or ''}".strip()
		source = get_scheme(r.scheme) if r.scheme else None
		out.append(ban_of(source, organization, getdate(r.end_date), r.article or "", reason, reason))
	return out


def org_bad_credit(organization: str) -> bool:
	return bool(frappe.db.get_value("Applicant Organization", organization, "has_dishonesty_record"))


def fill_eligibility(doc, result: EligibilityResult, extra: list[dict] | None = None) -> list[str]:
	"""Write the engine's condition rows (and `extra` failed rows) to the panel; return the reasons
	of every failure in the user's language."""
	from policy_app.controllers.child_rows import replace_rows

	lang_zh = zh()
	rows = [
		{
			"condition": c.code,
			"article": c.article,
			"label": c.label_zh if lang_zh else c.label_en,
			"passed": c.passed,
			"group_code": c.group_code,
			"reason": c.reason_zh if lang_zh else c.reason_en,
		}
		for c in result.conditions
	]
	reasons = result.reasons("zh" if lang_zh else "en")
	for row in extra or []:
		rows.append(row)
		if not row.get("passed"):
			reasons.append(row["reason"])
	replace_rows(doc, "eligibility_results", rows)
	doc.eligible = int(not reasons)
	return reasons


def require_fields(doc, fieldnames: list[str], title: str):
	missing = [_(doc.meta.get_label(f)) for f in fieldnames if not doc.get(f) or not str(doc.get(f)).strip()]
	if missing:
		frappe.throw(_("Fill in first: {0}").format("、".join(missing)), title=title)


def workflow_action(doc) -> str:
	t = doc.transition_taken() if doc.state_changed() else None
	return t.action if t else ""
