"""The platform's rubric mapping and proposed-points bands of one scheme (data, edited on the form)."""

from frappe.model.document import Document

from policy_app.cooperation_platform.common import check_scheme_rules


class PlatformScoringRule(Document):
	def validate(self):
		check_scheme_rules(self)

	def on_update(self):
		self.clear_cache()
