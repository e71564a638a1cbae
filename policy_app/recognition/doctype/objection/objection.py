import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.stages import move_to_stage, stage_of, states_in
from policy_app.engine import stages

#: who objected: written by the objector, read by the bureau alone (permission level 1)
IDENTITY = ("objector_name", "objector_id_number", "objector_contact")
#: what an objector on the website adds (also permission level 1): their organisation and email
WEB_CONTACT = ("objector_organization", "objector_email")
#: the outcome as the answer words it (the status options "Upheld"/"Dismissed" read 采纳/不予采纳)
OUTCOME_TEXT = {"Upheld": "The objection is upheld", "Dismissed": "The objection is dismissed"}


class Objection(Document):
	def before_insert(self):
		# a guest objects only through the website's form (policy_app.recognition.public_notices)
		if frappe.session.user == "Guest" and not self.flags.from_website:
			frappe.throw(_("Log in to raise an objection"), frappe.PermissionError)
		self.objector = None if frappe.session.user == "Guest" else frappe.session.user
		# Frappe blanks fields above the user's permission level on insert: the objector writes them
		self.flags.identity = {f: self.get(f) for f in ("objector", *IDENTITY, *WEB_CONTACT)}
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
		# a case in its notice period goes to objection handling, by the move its workflow names; one whose
		# workflow has no such stage (a bid, XX-JBGS §11) stays on notice, held by the open objection
		if stage_of(doc.doctype, doc.workflow_state) == stages.NOTICE and states_in(
			doc.doctype, stages.OBJECTION
		):
			move_to_stage(doc, stages.OBJECTION, _("Objection {0}").format(self.name))

	def validate(self):
		if self.is_new():
			self.update(self.flags.get("identity") or {})
			return
		before = self.get_doc_before_save()
		if before and before.status != "Open" and self.status != before.status:
			frappe.throw(_("This objection is already answered"))

	@frappe.whitelist()
	def resolve(self, outcome: str, conclusion: str, answer: str):
		"""Record the re-review and the answer to the objector, then move the application on. Where the
		scheme asks for it (CQ §11(四) 邀请有关专家进行复议), the experts drawn for this objection must have
		given their opinions first; the conclusion and the answer go to the objector and to the host
		organisation (复议程序及结论……及时公开反馈国合基地建设依托单位和异议提出人)."""
		frappe.only_for(("Bureau Officer", "Policy Administrator", "System Manager"))
		if outcome not in ("Upheld", "Dismissed"):
			frappe.throw(_("Outcome must be Upheld or Dismissed"))
		if not (conclusion or "").strip() or not (answer or "").strip():
			frappe.throw(_("Record the re-review conclusion and the answer to the objector"))
		if self.status != "Open":
			frappe.throw(_("This objection is already answered"))
		doc = frappe.get_doc(self.reference_doctype, self.reference_name)
		self.re_review_draw = self.check_re_review(doc)
		self.status, self.re_review_conclusion, self.answer_to_objector = outcome, conclusion, answer
		self.answered_on = today()
		self.answer_sent_to = "\n".join(self.send_answer(doc))
		self.save()
		if outcome == "Upheld":
			move_to_stage(doc, stages.CLOSED, conclusion)
		elif stage_of(doc.doctype, doc.workflow_state) == stages.OBJECTION and not frappe.db.exists(
			"Objection", {"reference_name": self.reference_name, "status": "Open", "name": ["!=", self.name]}
		):
			move_to_stage(doc, stages.NOTICE, conclusion)
		return self.status

	def check_re_review(self, doc) -> str | None:
		"""The re-review panel of this objection, once the scheme's re-review is done (engine rule)."""
		from policy_app.engine.errors import PolicyError
		from policy_app.engine.reviews import check_re_review
		from policy_app.policy_setup.schemes import get_scheme, throw_policy_error
		from policy_app.recognition.expert_panel import _latest_draw

		draw = _latest_draw(doc.doctype, doc.name, self.name)
		submitted = frappe.db.count(
			"Expert Review", {"objection": self.name, "docstatus": 1, "status": "Submitted"}
		)
		try:
			check_re_review(get_scheme(doc.scheme), bool(draw), submitted)
		except PolicyError as e:
			throw_policy_error(e, title=_("Re-review not finished"))
		return draw

	def send_answer(self, doc) -> list[str]:
		"""The conclusion and the reasoned answer, in Chinese, to the objector (on the objection) and to
		the host organisation's users (on their application, without who objected)."""
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		from policy_app.cooperation_platform.common import org_users

		outcome = _(OUTCOME_TEXT[self.status], lang="zh")
		text = _("Re-review of the objection to {0}: {1}. Conclusion: {2} Answer: {3}", lang="zh").format(
			doc.name, outcome, self.re_review_conclusion.strip(), self.answer_to_objector.strip()
		)
		sent = []
		for users, doctype, name in (
			([self.objector], self.doctype, self.name),
			(sorted(set(org_users(doc.organization)) | {doc.owner}), doc.doctype, doc.name),
		):
			users = [u for u in users if u and u not in ("Administrator", "Guest")]
			if not users:
				continue
			make_notification_logs(
				{
					"type": "Alert",
					"document_type": doctype,
					"document_name": name,
					"subject": text,
					"email_content": text,
					"from_user": frappe.session.user,
				},
				users,
			)
			sent += [u for u in users if u not in sent]
		# an objector from the website has no account: the answer goes to the email they gave
		if not self.objector and self.objector_email:
			try:
				frappe.sendmail(
					recipients=[self.objector_email],
					subject=_("Answer to your objection {0}", lang="zh").format(self.name),
					message=text,
					reference_doctype=self.doctype,
					reference_name=self.name,
				)
				sent.append(self.objector_email)
			except frappe.OutgoingEmailError:
				# the answer stands; the officer is told the site cannot send it and answers by other means
				frappe.clear_last_message()
				frappe.msgprint(
					_("No outgoing email account is set up: tell {0} the answer another way").format(
						self.objector_email
					),
					title=_("Email not sent"),
					indicator="orange",
				)
		return sent
