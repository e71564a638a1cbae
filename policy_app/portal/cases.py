"""What the portal shows a user: the organisations they act for, their binding requests, and the
organisations' cases of every kind with where each stands (state, 办理阶段, who acts next and by when
in working days, the reason of a return) and its timeline from the approval log."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.engine import stages as S
from policy_app.policy_setup import families

#: the cases of an organisation the portal lists beside its applications and certificates
OTHER_CASES = ("Annual Report", "Major Change Request", "Policy Reward")
#: what a portal page never shows of a record, whatever its form has
HIDDEN_TYPES = {
	"Section Break",
	"Column Break",
	"Tab Break",
	"HTML",
	"Button",
	"Table",
	"Table MultiSelect",
	"Attach",
	"Attach Image",
	"Password",
	"Fold",
	"Heading",
	"Signature",
	"Geolocation",
	"JSON",
}


def portal_user() -> str:
	"""The logged-in user a portal page is for (a guest is sent to Frappe's login and back), the page
	in Chinese whatever the browser asks for."""
	frappe.local.lang = "zh"
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=/policy"
		raise frappe.Redirect
	return frappe.session.user


def bound_organisations(user: str) -> list[frappe._dict]:
	"""The organisations a confirmed binding lets `user` act for."""
	names = frappe.get_all(
		"User Permission", filters={"user": user, "allow": "Applicant Organization"}, pluck="for_value"
	)
	if not names:
		return []
	return frappe.get_all(
		"Applicant Organization",
		filters={"name": ["in", names]},
		fields=["name", "organization_name", "unified_social_credit_code", "recommending_district"],
		order_by="organization_name asc",
	)


def binding_requests(user: str) -> list[frappe._dict]:
	rows = frappe.get_all(
		"Organization Binding Request",
		filters={"user": user},
		fields=["name", "organization_name", "unified_social_credit_code", "status", "reason", "creation"],
		order_by="creation desc",
	)
	for r in rows:
		r.status_label = _(r.status, context="Organization Binding Request")
	return rows


def portal_doctypes() -> tuple[str, ...]:
	"""Every kind of an organisation's case: the registered families' forms and records, then the rest."""
	return (*families.application_doctypes(), *families.certified_doctypes(), *OTHER_CASES)


def _next_step(doctype: str, state: str | None) -> tuple[str, list[str]]:
	"""(the state's 办理阶段, the roles that may move it on) from the DocType's workflow."""
	from frappe.model.workflow import get_workflow_name

	from policy_app.controllers.stages import stage_of

	name = get_workflow_name(doctype)
	wf = frappe.get_cached_doc("Workflow", name) if name else None
	if not wf or not state:
		return "", []
	roles = sorted({t.allowed for t in wf.transitions if t.state == state and t.allowed})
	stage = stage_of(doctype, state) or ""
	if stage in (S.CONCLUDED, S.CLOSED, S.VOIDED):
		roles = []
	return stage, roles


def _due(doctype: str, state: str | None, entered) -> str | None:
	from policy_app.approvals.deadlines import deadline_rules, rule_calendar

	rule = next((r for r in deadline_rules(doctype) if r.state == state), None)
	if not rule or not entered:
		return None
	return str(rule_calendar(rule, {}).add_working_days(getdate(entered), int(rule.working_days)))


def _returned_because(doctype: str, log: list) -> str:
	"""The remark of the last move back into the applicant's hands (a return), if that is where it is."""
	from policy_app.controllers.stages import stage_of

	if not log:
		return ""
	last = log[-1]
	if stage_of(doctype, last.to_state) == S.PREPARING and stage_of(doctype, last.from_state) not in (
		None,
		S.PREPARING,
	):
		return last.remarks or ""
	return ""


def _log(doctype: str, name: str) -> list[frappe._dict]:
	if not frappe.get_meta(doctype).has_field("approval_log"):
		return []
	return frappe.get_all(
		"Approval Log Entry",
		filters={"parenttype": doctype, "parent": name},
		fields=["from_state", "to_state", "action", "role", "at", "remarks", "user"],
		order_by="idx asc",
	)


def _summary(doctype: str, row, log: list) -> frappe._dict:
	state = row.get("workflow_state")
	stage, roles = _next_step(doctype, state)
	entered = next((e.at for e in reversed(log) if e.to_state == state), None) or row.creation
	return frappe._dict(
		doctype=doctype,
		doctype_label=_(doctype),
		name=row.name,
		title=row.get("title") or row.get("organization_name") or row.name,
		state=_(state, context=doctype) if state else _(row.get("status") or "", context=doctype),
		stage=_(stage) if stage else "",
		next_roles=[_(r) for r in roles],
		due=_due(doctype, state, entered) if roles else None,
		since=str(getdate(entered)) if entered else "",
		returned_because=_returned_because(doctype, log),
		modified=row.modified,
	)


def cases(user: str) -> list[frappe._dict]:
	"""The cases of every organisation `user` acts for, the most recently changed first."""
	orgs = [o.name for o in bound_organisations(user)]
	if not orgs:
		return []
	out = []
	for doctype in portal_doctypes():
		meta = frappe.get_meta(doctype)
		if not meta.has_field("organization"):
			continue
		fields = ["name", "creation", "modified"] + [
			f for f in ("workflow_state", "status", "title", "organization_name") if meta.has_field(f)
		]
		for row in frappe.get_all(doctype, filters={"organization": ["in", orgs]}, fields=fields):
			out.append(_summary(doctype, row, _log(doctype, row.name)))
	return sorted(out, key=lambda c: c.modified, reverse=True)


def case(user: str, doctype: str, name: str) -> frappe._dict:
	"""One case of the user's organisations, with its fields as its form lays them out and its timeline.
	Another organisation's case and a name that does not exist get the same answer: not found."""
	if doctype not in portal_doctypes() or not isinstance(name, str) or not name:
		raise frappe.DoesNotExistError
	orgs = {o.name for o in bound_organisations(user)}
	org = frappe.db.get_value(doctype, name, "organization")
	if not org or org not in orgs:
		raise frappe.DoesNotExistError
	doc = frappe.get_doc(doctype, name)
	log = _log(doctype, name)
	out = _summary(doctype, doc, log)
	out.fields = form_fields(doc)
	mine = {
		u
		for u in frappe.get_all(
			"User Permission", filters={"allow": "Applicant Organization", "for_value": org}, pluck="user"
		)
	}
	# the bureau's people are named by their role only (专家信息保密): the organisation's own by name
	out.timeline = [
		frappe._dict(
			at=e.at,
			action=_(e.action or "", context=doctype),
			to_state=_(e.to_state or "", context=doctype),
			who=frappe.utils.get_fullname(e.user) if e.user in mine else _(e.role or "") or _("The bureau"),
			remarks=e.remarks or "",
		)
		for e in log
	]
	return out


def form_fields(doc, only: tuple[str, ...] = ()) -> list[frappe._dict]:
	"""The record's fields in its form's order, by their Chinese labels: custom fields and the fields of
	a desk-made form come by themselves. Hidden, higher-level and internal fields are left out; `only`
	keeps those named."""
	out = []
	labels = _scheme_labels(doc)
	for df in doc.meta.fields:
		if only and df.fieldname not in only:
			continue
		if (
			df.fieldtype in HIDDEN_TYPES
			or df.hidden
			or df.permlevel
			or df.fieldname in ("workflow_state", "approval_log")
		):
			continue
		value = doc.get(df.fieldname)
		if value in (None, ""):
			continue
		if df.fieldtype == "Check":
			value = _("Yes (ticked)") if value else _("No (not ticked)")
		elif df.fieldtype == "Select":
			value = _(value)
		elif df.fieldtype in ("Text Editor", "HTML Editor", "Markdown Editor"):
			value = frappe.utils.strip_html(value)
		elif df.fieldtype in ("Date", "Datetime", "Currency", "Float", "Int", "Percent"):
			value = frappe.format_value(value, df, doc)
		elif df.fieldtype == "Link":
			value = link_title(df.options, value)
		elif isinstance(value, str) and value in labels:
			value = labels[value]  # a code of the scheme's lists (a type, a host kind) reads its label
		out.append(frappe._dict(label=_(df.label or df.fieldname, context=doc.doctype), value=value))
	return out


def open_calls() -> list[frappe._dict]:
	"""The calls for applications open today."""
	now = today()
	rows = frappe.get_all(
		"Call for Applications",
		filters={"opens_on": ["<=", now], "closes_on": [">=", now]},
		fields=["name", "title", "scheme", "year", "closes_on"],
		order_by="closes_on asc",
	)
	for r in rows:
		r.doctype = _application_doctype(r.scheme)
	return rows


def _application_doctype(scheme: str) -> str | None:
	"""The form an applicant fills under a call of this scheme, if they may make one."""
	code = frappe.db.get_value("Policy Scheme", scheme, "family")
	forms = families.application_doctypes(code) if code else ()
	return next((d for d in forms if frappe.has_permission(d, "create")), None)


def link_title(doctype: str, name: str) -> str:
	"""What a person reads for a linked record: its title where its DocType has one."""
	meta = frappe.get_meta(doctype)
	field = meta.title_field or ("title_zh" if meta.has_field("title_zh") else None)
	if not field or field == "name":
		return name
	return frappe.db.get_value(doctype, name, field) or name


def _scheme_labels(doc) -> dict[str, str]:
	"""{code: label} of the scheme's categories (types, host kinds), for the fields that hold them."""
	from policy_app.engine.errors import PolicyError
	from policy_app.policy_setup.schemes import scheme_of

	if not doc.get("scheme"):
		return {}
	try:
		scheme = scheme_of(doc)
	except (PolicyError, frappe.DoesNotExistError):
		return {}
	return {c.code: c.label_zh or c.code for c in scheme.categories}
