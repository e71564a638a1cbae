"""The programme families as records (#16 item 1): each `Programme Family` names its application form,
the record a certification makes, the certificate that record prints and its number series. Every list
of application or certified-record DocTypes in the app derives from here, and the desk gets the registry
with the boot info (`policy_app_families`), so a family is a row an administrator adds, not code.

The shipped families' DocTypes keep their own hooks in hooks.py (Frappe reads hooks before any site is
open); a DocType registered here without them is scoped by the `"*"` hooks below, like every case."""

from __future__ import annotations

import re

import frappe
from frappe import _

_CACHE = "policy_programme_families"
#: what the organisation's case scoping reads on every registered form (policy_app/permissions.py)
CASE_FIELDS = ("organization", "recommending_district")
_FIELDS = (
	"name",
	"title_zh",
	"title_en",
	"application_doctype",
	"also_reads_doctype",
	"certified_doctype",
	"certificate_print_format",
	"certificate_series",
	"public_name_field",
)


def registry() -> list[dict]:
	"""Every family as a plain dict, in the order they were made (read once, until one is saved)."""

	def load():
		if not frappe.db.table_exists("Programme Family"):
			return []
		return [
			dict(r) for r in frappe.get_all("Programme Family", fields=list(_FIELDS), order_by="creation asc")
		]

	return frappe.cache.get_value(_CACHE, load) or []


def forget(doc=None, method=None):
	frappe.cache.delete_value(_CACHE)
	frappe.db.after_rollback.add(lambda: frappe.cache.delete_value(_CACHE))


def family(code: str) -> dict | None:
	return next((f for f in registry() if f["name"] == code), None)


def application_doctypes(family_code: str | None = None) -> tuple[str, ...]:
	"""The record types an applicant fills in (the family's first form), of one family or all."""
	return tuple(
		f["application_doctype"]
		for f in registry()
		if f["application_doctype"] and f["certified_doctype"] and family_code in (None, f["name"])
	)


def fact_doctypes(family_code: str) -> tuple[str, ...]:
	"""The forms whose fields a scheme of this family may read in its conditions."""
	f = family(family_code)
	if not f:
		return ()
	return tuple(d for d in (f["application_doctype"], f["also_reads_doctype"]) if d)


def certified_doctypes() -> tuple[str, ...]:
	return tuple(f["certified_doctype"] for f in registry() if f["certified_doctype"])


def certified_doctype_for(application_doctype: str) -> str | None:
	return next(
		(f["certified_doctype"] for f in registry() if f["application_doctype"] == application_doctype),
		None,
	)


def family_of(doctype: str) -> dict | None:
	"""The family whose application form or certified record `doctype` is."""
	return next(
		(f for f in registry() if doctype in (f["application_doctype"], f["certified_doctype"])),
		None,
	)


def certificate_series(certified_doctype: str) -> str:
	f = family_of(certified_doctype)
	return (f and f.get("certificate_series")) or "{scheme}-{year}-.####"


def public_name_field(application_doctype: str) -> str | None:
	f = family_of(application_doctype)
	return f.get("public_name_field") if f else None


def case_doctypes() -> set[str]:
	"""The registered applications and certified records: the organisation's cases."""
	return set(application_doctypes()) | set(certified_doctypes())


def boot(bootinfo):
	bootinfo.policy_app_families = registry()


# ---- the record itself


def check_family(doc):
	"""Programme Family validate: the forms exist and are the app's own kind of record, the certificate
	prints the certified record, and the notice's name field is a field of the form."""
	if not re.fullmatch(r"[a-z][a-z0-9_]*", doc.family_code or ""):
		frappe.throw(
			_(
				"A family's code is lower-case letters, digits and underscores, starting with a letter: {0}"
			).format(doc.family_code),
			title=_("Invalid programme family"),
		)
	for field in ("application_doctype", "also_reads_doctype", "certified_doctype"):
		dt = doc.get(field)
		if dt and frappe.get_meta(dt).istable:
			frappe.throw(
				_("{0} is a table of another form, not a record of its own").format(_(dt)),
				title=_("Invalid programme family"),
			)
	for field in ("application_doctype", "certified_doctype"):
		dt = doc.get(field)
		if not dt or not doc.certified_doctype:
			continue  # a family that certifies nothing runs its own chain (揭榜挂帅)
		missing = [f for f in CASE_FIELDS if not frappe.get_meta(dt).has_field(f)]
		if missing:
			frappe.throw(
				_(
					"{0} needs the fields {1}: a case belongs to an organisation and its recommending department"
				).format(_(dt), "、".join(missing)),
				title=_("Invalid programme family"),
			)
	if doc.certified_doctype and doc.certified_doctype == doc.application_doctype:
		frappe.throw(
			_("The certified record is a record type of its own, not the application form"),
			title=_("Invalid programme family"),
		)
	if doc.certificate_print_format:
		prints = frappe.db.get_value("Print Format", doc.certificate_print_format, "doc_type")
		if prints != doc.certified_doctype:
			frappe.throw(
				_("Print format {0} prints {1}, not the certified record ({2})").format(
					doc.certificate_print_format,
					_(prints) if prints else "—",
					_(doc.certified_doctype or "—"),
				),
				title=_("Invalid programme family"),
			)
	if doc.public_name_field and not frappe.get_meta(doc.application_doctype).has_field(
		doc.public_name_field
	):
		frappe.throw(
			_("{0} is not a field of {1}").format(doc.public_name_field, _(doc.application_doctype)),
			title=_("Invalid programme family"),
		)
	if doc.certificate_series and "#" not in doc.certificate_series:
		frappe.throw(
			_("The certificate number series needs a running number (.####)"),
			title=_("Invalid programme family"),
		)


def apply_certificate_print(doc):
	"""Programme Family on_update: the certified record prints its certificate by default."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	if doc.certified_doctype and doc.certificate_print_format:
		make_property_setter(
			doc.certified_doctype,
			None,
			"default_print_format",
			doc.certificate_print_format,
			"Data",
			for_doctype=True,
			validate_fields_for_doctype=False,
		)


# ---- scoping of registered DocTypes that hooks.py does not name (the "*" hooks)


def _unhooked_case(doctype: str | None) -> bool:
	if not doctype or doctype not in case_doctypes():
		return False
	hooked = frappe.get_hooks("permission_query_conditions") or {}
	return "policy_app.permissions.case_query" not in (hooked.get(doctype) or [])


def registered_case_query(user: str | None = None, doctype: str | None = None) -> str:
	if not _unhooked_case(doctype):
		return ""
	from policy_app.permissions import case_query

	return case_query(user, doctype)


def registered_case_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool | None:
	if not _unhooked_case(doc.doctype):
		return None
	from policy_app.permissions import case_has_permission

	return case_has_permission(doc, ptype, user)
