from frappe.model.document import Document


class AnnualReportEvidence(Document):
	pass
