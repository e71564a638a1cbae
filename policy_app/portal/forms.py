"""A case's form on the portal (/policy/form), drawn from its DocType's metadata: custom fields and the
fields of a desk-made programme's form come by themselves. What a person may change, and how a change
is stored or a case moved on, is the desk's: the record is saved with the user's own permissions (the
DocType's rules, the controllers' checks, the workflow's guards), and a move is Frappe's apply_workflow.
A table is a list of rows, each with the child's own fields, added and removed on the page. The portal
only leaves out what a website page cannot offer (layout, internal fields)."""

from __future__ import annotations

import json

import frappe
from frappe import _

from policy_app.portal import cases as portal

#: the types a person types or picks on the portal, and the HTML control each gets
INPUTS = {
	"Data": "text",
	"Small Text": "textarea",
	"Text": "textarea",
	"Long Text": "textarea",
	"Text Editor": "textarea",
	"Int": "number",
	"Float": "number",
	"Currency": "number",
	"Percent": "number",
	"Date": "date",
	"Select": "select",
	"Autocomplete": "select",
	"Check": "check",
	"Link": "select",
	"Attach": "file",
	"Table": "table",
}
#: at most this many rows of one table are taken from a page
MAX_ROWS = 500
#: fields the app or the workflow keeps, never offered on the portal's form
KEPT_BY_THE_APP = {"workflow_state", "workflow_remark", "approval_log", "naming_series", "amended_from"}
#: the papers of a submitted application, shown as links and (the sealed scan) uploaded on their own
PAPERS = ("frozen_pdf", "signed_scan")
#: how a desk Autocomplete's description ends: the desk's typing, not the page's list
DESK_TYPING_HINT = ": type part of its name and pick it"
#: how many records a Link field offers to pick from on a page; a table's column (a partner's country)
#: offers its whole list
LINK_CHOICES = 50
ROW_LINK_CHOICES = 500


def call_field(meta) -> str | None:
	"""The form's field naming the call it is filed under, if it has one."""
	return next(
		(f.fieldname for f in meta.fields if f.fieldtype == "Link" and f.options == "Call for Applications"),
		None,
	)


def _choices(doc, df, limit: int = LINK_CHOICES) -> list[dict]:
	"""What a select offers: a Select's options, the scheme's own list for a code field, the records
	the user may read for a Link (their organisations for the organisation)."""
	from policy_app.policy_setup.choices import field_choices

	if df.fieldtype == "Select":
		return [{"value": o, "label": _(o, context=doc.doctype)} for o in (df.options or "").split("\n")]
	if df.fieldtype == "Autocomplete":
		return field_choices(doc, df.fieldname)
	if df.options == "Applicant Organization":
		return [
			{"value": o.name, "label": o.organization_name}
			for o in portal.bound_organisations(frappe.session.user)
		]
	if not df.options or not frappe.has_permission(df.options, "read"):
		return []
	meta = frappe.get_meta(df.options)
	title = meta.title_field if meta.title_field and meta.has_field(meta.title_field) else None
	rows = frappe.get_list(df.options, fields=["name", *([title] if title else [])], limit_page_length=limit)
	# a list Frappe translates (countries) reads in the user's language
	said = _ if meta.translated_doctype else str
	out = [{"value": r.name, "label": said((r.get(title) or r.name) if title else r.name)} for r in rows]
	current = doc.get(df.fieldname)
	if current and current not in {c["value"] for c in out}:
		out.insert(0, {"value": current, "label": portal.link_title(df.options, current)})
	return out


def _editable(doc) -> bool:
	"""Whether the user may change the record now: a draft they may write, in a state whose editors
	include one of their roles (the same rule the workflow guard enforces on save)."""
	from policy_app.controllers.approval import state_editors

	if doc.docstatus != 0:
		return False
	if not doc.is_new() and not frappe.has_permission(doc.doctype, "write", doc):
		return False
	editors = state_editors(doc) if not doc.is_new() else []
	return not editors or bool(set(editors) & set(frappe.get_roles()))


def writable_fields(doc) -> list:
	"""The fields the portal lets the user fill: on the form, not read-only, of a type a page offers,
	at a permission level the user may write (the reviewers' opinions are at a level of their own), and
	among those the record's current step writes where the record says so (`writable_now`)."""
	levels = set(doc.get_permlevel_access("write")) | {0}
	now = set(doc.writable_now()) if hasattr(doc, "writable_now") else None
	return [
		df
		for df in doc.meta.fields
		if df.fieldtype in INPUTS
		and not df.read_only
		and not df.hidden
		and df.fieldname not in KEPT_BY_THE_APP
		and df.fieldname not in PAPERS
		and (df.permlevel or 0) in levels
		and (now is None or df.fieldname in now)
	]


def layout(doc) -> list[frappe._dict]:
	"""The form as sections of fields, in the DocType's order, each with its label, control, value,
	choices and its `depends_on` (the page shows and hides it as the desk does)."""
	editable = _editable(doc)
	writable = {df.fieldname for df in writable_fields(doc)} if editable else set()
	readable = set(doc.get_permlevel_access("read")) | {0}
	sections = [frappe._dict(label="", fields=[])]
	for df in doc.meta.fields:
		if df.fieldtype in ("Section Break", "Tab Break"):
			sections.append(
				frappe._dict(label=_(df.label, context=doc.doctype) if df.label else "", fields=[])
			)
			continue
		if (
			df.fieldtype not in INPUTS
			or df.hidden
			or df.fieldname in KEPT_BY_THE_APP
			or df.fieldname in PAPERS
			or (df.permlevel or 0) not in readable
		):
			continue
		field = frappe._dict(
			fieldname=df.fieldname,
			fieldtype=df.fieldtype,
			control=INPUTS[df.fieldtype],
			label=_(df.label or df.fieldname, context=doc.doctype),
			description=_description(doc, df),
			reqd=bool(df.reqd),
			editable=df.fieldname in writable,
			depends_on=df.depends_on or "",
			value=doc.get(df.fieldname),
		)
		if field.control == "table":
			field.columns = columns(doc, df, to_read=not field.editable)
			field.rows = [_row(field.columns, r) for r in doc.get(df.fieldname) or []]
			if not field.editable and not (field.rows and field.columns):
				continue
			sections[-1].fields.append(field)
			continue
		if field.control == "select":
			field.choices = _choices(doc, df)
		elif field.control == "number" and field.value is not None:
			number = float(field.value)
			field.value = int(number) if number.is_integer() else number  # 800000, not 800000.0
		if not field.editable:
			if field.value in (None, "", 0):
				continue  # nothing to read: an empty box (or an unticked one) the user cannot fill
			field.shown = _shown(doc, df)
		sections[-1].fields.append(field)
	return [s for s in sections if s.fields]


def columns(doc, table_df, to_read: bool = False) -> list[frappe._dict]:
	"""The fields a person fills in each row of a table (`to_read`: those shown of a table the person
	reads only, what the server filled included), in the child's order, each with its control and, for
	a list, its choices (a scheme's list from the record's scheme)."""
	from policy_app.policy_setup.choices import row_choices

	meta = frappe.get_meta(table_df.options)
	out = []
	for df in meta.fields:
		if (
			df.fieldtype not in INPUTS
			or df.fieldtype == "Table"
			or df.hidden
			or (df.read_only and not to_read)
		):
			continue
		col = frappe._dict(
			fieldname=df.fieldname,
			fieldtype=df.fieldtype,
			control=INPUTS[df.fieldtype],
			label=_(df.label or df.fieldname, context=meta.name),
			reqd=bool(df.reqd),
		)
		if col.control == "select":
			col.choices = row_choices(doc, meta.name, df.fieldname)
			if col.choices is None:
				col.choices = _choices(frappe.new_doc(meta.name), df, limit=ROW_LINK_CHOICES)
		out.append(col)
	return out


def _row(cols, row) -> frappe._dict:
	"""One stored row as the page shows it: its name (kept when it is saved again) and its values."""
	values = {}
	for c in cols:
		value = row.get(c.fieldname)
		if c.control == "number" and value is not None:
			number = float(value)
			value = int(number) if number.is_integer() else number
		values[c.fieldname] = value
	shown = {
		c.fieldname: (
			(_("Yes (ticked)") if values[c.fieldname] else _("No (not ticked)"))
			if c.control == "check"
			else next(
				(x["label"] for x in c.get("choices") or [] if x["value"] == values[c.fieldname]),
				values[c.fieldname],
			)
		)
		for c in cols
	}
	return frappe._dict(name=row.name, cells=values, shown=shown)


def _description(doc, df) -> str:
	"""The field's help as the page offers it: the desk's hint for typing into an Autocomplete is left
	out, since the page offers a list to choose from."""
	text = (df.description or "").strip()
	if df.fieldtype == "Autocomplete" and text.endswith(DESK_TYPING_HINT):
		text = text[: -len(DESK_TYPING_HINT)]
	return _(text, context=doc.doctype) if text else ""


def _shown(doc, df) -> str:
	"""A value the user reads but does not change, as the case page shows it."""
	shown = portal.form_fields(doc, only=(df.fieldname,))
	if shown:
		return shown[0].value
	return _("No (not ticked)") if df.fieldtype == "Check" else ""


def form(user: str, doctype: str, name: str | None = None, call: str | None = None) -> frappe._dict:
	"""The form of a case of the user's organisations (`name`), or a new one under an open call."""
	if name:
		portal.case(user, doctype, name)  # another organisation's case is not found, as a made-up one
		doc = frappe.get_doc(doctype, name)
	else:
		doc = new_case(user, doctype, call)
	out = frappe._dict(
		doctype=doctype,
		doctype_label=_(doctype),
		name=doc.name if not doc.is_new() else "",
		title=(doc.get("title") or doc.get("organization_name") or doc.name)
		if not doc.is_new()
		else _("New {0}").format(_(doctype)),
		state=_(doc.workflow_state, context=doctype) if doc.get("workflow_state") else "",
		editable=_editable(doc),
		sections=layout(doc),
		doc={
			df.fieldname: doc.get(df.fieldname)
			for df in doc.meta.fields
			if df.fieldtype in INPUTS and df.fieldtype != "Table"
		},
		call=call or "",
		actions=[],
		papers=[],
	)
	if not doc.is_new():
		out.actions = actions(doc)
		out.papers = papers(doc)
		out.scan_open = scan_open(doc)
		out.can_withdraw = can_withdraw(doc)
	return out


def can_withdraw(doc) -> bool:
	"""Whether the user may take back their own last move (approvals/moves.py decides, as in the desk)."""
	from policy_app.approvals import moves

	if not doc.meta.has_field("approval_log"):
		return False
	try:
		return moves.can_withdraw(doc.doctype, doc.name)
	except frappe.PermissionError:
		return False


def new_case(user: str, doctype: str, call: str | None):
	"""A record not yet stored: the user's organisation and the open call filled in, as the desk's
	new form under a call would be."""
	if doctype not in portal.portal_doctypes() or not frappe.has_permission(doctype, "create"):
		raise frappe.DoesNotExistError
	doc = frappe.new_doc(doctype)
	field = call_field(doc.meta)
	if field:
		if not isinstance(call, str) or call not in {c.name for c in portal.open_calls()}:
			frappe.throw(
				_("Applications are taken only under a call that is open today"), title=_("Call not open")
			)
		doc.set(field, call)
	orgs = portal.bound_organisations(user)
	if doc.meta.has_field("organization") and len(orgs) == 1:
		doc.organization = orgs[0].name
	for df in doc.meta.fields:
		if df.fetch_from and doc.get(df.fetch_from.split(".")[0]) and not doc.get(df.fieldname):
			source, target = df.fetch_from.split(".", 1)
			link = doc.meta.get_field(source)
			if link and link.fieldtype == "Link":
				doc.set(df.fieldname, frappe.db.get_value(link.options, doc.get(source), target))
	return doc


def actions(doc) -> list[frappe._dict]:
	"""The workflow's actions open to the user on the record now, each telling whether it needs a reason."""
	from frappe.model.workflow import get_transitions

	if not doc.meta.has_field("workflow_state"):
		return []
	try:
		moves = get_transitions(doc)
	except frappe.PermissionError:
		return []
	seen, out = set(), []
	for t in moves:
		if t["action"] in seen:
			continue
		seen.add(t["action"])
		out.append(
			frappe._dict(
				action=t["action"],
				label=_(t["action"], context=doc.doctype),
				needs_reason=bool(t.get("needs_reason")),
			)
		)
	return out


def papers(doc) -> list[frappe._dict]:
	"""The submitted application frozen as a PDF and the sealed scan uploaded, where the form has them."""
	return [
		frappe._dict(fieldname=f, label=_(doc.meta.get_label(f), context=doc.doctype), url=doc.get(f))
		for f in PAPERS
		if doc.meta.has_field(f) and doc.get(f)
	]


def scan_open(doc) -> bool:
	"""Whether the sealed scan may be uploaded now (recognition.api.attach_signed_scan decides again)."""
	from policy_app.controllers.stages import stage_of
	from policy_app.engine import stages

	return bool(doc.meta.has_field("signed_scan") and doc.get("frozen_pdf")) and (
		stage_of(doc.doctype, doc.get("workflow_state")) in stages.BEFORE_REVIEW
	)


def values_from(doc, values) -> dict:
	"""The values sent for the fields the user may fill, anything else left out (the desk's form would
	not send it either); a Check is 0 or 1."""
	if isinstance(values, str):
		values = json.loads(values or "{}")
	if not isinstance(values, dict):
		frappe.throw(_("The form was not sent as expected"), title=_("Invalid form"))
	out = {}
	for df in writable_fields(doc):
		if df.fieldname not in values:
			continue
		value = values[df.fieldname]
		if df.fieldtype == "Table":
			value = rows_from(doc, df, value)
		else:
			value = _plain(df, value)
		out[df.fieldname] = value
	return out


def _plain(df, value):
	if df.fieldtype == "Check":
		return 1 if value in (1, "1", True, "true", "on") else 0
	return None if value == "" else value


def rows_from(doc, df, rows) -> list[dict]:
	"""The rows sent for a table: each with the columns a person fills, a row's name kept only when it
	is a row of this very table (a name of another record's row would move that row here)."""
	if not isinstance(rows, list) or len(rows) > MAX_ROWS or not all(isinstance(r, dict) for r in rows):
		frappe.throw(_("The form was not sent as expected"), title=_("Invalid form"))
	own = {r.name: r for r in doc.get(df.fieldname) or []}
	cols = [
		c
		for c in frappe.get_meta(df.options).fields
		if c.fieldname in {x.fieldname for x in columns(doc, df)}
	]
	out = []
	for sent in rows:
		kept = own.get(sent.get("name")) if isinstance(sent.get("name"), str) else None
		row = kept.as_dict(no_default_fields=True) if kept else {}
		row.update({c.fieldname: _plain(c, sent[c.fieldname]) for c in cols if c.fieldname in sent})
		if kept:
			row["name"] = kept.name
		out.append(row)
	return out


def save(user: str, doctype: str, name: str | None, values, call: str | None = None):
	"""Store the form as the user: a new case is inserted, an existing one saved, each with the user's
	permissions and the record's own checks. Returns the stored record."""
	if name:
		portal.case(user, doctype, name)
		doc = frappe.get_doc(doctype, name)
		if not _editable(doc):
			frappe.throw(_("This case cannot be changed in its current state"), frappe.PermissionError)
		doc.update(values_from(doc, values))
		doc.save()
	else:
		doc = new_case(user, doctype, call)
		given = values_from(doc, values)
		orgs = {o.name for o in portal.bound_organisations(user)}
		if "organization" in given and given["organization"] not in orgs:
			raise frappe.PermissionError
		doc.update(given)
		doc.insert()
	return doc
