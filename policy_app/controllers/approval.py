"""Guards that Frappe's workflows leave to the browser, enforced on the server for every workflow of
the app, and the approval log they write.

- A move between states must be a transition of the workflow the user may take (Frappe checks this)
  and, unless the transition allows it, not on a record the user created themselves.
- A transition ticked 需填写理由 (`needs_reason`, set in the Workflow form) needs a reason
  (`workflow_remark`); the desk's reason dialog (public/js/workflow_reason.js) reads the same tick.
- While a record sits in a state, only the roles the workflow lets edit in that state may change it.
- Every move lands in the approval log: from, to, action, user, role, whom a delegate acts for, time,
  remarks. Withdrawal, transfer and copy for information (policy_app/approvals/moves.py) write to the
  same log.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from policy_app.engine.stage_steps import Step, steps_for

#: fields the app itself maintains; a change to them alone is not an edit by the user
SYSTEM_FIELDS = {
	"workflow_state",
	"workflow_remark",
	"approval_log",
	"eligibility_results",
	"eligible",
	"frozen_pdf",
	"certified_record",
	"certified_doctype",
	"public_notice",
	"modified",
	"modified_by",
}


class ApprovalMixin:
	"""Mix into a Document whose DocType has a workflow, a `workflow_remark` field and an
	`approval_log` table of `Approval Log Entry`.

	Every save goes the one way: the guard, the record's own checks (`validate_record`), the steps its
	move sets off (`STAGE_STEPS`, engine/stage_steps.py), the log; once stored, what the record does
	on every save (`on_record_update`), the after-save steps of its move, and the work list."""

	#: what a move sets off, by the stages of the states it leaves and enters (engine/stage_steps.py)
	STAGE_STEPS: tuple[Step, ...] = ()

	def update_child_table(self, fieldname: str, df=None):
		# a move appends one log row: the other rows, unchanged, are not written again (child_rows.py)
		from policy_app.controllers.child_rows import write_changed_rows

		write_changed_rows(self, fieldname, df, super().update_child_table)

	def validate(self):
		self.guard_workflow()
		self.validate_record()
		self.run_stage_steps(after_save=False)
		self.log_transition()

	def validate_record(self):
		"""The record's own checks, on every save, before the steps of a move."""

	def on_update(self):
		self.on_record_update()
		if self.state_changed():
			self.run_stage_steps(after_save=True)
			assign_next_actors(self)

	def on_record_update(self):
		"""What the record does once stored, on every save, before the after-save steps of a move."""

	def run_stage_steps(self, *, after_save: bool):
		if not self.state_changed():
			return
		leaving, entering = self.stage_move()
		for method in steps_for(self.STAGE_STEPS, leaving, entering, after_save=after_save):
			getattr(self, method)()

	def workflow(self):
		from frappe.model.workflow import get_workflow_name

		name = get_workflow_name(self.doctype)
		return frappe.get_cached_doc("Workflow", name) if name else None

	def previous_state(self) -> str | None:
		before = self.get_doc_before_save()
		return before.get("workflow_state") if before else None

	def state_changed(self) -> bool:
		return not self.is_new() and self.previous_state() != self.workflow_state

	# ---- what a state means: its stage (办理阶段), set in the Workflow form (controllers/stages.py)
	def stage(self, state: str | None | object = ...) -> str | None:
		"""The stage of a state of this record's workflow, of the current state by default."""
		from policy_app.controllers.stages import stage_of

		return stage_of(self.doctype, self.workflow_state if state is ... else state)

	def stage_move(self) -> tuple[str | None, str | None]:
		"""The stages this save leaves and enters; (None, None) when the state does not change."""
		if not self.state_changed():
			return None, None
		return self.stage(self.previous_state()), self.stage(self.workflow_state)

	def states_in(self, *stages: str) -> list[str]:
		"""The states of this record's workflow that carry one of these stages."""
		from policy_app.controllers.stages import states_in

		return states_in(self.doctype, *stages)

	def with_submitter(self, state: str | None | object = ...) -> bool:
		"""Whether the party that submits the record holds it (new, or in a 填报中 state)."""
		from policy_app.engine.stages import with_submitter

		state = self.workflow_state if state is ... else state
		return with_submitter(state, self.stage(state))

	def transition_taken(self):
		"""The workflow transition behind this save, among those the user's roles allow."""
		wf = self.workflow()
		roles = set(frappe.get_roles())
		for t in wf.transitions:
			if (
				t.state == self.previous_state()
				and t.next_state == self.workflow_state
				and t.allowed in roles
			):
				return t
		return None

	def guard_workflow(self):
		if self.flags.get("skip_approval_guards") or not self.workflow():
			return
		if self.state_changed():
			t = self.transition_taken()
			user = frappe.session.user
			if t and not t.allow_self_approval and user != "Administrator" and user == self.owner:
				frappe.throw(_("You cannot act on a record you created yourself"), frappe.PermissionError)
			if t and user != "Administrator":
				# a role held through someone else (a delegation): the checks the feature declares in
				# hooks.py `policy_acting_for`; each says whom the user acts for, or refuses
				for check in frappe.get_hooks("policy_acting_for"):
					self.flags.acting_for = (
						frappe.get_attr(check)(self, user, t.allowed) or self.flags.acting_for
					)
			if t and t.get("needs_reason") and not (self.workflow_remark or "").strip():
				frappe.throw(_("Give a reason for {0}").format(_(t.action)), title=_("Reason required"))
		elif not self.is_new():
			self.guard_state_edit()

	def guard_state_edit(self):
		"""Frappe makes a form read-only in the browser for roles that may not edit in the current
		state; refuse the same edit when it comes straight to the server."""
		user = frappe.session.user
		if user == "Administrator":
			return
		editors = state_editors(self)
		if not editors or set(editors) & set(frappe.get_roles()):
			return
		before = self.get_doc_before_save()
		if not before:
			return
		fields = [f.fieldname for f in self.meta.fields if f.fieldname not in SYSTEM_FIELDS]
		if not changed_fields(self, before, fields):
			return
		frappe.throw(
			_("In state {0} only {1} may change this record").format(
				_(self.workflow_state, context=self.doctype), "、".join(_(r) for r in editors)
			),
			frappe.PermissionError,
		)

	def log_transition(self):
		if not self.state_changed() and not (self.is_new() and self.workflow_state):
			return
		if self.is_new():
			return
		t = self.transition_taken()
		self.append(
			"approval_log",
			{
				"from_state": self.previous_state(),
				"to_state": self.workflow_state,
				"action": t.action if t else "",
				"user": frappe.session.user,
				"role": t.allowed if t else "",
				"acting_for": self.flags.get("acting_for"),
				"at": now_datetime(),
				"remarks": (self.workflow_remark or "").strip(),
			},
		)
		self.workflow_remark = ""


def state_editors(doc) -> list[str]:
	"""The roles that may edit the record in its current state (none listed: anyone who may write).
	A state may list several rows, one per role that edits in it (Frappe's form reads them all)."""
	wf = doc.workflow() if hasattr(doc, "workflow") else None
	if not wf:
		return []
	return [s.allow_edit for s in wf.states if s.state == doc.get("workflow_state")]


#: field types that hold no value
LAYOUT_TYPES = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold"}


def changed_fields(doc, before, fieldnames=None) -> list[str]:
	"""The fields of `doc` (all, or `fieldnames`) whose value differs from `before`, each compared as
	its field type (engine/values.same_value: 500000 and 500000.0, a date and its text are the same);
	a table differs when a row was added, removed, moved or one of its fields changed."""
	from policy_app.engine.values import same_value

	out = []
	for df in doc.meta.fields:
		if df.fieldtype in LAYOUT_TYPES or (fieldnames is not None and df.fieldname not in fieldnames):
			continue
		if df.fieldtype in ("Table", "Table MultiSelect"):
			now, was = doc.get(df.fieldname) or [], before.get(df.fieldname) or []
			if len(now) != len(was) or any(changed_fields(r, b) for r, b in zip(now, was, strict=True)):
				out.append(df.fieldname)
		elif not same_value(df.fieldtype, doc.get(df.fieldname), before.get(df.fieldname)):
			out.append(df.fieldname)
	return out


def assign_next_actors(doc):
	"""Put the record in the work list (ToDo) of every user who may act on it now, and close the
	entries of the state it left. Users are those with a role allowed to act in the new state who
	may also read the record (district officers of its district only); controllers/work_list.py
	writes them in a few statements, whatever their number."""
	from policy_app.controllers import work_list

	wf = doc.workflow()
	if not wf:
		return
	roles = {t.allowed for t in wf.transitions if t.state == doc.workflow_state}
	if not roles or roles == {"Policy Applicant"}:
		work_list.cancel_open(doc.doctype, doc.name)
		return
	actors = work_list.readers(doc, work_list.users_with_roles(roles, exclude=(doc.owner,)))
	work_list.replace(
		doc,
		actors,
		_("{0}: waiting for you in state {1}").format(doc.name, _(doc.workflow_state, context=doc.doctype)),
	)


def move(doc, action: str, remark: str = ""):
	"""Apply a workflow action as the system would (public notice, objection, daily certification):
	the same transition rules, run with every role."""
	from frappe.model.workflow import apply_workflow

	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		# apply_workflow reloads the record, so the remark must be stored first
		frappe.db.set_value(doc.doctype, doc.name, "workflow_remark", remark, update_modified=False)
		return apply_workflow(frappe.get_doc(doc.doctype, doc.name), action)
	finally:
		frappe.set_user(user)


def reason_doctypes() -> list[str]:
	"""DocTypes whose active workflow has a transition ticked 需填写理由: the desk binds its reason
	dialog to these (the tick itself is read per action from the form's workflow)."""
	rows = frappe.get_all(
		"Workflow Transition",
		filters={"parenttype": "Workflow", "needs_reason": 1},
		pluck="parent",
		distinct=True,
	)
	return sorted(
		set(
			frappe.get_all(
				"Workflow", filters={"name": ["in", rows or [""]], "is_active": 1}, pluck="document_type"
			)
		)
	)


def boot(bootinfo):
	"""boot_session hook."""
	if frappe.session.user != "Guest":
		bootinfo.policy_app_reason_doctypes = reason_doctypes()
