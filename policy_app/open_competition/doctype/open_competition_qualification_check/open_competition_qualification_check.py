from frappe.model.document import Document


class OpenCompetitionQualificationCheck(Document):
	pass
