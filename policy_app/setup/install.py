import frappe

from policy_app.setup.shipped import sync_shipped_records

#: the bureau's zone when the site has none: Frappe would otherwise fall back to Asia/Kolkata
#: (frappe.utils.get_system_timezone) for every user made on a site whose setup wizard never ran
DEFAULT_TIME_ZONE = "Asia/Shanghai"


def site_time_zone() -> str:
	return frappe.db.get_single_value("System Settings", "time_zone") or DEFAULT_TIME_ZONE


def set_missing_time_zone() -> bool:
	"""Give a site without a time zone the bureau's; a zone already set stays."""
	if frappe.db.get_single_value("System Settings", "time_zone"):
		return False
	frappe.db.set_single_value("System Settings", "time_zone", DEFAULT_TIME_ZONE)
	frappe.db.set_default("time_zone", DEFAULT_TIME_ZONE)
	frappe.cache.delete_value("time_zone")
	frappe.clear_document_cache("System Settings", "System Settings")
	if hasattr(frappe.local, "system_settings"):
		del frappe.local.system_settings
	return True


#: what a policy administrator needs of Frappe's own DocTypes: to add people, Data Import for a sheet
#: (their own imports; what they may import is still each DocType's `import` permission) and picking a
#: Role Profile in a Link field (select: found and validated, never opened or edited); to change the
#: app's workflows in the desk, Workflow (scoped to the app's DocTypes: policy_setup/workflows.py), new
#: states and actions (Frappe's new-record form needs write to fill them in: write on their own only,
#: because the existing ones are shared with other apps' workflows) and picking the role of a state or
#: a transition (Role: select only, as for Role Profile). A DocType may have several rows, each its own.
ADMINISTRATOR_GRANTS = {
	"Data Import": [{"read": 1, "write": 1, "create": 1, "delete": 1, "report": 1, "if_owner": 1}],
	"Role Profile": [{"select": 1, "read": 0}],
	"Role": [{"select": 1, "read": 0}],
	"Workflow": [{"read": 1, "write": 1, "create": 1, "report": 1}],
	"Workflow State": [{"read": 1, "create": 1, "select": 1}, {"read": 1, "write": 1, "if_owner": 1}],
	"Workflow Action Master": [
		{"read": 1, "create": 1, "select": 1},
		{"read": 1, "write": 1, "if_owner": 1},
	],
}


def grant_administrator_rights() -> None:
	"""The rules Role Permission Manager would add, each row added once (a row is known by whether it
	is for the user's own records); a site that removes one keeps that."""
	from frappe.permissions import setup_custom_perms

	for doctype, rows in ADMINISTRATOR_GRANTS.items():
		for rights in rows:
			own = rights.get("if_owner", 0)
			if frappe.db.exists(
				"Custom DocPerm",
				{"parent": doctype, "role": "Policy Administrator", "if_owner": own, "permlevel": 0},
			):
				continue
			setup_custom_perms(doctype)  # Frappe's own rows first, so System Manager keeps them
			frappe.get_doc(
				{
					"doctype": "Custom DocPerm",
					"parent": doctype,
					"parenttype": "DocType",
					"parentfield": "permissions",
					"role": "Policy Administrator",
					"permlevel": 0,
					**rights,
				}
			).insert(ignore_permissions=True)
			frappe.clear_cache(doctype=doctype)


def translate_role_profiles() -> None:
	"""Role Profile names shown and searched in the user's language (the desk's translated DocTypes,
	as Frappe does for Role): 申报 finds 申报单位用户角色模板. A Property Setter, as Customize Form makes."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	if frappe.db.exists("Property Setter", {"doc_type": "Role Profile", "property": "translated_doctype"}):
		return  # set already, or unset on purpose with Customize Form: the site's choice stays
	make_property_setter(
		"Role Profile",
		None,
		"translated_doctype",
		"1",
		"Check",
		for_doctype=True,
		validate_fields_for_doctype=False,
	)
	frappe.clear_cache(doctype="Role Profile")


#: what the app's guards read off each workflow transition, set by an administrator in the Workflow form
WORKFLOW_TRANSITION_FIELDS = [
	{
		"fieldname": "needs_reason",
		"fieldtype": "Check",
		"label": "Ask for a Reason",
		"insert_after": "allow_self_approval",
		"in_list_view": 1,
		"columns": 1,
		"description": "The action is refused without a reason, which the desk asks for in a dialog",
	},
]


def workflow_state_fields() -> list[dict]:
	"""What the app's code reads off each state of a workflow: its stage (policy_app.engine.stages)."""
	from policy_app.engine import stages

	return [
		{
			"fieldname": "policy_stage",
			"fieldtype": "Select",
			"label": "Case Stage",
			"options": "\n" + "\n".join(stages.ALL),
			"insert_after": "allow_edit",
			"in_list_view": 1,
			"columns": 2,
			"description": "What the state means to the app's rules: rename a state or add one and give it its stage",
		},
	]


def add_workflow_fields() -> None:
	from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

	create_custom_fields(
		{
			"Workflow Transition": WORKFLOW_TRANSITION_FIELDS,
			"Workflow Document State": workflow_state_fields(),
		},
		update=True,
	)


def set_shipped_desk_access() -> None:
	"""At install, each shipped role's desk access as shipped (Policy Applicant: none, the portal is
	theirs). Frappe made the roles the DocTypes' permissions name before the shipped records are read,
	with its own default (desk access), and the shipped records' sync leaves an existing record alone.
	A site installed earlier gets this from the patch applicants_keep_their_desk."""
	from policy_app.setup.shipped import shipped_records

	for _dt, data in shipped_records("Role"):
		if "desk_access" in data and frappe.db.exists("Role", data["role_name"]):
			frappe.db.set_value("Role", data["role_name"], "desk_access", int(data["desk_access"]))


def after_install():
	add_workflow_fields()  # before the shipped workflows, which set it
	sync_shipped_records()
	set_shipped_desk_access()
	translate_role_profiles()
	grant_administrator_rights()
	from policy_app.policy_setup.families import refresh_form_scripts

	refresh_form_scripts()
	set_missing_time_zone()
	# the app's users work in Chinese; a site already set to another language keeps it
	if not frappe.db.get_single_value("System Settings", "language"):
		frappe.db.set_single_value("System Settings", "language", "zh")


def after_migrate():
	add_workflow_fields()
	# only what is missing: an administrator's edits to shipped records survive every migrate
	sync_shipped_records()
	translate_role_profiles()
	grant_administrator_rights()


def before_uninstall():
	# Roles, Role Profiles and Workflows are Frappe records: remove the ones this app shipped
	from policy_app.setup.shipped import record_name, shipped_records

	for doctype, data in reversed(shipped_records()):
		if doctype not in ("Role", "Role Profile", "Workflow"):
			continue
		name = record_name(doctype, data)
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for doctype in ADMINISTRATOR_GRANTS:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": "Policy Administrator"})
	frappe.db.delete("Property Setter", {"doc_type": "Role Profile", "property": "translated_doctype"})
	for df in WORKFLOW_TRANSITION_FIELDS:
		frappe.db.delete("Custom Field", {"dt": "Workflow Transition", "fieldname": df["fieldname"]})
