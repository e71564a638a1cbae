"""/policy/notices/<name>: one published notice, its list (public fields only) and the objection form."""

import frappe
from frappe import _
from frappe.utils import escape_html

from policy_app.recognition.public_notices import public_notice

no_cache = 1


def get_context(context):
	frappe.local.lang = "zh"
	context.no_cache = 1
	name = frappe.form_dict.get("name") or ""
	try:
		context.notice = public_notice(name)
	except frappe.DoesNotExistError:
		raise frappe.PageDoesNotExistError
	# the title as HTML (the page and Frappe's breadcrumbs print it as it is): what an applicant typed, escaped
	context.title = escape_html(context.notice["title"])
	context.parents = [{"route": "policy/notices", "title": _("Public Notices")}]
	return context
