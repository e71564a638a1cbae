"""REST helpers of the site tier's reliability suites: requests as real users through the site's WSGI
app, and committed records made and removed around them."""

from __future__ import annotations

import threading

import frappe
from werkzeug.test import Client


def open_scheme(code: str, start="2023-10-01", years=10):
	"""The shipped schemes' periods end; keep them in force for the calls of these tests. Written
	without a save: other test modules may hold the same scheme open."""
	frappe.db.set_value("Policy Scheme", code, {"effective_from": start, "effective_years": years})
	frappe.clear_document_cache("Policy Scheme", code)


def token(user: str) -> str:
	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"token {doc.api_key}:{secret}"


def request(
	method: str, path: str, token: str | None = None, body: dict | None = None, lang: str = "", site: str = ""
):
	"""One REST request as the token's user (Guest without one), in its own thread: the WSGI app
	sets up and tears down its own frappe.local and database connection."""
	from frappe.app import application

	out = {}
	host = site or frappe.local.site  # from a thread of the caller's, pass the site
	headers = {"Host": host, "Accept": "application/json"}
	if lang:  # a token request resumes no session, so Frappe takes the language from `_lang`
		if body is not None:
			body = {**body, "_lang": lang}
		else:
			path += ("&" if "?" in path else "?") + f"_lang={lang}"
	if token:
		headers["Authorization"] = token

	def call():
		c = Client(application)
		kw = {"headers": headers}
		if body is not None:
			kw["json"] = body
		out["r"] = c.open(path, method=method, **kw)

	t = threading.Thread(target=call)
	t.start()
	t.join()
	r = out["r"]
	try:
		data = r.get_json(silent=True) or {}
	except Exception:
		data = {}
	return r.status_code, data


def refused(status: int, data: dict) -> bool:
	"""Refused for permission: 403, or a workflow that does not offer the action to this user."""
	exc = data.get("exc_type") or ""
	return status == 403 or exc in ("PermissionError", "WorkflowPermissionError", "WorkflowTransitionError")


def drop(doctype: str, name: str):
	"""Remove a committed test record, its ToDos and child rows; records the app never lets anyone
	delete (the draw record, a paid reward) are removed the way a database administrator would."""
	if not frappe.db.exists(doctype, name):
		return
	for t in frappe.get_all(
		"ToDo", filters={"reference_type": doctype, "reference_name": name}, pluck="name"
	):
		frappe.delete_doc("ToDo", t, force=True, ignore_permissions=True)
	if frappe.db.get_value(doctype, name, "docstatus") == 1:
		frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
	frappe.db.savepoint("policy_drop")
	try:
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)
	except Exception:
		frappe.db.rollback(save_point="policy_drop")
		frappe.clear_messages()
		for df in frappe.get_meta(doctype).get_table_fields():
			frappe.db.delete(df.options, {"parent": name, "parenttype": doctype})
		frappe.db.delete(doctype, {"name": name})


def raw_insert(body: dict) -> str:
	"""A record the desk never makes by hand (the draw record, a certified record): written as the
	system writes it, without its controller."""
	doc = frappe.get_doc(body)
	doc.set_new_name()
	doc.set("__islocal", True)
	doc.db_insert()
	for child in doc.get_all_children():
		child.parent, child.parenttype = doc.name, doc.doctype
		child.name = child.name or frappe.generate_hash(length=10)
		child.db_insert()
	return doc.name


def drop_user(user: str):
	"""Remove a committed test user with their user permissions and shares."""
	for p in frappe.get_all("User Permission", filters={"user": user}, pluck="name"):
		frappe.delete_doc("User Permission", p, force=True, ignore_permissions=True)
	frappe.db.delete("DocShare", {"user": user})
	frappe.delete_doc("User", user, force=True, ignore_permissions=True)
