"""A stored evaluation as the engine's input, and the rubric rows an evaluation starts from.

How the rows of one rubric item add up, and which rows are refused, is the engine's
(`scoring.rubric_values`, `scoring.check_rubric_rows`); this module reads the rows and converts Frappe's
floats. One row per source record lets every count link to what it counts.
"""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, flt

from policy_app.engine.errors import PolicyError
from policy_app.engine.models import Scheme
from policy_app.engine.money import Claim, ClaimItem, to_money
from policy_app.engine.scoring import EvaluationInput, check_rubric_rows, rubric_values
from policy_app.policy_setup.schemes import throw_policy_error


def points(value) -> Decimal:
	"""Frappe keeps judged points as floats; the engine counts in Decimal (2 places are shown)."""
	if value in (None, ""):
		return Decimal(0)
	d = Decimal(str(flt(value, 6)))
	return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def judged(value) -> Decimal | None:
	"""A row's judged points as the engine reads them: None where nothing was entered."""
	return None if value in (None, "") else points(value)


def item_values(scheme: Scheme, rows) -> dict:
	"""The rows of a stored evaluation added up by the engine (rubric_values: per item mode)."""
	return rubric_values(
		scheme,
		(
			(row.item_code, cint(row.quantity), judged(row.judged_points), row.get("unit_scores"))
			for row in rows
		),
	)


def claims_of(doc) -> list[Claim]:
	out = []
	for c in doc.get("claims") or []:
		items = []
		for line in (c.item_amounts or "").splitlines():
			if not line.strip():
				continue
			ref, _sep, amount = line.rpartition(",")
			if not _sep:
				raise PolicyError(
					"claims.items",
					line,
					f"“{line}”应写作“名称, 金额”",
					f"“{line}” should read “reference, amount”",
				)
			items.append(ClaimItem(ref=ref.strip(), amount=to_money(amount.strip(), "claims.items")))
		out.append(
			Claim(
				rule=c.rule,
				matter=(c.matter or "").strip(),
				on=c.on_date or None,
				base_amount=to_money(c.base_amount, "base_amount") if c.base_amount else None,
				units=cint(c.units) if c.units else None,
				items=items,
				override_reason=(c.get("override_reason") or "").strip(),
			)
		)
	return out


def evaluation_input(scheme: Scheme, doc, history: dict | None = None) -> EvaluationInput:
	"""`history`: previous_grades, medal_level and paid_once of the record, read by the caller."""
	history = history or {}
	return EvaluationInput(
		record=doc.name,
		organisation=doc.organization or "",
		year=cint(doc.year),
		items=item_values(scheme, doc.get("items") or []),
		grade=(doc.expert_grade or "").strip() or None,
		outstanding=bool(doc.outstanding_contribution),
		outstanding_reason=doc.outstanding_reason or "",
		previous_grades=history.get("previous_grades", []),
		medal_level=history.get("medal_level", 0),
		paid_once=history.get("paid_once", []),
		claims=claims_of(doc),
		adjustment=points(doc.get("events_points")),  # XX-SVC §10 events (set by the evaluation)
	)


def rubric_rows(scheme: Scheme) -> list[dict]:
	return [
		{
			"item_code": i.code,
			"label": i.label_zh,
			"section": i.section,
			"mode": i.mode,
			"source": "Manual",
		}
		for i in scheme.rubric_items
	]


def platform_rows(scheme_code: str, record_doctype: str, record_name: str, year: int) -> list[dict]:
	"""Rows computed from confirmed platform records by every feed an app registers
	(hook `policy_app_evaluation_feeds`)."""
	rows = []
	for path in frappe.get_hooks("policy_app_evaluation_feeds") or []:
		rows.extend(frappe.get_attr(path)(scheme_code, record_doctype, record_name, year) or [])
	return rows


def ensure_in_range(scheme: Scheme, doc):
	"""The engine checks the rows (the scheme's items, no negative quantity, judged points in the
	item's range) and names the row it refuses."""
	try:
		check_rubric_rows(
			scheme,
			(
				(
					row.idx,
					row.item_code,
					cint(row.quantity),
					judged(row.judged_points),
					row.get("unit_scores"),
				)
				for row in doc.get("items") or []
			),
		)
	except PolicyError as e:
		throw_policy_error(e, _("Invalid evaluation"))
