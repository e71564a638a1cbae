import frappe
from frappe import _
from frappe.model.document import Document


class ExpertDraw(Document):
	"""The record of one random draw: made only by `expert_panel.draw_panel`, never changed after."""

	def before_insert(self):
		if not self.flags.from_panel_draw:
			frappe.throw(_("Expert draws are made with Draw Expert Panel"), frappe.PermissionError)

	def validate(self):
		if not self.is_new():
			frappe.throw(_("An expert draw cannot be changed once it is made"), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("An expert draw cannot be deleted"), frappe.PermissionError)
