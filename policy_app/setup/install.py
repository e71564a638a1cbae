import frappe

from policy_app.setup.shipped import sync_shipped_records


def after_install():
	sync_shipped_records()
	# the app's users work in Chinese; a site already set to another language keeps it
	if not frappe.db.get_single_value("System Settings", "language"):
		frappe.db.set_single_value("System Settings", "language", "zh")


def after_migrate():
	# only what is missing: an administrator's edits to shipped records survive every migrate
	sync_shipped_records()


def before_uninstall():
	# Roles, Role Profiles and Workflows are Frappe records: remove the ones this app shipped
	from policy_app.setup.shipped import record_name, shipped_records

	for doctype, data in reversed(shipped_records()):
		if doctype not in ("Role", "Role Profile", "Workflow"):
			continue
		name = record_name(doctype, data)
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
