import frappe
from frappe import _
from frappe.model.document import Document


class OpenCompetitionRecovery(Document):
	def validate(self):
		if self.status == "Recovered" and not (self.recovered_on and self.recovery_evidence):
			frappe.throw(_("Give the date and the evidence of the repayment"), title=_("Evidence required"))
