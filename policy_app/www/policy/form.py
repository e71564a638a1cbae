"""/policy/form?doctype=…&name=…: a case of the user's organisations as a form to fill, save and move on
(submit, withdraw, answer a return), its papers to download and the sealed scan to upload; with
`call=…` and no name, a new application under a call open today. The fields come from the DocType's
metadata (policy_app/portal/forms.py); saving and moving go through the desk's own rules."""

import frappe
from frappe import _
from frappe.utils import escape_html

from policy_app.portal import cases as portal
from policy_app.portal import forms

no_cache = 1


def get_context(context):
	user = portal.portal_user()
	context.no_cache = 1
	args = frappe.form_dict
	doctype = args.get("doctype") if isinstance(args.get("doctype"), str) else ""
	name = args.get("name") if isinstance(args.get("name"), str) else ""
	call = args.get("call") if isinstance(args.get("call"), str) else ""
	context.form = None
	context.problem = ""
	try:
		context.form = forms.form(user, doctype, name or None, call or None)
	except frappe.DoesNotExistError:
		context.http_status_code = 404
	except frappe.ValidationError as e:
		frappe.clear_messages()
		context.problem = str(e)
	if context.form:
		data = {k: context.form[k] for k in ("doctype", "name", "call", "doc", "editable")}
		# inside a <script>: no "</" may close it early
		context.form_json = frappe.as_json(data, indent=None).replace("</", "<\\/")
	# the title as HTML (the page and Frappe's breadcrumbs print it as it is): what an applicant typed, escaped
	context.title = escape_html(context.form.title) if context.form else _("Case not found")
	context.parents = [{"route": "policy", "title": _("Applicant Portal")}]
	return context
