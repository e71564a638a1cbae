"""Grading a round's cohort: its confirmed evaluations read in a few statements, each record's history
and what it was already paid (caps), the engine's grades, the notes and the summary the round shows.
Nothing is written here but the round's own results table (`write_results`)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, getdate

from policy_app.engine import stages
from policy_app.engine.cycles import Due, PastEvaluation, absence_actions, cycle_deadline, due_in
from policy_app.engine.errors import PolicyError
from policy_app.engine.models import Scheme
from policy_app.engine.money import yuan
from policy_app.engine.scoring import CohortResult, grade_cohort
from policy_app.evaluation.inputs import evaluation_input
from policy_app.evaluation.matters import enjoyed_years, void_states
from policy_app.evaluation.round_jobs import progress
from policy_app.policy_setup import families
from policy_app.policy_setup.schemes import scheme_version, throw_policy_error
from policy_app.policy_setup.versions import version_for_year


def round_evaluations(rnd) -> tuple[list[str], list[str]]:
	"""(confirmed, not yet confirmed) evaluations of the round's scheme and year: confirmed is a state of
	the 通过（办结） stage of the evaluation's workflow."""
	from policy_app.controllers.stages import states_in

	done = set(states_in("Policy Evaluation", stages.CONCLUDED))
	rows = frappe.get_all(
		"Policy Evaluation",
		filters={
			"scheme": rnd.scheme,
			"year": rnd.year,
			"evaluation_round": ["in", ["", rnd.name]],
		},
		fields=["name", "workflow_state", "published"],
		order_by="name asc",
	)
	other = frappe.get_all(
		"Policy Evaluation",
		filters={"scheme": rnd.scheme, "year": rnd.year, "evaluation_round": ["is", "not set"]},
		fields=["name", "workflow_state", "published"],
		order_by="name asc",
	)
	seen, confirmed, waiting = set(), [], []
	for r in rows + other:
		if r.name in seen:
			continue
		seen.add(r.name)
		(confirmed if r.workflow_state in done else waiting).append(r.name)
	return confirmed, waiting


def already_paid(scheme: Scheme, year: int, orgs: list[str], exclude_round: str, lock: bool = False) -> dict:
	"""What other publications gave these organisations this year, per rule: it counts against caps,
	at what the bureau granted (a grant below the ceiling frees the rest for later awards). With `lock`, a locking read: it sees what a publication that held the lock before us committed,
	which a plain read inside an older REPEATABLE READ snapshot would miss."""
	if not orgs:
		return {}
	rows = frappe.db.sql(
		f"""select organization, rule, granted_amount from `tabPolicy Reward`
		where scheme = %(scheme)s and year = %(year)s and organization in %(orgs)s
		and workflow_state not in %(void)s and ifnull(evaluation_round, '') != %(round)s
		{"for update" if lock else ""}""",
		{
			"scheme": scheme.code,
			"year": year,
			"orgs": tuple(orgs),
			"void": void_states(),
			"round": exclude_round,
		},
		as_dict=True,
	)
	paid: dict = {}
	for r in rows:
		key = (r.organization, year, r.rule)
		paid[key] = paid.get(key, Decimal(0)) + Decimal(str(r.granted_amount or 0))
	return paid


def lock_organizations(orgs: list[str]):
	"""Row locks in a fixed order, so two publications touching the same organisations queue up
	instead of deadlocking."""
	if orgs:
		frappe.db.sql(
			"select name from `tabApplicant Organization` where name in %(orgs)s order by name for update",
			{"orgs": tuple(sorted(set(orgs)))},
		)


EVALUATION_FIELDS = [
	"name",
	"scheme",
	"year",
	"record_doctype",
	"record_name",
	"organization",
	"organization_name",
	"recommending_district",
	"expert_grade",
	"outstanding_contribution",
	"outstanding_reason",
]


def load_evaluations(names: list[str]) -> list[frappe._dict]:
	"""The round's evaluations with their rows, in three statements rather than a document load each
	(what evaluation_input reads of a document)."""
	docs = frappe.get_all(
		"Policy Evaluation", filters={"name": ["in", names]}, fields=EVALUATION_FIELDS, order_by="name asc"
	)
	by_name = {d.name: d for d in docs}
	for d in docs:
		d["items"], d["claims"] = [], []
	for table, fields in (
		("Policy Evaluation Item", ["parent", "item_code", "quantity", "judged_points"]),
		(
			"Policy Evaluation Claim",
			[
				"parent",
				"rule",
				"matter",
				"base_amount",
				"units",
				"on_date",
				"item_amounts",
				"override_reason",
			],
		),
	):
		key = "items" if table.endswith("Item") else "claims"
		for row in frappe.get_all(
			table,
			filters={"parent": ["in", names], "parenttype": "Policy Evaluation"},
			fields=fields,
			order_by="parent asc, idx asc",
		):
			by_name[row.parent][key].append(row)
	return docs


def past_evaluations(records: list[tuple[str, str]], year: int) -> dict[tuple, list[PastEvaluation]]:
	"""(record doctype, record name) -> its published evaluations before `year`, oldest first."""
	out: dict[tuple, list[PastEvaluation]] = {key: [] for key in records}
	if not records:
		return out
	for row in frappe.get_all(
		"Policy Evaluation",
		filters={
			"record_name": ["in", sorted({r for _d, r in records})],
			"published": 1,
			"year": ["<", year],
		},
		fields=["record_doctype", "record_name", "year", "final_grade"],
		order_by="year asc, published_on asc",
	):
		key = (row.record_doctype, row.record_name)
		if key in out and row.final_grade:
			out[key].append(PastEvaluation(year=cint(row.year), grade=row.final_grade))
	return out


def histories(scheme: Scheme, year: int, docs, lock: bool) -> dict[str, dict]:
	"""record_history for a whole cohort in a few statements (`lock`: locking reads of the awards)."""
	out = {d.name: {"previous_grades": [], "medal_level": 0, "paid_once": []} for d in docs}
	by_record = {(d.record_doctype, d.record_name): d.name for d in docs}
	for key, evaluations in past_evaluations(list(by_record), year).items():
		out[by_record[key]]["previous_grades"] = [p.grade for p in evaluations]
	for doctype in {d.record_doctype for d in docs}:
		levels = dict(
			frappe.db.sql(
				f"select name, medal_level from `tab{doctype}` where name in %(names)s",
				{"names": tuple(d.record_name for d in docs if d.record_doctype == doctype)},
			)
		)
		for d in docs:
			if d.record_doctype == doctype:
				out[d.name]["medal_level"] = cint(levels.get(d.record_name))
	paid: dict[str, set] = {}
	for org, rule in frappe.db.sql(
		f"""select organization, rule from `tabPolicy Reward` where organization in %(orgs)s
		and scheme = %(scheme)s and workflow_state not in %(void)s {"for update" if lock else ""}""",
		{"orgs": tuple({d.organization for d in docs}), "scheme": scheme.code, "void": void_states()},
	):
		paid.setdefault(org, set()).add(rule)
	for d in docs:
		out[d.name]["paid_once"] = sorted(paid.get(d.organization, ()))
	return out


def standing(scheme: Scheme, year: int, docs) -> tuple[dict[str, Due], list[tuple[str, str, str, Due]]]:
	"""The engine's answer, for every active record of the scheme, to "is it due in this round, and
	why": (evaluation name -> Due for the records evaluated, [(doctype, record, organisation name,
	Due)] for the records that were due and are missing from the round)."""
	present = {(d.record_doctype, d.record_name): d.name for d in docs}
	records = []
	for doctype in families.certified_doctypes():
		exempt_field = frappe.get_meta(doctype).has_field("evaluation_exempt_until")
		fields = ["name", "organization_name", "certified_on", "valid_until", "status"]
		for rec in frappe.get_all(
			doctype,
			filters={"scheme": scheme.code},
			fields=fields + (["evaluation_exempt_until"] if exempt_field else []),
			order_by="name asc",
		):
			if (doctype, rec.name) in present or rec.status == "Active":
				records.append((doctype, rec))
	history = past_evaluations([(doctype, rec.name) for doctype, rec in records], year)
	evaluated, missing = {}, []
	for doctype, rec in records:
		if not rec.certified_on:
			continue
		try:
			due = due_in(
				scheme,
				year,
				getdate(rec.certified_on),
				history[(doctype, rec.name)],
				exempt_until=getdate(rec.evaluation_exempt_until)
				if rec.get("evaluation_exempt_until")
				else None,
				valid_until=getdate(rec.valid_until) if rec.valid_until else None,
			)
		except PolicyError as e:
			throw_policy_error(e, _("The round cannot be graded"))
		name = present.get((doctype, rec.name))
		if name:
			evaluated[name] = due
		elif due.due:
			missing.append((doctype, rec.name, rec.organization_name or rec.name, due))
	return evaluated, missing


def round_version(rnd) -> str:
	"""Once published, the version that graded the round; before, the one in force at the end of the
	year it evaluates (policy_setup/versions.py)."""
	if rnd.get("scheme_version") and rnd.status in ("In Notice", "Published"):
		return rnd.scheme_version
	return version_for_year(rnd.scheme, rnd.year)


def round_scheme(rnd) -> Scheme:
	return scheme_version(round_version(rnd))


def grade(rnd, lock: bool = False, scheme: Scheme | None = None) -> tuple[Scheme, list, list[CohortResult]]:
	"""The cohort graded by the round's version, or by `scheme` for a preview of another version."""
	if scheme is None:
		rnd.scheme_version = round_version(rnd)
		scheme = scheme_version(rnd.scheme_version)
	confirmed, _waiting = round_evaluations(rnd)
	if not confirmed:
		frappe.throw(
			_("No confirmed evaluation of {0} for {1}").format(rnd.scheme, rnd.year),
			title=_("Nothing to grade"),
		)
	docs = load_evaluations(confirmed)
	progress(rnd.name, len(confirmed) // 2, len(confirmed) * 2, "Reading evaluations")
	orgs = [d.organization for d in docs]
	if lock:
		lock_organizations(orgs)
	try:
		history = histories(scheme, cint(rnd.year), docs, lock)
		inputs = [evaluation_input(scheme, d, history[d.name]) for d in docs]
		results = grade_cohort(
			scheme,
			inputs,
			already_paid(scheme, cint(rnd.year), orgs, rnd.name, lock),
			enjoyed_years(scheme, orgs, rnd.name, lock),
		)
	except PolicyError as e:
		throw_policy_error(e, _("The round cannot be graded"))
	progress(rnd.name, len(confirmed), len(confirmed) * 2, "Graded")
	return scheme, docs, results


def label(scheme: Scheme, grade_code: str | None) -> str:
	if not grade_code:
		return ""
	try:
		return scheme.band(grade_code).label_zh
	except PolicyError:
		return grade_code


def label_medal(scheme: Scheme, code: str | None) -> str:
	return next((m.label_zh for m in scheme.medal_tiers if m.code == code), "") if code else ""


def due_note(scheme: Scheme, due: Due | None) -> list[str]:
	"""Why a record is in the round, where it says more than "evaluated every year"."""
	if due is None or (due.why == "cycle" and cycle_deadline(scheme).years == 1):
		return []
	return [due.reason_zh]


def result_rows(scheme: Scheme, docs, results, dues: dict[str, Due] | None = None) -> list[dict]:
	rows = []
	dues = dues or {}
	for d, r in zip(docs, results, strict=True):
		notes = due_note(scheme, dues.get(d.name)) + [c.reason_zh for c in r.changes]
		for a in r.awards:
			notes.extend(a.notes_zh)
		rows.append(
			{
				"evaluation": d.name,
				"organization_name": d.organization_name,
				"total_score": float(r.card.total),
				"cohort_rank": r.rank,
				"raw_grade_label": label(scheme, r.raw_grade),
				"final_grade_label": label(scheme, r.final_grade),
				"final_grade": r.final_grade,
				"medal": label_medal(scheme, r.medal),
				"reward_amount": float(r.reward_total),
				"notes": "；".join(notes),
				"actions": "；".join(a.reason_zh for a in r.actions),
			}
		)
	return rows


def summary(scheme: Scheme, results, missing=()) -> str:
	counts = Counter(r.final_grade for r in results)
	grades = "，".join(f"{b.label_zh} {counts.get(b.grade, 0)}" for b in scheme.bands_best_first())
	total = sum((r.reward_total for r in results), Decimal(0))
	text = f"共 {len(results)} 家：{grades}；奖补合计 {yuan(total)} 元"
	absent = []
	for _doctype, _rec, org, due in missing:
		proposed = absence_actions(scheme, due)
		absent.append(f"{org}（{proposed[0].reason_zh}）" if proposed else f"{org}（{due.reason_zh}）")
	if absent:
		text += f"；应参加而未参加评估 {len(absent)} 家：" + "；".join(absent)
	return text


def write_results(rnd, scheme, docs, results):
	dues, missing = standing(scheme, cint(rnd.year), docs)
	rnd.set("results", result_rows(scheme, docs, results, dues))
	rnd.summary = summary(scheme, results, missing)
	rnd.evaluation_count = len(results)


def graded_values(scheme: Scheme, rnd, r: CohortResult) -> dict:
	"""What an evaluation stores of its grading, provisional (under the results' notice) or final."""
	return {
		"evaluation_round": rnd.name,
		"total_score": float(r.card.total),
		"raw_grade": r.raw_grade,
		"final_grade": r.final_grade,
		"final_grade_label": label(scheme, r.final_grade),
		"cohort_rank": r.rank,
	}
