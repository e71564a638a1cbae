"""A certified organisation's request to change a major matter of its record (QD §16–17 附件2,
ZJ §16/§23/§24, XX-BASE §14, XX-INC §12): host unit → recommending department → bureau cooperation
division, each signing with an opinion. Which matters exist, which are refused and the reporting limit
are the scheme's (`change_matters`, deadline event `change`); the engine decides, this stays thin."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from policy_app.annual_duties.records import check_record_access, check_record_doctype
from policy_app.controllers.approval import SYSTEM_FIELDS, ApprovalMixin, changed_fields
from policy_app.controllers.stages import stage_of
from policy_app.engine import stages
from policy_app.engine.changes import check_change_request
from policy_app.engine.errors import PolicyError
from policy_app.engine.stage_steps import Step
from policy_app.policy_setup.schemes import get_scheme, throw_policy_error, work_calendar

# Each step is known by the stage (办理阶段) of its workflow state, set in the Workflow form: the request
# is the applicant's while 填报中, the district's while 推荐部门审查, the bureau's from 科技局受理 on.
HOST_SIGN = ("host_unit_opinion", "host_unit_signer", "host_unit_signed_on")
DISTRICT_SIGN = ("district_opinion", "district_signer", "district_signed_on")
BUREAU_SIGN = ("bureau_opinion", "bureau_signer", "bureau_signed_on")
#: stage left → what its step must have written: QD §17(二) 组织专家进行评议 (the optional step)
LEAVING_NEEDS = {stages.EXPERT: "expert_opinion"}
#: the bureau's decision as the notice words it (QD §17(三) 确定批复意见，并下发至组织推荐部门及国合基地)
DECISIONS = {stages.CONCLUDED: "The change is approved", stages.CLOSED: "The change is not approved"}
#: stage → what the one who signs there writes (besides the workflow remark): the district its opinion
#: after the host unit has signed, the bureau its opinion, its finding (CQ §16) and the experts' view
BUREAU_WRITES = ("bureau_opinion", "no_longer_qualifies")
SIGNER_WRITES = {
	stages.DISTRICT: ("district_opinion",),
	stages.ACCEPTANCE: BUREAU_WRITES,
	stages.BUREAU: BUREAU_WRITES,
	stages.EXPERT: (*BUREAU_WRITES, "expert_opinion", "expert_opinion_attachment"),
}


def sign_off_fields(leaving: str | None, entering: str | None) -> tuple[str, str, str] | None:
	"""The sign-off a move records (opinion, signer, date): the bureau's when it decides, else the
	host unit's when the request leaves the applicant (to the district, or straight to the bureau as
	QD §17(一) lets 中央、省驻青单位及市直属单位 do), the district's when it sends it on. A return, or
	a step to the experts, signs nothing."""
	if entering in stages.ENDED:
		return BUREAU_SIGN
	if entering in (stages.PREPARING, stages.EXPERT) or entering is None:
		return None
	return {stages.PREPARING: HOST_SIGN, stages.DISTRICT: DISTRICT_SIGN}.get(leaving)


#: what only the applicant writes: locked once the request has left them
APPLICANT_FIELDS = (
	"record_doctype",
	"record_name",
	"base_name",
	"foreign_partner",
	"partner_country",
	"lead_name",
	"mobile",
	"phone",
	"fax",
	"email",
	"change_date",
	"reason",
	"attachment_list",
	"attachment",
	"host_unit_opinion",
	"matters",
)


def writable_fields(state: str | None) -> tuple[str, ...]:
	"""What may be written while the request sits in `state`: the applicant's request while it is
	theirs, then only the sign-off of the one whose step it is."""
	stage = stage_of("Major Change Request", state)
	return APPLICANT_FIELDS if stages.with_submitter(state, stage) else SIGNER_WRITES.get(stage, ())


class MajorChangeRequest(ApprovalMixin, Document):
	def writable_now(self) -> tuple[str, ...]:
		"""The fields the current step writes (the portal's form offers only these)."""
		return writable_fields(self.workflow_state)

	def onload(self):
		# the form locks what is not the current step's to write (public/js/major_change_request.js)
		self.set_onload("writable_fields", list(self.writable_now()))

	STAGE_STEPS = (
		# who signs where, and what they write: the table of sign_off_fields
		Step("sign_off"),
		Step("check_step_done", entering=tuple(DECISIONS)),
		Step("apply_change", entering=stages.CONCLUDED, after_save=True),
		Step("notify_decision", entering=tuple(DECISIONS), after_save=True),
	)

	def validate_record(self):
		self.fill_from_record()
		self.guard_locked_fields()
		if self.with_submitter(self.previous_state()):
			self.check_matters()

	def apply_change(self):
		from policy_app.changes.apply import apply_change

		apply_change(self)
		if self.no_longer_qualifies:
			self.propose_revocation()

	def check_step_done(self):
		field = LEAVING_NEEDS.get(self.stage_move()[0])
		if field and not (self.get(field) or "").strip():
			frappe.throw(
				_("Write the {0} before the bureau decides").format(_(self.meta.get_label(field))),
				title=_("Opinion required"),
			)

	def notify_decision(self):
		"""QD §17(三) the decision goes down to the recommending department and the base, in Chinese."""
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		from policy_app.cooperation_platform.common import org_users

		users = set(org_users(self.organization)) | {self.owner}
		if self.recommending_district:
			officers = frappe.get_all(
				"User Permission",
				filters={"allow": "District", "for_value": self.recommending_district},
				pluck="user",
				distinct=True,
			)
			users |= {u for u in officers if "District Officer" in frappe.get_roles(u)}
		users = sorted(u for u in users if u and u not in ("Administrator", "Guest", frappe.session.user))
		if not users:
			return
		text = _("Major change request {0} of {1}: {2}. Opinion: {3}", lang="zh").format(
			self.name,
			self.base_name or self.organization_name,
			_(DECISIONS[self.stage()], lang="zh"),
			(self.bureau_opinion or "").strip(),
		)
		make_notification_logs(
			{
				"type": "Alert",
				"document_type": self.doctype,
				"document_name": self.name,
				"subject": text,
				"email_content": text,
				"from_user": frappe.session.user,
			},
			users,
		)

	def propose_revocation(self):
		"""CQ §16 变化后不符合本办法规定条件的，取消其国合基地资格: the bureau's finding proposes the revocation,
		which another officer confirms as every revocation (and CQ §15's ban follows)."""
		from policy_app.annual_duties.title_actions import propose

		matters = "、".join(r.matter_label or r.matter for r in self.matters)
		article = next((r.article for r in self.scheme_matters() if r.article), "")
		propose(
			self.record_doctype,
			self.record_name,
			"Revoke",
			_("After the change ({0}) the base no longer meets the conditions").format(matters),
			article,
			self.doctype,
			self.name,
		)

	def scheme_matters(self):
		chosen = {r.matter for r in self.matters}
		return [m for m in get_scheme(self.scheme).change_matters if m.code in chosen]

	def fill_from_record(self):
		check_record_doctype(self.record_doctype)
		check_record_access(self)
		meta = frappe.get_meta(self.record_doctype)
		fields = [
			"organization",
			"organization_name",
			"recommending_district",
			"scheme",
			"status",
			"certified_on",
		]
		fields += [f for f in ("base_name", "lead_name", "foreign_partner") if meta.has_field(f)]
		record = frappe.db.get_value(self.record_doctype, self.record_name, fields, as_dict=True)
		if not record:
			frappe.throw(
				_("{0} {1} does not exist").format(_(self.record_doctype), self.record_name),
				frappe.DoesNotExistError,
			)
		if self.with_submitter(self.previous_state()) and record.status != "Active":
			frappe.throw(
				_("{0} is {1}: only an active record can ask for a change").format(
					self.record_name, _(record.status, context=self.record_doctype)
				),
				title=_("Not in force"),
			)
		for f in ("organization", "organization_name", "recommending_district", "scheme", "certified_on"):
			self.set(f, record.get(f))
		for f in ("base_name", "lead_name", "foreign_partner"):
			if not self.get(f) and record.get(f):
				self.set(f, record.get(f))
		if not self.base_name:
			self.base_name = record.organization_name
		if self.with_submitter(self.previous_state()):
			# QD §17(一): the unit's standing decides its route while the request is still the applicant's
			self.direct_to_bureau = frappe.db.get_value(
				"Applicant Organization", record.organization, "direct_to_bureau"
			)
		self._record = record

	def check_matters(self):
		"""The scheme's matters: refused ones stop the request, the limit flags a late report."""
		reported_on = getdate(self.reported_on or today())
		try:
			scheme = get_scheme(self.scheme)
			check = check_change_request(
				scheme,
				[r.matter for r in self.matters],
				getdate(self.change_date),
				reported_on,
				work_calendar(scheme.holiday_calendar),
			)
		except PolicyError as e:
			throw_policy_error(e, _("Change not allowed"))
		# stored in the form's own language (the printed 附件2 and the record's history are Chinese)
		record_meta = frappe.get_meta(self.record_doctype)
		for row, matter in zip(self.matters, check.matters, strict=True):
			row.matter_label = matter.label_zh
			row.record_field = matter.record_field if record_meta.has_field(matter.record_field) else ""
			if row.record_field:
				current = frappe.db.get_value(self.record_doctype, self.record_name, row.record_field)
				row.old_value = current if current is not None else row.old_value
				if not (row.new_value or "").strip():
					frappe.throw(
						_("Row {0}: give the new value of {1}").format(row.idx, row.matter_label),
						title=_("New value missing"),
					)
				row.new_value = row.new_value.strip()
				df = record_meta.get_field(row.record_field)
				if df.fieldtype == "Link" and not frappe.db.exists(df.options, row.new_value):
					frappe.throw(
						_("Row {0}: {1} {2} does not exist").format(row.idx, _(df.options), row.new_value),
						title=_("Invalid new value"),
					)
		self.report_due = check.due
		self.reported_late = int(check.late)
		self.late_note = check.late_note()[0]
		self.ends_record = check.ends_record

	def guard_locked_fields(self):
		"""Each step writes only its own part: the applicant the request (the host unit's opinion
		with it) until it has signed, then the district its opinion, then the bureau its own. Values
		are compared as their types (a date the form sends as text is no change)."""
		# the system itself (patches, set-up as Administrator) is not a step of the request, as in the
		# workflow's own state guard (controllers/approval.py)
		if self.flags.get("skip_approval_guards") or frappe.session.user == "Administrator":
			return
		before = self.get_doc_before_save()
		state = before.get("workflow_state") if before else None
		mine = set(writable_fields(state))
		# the fields a person can type into; what the server fills (read-only) it fills itself
		typed = [
			df.fieldname
			for df in self.meta.fields
			if not df.read_only and df.fieldname not in SYSTEM_FIELDS and df.fieldname not in mine
		]
		changed = changed_fields(self, before or frappe.new_doc(self.doctype), typed)
		if not changed:
			return
		if not self.with_submitter(state) and set(changed) & set(APPLICANT_FIELDS):
			frappe.throw(
				_("The request was signed by the host unit; it can no longer be changed"),
				frappe.PermissionError,
			)
		frappe.throw(
			_("{0} is written at another step of the request").format(
				"、".join(_(self.meta.get_label(f)) for f in changed)
			),
			frappe.PermissionError,
		)

	def sign_off(self):
		fields = sign_off_fields(*self.stage_move())
		if not fields:
			return
		opinion, signer, on = fields
		if self.stage() == stages.CLOSED and not (self.get(opinion) or "").strip():
			self.set(opinion, (self.workflow_remark or "").strip())
		if not (self.get(opinion) or "").strip():
			frappe.throw(
				_("Write the {0} before you sign").format(_(self.meta.get_label(opinion))),
				title=_("Opinion required"),
			)
		self.set(signer, frappe.session.user)
		self.set(on, getdate(today()))
		if fields == HOST_SIGN and not self.reported_on:
			self.reported_on = getdate(today())  # reported: the day the host unit first signs
			self.check_matters()
