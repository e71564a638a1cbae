"""Preview and publication of an Evaluation Round: the whole cohort graded by the engine, then in one
transaction the grades written, the rewards created, the titles and history updated.

Safe to repeat and to race: the round row is locked for the whole publication, so a second attempt
waits and then finds the round published; the organisations' rows are locked before their earlier
rewards are read, so two rounds publishing at once cannot both spend the same yearly cap; every reward
carries a unique source key, so a publication re-run after a crash adds nothing twice. A worker killed
half-way leaves nothing behind: nothing is committed until the end.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, getdate, now_datetime, today

from policy_app.engine import stages
from policy_app.engine.cycles import Due, PastEvaluation, absence_actions, cycle_deadline, due_in
from policy_app.engine.errors import PolicyError
from policy_app.engine.models import Scheme
from policy_app.engine.money import PriorAward, against_prior, funding_rows, yuan
from policy_app.engine.scoring import Change, CohortResult, grade_cohort
from policy_app.evaluation.inputs import evaluation_input
from policy_app.evaluation.matters import (
	enjoyed_years,
	matter_awards,
	reward_states,
	settled_states,
	void_states,
	voided_state,
)
from policy_app.permissions import readable_record
from policy_app.policy_setup import families
from policy_app.policy_setup.schemes import scheme_version, throw_policy_error
from policy_app.policy_setup.versions import version_for_year

#: the notice stage a scheme lists when its evaluation results go through a public notice (QD §14)
NOTICE_STAGE = "evaluation"
#: reward triggers whose matter another policy may reward too (grades and titles are the scheme's own)
SHARED_MATTER_TRIGGERS = ("claim", "recognition")


#: the jobs a round runs on the queue, each under its own job id
ACTIONS = ("preview", "publish")
#: the queue they run on
QUEUE = "long"


def _progress_key(name: str, action: str | None = None) -> str:
	return f"policy_app:round_progress:{name}" + (f":{action}" if action else "")


def progress(name: str, done: int, total: int, stage: str, action: str | None = None):
	"""The round's progress (the latest job's) and, where known, the progress of that job itself."""
	percent = int(done * 100 / total) if total else 100
	value = {"percent": percent, "stage": stage}
	action = action or getattr(frappe.local, "policy_app_round_action", None)
	frappe.cache.set_value(_progress_key(name), {**value, "action": action}, expires_in_sec=3600)
	if action:
		frappe.cache.set_value(_progress_key(name, action), value, expires_in_sec=3600)
	frappe.publish_progress(percent, title=_(stage), doctype="Evaluation Round", docname=name)


def worker_count(queue: str = QUEUE) -> int:
	"""How many background workers listen to the queue (0: a job there waits until one is started)."""
	from frappe.utils.background_jobs import get_queue, get_workers

	return len(get_workers(get_queue(queue)))


def job_state(name: str, action: str) -> dict:
	"""Where the job of one action of the round is: its RQ status and, while it is queued, whether a
	worker is there to run it."""
	from frappe.utils.background_jobs import get_job

	job = get_job(job_id(name, action))
	if not job:
		return {"job": None}
	status = job.get_status(refresh=True)
	status = str(getattr(status, "value", status) or "")
	out = {"job": status}
	if status == "queued":
		workers = worker_count()
		out["workers"] = workers
		if not workers:
			out["hint"] = _(
				"Waiting for a background worker: no worker is running for the {0} queue, so the job"
				" will not start. The site's administrator starts the workers (bench start, or the"
				" supervisor / systemd set-up of a production bench)."
			).format(QUEUE)
		else:
			out["hint"] = _("Queued: a background worker will run it next")
	elif status == "failed":
		reason = (job.exc_info or "").strip().splitlines()
		out["hint"] = _("The job failed: {0}").format(reason[-1] if reason else "")
	return out


@frappe.whitelist()
def get_progress(name: str, action: str | None = None) -> dict:
	readable_record("Evaluation Round", name)
	if action and action not in ACTIONS:
		frappe.throw(_("Unknown action {0}").format(action))
	out = dict(frappe.cache.get_value(_progress_key(name, action), expires=True) or {})
	if action:
		out.update(job_state(name, action))
	return out


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


def start_notice(rnd, scheme):
	scheme, docs, results = grade(rnd)
	for d, r in zip(docs, results, strict=True):
		frappe.db.set_value(
			"Policy Evaluation",
			d.name,
			{
				"evaluation_round": rnd.name,
				"total_score": float(r.card.total),
				"raw_grade": r.raw_grade,
				"final_grade": r.final_grade,
				"final_grade_label": label(scheme, r.final_grade),
				"cohort_rank": r.rank,
			},
			update_modified=False,
		)
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
	if not notice_over(rnd):
		frappe.throw(
			_("The public notice runs until {0}; the results become final after it").format(
				rnd.notice_ends_on
			),
			title=_("Notice still running"),
		)
	if open_objections(rnd):
		frappe.throw(_("Open objections must be answered first"), title=_("Objection open"))
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


def write_evaluation(scheme, rnd, d, r: CohortResult, on):
	notes = [c.reason_zh for c in r.changes]
	frappe.db.set_value(
		"Policy Evaluation",
		d.name,
		{
			"evaluation_round": rnd.name,
			"total_score": float(r.card.total),
			"raw_grade": r.raw_grade,
			"final_grade": r.final_grade,
			"final_grade_label": label(scheme, r.final_grade),
			"cohort_rank": r.rank,
			"medal_tier": r.medal or "",
			"reward_total": float(r.reward_total),
			"published": 1,
			"published_on": on,
			"result_notes": "；".join(notes),
		},
		update_modified=False,
	)


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


def update_title(scheme: Scheme, d, r: CohortResult):
	if not scheme.medal_tiers:
		return
	frappe.db.set_value(
		d.record_doctype,
		d.record_name,
		{"medal_level": r.medal_level, "medal_tier": label_medal(scheme, r.medal)},
	)


def label_medal(scheme: Scheme, code: str | None) -> str:
	return next((m.label_zh for m in scheme.medal_tiers if m.code == code), "") if code else ""


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


# ---- background jobs


def job_id(name: str, action: str) -> str:
	"""Each action its own id: a publication pressed while the preview is queued is queued too (one id
	for both dropped it), and pressing the same button twice still queues one job."""
	return f"policy_app:evaluation_round:{name}:{action}"


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
