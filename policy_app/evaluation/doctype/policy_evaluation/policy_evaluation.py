"""One certified record's evaluation for one cycle: rubric rows, expert judgement, the computed score.
The grade is only final when its Evaluation Round publishes it (quotas act on the whole cohort)."""

from __future__ import annotations

import json
from decimal import Decimal

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt, formatdate, getdate, now_datetime

from policy_app.controllers.approval import ApprovalMixin
from policy_app.engine import evaluation_panel as panel
from policy_app.engine import stages
from policy_app.engine.errors import PolicyError
from policy_app.engine.models import plain_number
from policy_app.engine.scoring import score
from policy_app.evaluation import inputs
from policy_app.evaluation.doctype.policy_evaluation_claim.policy_evaluation_claim import (
	check_override_reasons,
)
from policy_app.policy_setup import families
from policy_app.policy_setup.schemes import throw_policy_error
from policy_app.policy_setup.versions import evaluation_scheme

#: statuses an approved change request gives a record: it leaves the scheme for good
ENDED_BY_CHANGE = ("Exited", "Promoted")


class PolicyEvaluation(ApprovalMixin, Document):
	def onload(self):
		# the grades and medal tiers are stored as the scheme's codes; the form shows their names
		if self.scheme and frappe.db.exists("Policy Scheme", self.scheme):
			scheme = evaluation_scheme(self)
			lang = frappe.local.lang or "zh"
			labels = {b.grade: b.label(lang) for b in scheme.grade_bands}
			labels.update({m.code: m.label(lang) for m in scheme.medal_tiers})
			self.set_onload("code_labels", labels)

	def validate_record(self):
		if self.published and not self.flags.publishing:
			before = self.get_doc_before_save()
			if before and before.published:
				frappe.throw(_("A published evaluation cannot be changed"), title=_("Already published"))
		self.check_record()
		scheme = evaluation_scheme(self)
		if not self.items and scheme.rubric_items:
			for row in inputs.rubric_rows(scheme):
				self.append("items", row)
		self.describe_rows(scheme)
		self.check_experts(scheme)
		inputs.ensure_in_range(scheme, self)
		self.check_adjustments()
		check_override_reasons(self)
		if self.expert_grade:
			try:
				scheme.band(self.expert_grade.strip())
			except PolicyError as e:
				throw_policy_error(e, _("Unknown grade"))
		if self.outstanding_contribution and not (self.outstanding_reason or "").strip():
			frappe.throw(_("Justify the outstanding contribution"), title=_("Reason required"))
		self.set_events_adjustment(scheme)
		self.compute(scheme)

	# ---- the expert panel: every listed expert scores on their own sheet (engine/evaluation_panel)

	def check_experts(self, scheme):
		"""Only active experts are listed, each once; the evaluation goes to the experts only with
		experts listed, and each time it goes to them their sheets start empty."""
		before = self.get_doc_before_save()
		had = {e.expert_user for e in (before.experts if before else [])}
		seen = set()
		for e in self.experts:
			if e.expert_user in seen:
				frappe.throw(
					_("{0} is listed twice among the experts").format(e.expert_name or e.expert_user),
					title=_("Invalid experts"),
				)
			seen.add(e.expert_user)
			if e.expert_user not in had and not frappe.db.exists(
				"Policy Expert", {"user": e.expert_user, "active": 1}
			):
				frappe.throw(
					_("{0} is not an active expert (Policy Expert profile)").format(e.expert_user),
					title=_("Invalid experts"),
				)
		if (
			before
			and self.stage() == stages.EXPERT
			and self.stage(before.workflow_state) == stages.EXPERT
			and not self.flags.panel_scoring
			and frappe.session.user != "Administrator"
			and "Policy Expert" in frappe.get_roles()
			and self.rubric_figures(self) != self.rubric_figures(before)
		):
			frappe.throw(
				_("Experts score on their own sheet (the Score button), not in the rubric rows"),
				title=_("Invalid scores"),
			)
		entering = self.stage() == stages.EXPERT and (
			self.is_new() or self.stage(self.previous_state()) != stages.EXPERT
		)
		if entering:
			if not self.experts:
				frappe.throw(
					_("List the experts who score this evaluation before sending it to them"),
					title=_("No experts listed"),
				)
			# cleared after the save (on_update), so that no version of the record shows a sheet
			self.flags.clear_sheets = True
			self.panel_complete = 0
		self.set_scoring_progress(scheme)

	@staticmethod
	def rubric_figures(doc) -> list:
		return [
			(r.item_code, cint(r.quantity), flt(r.judged_points), (r.get("unit_scores") or "").strip())
			for r in doc.get("items") or []
		]

	def set_scoring_progress(self, scheme):
		if not self.experts:
			self.scoring_progress = ""
			return
		done = sum(1 for e in self.experts if e.submitted_on)
		needed = panel.panel_needed(scheme, len(self.experts))
		self.scoring_progress = _("{0} of {1} experts have submitted their scores ({2} needed)").format(
			done, len(self.experts), needed
		)

	def judged_rows(self, scheme):
		return panel.judged_rows(
			scheme,
			[
				(
					r.name,
					r.idx,
					r.item_code,
					cint(r.quantity),
					inputs.judged(r.judged_points),
					r.get("unit_scores"),
				)
				for r in self.items
			],
		)

	def my_expert_row(self):
		user = frappe.session.user
		row = next((e for e in self.experts if e.expert_user == user), None)
		if not row:
			frappe.throw(_("Only the experts listed on this evaluation score it"), frappe.PermissionError)
		return row

	@frappe.whitelist()
	def scoring_sheet(self):
		"""What the expert scores: each judged row with its units, range and the proposed points (the
		platform's or the district's), and whether they have submitted already."""
		self.check_permission("write")
		# the form sends the record without the experts' table (level 1, which experts do not read)
		self.load_from_db()
		row = self.my_expert_row()
		scheme = evaluation_scheme(self)
		return {
			"submitted": bool(row.submitted_on),
			"open": self.stage() == stages.EXPERT,
			"rows": [
				{
					"row": r.row,
					"idx": r.idx,
					"label": r.label_zh,
					"mode": r.mode,
					"units": r.units,
					"min": plain_number(r.min_points),
					"max": plain_number(r.max_points),
					"proposed": panel.as_text(r.proposed),
				}
				for r in self.judged_rows(scheme)
			],
		}

	@frappe.whitelist()
	def submit_scores(self, sheet=None):
		"""The expert's own sheet, taken whole: one figure per unit in the item's range. The expert's
		ToDo closes; once every listed expert (or the scheme's quorum) has submitted, the rows take the
		panel's mean and the evaluation goes on to the bureau."""
		self.check_permission("write")
		self.load_from_db()  # as stored, the experts' table included (the form does not send it)
		if self.stage() != stages.EXPERT:
			frappe.throw(
				_("Scores are submitted while the evaluation is with the experts"), title=_("Not open")
			)
		mine = self.my_expert_row()
		if mine.submitted_on:
			frappe.throw(_("You have submitted your scores already"), title=_("Already submitted"))
		scheme = evaluation_scheme(self)
		rows = self.judged_rows(scheme)
		try:
			values = panel.check_sheet(rows, frappe.parse_json(sheet) if sheet else {})
		except PolicyError as e:
			throw_policy_error(e, _("Invalid scores"))
		mine.submitted_on = now_datetime()
		mine.sheet = json.dumps({k: [str(v) for v in vs] for k, vs in values.items()})
		mine.scores = "\n".join(f"{r.idx}. {r.label_zh}：{panel.as_text(values[r.row])}" for r in rows)
		# stored first, so that the save's version (which every reader of the record sees in its
		# timeline) does not carry the sheet: the other experts score without seeing it
		mine.db_update()
		sheets = [
			{k: [Decimal(v) for v in vs] for k, vs in json.loads(e.sheet).items()}
			for e in self.experts
			if e.submitted_on and e.sheet
		]
		if len(sheets) >= panel.panel_needed(scheme, len(self.experts)):
			by_row = {r.name: r for r in self.items}
			modes = {r.row: r.mode for r in rows}
			for row_id, pts in panel.panel_points(sheets).items():
				item = by_row.get(row_id)
				if not item:
					continue
				if modes[row_id] == "judged":
					item.judged_points = float(pts[0])
				else:
					item.unit_scores, item.judged_points = panel.as_text(pts), 0
			self.panel_complete = 1
		from frappe.desk.form.assign_to import remove

		# the expert's sheet goes into the panel's table, which the experts do not read (level 1)
		self.flags.ignore_permissions = True
		self.flags.panel_scoring = True
		self.save()
		if frappe.db.exists(
			"ToDo",
			{
				"reference_type": self.doctype,
				"reference_name": self.name,
				"allocated_to": mine.expert_user,
				"status": "Open",
			},
		):
			remove(self.doctype, self.name, mine.expert_user, ignore_permissions=True)
		if self.panel_complete:
			from frappe.model.workflow import apply_workflow

			from policy_app.controllers.stages import action_into

			# on to the bureau by the expert's own move out of 专家评审阶段 (its name is the administrator's)
			action = action_into(self, stages.BUREAU)
			if not action:
				frappe.throw(
					_("The evaluation's workflow has no move from the experts to the bureau"),
					title=_("No transition"),
				)
			apply_workflow(self, action)
		return {"complete": bool(self.panel_complete), "progress": self.scoring_progress}

	def subtotals(self) -> dict | None:
		"""The section subtotals of the rows as they are (not saved) against their caps; None while a
		row is still refused (its error shows on saving)."""
		scheme = evaluation_scheme(self)
		try:
			inputs.ensure_in_range(scheme, self)
		except frappe.ValidationError:
			frappe.clear_messages()
			return None
		self.describe_rows(scheme)
		self.compute(scheme)
		return {"section_scores": self.section_scores, "total_score": self.total_score}

	def on_record_update(self):
		if self.flags.clear_sheets:
			for e in self.experts:
				e.submitted_on, e.scores, e.sheet = None, None, None
				e.db_update()
			self.set_scoring_progress(evaluation_scheme(self))
			self.db_set("scoring_progress", self.scoring_progress, update_modified=False)

	def check_record(self):
		if self.record_doctype not in families.certified_doctypes():
			frappe.throw(_("Only certified records are evaluated"), title=_("Invalid record"))
		rec = frappe.db.get_value(
			self.record_doctype,
			self.record_name,
			["scheme", "organization", "organization_name", "recommending_district", "status", "ended_on"],
			as_dict=True,
		)
		if not rec:
			frappe.throw(_("{0} {1} does not exist").format(_(self.record_doctype), self.record_name))
		# an exit or a promotion ends the scheme's management (ZJ §23–24, QD §16.3): no later cycle
		if rec.status in ENDED_BY_CHANGE and rec.ended_on and getdate(rec.ended_on).year < cint(self.year):
			frappe.throw(
				_("{0} is {1} since {2}: it is no longer evaluated").format(
					self.record_name, _(rec.status, context=self.record_doctype), formatdate(rec.ended_on)
				),
				title=_("Not in force"),
			)
		if rec.scheme != self.scheme:
			frappe.throw(
				_("{0} was certified under scheme {1}, not {2}").format(
					self.record_name, rec.scheme, self.scheme
				),
				title=_("Wrong scheme"),
			)
		self.organization = rec.organization
		self.organization_name = rec.organization_name
		self.recommending_district = rec.recommending_district
		if cint(self.year) < 2000 or cint(self.year) > 2100:
			frappe.throw(_("The evaluation year {0} is not valid").format(self.year))
		clash = frappe.db.exists(
			"Policy Evaluation",
			{
				"record_doctype": self.record_doctype,
				"record_name": self.record_name,
				"year": self.year,
				"scheme": self.scheme,
				"name": ["!=", self.name or ""],
			},
		)
		if clash:
			frappe.throw(
				_("{0} already has an evaluation for {1}: {2}").format(self.record_name, self.year, clash),
				title=_("Duplicate evaluation"),
			)

	def describe_rows(self, scheme):
		known = {i.code: i for i in scheme.rubric_items}
		for row in self.items:
			item = known.get(row.item_code)
			if item:
				row.label, row.section, row.mode = item.label_zh, item.section, item.mode

	def check_adjustments(self):
		"""A figure taken from the platform may be changed only with a written reason (kept in the
		version log of the evaluation)."""
		for row in self.items:
			if row.source != "Platform":
				continue
			changed = cint(row.quantity) != cint(row.platform_quantity) or (
				row.platform_points not in (None, "")
				and flt(row.platform_points)
				and abs(flt(row.judged_points) - flt(row.platform_points)) > 1e-9
				and row.mode != "judged_each"
			)
			if changed and not (row.adjust_reason or "").strip():
				frappe.throw(
					_("Row {0} ({1}): the platform figure was changed; give the reason").format(
						row.idx, row.label or row.item_code
					),
					title=_("Reason required"),
				)

	def set_events_adjustment(self, scheme):
		"""XX-SVC §10: the free events of the year add or take off the scheme's points (engine)."""
		from policy_app.recognition.service_events import adjustment_for

		if self.published and not self.flags.publishing:
			return
		try:
			adj = adjustment_for(scheme, self.record_doctype, self.record_name, cint(self.year))
		except PolicyError as e:
			throw_policy_error(e, _("Invalid evaluation"))
		lang = (frappe.local.lang or "zh").lower()
		self.events_count = adj.events if adj else 0
		self.events_average = float(adj.average) if adj else 0
		self.events_points = float(adj.points) if adj else 0
		self.events_note = (
			(
				f"{adj.article}：{adj.reason_zh}"
				if lang.startswith("zh")
				else f"{scheme.code} {adj.article}: {adj.reason_en}"
			)
			if adj
			else ""
		)

	def compute(self, scheme):
		if not scheme.rubric_items:
			self.total_score = flt(self.events_points)
			self.section_scores = ""
			return
		try:
			card = score(scheme, inputs.evaluation_input(scheme, self))
		except PolicyError as e:
			throw_policy_error(e, _("Invalid evaluation"))
		for row in self.items:
			row.points = 0
		per_item = {}
		for row in self.items:
			per_item.setdefault(row.item_code, []).append(row)
		for code, pts in card.items.items():
			rows = per_item.get(code)
			if rows:
				rows[0].points = float(pts)
		self.total_score = float(card.total)
		self.section_scores = "；".join(
			f"{s.label_zh} {plain_number(card.sections[s.code])}"
			+ (f" / {plain_number(s.max_points)}" if s.max_points is not None else "")
			+ (
				f"（封顶前 {plain_number(card.uncapped_sections[s.code])}）"
				if card.uncapped_sections[s.code] != card.sections[s.code]
				else ""
			)
			for s in scheme.rubric_sections
		)

	@frappe.whitelist()
	def fetch_platform_rows(self):
		"""Replace the platform rows with what the confirmed platform records show now; manual rows
		stay."""
		self.check_permission("write")
		rows = inputs.platform_rows(self.scheme, self.record_doctype, self.record_name, cint(self.year))
		kept = [r for r in self.items if r.source != "Platform"]
		fed_codes = {r["item_code"] for r in rows}
		# a manual row of an item now fed by the platform would count twice
		kept = [
			r
			for r in kept
			if not (r.item_code in fed_codes and not cint(r.quantity) and not flt(r.judged_points))
		]
		self.set("items", [])
		for r in kept:
			self.append("items", r.as_dict(no_default_fields=True))
		for r in rows:
			self.append("items", {**r, "source": "Platform"})
		self.save()
		return len(rows)

	# ---- the results notice of schemes that publish their grades (QD §14), through Public Notice

	def ready_for_notice(self) -> bool:
		return self.stage() == stages.CONCLUDED and not self.published

	def on_public_notice(self, notice):
		"""Listed with its provisional grade; it becomes final when the round is finalised."""


@frappe.whitelist()
def rubric_subtotals(doc):
	"""What the form shows while its rows are filled in: the subtotals of the rows sent (nothing is
	read or stored but the scheme). A module method, not a document one: a document method's answer
	would overwrite the rows typed while it ran."""
	if not frappe.has_permission("Policy Evaluation", "read"):
		frappe.throw(_("You may not read evaluations"), frappe.PermissionError)
	data = frappe.parse_json(doc) or {}
	ev = frappe.new_doc("Policy Evaluation")
	ev.name, ev.scheme = data.get("name") or "new", data.get("scheme")
	if not ev.scheme or not frappe.db.exists("Policy Scheme", ev.scheme):
		return None
	for r in data.get("items") or []:
		ev.append(
			"items",
			{k: r.get(k) for k in ("item_code", "quantity", "judged_points", "unit_scores")},
		)
	return ev.subtotals()
