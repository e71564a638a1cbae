import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import move

#: who objected: written by the objector, read by the bureau alone (permission level 1)
IDENTITY = ("objector_name", "objector_id_number", "objector_contact")


class Objection(Document):
	def before_insert(self):
		if frappe.session.user == "Guest":
			frappe.throw(_("Log in to raise an objection"), frappe.PermissionError)
		self.objector = frappe.session.user
		# Frappe blanks fields above the user's permission level on insert: the objector writes them
		self.flags.identity = {f: self.get(f) for f in ("objector", *IDENTITY)}
		self.status = "Open"
		notice = frappe.get_doc("Public Notice", self.public_notice)
		if notice.docstatus != 1 or getdate(today()) > getdate(notice.ends_on):
			frappe.throw(
				_("Objections are accepted while the notice runs ({0} to {1})").format(
					notice.published_on, notice.ends_on
				)
			)
		if not any(
			i.reference_doctype == self.reference_doctype and i.reference_name == self.reference_name
			for i in notice.items
		):
			frappe.throw(_("{0} is not listed in this notice").format(self.reference_name))

	def after_insert(self):
		doc = frappe.get_doc(self.reference_doctype, self.reference_name)
		if doc.workflow_state == "Public Notice":
			move(doc, "Raise Objection", _("Objection {0}").format(self.name))

	def validate(self):
		if self.is_new():
			self.update(self.flags.get("identity") or {})
			return
		before = self.get_doc_before_save()
		if before and before.status != "Open" and self.status != before.status:
			frappe.throw(_("This objection is already answered"))

	@frappe.whitelist()
	def resolve(self, outcome: str, conclusion: str, answer: str):
		"""Record the re-review and the answer to the objector, then move the application on."""
		frappe.only_for(("Bureau Officer", "Policy Administrator", "System Manager"))
		if outcome not in ("Upheld", "Dismissed"):
			frappe.throw(_("Outcome must be Upheld or Dismissed"))
		if not (conclusion or "").strip() or not (answer or "").strip():
			frappe.throw(_("Record the re-review conclusion and the answer to the objector"))
		if self.status != "Open":
			frappe.throw(_("This objection is already answered"))
		self.status, self.re_review_conclusion, self.answer_to_objector = outcome, conclusion, answer
		self.answered_on = today()
		self.save()
		doc = frappe.get_doc(self.reference_doctype, self.reference_name)
		if outcome == "Upheld":
			move(doc, "Uphold Objection", conclusion)
		elif not frappe.db.exists(
			"Objection", {"reference_name": self.reference_name, "status": "Open", "name": ["!=", self.name]}
		):
			move(doc, "Dismiss Objection", conclusion)
		return self.status
