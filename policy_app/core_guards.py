"""Guards on Frappe's own whitelisted paths, so the app's scoping holds on every one of them.

The app's scoping is Frappe's standard `permission_query_conditions` / `has_permission` hooks
(policy_app/permissions.py). Frappe v15 (tested on 15.55.1) has paths that skip them; each is wrapped
here (hook `override_whitelisted_methods`) or hooked (`doc_events`):

- `frappe.desk.search.search_widget` / `search_link`: with `ignore_user_permissions=1` Frappe lists a
  DocType with permissions ignored, and it pastes `filter_fields` into the SQL column list unquoted.
  For the app's DocTypes the scoping always applies and only real field names are accepted; for other
  DocTypes a field name must be a plain identifier (nothing else is ever a field), the rest is Frappe's.
- `frappe.client.get_count`: counts any filter on any table without a permission check (an oracle on
  private fields); for the app's DocTypes it counts what the user may list.
- `frappe.desk.search.get_link_title`: reads a record's title without a permission check.
- `frappe.desk.search.get_names_for_mentions`: lists every desk user; applicants and experts are not
  told who the bureau's experts are (专家信息保密).
- `File`: a new File record pointing at an existing private file gives its content to the record's
  owner; refused unless the user may already read that file.
- `DocShare`: sharing an app record (Frappe's share dialog, 抄送) with someone outside the bureau who
  could not read it anyway, or with everyone, is refused.
"""

from __future__ import annotations

import json
import os
import re

import frappe
from frappe import _
from frappe.utils import cint

from policy_app.input_guard import is_app_module
from policy_app.permissions import is_outside_user

#: what a column of any DocType is called: letters, digits, underscores
FIELDNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_app_doctype(doctype: str | None) -> bool:
	if not doctype or not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		return False
	return is_app_module(frappe.get_meta(doctype).module)


def _real_fields(doctype: str, filter_fields) -> str | None:
	"""`filter_fields` as Frappe expects it (a JSON list), refused unless each is a field of the
	DocType (app DocTypes) or at least a plain identifier (other DocTypes)."""
	if not filter_fields:
		return filter_fields
	fields = json.loads(filter_fields) if isinstance(filter_fields, str) else filter_fields
	if not isinstance(fields, list):
		frappe.throw(_("Search fields must be a list of field names"), frappe.DataError)
	app = is_app_doctype(doctype)
	meta = frappe.get_meta(doctype)
	standard = set(frappe.model.default_fields)
	for f in fields:
		name = f.strip() if isinstance(f, str) else ""
		if not FIELDNAME.match(name) or (app and name not in standard and not meta.get_field(name)):
			frappe.throw(_("{0} is not a field of {1}").format(repr(f)[:80], _(doctype)), frappe.DataError)
	return json.dumps([f.strip() for f in fields])


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters=None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	from frappe.desk.search import search_widget as frappe_search_widget

	filter_fields = _real_fields(doctype, filter_fields)
	if _scoped(doctype):
		ignore_user_permissions = False  # the app's scoping is strict on every path

	def search(text):
		return frappe_search_widget(
			doctype,
			text,
			query=query,
			searchfield=searchfield,
			start=start,
			page_length=page_length,
			filters=filters,
			filter_fields=filter_fields,
			as_dict=as_dict,
			reference_doctype=reference_doctype,
			ignore_user_permissions=ignore_user_permissions,
		)

	results = search(txt)
	if txt and not query and not cint(start) and frappe.get_meta(doctype).translated_doctype:
		# a translated DocType (Country) is searched in the user's language only: "Germany" finds nothing
		# in a Chinese desk. The record's own name is what people also type (an overseas partner's 国别).
		found = list(results)
		pattern = re.compile(re.escape(txt), re.IGNORECASE)
		for row in search(""):
			values = row.values() if as_dict else row
			if row not in found and any(pattern.search(str(v or "")) for v in values):
				found.append(row)
			if len(found) >= cint(page_length or 10):
				break
		results = found
	return results


# Frappe's search_link calls its own search_widget directly, so it is wrapped too
@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	from frappe.desk.search import build_for_autosuggest

	results = search_widget(
		doctype,
		(txt or "").strip(),
		query,
		searchfield=searchfield,
		page_length=page_length,
		filters=filters,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)
	return build_for_autosuggest(results, doctype=doctype)


def _scoped(doctype: str) -> bool:
	"""Does the app scope this DocType for the caller? Its own DocTypes always; User records for
	applicants, experts and users with no role (permissions.user_query)."""
	return is_app_doctype(doctype) or (doctype == "User" and is_outside_user(frappe.session.user))


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	from frappe.client import get_count as frappe_get_count

	if not _scoped(doctype):
		return frappe_get_count(doctype, filters, debug, cache)
	filters = frappe.parse_json(filters) if isinstance(filters, str) else filters
	rows = frappe.get_list(
		doctype, filters=filters, fields=[f"count(`tab{doctype}`.`name`) as total_count"], as_list=True
	)
	return rows[0][0] if rows else 0


@frappe.whitelist()
def get_link_title(doctype, docname):
	from frappe.desk.search import get_link_title as frappe_get_link_title

	if _scoped(doctype):
		if not frappe.db.exists(doctype, docname) or not frappe.has_permission(doctype, "read", docname):
			return docname  # what Frappe returns for a DocType without a title: nothing more
	return frappe_get_link_title(doctype, docname)


@frappe.whitelist()
def get_names_for_mentions(search_term):
	from frappe.desk.search import get_names_for_mentions as frappe_mentions

	if is_outside_user(frappe.session.user):
		return []
	return frappe_mentions(search_term)


# ---- files


def _private_url(url: str | None) -> str | None:
	if not url or "://" in url:
		return None
	url = os.path.normpath("/" + url.lstrip("/"))
	return url if url.startswith("/private/") else None


def readable_file(file_url: str, user: str | None = None, besides: str | None = None) -> bool:
	"""May the user read the content behind this URL through an existing File record (other than
	`besides`)?"""
	url = _private_url(file_url)
	if not url:
		return bool(file_url)
	filters = {"file_url": ["in", [url, file_url]], "name": ["!=", besides or ""]}
	for name in frappe.get_all("File", filters=filters, pluck="name"):
		if frappe.get_doc("File", name).has_permission("read", user=user):
			return True
	return False


def check_file(doc, method=None):
	"""doc_events File.validate: a File record made or re-pointed at a private file that is already
	on the server must not be a key to someone else's file."""
	user = frappe.session.user
	if (
		user == "Administrator"
		or frappe.flags.in_install
		or frappe.flags.in_migrate
		or doc.is_folder
		or doc.flags.ignore_permissions  # the server's own code, never a request's body
	):
		return
	# a new record is checked before Frappe reads the file (file_has_permission, "create")
	url = _private_url(doc.file_url)
	if not url or doc.is_new() or doc.flags.in_insert or not doc.has_value_changed("file_url"):
		return
	if not readable_file(url, user=user, besides=doc.name):
		frappe.throw(_("You do not have access to this file"), frappe.PermissionError)


def file_has_permission(doc, ptype=None, user=None, debug=False):
	"""has_permission hook of File, asked for "create" before Frappe reads anything from the disk: a
	new record without content of its own that points at a private file the user may not read is
	refused (an upload of content identical to another file is the user's own bytes: allowed)."""
	user = user or frappe.session.user
	if ptype != "create" or user == "Administrator" or not doc.is_new() or doc.get("content"):
		return None
	url = _private_url(doc.get("file_url"))
	if url and not readable_file(url, user=user):
		return False
	return None


# ---- shares


def check_share(doc, method=None):
	"""doc_events DocShare.validate: an app record is shared only with people of the bureau or with
	someone who may read it anyway — never with everyone."""
	if (
		frappe.session.user == "Administrator"
		or frappe.flags.in_install
		or not is_app_doctype(doc.share_doctype)
	):
		return
	if cint(doc.everyone):
		frappe.throw(
			_("{0} records cannot be shared with everyone").format(_(doc.share_doctype)),
			frappe.PermissionError,
		)
	if not doc.user or not is_outside_user(doc.user):
		return
	record = frappe.get_doc(doc.share_doctype, doc.share_name)
	from frappe.permissions import has_controller_permissions

	if not has_controller_permissions(record, "read", user=doc.user):
		frappe.throw(
			_("{0} may not read {1}: it cannot be shared with them").format(doc.user, record.name),
			frappe.PermissionError,
		)
