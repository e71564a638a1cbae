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


def public_name_field(doctype: str) -> str | None:
	"""The field a public notice shows of a listed record: its family's (Programme Family), or the one
	its controller names (a bid: the demand it answers)."""
	f = family_of(doctype)
	if f:
		return f.get("public_name_field")
	from frappe.model.base_document import get_controller

	return getattr(get_controller(doctype), "PUBLIC_NAME_FIELD", None)


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
		if not dt or not doc.certified_doctype or is_desk_made(dt):
			continue  # 揭榜挂帅 runs its own chain; a desk-made form is given the fields when saved
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

	if doc.certified_doctype and doc.certificate_print_format and not is_desk_made(doc.certified_doctype):
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


# ---- a DocType made in the desk as a family's application form or certified record

#: the template whose shared fields (the case, its eligibility panel, sign-offs and log) a desk-made
#: form of a family is given, and those fields; the rest of the template is its own programme's facts
APPLICATION_TEMPLATE = "Service Institution Application"
APPLICATION_FIELDS = (
	"call_for_applications",
	"scheme",
	"scheme_version",
	"scheme_jurisdiction",
	"application_year",
	"organization",
	"organization_name",
	"recommending_district",
	"direct_to_bureau",
	"base_type",
	"eligible",
	"needs_public_notice",
	"needs_site_visit",
	"eligibility_results",
	"pledge_text",
	"pledge_accepted",
	"frozen_pdf",
	"signed_scan",
	"avoid_list",
	"formal_review",
	"recommendation_opinion",
	"expert_panel_html",
	"certified_doctype",
	"certified_record",
	"public_notice",
	"workflow_remark",
	"approval_log",
	# the state field Frappe's Workflow would add as a Custom Field, which only a System Manager may
	# make: the form has it before its workflow is made, and a record saved before then has its state
	"workflow_state",
)
CERTIFIED_TEMPLATE = "Service Institution"
CERTIFIED_FIELDS = (
	"certificate_number",
	"organization",
	"organization_name",
	"recommending_district",
	"scheme",
	"base_type",
	"status",
	"certified_on",
	"valid_until",
	"application_doctype",
	"application",
	"public_notice",
	"medal_level",
	"medal_tier",
	"ended_on",
	"end_reason",
	"change_history",
)
#: what a shared field keeps of its template's definition
#: what a permission row of the template form says, copied to a bare desk-made form: its role,
#: level and owner rule, and Frappe's own list of rights
_PERMISSION_SCOPE = ("role", "permlevel", "if_owner")
#: rights Frappe refuses on a DocType without the feature they act on
_RIGHTS_NEEDING = {
	"import": "allow_import",
	"submit": "is_submittable",
	"cancel": "is_submittable",
	"amend": "is_submittable",
}
_FIELD_PROPERTIES = (
	"fieldname",
	"label",
	"fieldtype",
	"options",
	"reqd",
	"read_only",
	"hidden",
	"default",
	"fetch_from",
	"fetch_if_empty",
	"description",
	"no_copy",
	"depends_on",
	"in_list_view",
	"in_standard_filter",
	"allow_on_submit",
	"permlevel",
	"print_hide",
	"search_index",
	"unique",
	"ignore_user_permissions",
	"link_filters",
)


def is_desk_made(doctype: str | None) -> bool:
	return bool(doctype) and bool(frappe.db.get_value("DocType", doctype, "custom"))


def desk_made_forms(doc):
	"""(DocType, template) for each of a family's forms made in the desk: its application form and
	certified record, each with the shipped form it takes its shared fields, words and scripts from."""
	if not doc.certified_doctype:
		return []
	return [
		(doctype, template)
		for doctype, template in (
			(doc.application_doctype, APPLICATION_TEMPLATE),
			(doc.certified_doctype, CERTIFIED_TEMPLATE),
		)
		if is_desk_made(doctype)
	]


def _permission_row(target, p) -> dict:
	from frappe.permissions import rights

	row = {k: p.get(k) for k in (*_PERMISSION_SCOPE, *rights)}
	for right, feature in _RIGHTS_NEEDING.items():
		row[right] = row.get(right) if target.get(feature) else 0
	return row


def give_shared_fields(doc):
	"""Programme Family on_update: a desk-made form of the family gets the fields the shared chain reads,
	those it lacks, in a section of their own at the end, as the Form Builder would add them; a form with
	no roles yet but the System Manager's gets the template form's."""
	shared = {APPLICATION_TEMPLATE: APPLICATION_FIELDS, CERTIFIED_TEMPLATE: CERTIFIED_FIELDS}
	for doctype, template in desk_made_forms(doc):
		names = shared[template]
		target = frappe.get_doc("DocType", doctype)
		have = {f.fieldname for f in target.fields}
		missing = [n for n in names if n not in have]
		# a form fresh from 新建 DocType has only the System Manager's row: it gets the template form's
		# roles (applicant, district, bureau, experts…), which the administrator may then change
		bare = {p.role for p in target.permissions} <= {"System Manager", "Administrator"}
		if not missing and not bare:
			continue
		source = frappe.get_meta(template)
		# a shared field the template keeps at a higher level (the district's checklist and opinion)
		# comes with the template's rows of that level, for the roles the form gives level 0 to
		levels = {source.get_field(n).permlevel or 0 for n in missing} - {0}
		for p in source.permissions:
			ours = {(q.role, q.permlevel or 0, q.if_owner or 0) for q in target.permissions}
			has_role = p.role in {q.role for q in target.permissions if not q.permlevel}
			copy = (p.role, p.permlevel or 0, p.if_owner or 0) not in ours and (
				(bare and (p.permlevel or 0) == 0) or ((p.permlevel or 0) in levels and (bare or has_role))
			)
			if copy:
				target.append("permissions", _permission_row(target, p))
		if missing and "programme_case_section" not in have:
			target.append(
				"fields",
				{"fieldname": "programme_case_section", "fieldtype": "Section Break", "label": "Case"},
			)
		for name in missing:
			df = source.get_field(name)
			target.append("fields", {p: df.get(p) for p in _FIELD_PROPERTIES if df.get(p) not in (None, "")})
		if doctype == doc.certified_doctype:
			# the certificate number is the record's name (CertifiedRecord.autoname), its print the certificate
			target.autoname = "field:certificate_number"
			target.naming_rule = "By fieldname"
			target.default_print_format = doc.certificate_print_format or target.default_print_format
		target.flags.ignore_permissions = True
		target.save()


def carried_answers(app, record_doctype: str) -> dict:
	"""What a desk-made certified record takes from the application it certifies: the answers to the
	questions both forms ask (机构名称 …), its own fields named and typed as one of the application
	form's. The shared fields are the certification's to fill; a shipped record names what it takes."""
	from frappe.model import no_value_fields, table_fields

	if not is_desk_made(record_doctype):
		return {}
	asked = frappe.get_meta(app.doctype)
	out = {}
	for df in frappe.get_meta(record_doctype).fields:
		if (
			df.fieldname in CERTIFIED_FIELDS
			or df.fieldtype in no_value_fields
			or df.fieldtype in table_fields
		):
			continue
		source = asked.get_field(df.fieldname)
		if source and source.fieldtype == df.fieldtype and app.get(df.fieldname) not in (None, ""):
			out[df.fieldname] = app.get(df.fieldname)
	return out


def give_template_words(doc):
	"""Programme Family on_update: a desk-made form of the family reads the template form's words for
	Frappe's common ones (Submitted → 已提交推荐部门, Accepted → 已受理, Active → 有效: zh.csv rows in the
	template DocType's context), as Translation records in its own context, which the administrator may
	change in the Translation list; a word it already has is left as it is."""
	import os

	from frappe.translate import get_translation_dict_from_file

	folder = frappe.get_app_path("policy_app", "translations")
	for doctype, template in desk_made_forms(doc):
		suffix = f":{template}"
		for file in sorted(os.listdir(folder)):
			lang = file.removesuffix(".csv")
			words = get_translation_dict_from_file(os.path.join(folder, file), lang, "policy_app")
			have = set(
				frappe.get_all(
					"Translation", filters={"language": lang, "context": doctype}, pluck="source_text"
				)
			)
			for key, text in sorted(words.items()):
				source = key.removesuffix(suffix)
				if source == key or source in have:
					continue
				frappe.get_doc(
					{
						"doctype": "Translation",
						"language": lang,
						"source_text": source,
						"context": doctype,
						"translated_text": text,
					}
				).insert(ignore_permissions=True)


_CLASSES: dict[tuple[str, type], type] = {}


def _plain_document():
	from frappe.model.document import Document

	return Document.__new__(Document)


def _reduce_as_document(doc, protocol):
	"""A record of a desk-made form is pickled (a queued job's argument) as the plain Document Frappe
	gives its DocType: a worker's process has no class made here, and the record's first event there
	gives it the shared behaviour again."""
	return (_plain_document, (), doc.__getstate__())


def programme_doc(doc):
	"""A record of a desk-made DocType registered as a family's form takes the shared behaviour: its
	class becomes the shared controller's (`RecognitionApplication`, `CertifiedRecord`), since Frappe
	gives a desk-made DocType its plain Document. Records of the app's own DocTypes are left alone."""
	from frappe.model.document import Document
	from frappe.utils.nestedset import NestedSet

	if type(doc) not in (Document, NestedSet):
		return doc
	f = family_of(doc.doctype)
	if not f or not f["certified_doctype"]:
		return doc
	from policy_app.recognition.application import RecognitionApplication
	from policy_app.recognition.certification import CertifiedRecord

	base = RecognitionApplication if doc.doctype == f["application_doctype"] else CertifiedRecord
	cls = _CLASSES.get((doc.doctype, base))
	if cls is None:
		cls = _CLASSES[(doc.doctype, base)] = type(
			"".join(c for c in doc.doctype.title() if c.isalnum()) or "ProgrammeRecord",
			(base,),
			{"__module__": __name__, "__reduce_ex__": _reduce_as_document},
		)
	doc.__class__ = cls
	return doc


def attach_behaviour(doc, method=None):
	"""doc_events "*" (onload, before_insert, before_validate): the first event of a record of a
	registered desk-made DocType gives it the shared behaviour, and runs the shared method of that event
	Frappe looked up before the class changed."""
	from frappe.model.document import Document

	before = type(doc)
	programme_doc(doc)
	if type(doc) is not before and method:
		own = getattr(type(doc), method, None)
		if own is not None and own is not getattr(Document, method, None):
			own(doc)


@frappe.whitelist()
def create_workflow(family: str) -> str:
	"""The family's application form gets its own copy of the shared recognition workflow (the template
	form's), every state with its stage, to be renamed, extended or shortened in the Workflow form."""
	frappe.only_for(("Policy Administrator", "System Manager"))
	f = frappe.get_doc("Programme Family", family)
	if frappe.db.exists("Workflow", {"document_type": f.application_doctype, "is_active": 1}):
		frappe.throw(
			_("{0} already has an active workflow").format(_(f.application_doctype)),
			title=_("Workflow exists"),
		)
	template = frappe.db.get_value("Workflow", {"document_type": APPLICATION_TEMPLATE, "is_active": 1})
	workflow = frappe.copy_doc(frappe.get_doc("Workflow", template))
	workflow.workflow_name = _("{0} Recognition").format(f.title_zh)
	workflow.document_type = f.application_doctype
	workflow.is_active = 1
	workflow.insert()
	return workflow.name


def write_form_script(doc):
	"""Programme Family on_update (and every migrate): a desk-made application form gets the desk
	scripts of the template form (eligibility panel, reason dialogs, 撤回/转办/抄送, the scheme's print),
	a desk-made certified record those of the template record (its type by the scheme's label), each
	as a Client Script, since Frappe loads an app's form scripts only for the DocTypes its hooks name."""
	hooked = frappe.get_hooks("doctype_js", app_name="policy_app")
	for doctype, template in desk_made_forms(doc):
		parts = []
		for path in hooked.get(template) or []:
			with open(frappe.get_app_path("policy_app", path), encoding="utf-8") as f:
				parts.append(f"// ---- policy_app/{path}\n{f.read()}")
		name = f"policy_app: {doctype}"
		script = frappe.get_doc("Client Script", name) if frappe.db.exists("Client Script", name) else None
		if script is None:
			script = frappe.new_doc("Client Script")
			script.name = name
		script.update({"dt": doctype, "view": "Form", "enabled": 1, "script": "\n".join(parts)})
		script.flags.ignore_permissions = True
		script.save()


def refresh_form_scripts():
	"""after_migrate: the Client Scripts of desk-made forms follow the app's scripts."""
	if not frappe.db.table_exists("Programme Family"):
		return
	for name in frappe.get_all("Programme Family", pluck="name"):
		write_form_script(frappe.get_doc("Programme Family", name))
