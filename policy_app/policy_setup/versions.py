"""Scheme versions in force by date (#16 item 3).

A version is a Policy Scheme record of its own (`version_of` names the scheme it amends) with the date it
is in force from (`effective_from`). Records keep linking the scheme; which version judges them is fixed
by their date (policy_app/engine/versions.py): an application stores the version in force on its
submission, an evaluation round the one in force at the end of the year it evaluates. The administrator
drafts a version from the scheme's form, previews what it would change for the last cohort and puts it in
force; a version in force is never edited again, so a published round stays reproducible.
"""

from __future__ import annotations

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from policy_app.controllers.stages import states_in
from policy_app.engine import stages as S
from policy_app.engine.money import yuan
from policy_app.engine.versions import Outcome, VersionRef, cycle_date, differences, version_in_force

IN_FORCE, DRAFT = "In Force", "Draft"
ADMINS = ("Policy Administrator", "System Manager")
_CACHE = "policy_scheme_versions"


def base_of(code: str) -> str:
	return frappe.get_cached_value("Policy Scheme", code, "version_of") or code


def _refs(base: str) -> list[VersionRef]:
	def load():
		rows = frappe.db.sql(
			"""select name, effective_from from `tabPolicy Scheme`
			where name = %s or (version_of = %s and version_status = %s)""",
			(base, base, IN_FORCE),
		)
		return [(n, str(d) if d else None) for n, d in rows]

	return [VersionRef(name=n, in_force_from=d) for n, d in frappe.cache.hget(_CACHE, base, load)]


def version_for(code: str, on=None) -> str:
	"""The record that judges what happens to `code` on `on` (today by default); a version named
	explicitly is itself."""
	if frappe.get_cached_value("Policy Scheme", code, "version_of"):
		return code
	return version_in_force(_refs(code), getdate(on or today()))


def version_for_year(code: str, year) -> str:
	return version_for(code, cycle_date(cint(year)) if cint(year) > 0 else None)


def forget(doc, method=None):
	"""Policy Scheme on_update / on_trash: the in-force list of its scheme is read again."""
	base = doc.get("version_of") or doc.name
	frappe.cache.hdel(_CACHE, base)
	# a list read again before a rollback would name a version that is gone
	frappe.db.after_rollback.add(lambda: frappe.cache.hdel(_CACHE, base))


def check_version(doc):
	"""Policy Scheme validate: a version amends a scheme of its own family from a later date, and once in
	force its rules are never edited (the records it judged would change under them)."""
	if not doc.version_of:
		doc.version_status = IN_FORCE
		return
	base = frappe.db.get_value(
		"Policy Scheme",
		doc.version_of,
		["version_of", "family", "jurisdiction", "effective_from"],
		as_dict=True,
	)
	if not base or base.version_of or doc.version_of == doc.name:
		frappe.throw(
			_("A version amends a scheme itself, not another version: {0}").format(doc.version_of),
			title=_("Invalid version"),
		)
	if (doc.family, doc.jurisdiction) != (base.family, base.jurisdiction):
		frappe.throw(
			_("A version keeps the family and jurisdiction of the scheme it amends"),
			title=_("Invalid version"),
		)
	if not doc.effective_from or (
		base.effective_from and getdate(doc.effective_from) <= getdate(base.effective_from)
	):
		frappe.throw(
			_("A version is in force from a date after the scheme's own start ({0})").format(
				base.effective_from or "—"
			),
			title=_("Invalid version"),
		)
	before = doc.get_doc_before_save()
	if before and before.version_status == IN_FORCE:
		from policy_app.policy_setup.schemes import scheme_from_record

		if doc.version_status != IN_FORCE or scheme_from_record(before.as_dict()) != scheme_from_record(
			doc.as_dict()
		):
			frappe.throw(
				_(
					"Version {0} is in force and judges records by its rules; draft a new version to change them"
				).format(doc.name),
				title=_("Version in force"),
			)


@frappe.whitelist()
def draft_version(scheme: str, effective_from: str) -> str:
	"""A draft of the scheme's next version: a copy of the rules in force on that date, to be edited."""
	frappe.only_for(ADMINS)
	base = base_of(scheme)
	on = getdate(effective_from)
	source = frappe.get_doc("Policy Scheme", version_in_force(_refs(base), on - timedelta(days=1)))
	doc = frappe.copy_doc(source)
	n = frappe.db.count("Policy Scheme", {"version_of": base}) + 2
	while frappe.db.exists("Policy Scheme", f"{base}-V{n}"):
		n += 1
	doc.code = f"{base}-V{n}"
	doc.version_of = base
	doc.version_status = DRAFT
	doc.effective_from = on
	doc.shipped_hash = None
	doc.remarks = _("Version {0} of {1}, drafted from {2}").format(n, base, source.name)
	doc.insert()
	return doc.name


@frappe.whitelist()
def activate_version(name: str) -> str:
	"""The draft is in force from its date: records dated from then on are judged by it; records that
	already hold a version keep theirs."""
	frappe.only_for(ADMINS)
	doc = frappe.get_doc("Policy Scheme", name)
	if not doc.version_of or doc.version_status != DRAFT:
		frappe.throw(_("{0} is not a draft version").format(name), title=_("Not a draft"))
	same_day = [
		v.name
		for v in _refs(doc.version_of)
		if v.in_force_from and v.in_force_from == getdate(doc.effective_from)
	]
	if same_day:
		frappe.throw(
			_("{0} is already in force from {1}").format(same_day[0], doc.effective_from),
			title=_("Two versions on one day"),
		)
	doc.version_status = IN_FORCE
	doc.save()
	return doc.name


@frappe.whitelist()
def preview_version(name: str) -> dict:
	"""What the draft would change, side by side, for the last cohort: each application of the scheme's
	latest year judged by its conditions, and the last published evaluation round graded by its bands,
	quotas, gates and rewards. Nothing is saved."""
	frappe.only_for(ADMINS)
	from policy_app.policy_setup.schemes import scheme_version

	doc = frappe.get_doc("Policy Scheme", name)
	if not doc.version_of:
		frappe.throw(_("{0} is not a version of another scheme").format(name), title=_("Not a version"))
	draft = scheme_version(name)
	return {
		"recognition": _preview_applications(doc.version_of, draft),
		"evaluation": _preview_round(doc.version_of, draft),
	}


def _as_rows(before, after) -> list[dict]:
	return [d.model_dump() for d in differences(before, after)]


def _preview_applications(base: str, draft) -> dict:
	from policy_app.policy_setup.families import application_doctypes

	# the cohort is judged by both rule sets on its own facts, as if each had been in force then (the
	# draft's own period starts later, and an old cohort may be outside the current one's)
	def unbounded(scheme):
		return scheme.model_copy(update={"effective_from": None, "effective_years": None})

	for doctype in application_doctypes():
		year = frappe.db.get_value(doctype, {"scheme": base}, "max(application_year)")
		if not year:
			continue
		waiting = states_in(doctype, S.PREPARING, S.VOIDED)
		names = frappe.get_all(
			doctype,
			filters={"scheme": base, "application_year": year, "workflow_state": ("not in", waiting or [""])},
			pluck="name",
			order_by="name",
		)
		before, after = [], []
		for n in names:
			app = frappe.get_doc(doctype, n)
			on = getdate(app.get("submitted_on") or app.modified)
			label = f"{app.name} {app.organization_name or ''}".strip()
			for out, scheme in ((before, unbounded(app.scheme_model())), (after, unbounded(draft))):
				out.append(Outcome(key=n, label=label, values=_verdict(app, scheme, on)))
		if names:
			return {
				"doctype": doctype,
				"year": year,
				"count": len(names),
				"rows": _as_rows(before, after),
			}
	return {"count": 0, "rows": []}


def _verdict(app, scheme, on) -> dict[str, str]:
	"""What the eligibility panel would say, condition by condition, or why it could not say it."""
	try:
		verdict = app.eligibility_under(scheme, on)
	except frappe.ValidationError as e:
		frappe.clear_last_message()
		return {_("Overall Verdict"): str(e)}
	values = {
		_("Overall Verdict"): _("Meets the conditions")
		if verdict.eligible
		else _("Does not meet the conditions")
	}
	values.update(
		{
			f"{c.article} {c.label_zh}": _("Met") if c.passed else _("Not met")
			for c in verdict.conditions
			if c.code != "ban"
		}
	)
	return values


def _preview_round(base: str, draft) -> dict:
	from policy_app.evaluation.grading import grade, label, round_scheme

	rnd = frappe.get_all(
		"Evaluation Round",
		filters={"scheme": base, "status": ("in", ("Published", "In Notice"))},
		fields=["name"],
		order_by="year desc, published_on desc",
		limit=1,
	)
	if not rnd:
		return {"count": 0, "rows": []}
	rnd = frappe.get_doc("Evaluation Round", rnd[0].name)
	outcomes = []
	for scheme in (round_scheme(rnd), draft):
		used, docs, results = grade(rnd, scheme=scheme)
		outcomes.append(
			[
				Outcome(
					key=d.name,
					label=d.organization_name or d.name,
					values={
						_("Grade"): label(used, r.final_grade) or "—",
						_("Reward (yuan)"): yuan(r.reward_total),
					},
				)
				for d, r in zip(docs, results, strict=True)
			]
		)
	return {"round": rnd.name, "year": rnd.year, "count": len(outcomes[0]), "rows": _as_rows(*outcomes)}


def evaluation_scheme(doc):
	"""The rules of an evaluation or a reward: those its published round was graded by, else the version in
	force at the end of the year it evaluates."""
	from policy_app.policy_setup.schemes import scheme_version

	if doc.get("evaluation_round"):
		held, status = frappe.get_cached_value(
			"Evaluation Round", doc.evaluation_round, ["scheme_version", "status"]
		) or (None, None)
		if held and status in ("In Notice", "Published"):
			return scheme_version(held)
	return scheme_version(version_for_year(doc.scheme, doc.year))
