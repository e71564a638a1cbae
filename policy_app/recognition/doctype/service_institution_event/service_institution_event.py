"""One free event a service institution held for the New Area's enterprises (XX-SVC §10: 政策宣讲、专题
培训、企业家沙龙、产学研金对接等活动), with its attendance and evidence; counted in the evaluation of its year
(engine.scoring.events_adjustment)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, today

#: what the event takes from the certified record it was held by
_FROM_RECORD = ("organization", "organization_name", "recommending_district", "scheme")


class ServiceInstitutionEvent(Document):
	def validate(self):
		self.fill_from_record()
		on = getdate(self.event_date)
		if on > getdate(today()):
			frappe.throw(
				_("An event is recorded once it has been held: {0} is in the future").format(
					frappe.format(on, "Date")
				),
				title=_("Event not yet held"),
			)
		if cint(self.attendees) <= 0:
			frappe.throw(_("Give the number of attendees of the event"), title=_("Attendance required"))
		self.year = on.year

	def fill_from_record(self):
		"""The record is a certified record of a programme family (a desk-made one included) that the
		user may read; its organisation, district and scheme are taken from it, not from what was typed."""
		from policy_app.annual_duties.records import check_record_access, check_record_doctype

		check_record_doctype(self.record_doctype)
		values = frappe.db.get_value(
			self.record_doctype, self.service_institution, _FROM_RECORD, as_dict=True
		)
		if not values:
			frappe.throw(
				_("{0} {1} not found").format(_(self.record_doctype), self.service_institution),
				frappe.LinkValidationError,
			)
		check_record_access(self, "service_institution")
		self.update(values)
