"""A matter an organisation asks to be rewarded for in its evaluation cycle, under one rule of the scheme.
`override_reason` is the bureau's: its reason to pay beyond a limit the article sets as a rule
(XX-INC §15 原则上同一载体可连续两年享受该类补贴); the engine reads it at publication."""

import frappe
from frappe import _
from frappe.model.document import Document

#: the roles that decide for the bureau whether a rule's "as a rule" limit is set aside
BUREAU_ROLES = ("Bureau Officer", "Bureau Leader")


class PolicyEvaluationClaim(Document):
	pass


def check_override_reasons(doc):
	"""Only the bureau gives or changes a claim's reason to go on; anyone else is refused, naming the row."""
	user = frappe.session.user
	if user == "Administrator" or set(BUREAU_ROLES) & set(frappe.get_roles(user)):
		return
	before = doc.get_doc_before_save()
	was = {r.name: (r.override_reason or "").strip() for r in (before.get("claims") if before else [])}
	for row in doc.get("claims") or []:
		if (row.override_reason or "").strip() != was.get(row.name, ""):
			frappe.throw(
				_(
					"Claim row {0} ({1}): only the bureau gives the reason to go on beyond the article's limit"
				).format(row.idx, row.rule),
				frappe.PermissionError,
				title=_("Not editable"),
			)
