"""The choices a person picks from a scheme's own lists (issue #15: internal codes typed by people).

A form field keeps storing the scheme's code, which the engine reads; what the person sees, types to
search and reads after picking is the row's label in their language. The lists are the scheme's rows,
read through the engine's model, so no list lives twice.
"""

import frappe
from frappe import _

from policy_app.engine.duties import report_deadlines
from policy_app.engine.errors import PolicyError
from policy_app.permissions import readable_record
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error


def _categories(scheme, dimension):
	return [(c.code, c) for c in scheme.categories if c.dimension == dimension]


#: kind of choice → the scheme's rows offered, as (code, row with label_zh / label_en)
_KINDS = {
	# an open-competition scheme offers project categories where the others offer base types
	"type": lambda s: _categories(s, "category" if s.family == "open_competition" else "type"),
	"host_kind": lambda s: _categories(s, "host_kind"),
	"notice_stage": lambda s: [(n.stage, n) for n in s.notice_periods],
	"grade": lambda s: [(b.grade, b) for b in s.grade_bands],
	"report_kind": lambda s: [(d.code, d) for d in report_deadlines(s)],
	"rubric_section": lambda s: [(r.code, r) for r in s.rubric_sections],
	# what a change request may name: the scheme's matters it allows to change (QD §16(二) names some not)
	"change_matter": lambda s: [(m.code, m) for m in s.change_matters if m.allowed],
}


#: DocType → {field holding a scheme's code: the kind of the scheme's list it is picked from}; every
#: programme family's application form and certified record pick their type too (choice_fields)
CHOICE_FIELDS = {
	"Cooperation Base Application": {"base_type": "type", "host_kind": "host_kind"},
	"Service Institution Application": {"base_type": "type"},
	"Incubator Application": {"base_type": "type"},
	"Call for Applications": {"types_open": "type"},
	"Public Notice": {"stage": "notice_stage"},
	"Annual Report": {"report_kind": "report_kind"},
	"Policy Evaluation": {"expert_grade": "grade"},
}
#: a table's column picked from the scheme of the record the row belongs to (the desk's grid has its
#: own script for these, public/js/major_change_request.js; the portal's form reads them here)
ROW_CHOICE_FIELDS = {"Major Change Matter": {"matter": "change_matter"}}
#: fields holding several codes, comma-separated (split_codes in the engine)
MULTI_CHOICE_FIELDS = {"Call for Applications": ["types_open"]}


def choice_fields() -> dict[str, dict[str, str]]:
	"""CHOICE_FIELDS with every registered family's forms, a form made in the desk included."""
	from policy_app.policy_setup import families

	out = {dt: dict(fields) for dt, fields in CHOICE_FIELDS.items()}
	for doctype in (*families.application_doctypes(), *families.certified_doctypes()):
		out.setdefault(doctype, {"base_type": "type"})
	return out


def field_choices(doc, fieldname: str) -> list[dict]:
	"""The choices of one code field of a record, from its scheme's list ([] without a scheme)."""
	kind = choice_fields().get(doc.doctype, {}).get(fieldname)
	if not kind or not doc.get("scheme"):
		return []
	return scheme_choices(doc.scheme, kind)


def row_choices(parent, child_doctype: str, fieldname: str) -> list[dict] | None:
	"""The choices of a table's column from the scheme of the record (None: not a scheme's list)."""
	kind = ROW_CHOICE_FIELDS.get(child_doctype, {}).get(fieldname)
	if not kind:
		return None
	return scheme_choices(parent.scheme, kind) if parent.get("scheme") else []


def boot(bootinfo):
	"""The desk's pickers (public/js/scheme_choices.js) read the same lists as the portal's form."""
	if frappe.session.user != "Guest":
		bootinfo.policy_app_choice_fields = choice_fields()
		bootinfo.policy_app_multi_choice_fields = MULTI_CHOICE_FIELDS


@frappe.whitelist()
def scheme_choices(scheme: str, kind: str) -> list[dict]:
	"""The scheme's choices of `kind` as [{value: code, label}], label in the user's language (the
	code where a row has no label). Refused to whoever may not read the scheme."""
	readable_record("Policy Scheme", scheme)
	if kind not in _KINDS:
		frappe.throw(_("Unknown kind of choice: {0}").format(kind), title=_("Invalid choice list"))
	lang = frappe.local.lang or "zh"
	try:
		rows = _KINDS[kind](get_scheme(scheme))
	except PolicyError as e:
		throw_policy_error(e)
	return [{"value": code, "label": row.label(lang) or code} for code, row in rows]
