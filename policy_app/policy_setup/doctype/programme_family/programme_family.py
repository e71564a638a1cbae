"""A programme family (#16 item 1): the forms and the certificate of one kind of programme; the rules
live in policy_app/policy_setup/families.py."""

import frappe
from frappe import _
from frappe.model.document import Document

from policy_app.policy_setup import families

#: what the organisation's case scoping reads on every registered form (policy_app/permissions.py)
CASE_FIELDS = ("organization", "recommending_district")


class ProgrammeFamily(Document):
	def validate(self):
		families.check_family(self)
		for field in ("application_doctype", "certified_doctype"):
			dt = self.get(field)
			if not dt or (field == "application_doctype" and not self.certified_doctype):
				continue
			missing = [f for f in CASE_FIELDS if not frappe.get_meta(dt).has_field(f)]
			if missing:
				frappe.throw(
					_(
						"{0} needs the fields {1}: a case belongs to an organisation and its recommending department"
					).format(_(dt), "、".join(missing)),
					title=_("Invalid programme family"),
				)

	def on_update(self):
		families.forget()
		families.apply_certificate_print(self)

	def on_trash(self):
		families.forget()
