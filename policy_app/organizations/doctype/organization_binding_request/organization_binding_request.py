"""A website user's request to act for an organisation in the applicant portal (/policy). The
organisation's recommending department (or the bureau) confirms it: the user then gets Frappe's User
Permission on the organisation, which is what the portal and the app's scoping read."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_fullname, now_datetime

from policy_app.controllers import work_list

PENDING, CONFIRMED, REFUSED = "Pending", "Confirmed", "Refused"
#: who is asked to decide: the organisation's district officers, else the bureau's officers
DECIDERS = (("District Officer",), ("Bureau Officer",))


class OrganizationBindingRequest(Document):
	def validate(self):
		self.unified_social_credit_code = (self.unified_social_credit_code or "").strip().upper()
		self.full_name = get_fullname(self.user)

	def after_insert(self):
		for roles in DECIDERS:
			users = work_list.readers(self, work_list.users_with_roles(set(roles)))
			if users:
				work_list.replace(
					self, users, _("{0} asks to act for {1}").format(self.full_name, self.organization_name)
				)
				return

	@frappe.whitelist()
	def confirm(self):
		self._decide(CONFIRMED)
		if not frappe.db.exists(
			"User Permission",
			{"user": self.user, "allow": "Applicant Organization", "for_value": self.organization},
		):
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": self.user,
					"allow": "Applicant Organization",
					"for_value": self.organization,
					"apply_to_all_doctypes": 1,
				}
			).insert(ignore_permissions=True)
		self._give_applicant_role()
		self._tell(_("You now act for {0} in the applicant portal").format(self.organization_name))

	def _give_applicant_role(self):
		"""The portal user fills the organisation's forms as Policy Applicant, a role without desk
		access: the user stays a website user and the DocTypes' rules and workflows apply as they are."""
		if "Policy Applicant" in frappe.get_roles(self.user):
			return
		user = frappe.get_doc("User", self.user)
		user.flags.ignore_permissions = True
		user.add_roles("Policy Applicant")

	@frappe.whitelist()
	def refuse(self, reason: str | None = None):
		reason = (reason or "").strip() if isinstance(reason, str) else ""
		if not reason:
			frappe.throw(_("Give the reason for refusing the request"), title=_("Reason required"))
		self.reason = reason
		self._decide(REFUSED)
		self._tell(_("Your request to act for {0} was refused: {1}").format(self.organization_name, reason))

	def _decide(self, status: str):
		# the desk's form buttons come here through run_doc_method, which checks read only
		self.check_permission("write")
		if self.status != PENDING:
			frappe.throw(_("This request has been decided already"), title=_("Already decided"))
		self.status = status
		self.decided_by = frappe.session.user
		self.decided_on = now_datetime()
		self.save(ignore_permissions=True)
		work_list.cancel_open(self.doctype, self.name)

	def _tell(self, subject: str):
		from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification

		enqueue_create_notification(
			self.user,
			{
				"type": "Alert",
				"document_type": self.doctype,
				"document_name": self.name,
				"subject": subject,
				"from_user": frappe.session.user,
			},
		)
