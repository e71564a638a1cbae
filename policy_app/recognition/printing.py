"""The application's own print: which print format a scheme's applications print in (the scheme's
`application_print_format`), and what the formats show of the scheme's eligibility conditions.

The print formats are the documents' own forms (QD 附件1, XX-SVC 附件) or, where a document has none, a
clean layout titled after its measures; their shared parts (style, eligibility table, pledge, sign-off
boxes) live in policy_app/templates/print/application_parts.html."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import formatdate

from policy_app.policy_setup.families import application_doctypes
from policy_app.policy_setup.schemes import get_scheme


def application_print_format(doc) -> str | None:
	"""The print format the scheme of this application names, if it names one for this record type."""
	if not doc.get("scheme"):
		return None
	name = frappe.db.get_value("Policy Scheme", doc.scheme, "application_print_format")
	if name and frappe.db.get_value("Print Format", name, "doc_type") == doc.doctype:
		return name
	return None


def check_print_format(scheme_doc) -> None:
	"""A scheme's application print format must print that scheme's applications."""
	name = scheme_doc.get("application_print_format")
	if not name:
		return
	doc_type = frappe.db.get_value("Print Format", name, "doc_type")
	expected = next(iter(application_doctypes(scheme_doc.get("family"))), None)
	if doc_type != expected:
		frappe.throw(
			_("Print format {0} prints {1}, not this scheme's applications ({2})").format(
				name, _(doc_type) if doc_type else "—", _(expected) if expected else "—"
			),
			title=_("Invalid application print format"),
		)


def _declared(doc, fieldname: str) -> str:
	if not fieldname or not doc.meta.has_field(fieldname):
		return ""
	df = doc.meta.get_field(fieldname)
	value = doc.get(fieldname)
	if df.fieldtype == "Check":
		return "■是　□否" if value else "□是　■否"
	if value in (None, ""):
		return ""
	if df.fieldtype == "Date":
		return formatdate(value, "yyyy年MM月dd日")
	if df.fieldtype == "Currency":
		return f"{frappe.utils.flt(value) / 10000:,.2f} 万元"
	if df.fieldtype in ("Int", "Float"):
		return frappe.utils.cstr(frappe.utils.flt(value)).removesuffix(".0")
	return frappe.utils.cstr(value)


def application_eligibility_rows(doc) -> list[dict]:
	"""One row per condition of the application's scheme that applies to it: the article, the condition
	in the document's words, what the applicant declared for it and the check's result (序号 numbered by
	the format itself, not Frappe's "Sr")."""
	scheme = get_scheme(doc.scheme)
	results = {r.condition: r for r in doc.get("eligibility_results") or []}
	rows = []
	for c in scheme.eligibility_conditions:
		result = results.get(c.code)
		if not result:
			continue
		declared = [_declared(doc, c.fact)]
		if c.other_fact:
			declared.append(_declared(doc, c.other_fact))
		rows.append(
			{
				"article": c.article,
				"label": c.label_zh,
				"declared": "；".join(d for d in declared if d),
				"passed": bool(result.passed),
				"reason": result.reason or "",
			}
		)
	return rows


def application_type_label(doc) -> str:
	"""The scheme's name for the application's type (申报类型), in Chinese."""
	if not doc.get("base_type"):
		return ""
	for c in get_scheme(doc.scheme).categories:
		if c.code == doc.base_type and c.dimension == "type":
			return c.label_zh
	return doc.base_type
