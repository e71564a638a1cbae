"""Whom an evaluation can list as its experts: the users of active `Policy Expert` profiles (the
experts' pool the bureau keeps), never every user of the site."""

from __future__ import annotations

import frappe
from frappe import _


@frappe.whitelist()
def expert_users(doctype=None, txt="", searchfield=None, start=0, page_len=20, filters=None):
	"""Link search of the evaluation's expert picker, for those who list the experts (who may create
	an evaluation: district and bureau officers)."""
	if not frappe.has_permission("Policy Evaluation", "create"):
		frappe.throw(
			_("Only those who list the experts of an evaluation search them"), frappe.PermissionError
		)
	like = f"%{txt or ''}%"
	return frappe.db.sql(
		"""select pe.user, pe.expert_name, pe.employer
		from `tabPolicy Expert` pe
		where pe.active = 1 and ifnull(pe.user, '') != ''
			and (pe.user like %(like)s or pe.expert_name like %(like)s or pe.employer like %(like)s)
		order by pe.expert_name
		limit %(start)s, %(page_len)s""",
		{"like": like, "start": int(start or 0), "page_len": int(page_len or 20)},
	)
