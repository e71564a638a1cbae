"""What lets the app's scoped list views stay fast at a bureau's scale.

A district officer's or applicant's list is filtered by the strict scope of policy_app.permissions
(`recommending_district in (…)`, `organization in (…)`) and ordered newest first. Without an index
MariaDB reads every row of the table to count them and scans the `modified` index to fill a page. For
every DocType the app scopes (hook permission_query_conditions) that has those columns, a composite
index (column, modified) is added at install and on every migrate (idempotent: existing indexes are
kept). Measured by benchmarks/list_view.py.
"""

from __future__ import annotations

import frappe

SCOPE_COLUMNS = ("recommending_district", "organization")


def ensure_scope_indexes():
	for doctype, paths in (frappe.get_hooks("permission_query_conditions") or {}).items():
		if not any(p.startswith("policy_app.") for p in paths) or not frappe.db.table_exists(doctype):
			continue
		columns = frappe.db.get_table_columns(doctype)
		for column in SCOPE_COLUMNS:
			if column in columns:
				frappe.db.add_index(doctype, [column, "modified"], index_name=f"policy_{column}_modified")
