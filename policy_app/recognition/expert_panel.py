"""The expert panel (countersign) of an application: random draw with the avoidance rules, one
Expert Review per drawn expert, the quorum and the panel's aggregate score.

The rules live in the engine (`policy_app.engine.reviews`); this module gathers what the site knows
about the applicant and the pool, records the draw, and creates and assigns the reviews. An expert
sees only their own reviews (permission hooks at the end of the module).
"""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from policy_app.controllers.stages import stage_of
from policy_app.engine import stages
from policy_app.engine.errors import PolicyError
from policy_app.engine.reviews import Candidate, aggregate_reviews, exclusion_reasons
from policy_app.engine.reviews import check_review_finished as engine_review_finished
from policy_app.engine.reviews import draw_panel as engine_draw
from policy_app.permissions import BUREAU_READERS, readable_record
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, user_lang

#: reviews that count against an expert's yearly limit and keep them on a panel
LIVE = ("Open", "Submitted")
#: `objection` argument meaning "reviews of every panel of the application", first review and re-reviews
ANY_PANEL = "*"


def split_names(text) -> list[str]:
	"""Free-text lists as people write them: commas (also Chinese), 、, semicolons or new lines."""
	if isinstance(text, (list, tuple, set)):
		parts = list(text)
	else:
		parts = re.split(r"[,，、;；\n]+", text or "")
	return [p.strip() for p in parts if p and p.strip()]


def _org_names(names) -> set[str]:
	"""Register ids with their organisation names and credit codes, so free text matches too."""
	out = set()
	for name in filter(None, names):
		out.add(name)
		row = frappe.db.get_value(
			"Applicant Organization", name, ["organization_name", "unified_social_credit_code"], as_dict=True
		)
		if row:
			out |= {v for v in (row.organization_name, row.unified_social_credit_code) if v}
	return out


def _reference(reference_doctype: str, reference_name: str, check: bool = True):
	"""The application a panel belongs to, once the user is known to read it."""
	if check:
		readable_record(reference_doctype, reference_name)
	meta = frappe.get_meta(reference_doctype)
	if not (meta.has_field("scheme") and meta.has_field("organization")):
		frappe.throw(_("{0} records have no expert panel").format(_(reference_doctype)))
	return frappe.get_doc(reference_doctype, reference_name)


def applicant_context(doc) -> dict:
	"""What the avoidance rules compare experts with: the applicant, its related parties (declared on
	either side) and the application's avoid list."""
	org = doc.get("organization")
	related_ids, related_names = set(), set()
	for r in frappe.get_all(
		"Organization Related Party",
		filters={"parenttype": "Applicant Organization", "parent": org},
		fields=["related_organization", "related_name"],
	):
		related_ids.add(r.related_organization)
		related_names.add(r.related_name)
	# organisations that list the applicant as their related party are related to it as well
	related_ids |= set(
		frappe.get_all(
			"Organization Related Party",
			filters={"parenttype": "Applicant Organization", "related_organization": org},
			pluck="parent",
		)
	)
	return {
		"applicant": org,
		"applicant_names": sorted(_org_names([org]) - {org}),
		"related": sorted((_org_names(related_ids) | {n for n in related_names if n}) - {None}),
		"avoid": sorted(split_names(doc.get("avoid_list"))),
	}


def candidate(expert) -> Candidate:
	if isinstance(expert, str):
		expert = frappe.get_cached_doc("Policy Expert", expert)
	related = _org_names(r.organization for r in expert.related_organizations)
	# an expert who also acts for an organisation on the site (applicant user) belongs to it
	acting_for = frappe.get_all(
		"User Permission",
		filters={"user": expert.user, "allow": "Applicant Organization"},
		pluck="for_value",
	)
	related |= {r.organization_name.strip() for r in expert.related_organizations if r.organization_name}
	return Candidate(
		id=expert.name,
		name=expert.expert_name or "",
		organizations=frozenset(
			_org_names([expert.organization, *acting_for]) | set(split_names(expert.employer))
		),
		related=frozenset(related),
		conflicts=frozenset(split_names(expert.declared_conflicts)),
		fields=frozenset(split_names(expert.technical_fields)),
		active=bool(expert.active),
		yearly_limit=cint(expert.yearly_limit) or None,
	)


def yearly_counts(year: int | None = None) -> dict[str, int]:
	"""Open and submitted reviews per expert created this year (withdrawn and recused do not count)."""
	year = year or now_datetime().year
	rows = frappe.db.sql(
		"""select expert, count(*) from `tabExpert Review`
		where status in %(live)s and creation >= %(start)s and creation < %(end)s group by expert""",
		{"live": LIVE, "start": f"{year}-01-01", "end": f"{year + 1}-01-01"},
	)
	return {expert: n for expert, n in rows}


def _panel_filter(objection) -> list:
	"""The first review's panel (no objection) or the re-review panel of one objection (CQ §11(四))."""
	return ["=", objection] if objection else ["is", "not set"]


def _panel_reviews(reference_doctype: str, reference_name: str, statuses=None, objection=ANY_PANEL) -> list:
	filters = {"reference_doctype": reference_doctype, "reference_name": reference_name}
	if objection != ANY_PANEL:
		filters["objection"] = _panel_filter(objection)
	if statuses:
		filters["status"] = ["in", list(statuses)]
	return frappe.get_all(
		"Expert Review",
		filters=filters,
		fields=["name", "expert", "expert_user", "status", "total", "recommendation", "expert_name"],
		order_by="creation asc",
	)


def _latest_draw(reference_doctype: str, reference_name: str, objection=None) -> str | None:
	draws = frappe.db.get_values(
		"Expert Draw",
		{
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"objection": _panel_filter(objection),
		},
		["name", "redraw_of"],
		as_dict=True,
		for_update=True,  # a locking read sees a draw another officer has just committed
	)
	replaced = {d.redraw_of for d in draws}
	current = [d.name for d in draws if d.name not in replaced]
	return current[0] if current else None


def check_conflicts(review):
	"""Refuse a review whose expert the avoidance rules exclude (the draw's rules, by hand)."""
	doc = _reference(review.reference_doctype, review.reference_name, check=False)
	ctx = applicant_context(doc)
	scheme = get_scheme(review.scheme)
	reasons = exclusion_reasons(
		candidate(review.expert),
		ctx["applicant"],
		set(ctx["related"]),
		set(ctx["avoid"]),
		yearly_counts(),
		scheme.expert_yearly_limit,
		applicant_names=set(ctx["applicant_names"]),
		already={r.expert for r in _panel_reviews(doc.doctype, doc.name, LIVE)},
	)
	if reasons:
		from policy_app.engine.reviews import Exclusion

		frappe.throw(
			_("Expert {0} may not review {1}: {2}").format(
				review.expert, doc.name, Exclusion(expert=review.expert, reasons=reasons).text(user_lang())
			),
			title=_("Conflict of interest"),
		)


def close_review(review, status: str, reason: str = ""):
	"""Take an open review off the panel (recused by the expert, withdrawn by a redraw)."""
	from frappe.desk.form.assign_to import close_all_assignments

	review.db_set({"status": status, "recusal_reason": reason})
	close_all_assignments(review.doctype, review.name, ignore_permissions=True)


@frappe.whitelist()
def draw_panel(
	reference_doctype: str,
	reference_name: str,
	size=None,
	fields=None,
	redraw_of: str | None = None,
	redraw_reason: str | None = None,
	objection: str | None = None,
	avoid=None,
) -> dict:
	"""Draw the panel of an application at random and give each drawn expert a review to do. With an
	open objection, the panel is that objection's re-review (CQ §11(四) 邀请有关专家进行复议): a panel of its
	own, drawn from experts who have not reviewed the case yet.

	`size` empty: the scheme's quorum (a redraw: the places the submitted reviews leave open); `fields`:
	the technical fields asked for; `avoid`: names the bureau adds to the application's own avoid list,
	which always applies. A redraw names the draw it replaces and its reason, kept on the draw record and
	in the application's timeline."""
	frappe.only_for("Bureau Officer")
	doc = _reference(reference_doctype, reference_name)
	doc.check_permission("read")
	# one draw at a time per application: a second officer waits and then sees the first draw
	frappe.db.get_value(doc.doctype, doc.name, "name", for_update=True)
	if (
		doc.meta.has_field("workflow_state")
		and stage_of(doc.doctype, doc.workflow_state) not in stages.PANEL_DRAWN
	):
		frappe.throw(
			_("A panel is drawn while the application is in expert review (now: {0})").format(
				_(doc.workflow_state, context=doc.doctype)
			),
			title=_("Not in expert review"),
		)
	scheme = get_scheme(doc.scheme)
	if not scheme.review_criteria:
		frappe.throw(_("Scheme {0} has no review criteria").format(scheme.code))
	objection = (objection or "").strip() or None
	if objection:
		row = frappe.db.get_value(
			"Objection", objection, ["reference_doctype", "reference_name", "status"], as_dict=True
		)
		if not row or (row.reference_doctype, row.reference_name) != (doc.doctype, doc.name):
			frappe.throw(_("Objection {0} is not about {1}").format(objection, doc.name))
		if row.status != "Open":
			frappe.throw(_("This objection is already answered"))

	latest = _latest_draw(doc.doctype, doc.name, objection)
	if redraw_of or latest:
		if not latest:
			frappe.throw(_("{0} has no earlier draw to redraw").format(doc.name))
		if redraw_of != latest:
			frappe.throw(
				_(
					"A panel was already drawn for {0} ({1}): a new draw is a redraw of it, with a reason"
				).format(doc.name, latest),
				title=_("Redraw required"),
			)
		if not (redraw_reason or "").strip():
			frappe.throw(_("Give the reason for the redraw"), title=_("Reason required"))
		# the open reviews of the earlier draw are replaced; submitted ones stay and count
		for r in _panel_reviews(doc.doctype, doc.name, ["Open"], objection):
			close_review(frappe.get_doc("Expert Review", r.name), "Withdrawn", redraw_reason.strip())

	if size in (None, ""):
		size = default_size(scheme, doc, objection, bool(redraw_of))
	elif not re.fullmatch(r"\s*\d+\s*", str(size)):
		frappe.throw(
			_("The panel size is a whole number of experts, not {0}").format(frappe.bold(size)),
			title=_("Invalid panel size"),
		)
	size = cint(size)
	wanted = _names_arg(fields)
	ctx = applicant_context(doc)
	ctx["avoid"] = sorted(set(ctx["avoid"]) | set(_names_arg(avoid)))
	# experts with a review (open, submitted) or a recusal keep off the new panel; withdrawn ones are
	# back in the pool
	already = sorted(
		{r.expert for r in _panel_reviews(doc.doctype, doc.name, ["Open", "Submitted", "Recused"])}
	)
	pool = [candidate(name) for name in frappe.get_all("Policy Expert", pluck="name", order_by="name")]
	counts = yearly_counts()
	inputs = {
		**ctx,
		"size": size,
		"fields": wanted,
		"yearly_counts": {c.id: counts.get(c.id, 0) for c in pool},
		"limit": scheme.expert_yearly_limit,
		"already": already,
	}
	seed = random.SystemRandom().randrange(2**63)
	try:
		result = run_draw(pool, inputs, seed)
	except PolicyError as e:
		throw_policy_error(e, title=_("Panel cannot be drawn"))

	lang = user_lang()
	draw = frappe.get_doc(
		{
			"doctype": "Expert Draw",
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"scheme": scheme.code,
			"drawn_by": frappe.session.user,
			"drawn_on": now_datetime(),
			"panel_size": size,
			"fields_filter": ", ".join(wanted),
			"seed": str(seed),
			"redraw_of": redraw_of if latest else None,
			"redraw_reason": (redraw_reason or "").strip() if latest else None,
			"objection": objection,
			"candidates": json.dumps(
				{"pool": [_dump(c) for c in pool], "inputs": inputs, "eligible": result.eligible},
				ensure_ascii=False,
				indent=1,
			),
			"excluded": json.dumps(
				[{**x.model_dump(), "reason_text": x.text(lang)} for x in result.excluded],
				ensure_ascii=False,
				indent=1,
			),
			"result": [
				{"expert": e, "expert_name": next(c.name for c in pool if c.id == e)} for e in result.chosen
			],
		}
	)
	draw.flags.from_panel_draw = True
	draw.insert(ignore_permissions=True)
	reviews = [_open_review(doc, scheme.code, draw.name, expert, objection) for expert in result.chosen]
	if draw.redraw_of:
		# the redraw and its reason in the application's timeline, next to the workflow's own entries
		doc.add_comment(
			"Info",
			_("Expert panel redrawn ({0} replaces {1}): {2}").format(
				draw.name, draw.redraw_of, draw.redraw_reason
			),
		)
	return {"draw": draw.name, "experts": result.chosen, "reviews": reviews}


def _names_arg(value) -> list[str]:
	"""A list argument as the desk sends it: a JSON list or free text."""
	if isinstance(value, str) and value.strip().startswith("["):
		value = frappe.parse_json(value)
	return split_names(value)


def default_size(scheme, doc, objection=None, redraw: bool = False) -> int:
	"""The panel size when the officer gives none: the scheme's quorum; for a redraw, the places the
	submitted reviews of the panel leave open (the quorum again once they fill it)."""
	if not redraw:
		return scheme.review_quorum
	submitted = len(_panel_reviews(doc.doctype, doc.name, ["Submitted"], objection))
	left = scheme.review_quorum - submitted
	return left if left > 0 else scheme.review_quorum


def _dump(c: Candidate) -> dict:
	return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in c.model_dump().items()}


def run_draw(pool: list[Candidate], inputs: dict, seed: int):
	"""The engine's draw over recorded inputs: the same pool, inputs and seed give the same panel."""
	return engine_draw(
		pool,
		inputs["size"],
		inputs["applicant"],
		set(inputs["related"]),
		set(inputs["avoid"]),
		inputs["yearly_counts"],
		inputs["limit"],
		random.Random(seed),
		set(inputs["fields"]) or None,
		applicant_names=set(inputs["applicant_names"]),
		already=set(inputs["already"]),
	)


def replay_draw(draw_name: str) -> list[str]:
	"""Re-run a recorded draw from its candidates and seed (an audit check)."""
	draw = frappe.get_doc("Expert Draw", draw_name)
	data = json.loads(draw.candidates)
	pool = [Candidate.model_validate(c) for c in data["pool"]]
	return run_draw(pool, data["inputs"], int(draw.seed)).chosen


def _open_review(doc, scheme: str, draw: str, expert: str, objection: str | None = None) -> str:
	review = frappe.get_doc(
		{
			"doctype": "Expert Review",
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"scheme": scheme,
			"expert_draw": draw,
			"expert": expert,
			"objection": objection,
		}
	)
	review.flags.from_panel_draw = True
	review.insert(ignore_permissions=True)
	user = review.expert_user
	if user:
		# the review waits in the expert's work list; they read the application through the case scope
		# of their role (policy_app.permissions), not a share the applicant would see on the form
		from frappe.desk.form.assign_to import add

		add(
			{
				"doctype": review.doctype,
				"name": review.name,
				"assign_to": [user],
				"description": _("Expert review of {0}").format(doc.name),
			},
			ignore_permissions=True,
		)
	return review.name


def _review_counts(doctype: str, name: str) -> tuple[int, int]:
	"""Submitted reviews of the first panel, submitted third-party reviews."""
	experts = frappe.db.count(
		"Expert Review",
		{
			"reference_doctype": doctype,
			"reference_name": name,
			"docstatus": 1,
			"status": "Submitted",
			"objection": _panel_filter(None),
		},
	)
	third_party = frappe.db.count(
		"Third Party Review", {"reference_doctype": doctype, "reference_name": name, "docstatus": 1}
	)
	return experts, third_party


def check_review_finished(doc):
	"""Refuse to take the case on while its review is not done: the expert panel's quorum, or the third
	party's opinion where the scheme says so (CQ §11(三))."""
	try:
		engine_review_finished(get_scheme(doc.scheme), *_review_counts(doc.doctype, doc.name))
	except PolicyError as e:
		throw_policy_error(e, title=_("Expert review not finished"))


@frappe.whitelist()
def quorum_met(reference_doctype: str, reference_name: str) -> bool:
	"""True once the review the scheme asks for is done: its quorum of experts has submitted their
	reviews, or the third party its opinion."""
	doc = _reference(reference_doctype, reference_name)
	try:
		engine_review_finished(get_scheme(doc.scheme), *_review_counts(reference_doctype, reference_name))
	except PolicyError:
		return False
	return True


def review_state_label(status: str) -> str:
	"""A review's state as the bureau reads it on the panel (the app's own words, not Frappe's "Open")."""
	return {
		"Open": _("Awaiting the expert's review"),
		"Submitted": _("Review submitted"),
		"Recused": _("Recused from the panel"),
		"Withdrawn": _("Withdrawn by a redraw"),
	}.get(status, _(status or ""))


@frappe.whitelist()
def panel_result(reference_doctype: str, reference_name: str, objection: str | None = None) -> dict:
	"""The panel of an application (bureau roles only): its members (expert, review state, total, recusal
	reason) and the aggregate of the submitted reviews by the scheme's method, with the spread flagged
	when it exceeds the scheme's Review Max Spread. `objection`: that objection's re-review panel."""
	frappe.only_for(("Bureau Officer", "Bureau Leader", "Policy Administrator", "System Manager"))
	doc = _reference(reference_doctype, reference_name)
	doc.check_permission("read")
	objection = (objection or "").strip() or None
	scheme = get_scheme(doc.scheme)
	panel = _panel_reviews(reference_doctype, reference_name, ["Open", "Submitted", "Recused"], objection)
	reviews = [r for r in panel if r.status == "Submitted"]
	try:
		agg = aggregate_reviews(scheme, [Decimal(str(r.total)) for r in reviews])
	except PolicyError as e:
		throw_policy_error(e)
	out = agg.model_dump(mode="json")
	out["reviews"] = [
		{k: r[k] for k in ("name", "expert", "expert_name", "total", "recommendation")} for r in reviews
	]
	out["support"] = sum(1 for r in reviews if r.recommendation == "Support")
	reasons = dict(
		frappe.get_all(
			"Expert Review",
			filters={"name": ["in", [r.name for r in panel] or [""]]},
			fields=["name", "recusal_reason"],
			as_list=True,
		)
	)
	out["members"] = [
		{
			"review": r.name,
			"expert": r.expert,
			"expert_name": r.expert_name or r.expert,
			"status": r.status,
			"state": review_state_label(r.status),
			"total": r.total if r.status == "Submitted" else None,
			"recommendation": _(r.recommendation) if r.status == "Submitted" and r.recommendation else "",
			"recusal_reason": reasons.get(r.name) if r.status == "Recused" else "",
		}
		for r in panel
	]
	latest = _latest_draw(reference_doctype, reference_name, objection)
	out["draw"] = (
		frappe.db.get_value(
			"Expert Draw",
			latest,
			["name", "drawn_by", "drawn_on", "panel_size", "fields_filter", "redraw_of", "redraw_reason"],
			as_dict=True,
		)
		if latest
		else None
	)
	return out


@frappe.whitelist()
def draw_options(reference_doctype: str, reference_name: str, objection: str | None = None) -> dict:
	"""What the draw dialog offers the bureau officer: the panel size it draws when none is given, the
	technical fields of the pool's active experts, the application's avoid list, the draw a new one
	would replace (a redraw, which needs a reason) and the objections open for a re-review."""
	frappe.only_for("Bureau Officer")
	doc = _reference(reference_doctype, reference_name)
	doc.check_permission("read")
	objection = (objection or "").strip() or None
	scheme = get_scheme(doc.scheme)
	latest = _latest_draw(doc.doctype, doc.name, objection)
	fields = set()
	for text in frappe.get_all("Policy Expert", filters={"active": 1}, pluck="technical_fields"):
		fields |= set(split_names(text))
	objections = []
	if scheme.objection_re_review and frappe.db.exists("DocType", "Objection"):
		objections = frappe.get_all(
			"Objection",
			filters={"reference_doctype": doc.doctype, "reference_name": doc.name, "status": "Open"},
			pluck="name",
			order_by="creation asc",
		)
	return {
		# the case's state allows a draw (the server checks it again when drawing)
		"can_draw": not doc.meta.has_field("workflow_state")
		or stage_of(doc.doctype, doc.workflow_state) in stages.PANEL_DRAWN,
		"size": default_size(scheme, doc, objection, bool(latest)),
		"quorum": scheme.review_quorum,
		"fields": sorted(fields),
		"avoid": split_names(doc.get("avoid_list")),
		"redraw_of": latest,
		"objections": objections,
	}


# the expert's own page: they land on My Expert Reviews (policy_app/role_home.py)


# permissions ----------------------------------------------------------------------------------------

#: roles that read every review; anyone else with the Policy Expert role sees their own only
READERS = BUREAU_READERS


def _expert_only(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return user != "Administrator" and "Policy Expert" in roles and not roles & READERS


def expert_review_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if _expert_only(user):
		return f"`tabExpert Review`.`expert_user` = {frappe.db.escape(user)}"
	return ""


def expert_review_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if user == "Administrator":
		return None
	own = doc.get("expert_user") == user
	if ptype in ("read", "print", "email", "export", "report") and not _expert_only(user):
		return None
	# writing, submitting and, for experts, reading: only one's own review
	return None if own else False


def policy_expert_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if _expert_only(user):
		return f"`tabPolicy Expert`.`user` = {frappe.db.escape(user)}"
	return ""


def policy_expert_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	if _expert_only(user) and doc.get("user") != user:
		return False
	return None
