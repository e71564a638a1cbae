import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class Sanction(Document):
	def validate(self):
		if getdate(self.end_date) <= getdate(self.start_date):
			frappe.throw(_("A sanction must end after it starts"))
