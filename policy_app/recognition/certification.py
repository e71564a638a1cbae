"""Certification: the certified record an approved application becomes, and the daily job that
certifies applications whose public notice has ended without an open objection."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.naming import make_autoname
from frappe.utils import getdate, today

from policy_app.engine import duties
from policy_app.engine.errors import PolicyError
from policy_app.policy_setup.families import (
	application_doctypes,
	carried_answers,
	certificate_series,
	certified_doctype_for,
)
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, work_calendar
from policy_app.recognition import notice_service


class CertifiedRecord(Document):
	def autoname(self):
		if not self.certificate_number:
			year = getdate(self.certified_on).year
			# the family's series (Programme Family), e.g. XX-BASE-2026-0001
			series = (
				certificate_series(self.doctype).replace("{scheme}", self.scheme).replace("{year}", str(year))
			)
			self.certificate_number = make_autoname(series)
		self.name = self.certificate_number


def check_certifiable(app):
	"""Certification only after the notice has run its working days with no open objection; a scheme
	whose document has no recognition notice (ZJ §11) certifies what the leadership approved."""
	if not app.needs_public_notice:
		return
	notice_service.check_over(
		app.public_notice,
		app.doctype,
		[app.name],
		_("The public notice runs until {0}; certification comes after it"),
	)


def create_certified_record(app) -> str:
	scheme = get_scheme(app.scheme)
	certified_on = getdate(today())
	try:
		valid_until = duties.valid_until(scheme, work_calendar(scheme.holiday_calendar), certified_on)
	except PolicyError as e:
		throw_policy_error(e)
	doctype = certified_doctype_for(app.doctype)
	record = frappe.get_doc(
		{
			**carried_answers(app, doctype),
			"doctype": doctype,
			"organization": app.organization,
			"scheme": app.scheme,
			"base_type": app.base_type,
			"certified_on": certified_on,
			"valid_until": valid_until,
			"status": "Active",
			"application_doctype": app.doctype,
			"application": app.name,
			"public_notice": app.public_notice,
			# what later change requests change (QD §16, ZJ §16): taken from the application
			"base_name": app.get("base_name"),
			"lead_name": app.get("lead_person"),
		}
	).insert(ignore_permissions=True)
	return record.name


def certify_due_applications():
	"""Daily: every application still in public notice whose notice ended and has no open objection
	is certified. Running it again finds nothing left to do."""
	from policy_app.controllers.stages import move_to_stage, stage_of
	from policy_app.engine import stages

	done = []
	for notice in frappe.get_all(
		"Public Notice", filters={"docstatus": 1, "ends_on": ["<", today()]}, pluck="name"
	):
		# the recognition applications it lists: a bid or an evaluation on the same notice list moves on
		# by its own step (the project set up, the round made final)
		for item in frappe.get_all(
			"Public Notice Item",
			filters={"parent": notice, "reference_doctype": ["in", application_doctypes()]},
			fields=["reference_doctype", "reference_name"],
		):
			# the row lock makes a parallel run wait here and then find the record already certified
			state = frappe.db.get_value(
				item.reference_doctype, item.reference_name, "workflow_state", for_update=True
			)
			if stage_of(item.reference_doctype, state) != stages.NOTICE:
				continue
			app = frappe.get_doc(item.reference_doctype, item.reference_name)
			if notice_service.open_objections(app.doctype, [app.name]):
				continue
			# one record that cannot be certified is logged and left for the officers; the rest go on
			frappe.db.savepoint("certify_due")
			try:
				move_to_stage(
					app, stages.CONCLUDED, _("Public notice {0} ended without objection").format(notice)
				)
			except Exception:
				frappe.db.rollback(save_point="certify_due")
				frappe.clear_messages()
				frappe.log_error(
					title=_("Certification of {0} failed").format(app.name),
					reference_doctype=app.doctype,
					reference_name=app.name,
				)
				continue
			done.append(app.name)
	return done
