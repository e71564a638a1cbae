"""/policy/case?doctype=…&name=…: one case of the user's organisations — its fields as its form lays
them out, where it stands and its timeline. Another organisation's case is not found, as a made-up one."""

import frappe
from frappe import _
from frappe.utils import escape_html

from policy_app.portal import cases as portal

no_cache = 1


def get_context(context):
	user = portal.portal_user()
	context.no_cache = 1
	try:
		context.case = portal.case(
			user, frappe.form_dict.get("doctype") or "", frappe.form_dict.get("name") or ""
		)
	except frappe.DoesNotExistError:
		# Frappe's own not-found page answers 200 when raised from here: a real 404, told in words
		context.case = None
		context.http_status_code = 404
	# the title as HTML (the page and Frappe's breadcrumbs print it as it is): what an applicant typed, escaped
	context.title = escape_html(context.case.title) if context.case else _("Case not found")
	context.parents = [{"route": "policy", "title": _("Applicant Portal")}]
	return context
