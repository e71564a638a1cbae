"""The evaluation feed of the cooperation platform (hook `policy_app_evaluation_feeds`).

For one certified base and year it returns one evaluation row per confirmed platform record, mapped
to the scheme's rubric item by the scheme's `Platform Scoring Rule` (data), with the judged points the
rule's bands propose from the record's size. Served-party and authority ratings come as one row each
with the aggregated score. Records still waiting for confirmation, and records of another year or base,
are not counted.
"""

from __future__ import annotations

from decimal import Decimal

import frappe

from policy_app.controllers.stages import states_in
from policy_app.cooperation_platform.common import platform_rules
from policy_app.cooperation_platform.doctype.cooperation_match.cooperation_match import matched_states
from policy_app.cooperation_platform.doctype.served_party_rating.served_party_rating import CRITERIA
from policy_app.engine import stages
from policy_app.engine.platform import aggregate_ratings, propose_points
from policy_app.policy_setup.schemes import get_scheme


def _in_year(year: int) -> list:
	return ["between", [f"{year}-01-01", f"{year}-12-31"]]


def facts(base: str, year: int) -> list[dict]:
	"""Every confirmed record of the base in the year: record type, kind, reference and its sizes."""
	out = []
	for doctype, kind_field, date_field in (
		("Overseas Resource", "resource_kind", "collected_on"),
		("Base Activity", "activity_kind", "activity_date"),
	):
		for r in frappe.get_all(
			doctype,
			# confirmed: a state of the 通过（办结） stage of the record's workflow
			filters={
				"base": base,
				"workflow_state": ["in", states_in(doctype, stages.CONCLUDED) or [""]],
				date_field: _in_year(year),
			},
			fields=["*"],
			order_by=f"{date_field} asc, name asc",
		):
			out.append(
				{
					"record_doctype": doctype,
					"kind": r[kind_field],
					"doctype": doctype,
					"name": r.name,
					"values": r,
				}
			)
	matches = frappe.get_all(
		"Cooperation Match",
		filters={"base": base, "workflow_state": ["in", matched_states()], "matched_on": _in_year(year)},
		fields=["need"],
		order_by="matched_on asc, name asc",
		pluck="need",
	)
	for need in dict.fromkeys(matches):  # a need matched twice by the same base counts once
		out.append(
			{
				"record_doctype": "Enterprise Need",
				"kind": "Matched",
				"doctype": "Enterprise Need",
				"name": need,
				"values": {},
			}
		)
	concluded = frappe.get_all(
		"Cooperation Match",
		filters={
			"base": base,
			"workflow_state": ["in", states_in("Cooperation Match", stages.CONCLUDED) or [""]],
		},
		pluck="name",
		order_by="name asc",
	)
	if concluded:
		for row in frappe.get_all(
			"Cooperation Match Outcome",
			filters={
				"parent": ["in", concluded],
				"parenttype": "Cooperation Match",
				"outcome_date": _in_year(year),
			},
			fields=["*"],
			order_by="outcome_date asc, parent asc, idx asc",
		):
			out.append(
				{
					"record_doctype": "Cooperation Match",
					"kind": row.outcome_kind,
					"doctype": "Cooperation Match",
					"name": row.parent,
					"values": row,
				}
			)
	return out


def ratings(base: str, year: int) -> dict[str, list[list]]:
	rows = frappe.get_all(
		"Served Party Rating",
		filters={"base": base, "year": year, "docstatus": 1},
		fields=["rater_kind", *{f for fields in CRITERIA.values() for f in fields}],
	)
	out: dict[str, list[list]] = {}
	for r in rows:
		out.setdefault(r.rater_kind, []).append([r[f] for f in CRITERIA[r.rater_kind]])
	return out


def platform_rows(scheme_code: str, record_doctype: str, record_name: str, year: int) -> list[dict]:
	if record_doctype != "Cooperation Base":
		return []
	rules = platform_rules(scheme_code)
	if rules is None or frappe.db.get_value("Cooperation Base", record_name, "scheme") != scheme_code:
		return []
	scheme = get_scheme(scheme_code)
	items = {i.code: i for i in scheme.rubric_items}
	rows = []

	def row(item, quantity, points, doctype, name):
		points = float(points) if points is not None else 0.0
		return {
			"item_code": item.code,
			"section": item.section,
			"label": item.label_zh,
			"mode": item.mode,
			"quantity": quantity,
			"judged_points": points,
			"source": "Platform",
			"platform_quantity": quantity,
			"platform_points": points,
			"reference_doctype": doctype,
			"reference_name": name,
		}

	for fact in facts(record_name, int(year)):
		mapping = rules.mapping(fact["record_doctype"], fact["kind"])
		item = items.get(mapping.item_code) if mapping else None
		if item is None:
			continue
		value = fact["values"].get(mapping.measure) if mapping.measure else None
		rows.append(
			row(
				item,
				1,
				propose_points(item, rules.bands, mapping.measure, value),
				fact["doctype"],
				fact["name"],
			)
		)
	for kind, given in ratings(record_name, int(year)).items():
		mapping = rules.mapping("Served Party Rating", kind)
		item = items.get(mapping.item_code) if mapping else None
		if item is None:
			continue
		score = aggregate_ratings(given, rules.rating_scale, item.max_points or Decimal(rules.rating_scale))
		rows.append(row(item, len(given), score, "Served Party Rating", None))
	return rows
