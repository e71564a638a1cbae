"""Shipped records: inserted when missing, never overwritten by migrate, restorable on demand.

Each entry of the `policy_app_shipped_records` hook names a folder under the top-level fixtures/
folder (reached as `frappe.get_app_path("policy_app", "fixtures")`) and the DocType of its records.
A file holds one record or a list of records. The hash of the shipped content is kept on records that
have a `shipped_hash` field, so a later patch can tell a shipped default from a local edit.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import frappe
from frappe import _

#: fields a shipped file may carry that name the record rather than describe it
KEY_FIELDS = {
	"Policy Scheme": "code",
	"Holiday Calendar": "code",
	"Programme Family": "family_code",
	"District": "district_name",
	"Role": "role_name",
	"Role Profile": "role_profile",
	"Workflow State": "workflow_state_name",
	"Workflow Action Master": "workflow_action_name",
	"Workflow": "workflow_name",
}


def fixtures_path(*parts: str) -> Path:
	return Path(frappe.get_app_path("policy_app", "fixtures", *parts))


def _plain(value):
	if isinstance(value, Decimal):
		return float(value)
	if isinstance(value, dict):
		return {k: _plain(v) for k, v in value.items()}
	if isinstance(value, list):
		return [_plain(v) for v in value]
	return value


def content_hash(data: dict) -> str:
	return hashlib.sha1(
		json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
	).hexdigest()[:12]


def shipped_records(doctype: str | None = None) -> list[tuple[str, dict]]:
	"""(doctype, data) for every shipped record, in the hook's order (roles before profiles)."""
	out = []
	for entry in frappe.get_hooks("policy_app_shipped_records", app_name="policy_app"):
		if doctype and entry["doctype"] != doctype:
			continue
		folder = fixtures_path(entry["folder"])
		for path in sorted(folder.glob("*.json")):
			with open(path, encoding="utf-8") as f:
				data = json.load(f, parse_float=Decimal)
			for record in data if isinstance(data, list) else [data]:
				out.append((entry["doctype"], _plain(record)))
	return out


def record_name(doctype: str, data: dict) -> str:
	return data.get("name") or data[KEY_FIELDS[doctype]]


def present_shipped(doctype: str) -> list[tuple[str, dict]]:
	"""(name, shipped data) of the shipped records of `doctype` that the site has: what a patch converts."""
	out = []
	for dt, data in shipped_records(doctype):
		name = record_name(dt, data)
		if frappe.db.exists(dt, name):
			out.append((name, data))
	return out


def _new_doc(doctype: str, data: dict):
	doc = frappe.get_doc({"doctype": doctype, **data})
	if doc.meta.has_field("shipped_hash"):
		doc.shipped_hash = content_hash(data)
	return doc


def sync_shipped_records(doctype: str | None = None) -> list[str]:
	"""Insert every shipped record that is missing; leave existing ones exactly as they are."""
	inserted = []
	for dt, data in shipped_records(doctype):
		name = record_name(dt, data)
		if frappe.db.exists(dt, name):
			continue
		doc = _new_doc(dt, data)
		doc.flags.ignore_permissions = True
		doc.insert()
		inserted.append(f"{dt}: {name}")
	return inserted


def shipped_data(doctype: str, name: str) -> dict:
	for dt, data in shipped_records(doctype):
		if record_name(dt, data) == name:
			return data
	frappe.throw(_("{0} {1} is not a shipped record").format(_(doctype), name), frappe.DoesNotExistError)


def restore(doctype: str, name: str) -> None:
	"""Put one shipped record back to its shipped content, keeping its name and links."""
	data = shipped_data(doctype, name)
	if not frappe.db.exists(doctype, name):
		doc = _new_doc(doctype, data)
		doc.flags.ignore_permissions = True
		doc.insert()
		return
	doc = frappe.get_doc(doctype, name)
	# a field the shipped record leaves out goes back to its default too (an edited effective date,
	# an added row), so the record is the shipped one, not a mix
	for df in doc.meta.fields:
		if (
			df.fieldtype in ("Section Break", "Column Break", "Tab Break", "HTML", "Button")
			or df.fieldname in data
		):
			continue
		if df.fieldname == "shipped_hash" or df.get("is_custom_field"):
			continue
		if df.fieldtype == "Table":
			doc.set(df.fieldname, [])
		else:
			doc.set(df.fieldname, df.default if df.default not in (None, "") else None)
	for field, value in data.items():
		if field in ("doctype", "name"):
			continue
		if isinstance(value, list):
			doc.set(field, [])
			for row in value:
				doc.append(field, row)
		else:
			doc.set(field, value)
	if doc.meta.has_field("shipped_hash"):
		doc.shipped_hash = content_hash(data)
	doc.flags.ignore_permissions = True
	doc.save()


def update_shipped_default(
	doctype: str, name: str, field: str, old, new, table: str | None = None, row: dict | None = None
) -> bool:
	"""For patches that change a shipped default: set `new` only where the value is still `old`, so a
	value an administrator edited stays theirs. `table` + `row` ({key field: value}) address a child row."""
	if not frappe.db.exists(doctype, name):
		return False
	doc = frappe.get_doc(doctype, name)
	targets = [doc]
	if table:
		targets = [r for r in doc.get(table) if all(r.get(k) == v for k, v in (row or {}).items())]
	changed = False
	for t in targets:
		current = t.get(field)
		same = (
			(float(current or 0) == float(old)) if isinstance(old, (int, float, Decimal)) else current == old
		)
		if same:
			t.set(field, new)
			changed = True
	if changed:
		doc.flags.ignore_permissions = True
		doc.save()
	return changed
