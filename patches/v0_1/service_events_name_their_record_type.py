"""A Service Institution Event now names its record's type (record_doctype), so that a family whose
scheme was copied from XX-SVC counts its own records' events (§10). The events recorded before were all a
service institution's."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabService Institution Event` set record_doctype = 'Service Institution'
		where ifnull(record_doctype, '') = ''"""
	)
