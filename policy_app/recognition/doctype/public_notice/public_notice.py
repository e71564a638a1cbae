import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from policy_app.controllers.stages import move_to_stage, stage_of
from policy_app.engine import stages
from policy_app.engine.errors import PolicyError
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, work_calendar


class PublicNotice(Document):
	def validate(self):
		scheme = get_scheme(self.scheme)
		try:
			period = scheme.notice(self.stage)
			self.working_days = period.working_days
			self.ends_on = work_calendar(scheme.holiday_calendar).notice_end(
				period, getdate(self.published_on)
			)
		except PolicyError as e:
			throw_policy_error(e, _("Invalid public notice"))
		seen = set()
		for item in self.items:
			key = (item.reference_doctype, item.reference_name)
			if key in seen:
				frappe.throw(_("{0} is listed twice").format(item.reference_name))
			seen.add(key)
			doc = frappe.get_doc(item.reference_doctype, item.reference_name)
			if doc.scheme != self.scheme:
				frappe.throw(_("{0} belongs to another scheme").format(item.reference_name))
			# a record may say itself when it is ready and what being listed does to it (evaluations)
			ready = (
				doc.ready_for_notice()
				if hasattr(doc, "ready_for_notice")
				else stage_of(doc.doctype, doc.workflow_state) == stages.AWAITING_NOTICE
			)
			if self.docstatus == 0 and not ready:
				frappe.throw(
					_("{0} is not approved yet").format(item.reference_name), title=_("Not ready for notice")
				)
			item.organization_name = doc.get("organization_name")

	def on_submit(self):
		# a record whose own workflow action publishes this notice makes its move itself
		moving = self.flags.get("moving") or set()
		for item in self.items:
			if (item.reference_doctype, item.reference_name) in moving:
				continue
			doc = frappe.get_doc(item.reference_doctype, item.reference_name)
			if hasattr(doc, "on_public_notice"):
				doc.on_public_notice(self)
				continue
			doc.db_set("public_notice", self.name, update_modified=False)
			moved = move_to_stage(
				doc,
				stages.NOTICE,
				_("Listed in public notice {0} until {1}").format(self.name, self.ends_on),
			)
			# the notice lists the outcome in the app's words (公示), not the English state name
			item.db_set("outcome", _(moved.workflow_state, context=doc.doctype))
