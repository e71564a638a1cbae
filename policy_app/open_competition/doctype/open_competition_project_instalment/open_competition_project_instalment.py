from frappe.model.document import Document


class OpenCompetitionProjectInstalment(Document):
	pass
