"""What every recognition application (cooperation base, service institution, incubation carrier)
does on the server: call window, eligibility from the scheme, pledge and frozen copy at submission,
the district's checklist, the expert quorum, and the approval guards of the workflow."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.controllers.approval import ApprovalMixin
from policy_app.controllers.child_rows import replace_rows
from policy_app.engine import stages as S
from policy_app.engine.eligibility import Ban, check_eligibility
from policy_app.engine.errors import PolicyError
from policy_app.engine.models import split_codes
from policy_app.engine.stage_steps import Step, other_than
from policy_app.open_competition.common import org_bad_credit
from policy_app.policy_setup.families import certified_doctype_for
from policy_app.policy_setup.schemes import scheme_of, throw_policy_error
from policy_app.policy_setup.versions import version_for
from policy_app.recognition.certification import check_certifiable, create_certified_record


class RecognitionApplication(ApprovalMixin, Document):
	#: what a move means, by the stages of the states it leaves and enters (the Workflow form)
	STAGE_STEPS = (
		Step("on_submission", leaving=S.PREPARING, entering=other_than(S.PREPARING)),
		Step("on_recommendation", leaving=S.DISTRICT, entering=S.ACCEPTANCE),
		Step("check_quorum", leaving=S.EXPERT, entering=other_than(S.EXPERT, S.CLOSED)),
		Step("check_notice_published", leaving=S.AWAITING_NOTICE, entering=S.NOTICE),
		Step("check_certifiable", entering=S.CONCLUDED),
		Step("freeze_copy", leaving=S.PREPARING, entering=other_than(S.PREPARING), after_save=True),
		Step("certify", entering=S.CONCLUDED, after_save=True),
		Step(
			"notify_applicant", leaving=other_than(S.PREPARING), entering=S.TOLD_TO_SUBMITTER, after_save=True
		),
	)

	def validate_record(self):
		self._scheme_memo = None  # read afresh on each save: an edit of the scheme applies at once
		self.check_type()
		self.set_scheme_steps()
		self.derive_facts()
		self.refresh_eligibility()

	def check_notice_published(self):
		if not (
			self.public_notice and frappe.db.get_value("Public Notice", self.public_notice, "docstatus") == 1
		):
			frappe.throw(_("Publish the application in a Public Notice batch"), title=_("No public notice"))

	def check_certifiable(self):
		check_certifiable(self)

	def certify(self):
		if self.certified_record:
			return
		self.db_set(
			{
				"certified_doctype": certified_doctype_for(self.doctype),
				"certified_record": create_certified_record(self),
			},
			update_modified=False,
		)

	def onload(self):
		# the desk's 打印 opens the scheme's own print (public/js/application_print.js)
		from policy_app.recognition.printing import application_print_format

		self.set_onload("application_print_format", application_print_format(self))

	def notify_applicant(self):
		"""The organisation hears when the case comes back to it, is rejected or is certified: whoever
		filled it in and every other user acting for the organisation (a colleague, a portal user bound
		to it), in the desk and by email where their notification settings send one."""
		from policy_app.cooperation_platform.common import notify, org_users

		last = self.approval_log[-1] if self.approval_log else None
		users = {self.owner, *(org_users(self.organization) if self.organization else ())}
		notify(
			list(users - {frappe.session.user}),
			self,
			_("{0} {1}: {2}").format(_(self.doctype), self.name, _(self.workflow_state, context=self.doctype))
			+ (f" — {last.remarks}" if last and last.remarks else ""),
		)

	# ---- rules from the scheme
	def scheme_model(self):
		# the version it was submitted under; before submission, the version in force today. One save
		# asks for it several times (type, steps, facts, panel): it is read and validated once
		key = (self.get("scheme_version"), self.get("scheme"))
		memo = getattr(self, "_scheme_memo", None)
		if not memo or memo[0] != key:
			memo = self._scheme_memo = (key, scheme_of(self))
		return memo[1]

	def check_type(self):
		scheme = self.scheme_model()
		try:
			if self.base_type:
				scheme.category(self.base_type, "type")
				call = frappe.get_cached_doc("Call for Applications", self.call_for_applications)
				if split_codes(call.types_open) and self.base_type not in split_codes(call.types_open):
					frappe.throw(_("Type {0} is not open in this call").format(self.base_type))
			if self.meta.has_field("host_kind") and self.get("host_kind"):
				scheme.category(self.host_kind, "host_kind")
		except PolicyError as e:
			throw_policy_error(e, _("Invalid application"))

	def derive_facts(self):
		"""Facts a form computes from its own rows before the conditions are checked (none by default)."""

	def set_scheme_steps(self):
		"""The steps the scheme's document asks for, stored for the workflow's conditions: a public notice
		before certification (none in ZJ §11) and a site visit before leadership (XX-BASE §9.3, XX-INC §8)."""
		scheme = self.scheme_model()
		self.needs_public_notice = int(scheme.has_notice("recognition"))
		self.needs_site_visit = int(scheme.site_visit_required)

	def facts(self, scheme=None) -> dict:
		facts = {}
		for c in (scheme or self.scheme_model()).eligibility_conditions:
			for name in (c.fact, c.other_fact, (c.applies_when or "").lstrip("!")):
				if name and self.meta.has_field(name):
					value = self.get(name)
					facts[name] = bool(value) if self.meta.get_field(name).fieldtype == "Check" else value
		# the bureau's own finding on the organisation (有违法失信记录) outranks the applicant's tick
		if facts.get("no_dishonesty_record") and org_bad_credit(self.organization):
			facts["no_dishonesty_record"] = False
		return facts

	def bans(self) -> list[Ban]:
		from policy_app.open_competition.common import bans

		return bans(self.organization)

	def eligibility_under(self, scheme, on):
		"""The conditions of `scheme` checked against this application's facts on `on`."""
		try:
			return check_eligibility(
				scheme,
				self.facts(scheme),
				type_code=self.base_type or None,
				host_kind=self.get("host_kind") or None,
				on=on,
				organisation=self.organization,
				bans=self.bans(),
			)
		except PolicyError as e:
			throw_policy_error(e, _("Eligibility cannot be checked"))

	def refresh_eligibility(self):
		lang = (frappe.local.lang or "en").lower()
		result = self.eligibility_under(self.scheme_model(), getdate(today()))
		replace_rows(
			self,
			"eligibility_results",
			[
				{
					"condition": c.code,
					"article": c.article,
					"label": c.label_zh if lang.startswith("zh") else c.label_en,
					"passed": c.passed,
					"group_code": c.group_code,
					"reason": c.reason_zh if lang.startswith("zh") else c.reason_en,
				}
				for c in result.conditions
			],
		)
		self.eligible = int(result.eligible)
		self._eligibility = result

	# ---- submission
	def on_submission(self):
		# judged from now on by the version in force today, also after a return (policy_setup/versions.py)
		if not self.scheme_version:
			self.scheme_version = version_for(self.scheme)
		call = frappe.get_doc("Call for Applications", self.call_for_applications)
		if not call.is_open():
			frappe.throw(
				_("Applications to this call are accepted from {0} to {1}").format(
					call.opens_on, call.closes_on
				),
				title=_("The call is closed"),
			)
		if not self._eligibility.eligible:
			reasons = self._eligibility.reasons("zh" if (frappe.local.lang or "").startswith("zh") else "en")
			frappe.throw("<br>".join(reasons), title=_("Conditions not met"))
		if not self.pledge_accepted:
			frappe.throw(_("Make the integrity pledge before submitting"), title=_("Pledge required"))
		if not self.formal_review:
			for item in self.scheme_model().checklist_items:
				if item.stage == "formal_review":
					self.append(
						"formal_review",
						{
							"item": item.code,
							"label": item.label(frappe.local.lang or "zh"),
							"required": item.required,
						},
					)

	def freeze_copy(self):
		"""The submitted version becomes a PDF the applicant prints, signs and seals. A queue worker
		renders it once the submission is committed: a failing PDF never undoes the submission, and a
		deadline day's rush of submissions does not wait for wkhtmltopdf (benchmarks/portal_rush.py)."""
		frappe.enqueue(
			"policy_app.recognition.application.make_frozen_copy",
			queue="short",
			enqueue_after_commit=True,
			job_id=f"policy-frozen::{self.doctype}::{self.name}",
			deduplicate=True,
			doctype=self.doctype,
			name=self.name,
		)

	# ---- district and bureau steps
	def on_recommendation(self):
		if not self.signed_scan:
			frappe.throw(
				_("Upload the signed and sealed scan of the frozen application first"),
				title=_("Scan required"),
			)
		missing = [r.label for r in self.formal_review if r.required and r.result != "Pass"]
		if missing:
			frappe.throw(
				_("Formal review items not passed: {0}").format("、".join(missing)),
				title=_("Formal review incomplete"),
			)
		failed_without_note = [
			r.label for r in self.formal_review if r.result == "Fail" and not (r.note or "").strip()
		]
		if failed_without_note:
			frappe.throw(_("Note why each failed item failed: {0}").format("、".join(failed_without_note)))
		if not (self.recommendation_opinion or "").strip():
			frappe.throw(_("Write the recommendation opinion"), title=_("Opinion required"))

	def check_quorum(self):
		"""The panel's quorum, or the third party's opinion where the scheme says so (CQ §11(三))."""
		from policy_app.recognition import expert_panel

		expert_panel.check_review_finished(self)


def make_frozen_copy(doctype: str, name: str):
	"""The queue's job: the frozen copy made, or the failure logged for the administrator (the
	applicant can still print the form)."""
	try:
		freeze_application_pdf(doctype, name)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		frappe.log_error(title=f"Frozen copy of {name} could not be made")
		frappe.db.commit()


def freeze_application_pdf(doctype: str, name: str):
	"""The frozen copy is the scheme's own print of the application (its `application_print_format`)."""
	from policy_app.recognition.printing import application_print_format

	doc = frappe.get_doc(doctype, name)
	print_format = application_print_format(doc)
	lang = (
		frappe.db.get_value("Print Format", print_format, "default_print_language") if print_format else None
	)
	pdf = frappe.attach_print(
		doctype, name, file_name=f"{name}-frozen", print_format=print_format, doc=doc, lang=lang or None
	)
	saved = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": pdf["fname"],
			"content": pdf["fcontent"],
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value(doctype, name, "frozen_pdf", saved.file_url, update_modified=False)
