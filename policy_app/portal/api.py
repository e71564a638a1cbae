"""The portal's whitelisted methods. Each acts for the logged-in user only."""

from __future__ import annotations

import frappe
from frappe import _

from policy_app.engine.credit_code import credit_code_problem
from policy_app.input_guard import count_attempt

#: binding requests one user may send in an hour (site config `policy_binding_limit` overrides it)
PER_HOUR = 10


def _logged_in() -> str:
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to use the applicant portal"), frappe.PermissionError)
	return frappe.session.user


def _check_flood(user: str):
	if count_attempt(f"policy_binding:{user}") > int(frappe.conf.get("policy_binding_limit") or PER_HOUR):
		frappe.throw(
			_("Too many requests: please try again in an hour"),
			frappe.RateLimitExceededError,
			title=_("Please try again later"),
		)


@frappe.whitelist(methods=["POST"])
def request_binding(unified_social_credit_code: str | None = None) -> dict:
	"""Ask to act for the organisation registered under this unified social credit code; its
	recommending department confirms. Nothing is stored unless the code is valid, registered and not
	already bound or asked for by this user."""
	user = _logged_in()
	_check_flood(user)
	code = (
		(unified_social_credit_code or "").strip().upper()
		if isinstance(unified_social_credit_code, str)
		else ""
	)
	problem = credit_code_problem(code)
	if problem:
		frappe.throw(
			_("Unified social credit code {0} is not valid: {1}").format(
				frappe.utils.escape_html(code), _(problem)
			),
			title=_("Invalid credit code"),
		)
	org = frappe.db.get_value("Applicant Organization", {"unified_social_credit_code": code}, "name")
	if not org:
		frappe.throw(
			_(
				"No organisation is registered under {0}: ask your recommending department to register it"
			).format(code),
			title=_("Organisation not registered"),
		)
	if frappe.db.exists(
		"User Permission", {"user": user, "allow": "Applicant Organization", "for_value": org}
	):
		frappe.throw(_("You act for this organisation already"), title=_("Already bound"))
	if frappe.db.exists(
		"Organization Binding Request", {"user": user, "organization": org, "status": "Pending"}
	):
		frappe.throw(
			_("Your request for this organisation is waiting for its recommending department"),
			title=_("Already asked"),
		)
	doc = frappe.get_doc(
		{
			"doctype": "Organization Binding Request",
			"user": user,
			"unified_social_credit_code": code,
			"organization": org,
		}
	).insert(ignore_permissions=True)
	return {
		"name": doc.name,
		"organization_name": doc.organization_name,
		"status": _(doc.status, context=doc.doctype),
	}


def _case_args(doctype, name) -> tuple[str, str | None]:
	if not isinstance(doctype, str) or (name is not None and not isinstance(name, str)):
		raise frappe.DoesNotExistError
	return doctype, name or None


@frappe.whitelist(methods=["POST"])
def save_case(doctype: str, name: str | None = None, values=None, call: str | None = None) -> dict:
	"""Store the portal's form of a case of the caller's organisations (a new one under an open call
	when no name is given), as the desk's save would: the caller's permissions, the record's checks."""
	from policy_app.portal import forms

	user = _logged_in()
	doctype, name = _case_args(doctype, name)
	try:
		doc = forms.save(user, doctype, name, values or {}, call if isinstance(call, str) else None)
	except frappe.DoesNotExistError:
		frappe.throw(_("Case not found"), frappe.DoesNotExistError)
	return {
		"name": doc.name,
		"doctype": doc.doctype,
		"state": _(doc.get("workflow_state") or "", context=doctype),
	}


@frappe.whitelist(methods=["POST"])
def act_on_case(doctype: str, name: str, action: str, remark: str | None = None) -> dict:
	"""Take a workflow action on a case of the caller's organisations (submit, withdraw, answer a
	return…): its reason stored first where the action needs one, then Frappe's apply_workflow, which
	checks the transition is the caller's to take."""
	from frappe.model.workflow import apply_workflow

	from policy_app.concurrency import retrying_deadlocks
	from policy_app.portal import cases
	from policy_app.recognition.api import set_workflow_remark

	user = _logged_in()
	doctype, name = _case_args(doctype, name)
	if not name:
		raise frappe.DoesNotExistError
	try:
		cases.case(user, doctype, name)
	except frappe.DoesNotExistError:
		frappe.throw(_("Case not found"), frappe.DoesNotExistError)

	def move():
		if isinstance(remark, str) and remark.strip():
			set_workflow_remark(doctype, name, remark)
		return apply_workflow(frappe.get_doc(doctype, name), action)

	doc = retrying_deadlocks(move)
	return {"name": doc.name, "state": _(doc.get("workflow_state") or "", context=doctype)}
