"""Benchmark (c): the list view of a district officer with strict user permissions over 50,000
applications vs a bare DocType of the same size.

Inserts 50,000 Cooperation Base Applications spread over 20 recommending departments with
frappe.db.bulk_insert, and 50,000 rows of `Policy Bench Bare List`: a custom DocType with the same kind
of columns, a Link to District (indexed) and no hooks, so Frappe's own User Permission scoping is all
that limits it. Then, as a district officer with a User Permission on one department, times what the
desk list view asks for: the first page (20 rows, newest first, `frappe.get_list`) and the count
(`frappe.desk.reportview.get_count`). Ratio goal ≤ 1.2×.
The rows are removed at the end (`--keep` keeps them for the next run).

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/benchmarks/list_view.py SITE [ROWS] [--keep]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _site import QueryCounter, connect, machine, median, run_on_site, timed  # noqa: E402

APP = "Cooperation Base Application"
BARE = "Policy Bench Bare List"
DISTRICTS = 20
GOAL = 1.2
PREFIX = "BENCH-LV-"


def ensure_bare():
	import frappe

	if not frappe.db.exists("DocType", BARE):
		frappe.get_doc(
			{
				"doctype": "DocType",
				"name": BARE,
				"module": "Custom",
				"custom": 1,
				"autoname": "hash",
				"fields": [
					{"fieldname": "title", "fieldtype": "Data", "label": "Title", "in_list_view": 1},
					{"fieldname": "organization", "fieldtype": "Data", "label": "Organization"},
					# Frappe's own scoping only: a link to District, which the officer's User Permission limits
					{
						"fieldname": "recommending_district",
						"fieldtype": "Link",
						"options": "District",
						"label": "Department",
						"search_index": 1,
					},
					{"fieldname": "state", "fieldtype": "Data", "label": "State", "in_list_view": 1},
				],
				"permissions": [
					{"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1},
					{"role": "District Officer", "read": 1},
				],
			}
		).insert()
		frappe.db.commit()


def fill(rows: int):
	import frappe
	from frappe.utils import add_to_date, now_datetime

	sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "site"))
	from factories import make_district, make_user

	districts = [make_district(f"基准列表区{i:02d}") for i in range(DISTRICTS)]
	officer = make_user("bench.list@policy.test", ["District Officer"], districts=[districts[0]])
	call = frappe.db.get_value("Call for Applications", {}, "name")
	have = min(frappe.db.count(dt, {"name": ["like", f"{PREFIX}%"]}) for dt in (APP, BARE))
	if have < rows:
		start = now_datetime()
		app_rows, bare_rows = [], []
		for i in range(have, rows):
			when = add_to_date(start, seconds=-i)
			d = districts[i % DISTRICTS]
			org = f"{PREFIX}ORG-{i % 2000:04d}"
			name = f"{PREFIX}{i:06d}"
			common = (name, "Administrator", when, when, "Administrator", 0)
			app_rows.append((*common, call, org, f"企业{i}", d, "coop_base", "Submitted", "CBA-.YYYY.-"))
			bare_rows.append((*common, f"企业{i}", org, d, "Submitted"))
		std = ["name", "owner", "creation", "modified", "modified_by", "docstatus"]
		frappe.db.bulk_insert(
			APP,
			[
				*std,
				"call_for_applications",
				"organization",
				"organization_name",
				"recommending_district",
				"base_type",
				"workflow_state",
				"naming_series",
			],
			app_rows,
			ignore_duplicates=True,
		)
		frappe.db.bulk_insert(
			BARE,
			[*std, "title", "organization", "recommending_district", "state"],
			bare_rows,
			ignore_duplicates=True,
		)
		frappe.db.commit()
	return officer, districts[0]


def main() -> int:
	site = connect()
	rows = int(next((a for a in sys.argv[2:] if a.isdigit()), 50_000))
	import frappe
	from frappe.desk.reportview import get_count

	ensure_bare()
	officer, district = fill(rows)
	frappe.set_user(officer)
	frappe.clear_cache(user=officer)
	results = {}
	try:
		for label, doctype, fields in (
			("applications", APP, ["name", "organization_name", "workflow_state", "recommending_district"]),
			("bare", BARE, ["name", "title", "state", "recommending_district"]),
		):
			page_t, count_t, queries = [], [], []
			for _ in range(12):
				c = QueryCounter()
				with c.active(), timed(page_t):
					page = frappe.get_list(
						doctype, fields=fields, order_by="modified desc", limit_page_length=20
					)
				queries.append(c.count)
				frappe.local.form_dict = frappe._dict(
					doctype=doctype, filters="[]", fields="[]", distinct="false"
				)
				with timed(count_t):
					total = get_count(doctype=doctype, filters=[], fields=[], distinct=False)
			results[label] = dict(
				page=median(page_t[2:]),
				count=median(count_t[2:]),
				rows=len(page),
				total=total,
				q=median(queries[2:]),
			)
	finally:
		frappe.set_user("Administrator")
		if "--keep" not in sys.argv:
			frappe.db.delete(APP, {"name": ["like", f"{PREFIX}%"]})
			frappe.db.delete(BARE, {"name": ["like", f"{PREFIX}%"]})
			frappe.db.commit()
	a, b = results["applications"], results["bare"]
	print(f"machine: {machine()}; site {site}")
	print(f"list view as a district officer (User Permission on {district}), {rows} rows each, median of 10:")
	for label, r in results.items():
		print(
			f"  {label:12s}: first page {r['page'] * 1000:7.1f} ms ({r['rows']} rows, {r['q']:.0f} statements), "
			f"count {r['count'] * 1000:7.1f} ms ({r['total']} visible)"
		)
	for what in ("page", "count"):
		ratio = a[what] / b[what]
		print(f"  {what} ratio {ratio:.2f}× (goal ≤ {GOAL}×) -> {'MET' if ratio <= GOAL else 'MISSED'}")
	return 0


def run() -> int:
	"""The benchmark, on a site left as it was found."""
	return run_on_site(main)


if __name__ == "__main__":
	sys.exit(run())
