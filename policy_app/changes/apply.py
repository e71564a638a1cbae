"""What an approved change request does to the certified record: the new values replace the old ones,
every matter lands in the record's change history with the value before, and an exit or a promotion
ends the record (ZJ §23–24, QD §16.3) with the reason."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from policy_app.annual_duties.title_actions import write_ban


def apply_change(request) -> None:
	if request.applied_on:
		return  # applied once; a re-save of an approved request changes nothing
	record = frappe.get_doc(request.record_doctype, request.record_name)
	if record.status != "Active":
		frappe.throw(
			_("{0} is {1}: the change can no longer be applied").format(
				record.name, _(record.status, context=record.doctype)
			),
			title=_("Not in force"),
		)
	on = getdate(today())
	for row in request.matters:
		old = row.old_value
		if row.record_field and not request.ends_record:
			old = record.get(row.record_field)
			record.set(row.record_field, row.new_value)
			if row.record_field == "organization":
				org = frappe.db.get_value(
					"Applicant Organization",
					row.new_value,
					["organization_name", "recommending_district"],
					as_dict=True,
				)
				record.organization_name = org.organization_name
				if not any(r.record_field == "recommending_district" for r in request.matters):
					record.recommending_district = org.recommending_district
		record.append(
			"change_history",
			{
				"changed_on": request.change_date,
				"matter": row.matter_label or row.matter,
				"old_value": old,
				"new_value": row.new_value,
				"change_request": request.name,
			},
		)
	if request.ends_record:
		record.status = request.ends_record
		record.ended_on = on
		labels = "、".join(r.matter_label or r.matter for r in request.matters)
		record.end_reason = _("{0} approved ({1}): {2}").format(labels, request.name, request.reason)
	record.flags.ignore_permissions = True
	record.save()
	request.db_set("applied_on", on, update_modified=False)
	if request.ends_record == "Exited":
		# QD §15 被取消或放弃国合基地资格的单位，三年内不得再次提出申请: the scheme says whether an exit bans
		write_ban(
			record.organization, record.scheme, "exit", on, record.end_reason, request.doctype, request.name
		)
