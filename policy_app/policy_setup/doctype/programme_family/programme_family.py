"""A programme family (#16 item 1): the forms and the certificate of one kind of programme; the rules
live in policy_app/policy_setup/families.py."""

from frappe.model.document import Document

from policy_app.policy_setup import families


class ProgrammeFamily(Document):
	def validate(self):
		families.check_family(self)

	def on_update(self):
		families.forget()
		families.give_shared_fields(self)
		families.give_template_words(self)
		families.write_form_script(self)
		families.apply_certificate_print(self)

	def on_trash(self):
		families.forget()
