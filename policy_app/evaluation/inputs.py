"""A stored evaluation as the engine's input, and the rubric rows an evaluation starts from.

Rows of one rubric item add up: per-unit items sum their quantities, items judged per unit take each
row's judged points, flat items count as achieved when any row has a quantity, judged items take the
row's points. One row per source record lets every count link to what it counts.
"""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, flt

from policy_app.engine.errors import PolicyError
from policy_app.engine.models import Scheme
from policy_app.engine.money import Claim, ClaimItem, to_money
from policy_app.engine.scoring import EvaluationInput

#: certified record DocType -> what the evaluation is of
CERTIFIED_DOCTYPES = ("Cooperation Base", "Service Institution", "Incubation Carrier")


def points(value) -> Decimal:
	"""Frappe keeps judged points as floats; the engine counts in Decimal (2 places are shown)."""
	if value in (None, ""):
		return Decimal(0)
	d = Decimal(str(flt(value, 6)))
	return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def item_values(scheme: Scheme, rows) -> dict:
	known = {i.code: i for i in scheme.rubric_items}
	values: dict = {}
	for row in rows:
		item = known.get(row.item_code)
		if item is None:
			raise PolicyError(
				f"items.{row.item_code}",
				row.item_code,
				f"评分项 {row.item_code} 不属于方案 {scheme.code}",
				f"{row.item_code} is not an item of scheme {scheme.code}",
			)
		qty = cint(row.quantity)
		if item.mode == "flat":
			values[item.code] = max(values.get(item.code, 0), 1 if qty > 0 else 0)
		elif item.mode == "per_unit":
			values[item.code] = values.get(item.code, 0) + qty
		elif item.mode == "judged_each":
			if row.judged_points not in (None, "") and (qty > 0 or flt(row.judged_points) > 0):
				values.setdefault(item.code, []).append(points(row.judged_points))
		else:
			if flt(row.judged_points) or item.code not in values:
				values[item.code] = points(row.judged_points)
	return values


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


def record_history(doc, lock: bool = False) -> dict:
	"""What earlier cycles left: final grades oldest first, the medal level, once-only rules paid
	(`lock`: locking reads, for a publication; see publishing.already_paid)."""
	previous = frappe.get_all(
		"Policy Evaluation",
		filters={
			"record_doctype": doc.record_doctype,
			"record_name": doc.record_name,
			"published": 1,
			"year": ["<", cint(doc.year)],
			"name": ["!=", doc.name],
		},
		fields=["final_grade"],
		order_by="year asc, published_on asc",
		pluck="final_grade",
	)
	medal = cint(frappe.db.get_value(doc.record_doctype, doc.record_name, "medal_level"))
	paid_once = frappe.db.sql_list(
		f"""select distinct rule from `tabPolicy Reward` where organization = %s and scheme = %s
		and workflow_state not in ('Dropped', 'Rejected') {"for update" if lock else ""}""",
		(doc.organization, doc.scheme),
	)
	return {
		"previous_grades": [g for g in previous if g],
		"medal_level": medal,
		"paid_once": sorted(set(paid_once)),
	}


def ensure_in_range(scheme: Scheme, doc):
	"""Judged points outside the item's range are refused row by row, with the row number."""
	known = {i.code: i for i in scheme.rubric_items}
	for row in doc.get("items") or []:
		item = known.get(row.item_code)
		if not item:
			frappe.throw(
				_("Row {0}: {1} is not an item of scheme {2}").format(row.idx, row.item_code, scheme.code),
				title=_("Unknown rubric item"),
			)
		if cint(row.quantity) < 0:
			frappe.throw(_("Row {0}: the quantity cannot be negative").format(row.idx))
		if item.mode in ("judged_each", "judged") and row.judged_points not in (None, ""):
			p = points(row.judged_points)
			if p and (p < item.min_points or p > item.max_points):
				frappe.throw(
					_("Row {0}: {1} must lie between {2} and {3} points").format(
						row.idx, _(item.label_zh), item.min_points, item.max_points
					),
					title=_("Points out of range"),
				)
