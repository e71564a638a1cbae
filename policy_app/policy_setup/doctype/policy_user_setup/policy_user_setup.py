from frappe.model.document import Document

from policy_app.policy_setup import people


class PolicyUserSetup(Document):
	def autoname(self):
		# the login, one spelling: named after the email as the person types it, in lower case
		self.name = self.email = (self.email or "").strip().lower()

	def validate(self):
		people.validate(self)

	def on_update(self):
		people.apply(self)
