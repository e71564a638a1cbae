"""/policy/notices: the published notices of every scheme, for everyone (policy_app.recognition.public_notices)."""

import frappe
from frappe import _

from policy_app.recognition.public_notices import published_notices

no_cache = 1


def get_context(context):
	# the bureau's website is in Chinese, whatever the visitor's browser asks for
	frappe.local.lang = "zh"
	context.no_cache = 1
	context.title = _("Public Notices")
	context.notices = published_notices()
	return context
