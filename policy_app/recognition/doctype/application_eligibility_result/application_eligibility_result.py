from frappe.model.document import Document


class ApplicationEligibilityResult(Document):
	pass
