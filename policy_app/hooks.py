app_name = "policy_app"
app_title = "Policy App"
app_publisher = "policy_app developers"
app_description = "Science & technology bureau support programmes: recognition, evaluation, rewards"
app_email = "policy-app@example.com"
app_license = "MIT"
app_icon = "octicon octicon-law"
app_color = "#1f6feb"

# Records an administrator is meant to edit (schemes, calendars, districts, roles…) are shipped as
# JSON under the top-level fixtures/ folder and inserted when missing; migrate never overwrites them.
# Frappe's own `fixtures` hook would delete and re-insert them on every migrate, so it is not used.
after_install = [
	"policy_app.setup.install.after_install",
	# indexes for the strictly scoped list views (policy_app/scale.py)
	"policy_app.scale.ensure_scope_indexes",
]
after_migrate = ["policy_app.setup.install.after_migrate", "policy_app.scale.ensure_scope_indexes"]
before_uninstall = "policy_app.setup.install.before_uninstall"

#: folder under fixtures/ → DocType, inserted when missing (see policy_app/setup/shipped.py)
policy_app_shipped_records = [
	{"doctype": "Role", "folder": "roles"},
	{"doctype": "Holiday Calendar", "folder": "holiday_calendars"},
	# the programme families (policy_app/policy_setup/families.py) before the schemes that name them
	{"doctype": "Programme Family", "folder": "programme_families"},
	{"doctype": "Policy Scheme", "folder": "schemes"},
	{"doctype": "District", "folder": "districts"},
	{"doctype": "Role Profile", "folder": "role_profiles"},
	{"doctype": "Workflow State", "folder": "workflow_states"},
	{"doctype": "Workflow Action Master", "folder": "workflow_actions"},
	{"doctype": "Workflow", "folder": "workflows"},
	# cooperation platform: record kinds → rubric items and proposed-points bands per scheme
	{"doctype": "Platform Scoring Rule", "folder": "platform_scoring_rules"},
]

# list-view bulk workflow actions name the records the user cannot act on (see controllers/bulk.py)
override_whitelisted_methods = {
	"frappe.model.workflow.bulk_workflow_approval": "policy_app.controllers.bulk.bulk_workflow_approval",
	# a workflow action on a record someone changed since the form was opened is refused plainly
	"frappe.model.workflow.apply_workflow": "policy_app.concurrency.apply_workflow",
	# Frappe's paths that skip the app's scoping (policy_app/core_guards.py says which and why)
	"frappe.desk.search.search_widget": "policy_app.core_guards.search_widget",
	"frappe.desk.search.search_link": "policy_app.core_guards.search_link",
	"frappe.desk.search.get_link_title": "policy_app.core_guards.get_link_title",
	"frappe.desk.search.get_names_for_mentions": "policy_app.core_guards.get_names_for_mentions",
	"frappe.client.get_count": "policy_app.core_guards.get_count",
}

doctype_js = {
	"Cooperation Base Application": "public/js/recognition_application.js",
	"Service Institution Application": "public/js/recognition_application.js",
	"Incubator Application": "public/js/recognition_application.js",
	"Open Competition Demand": "public/js/open_competition.js",
	"Open Competition Bid": "public/js/open_competition.js",
	"Open Competition Project": "public/js/open_competition.js",
	"Open Competition Payment": "public/js/open_competition.js",
	"Major Change Request": "public/js/major_change_request.js",
	# 确认拨付 asks the payment date and reference in its dialog (public/js/reward_payment.js)
	"Policy Reward": ["public/js/reward_payment.js", "public/js/policy_reward.js"],
	# a state renamed or added in the Workflow form's table is saved with it (public/js/workflow_form.js)
	"Workflow": "public/js/workflow_form.js",
}
# 批量确认拨付: several approved rewards paid at once, the date and reference asked once
doctype_list_js = {"Policy Reward": ["public/js/reward_payment.js", "public/js/policy_reward_list.js"]}
# a work list shows what is still to do: the To Do list opens on the open entries (a transfer, a withdrawal
# or a finished step cancels or closes the others); the filter is the person's to remove
doctype_list_js["ToDo"] = "public/js/todo_list.js"
# the expert draw's dialog offers the programme families' application forms (the registry)
doctype_list_js["Expert Draw"] = "public/js/families.js"
doctype_js["Service Institution Event"] = "public/js/families.js"

# 撤回 / 转办 / 抄送 on the form of every app record with a workflow (policy_app/approvals/moves.py);
# through doctype_js, which Frappe serves from the app itself, so no asset build is needed
_WORKFLOW_DOCTYPES = [
	"Annual Report",
	"Base Activity",
	"Cooperation Base Application",
	"Cooperation Match",
	"Incubator Application",
	"Major Change Request",
	"Open Competition Bid",
	"Open Competition Demand",
	"Open Competition Payment",
	"Open Competition Project",
	"Overseas Resource",
	"Policy Evaluation",
	"Policy Reward",
	"Service Institution Application",
	"Title Action",
]
for _dt in _WORKFLOW_DOCTYPES:
	_have = doctype_js.get(_dt, [])
	doctype_js[_dt] = [
		# what a state means (办理阶段) and the programme families' forms, for the form's scripts: before them
		"public/js/stages.js",
		"public/js/families.js",
		*([_have] if isinstance(_have, str) else _have),
		"public/js/approval_moves.js",
		# the reason a send-back, rejection or dismissal needs, asked before the action runs
		"public/js/workflow_reason.js",
	]

# the scheme's codes picked and shown by their labels, record types by their translated names
# (public/js/scheme_choices.js)
for _dt in [
	"Annual Report",
	"Call for Applications",
	"Cooperation Base Application",
	"Incubator Application",
	"Major Change Request",
	"Policy Evaluation",
	"Policy Scheme",
	"Public Notice",
	"Service Institution Application",
	"Title Action",
]:
	_have = doctype_js.get(_dt, [])
	doctype_js[_dt] = [*([_have] if isinstance(_have, str) else _have), "public/js/scheme_choices.js"]
# a certified record shows its type by the scheme's label too (国际联合实验室, not joint_lab); the
# families' registry tells the script which DocTypes are certified records, a desk-made one included
for _dt in ["Cooperation Base", "Incubation Carrier", "Service Institution"]:
	_have = doctype_js.get(_dt, [])
	doctype_js[_dt] = [
		*([_have] if isinstance(_have, str) else _have),
		"public/js/families.js",
		"public/js/scheme_choices.js",
	]

# 打印 on a recognition application opens its scheme's own print (public/js/application_print.js); the
# print formats read the scheme's conditions through these (policy_app/recognition/printing.py)
for _dt in ["Cooperation Base Application", "Service Institution Application", "Incubator Application"]:
	_have = doctype_js.get(_dt, [])
	doctype_js[_dt] = [*([_have] if isinstance(_have, str) else _have), "public/js/application_print.js"]
jinja = {
	"methods": [
		"policy_app.recognition.printing.application_eligibility_rows",
		"policy_app.recognition.printing.application_type_label",
	]
}

# the expert panel on the application forms: the draw dialog, the panel table with its mean and spread,
# the redraw with its reason (public/js/expert_panel.js)
for _dt in ("Cooperation Base Application", "Service Institution Application", "Incubator Application"):
	doctype_js[_dt] = [*doctype_js[_dt], "public/js/expert_panel.js"]

# each role lands on its own workspace after login (an expert on their reviews), not on 用户/User
# (policy_app/role_home.py)
# whom a user acts for when their role comes through someone else (controllers/approval.py asks each)
policy_acting_for = ["policy_app.approvals.delegation.check_acting"]

boot_session = [
	# the programme families (Programme Family records): the desk's lists of application forms
	"policy_app.policy_setup.families.boot",
	"policy_app.role_home.boot",
	"policy_app.controllers.approval.boot",
	"policy_app.controllers.stages.boot",
	"policy_app.policy_setup.choices.boot",
]
on_session_creation = ["policy_app.role_home.on_login"]

scheduler_events = {
	"daily": [
		# certify applications whose public notice ended without an open objection
		"policy_app.recognition.certification.certify_due_applications",
		# evaluation results whose public notice ended without an open objection become final
		"policy_app.evaluation.publishing.finalise_due_rounds",
		# annual reports: open the year's report, flag overdue ones, propose what the history rules say
		"policy_app.annual_duties.jobs.flag_overdue_reports",
		# an annual report still with its organisation a few working days before it falls due
		"policy_app.annual_duties.jobs.remind_due_reports",
		# an application still with its organisation a few working days before its call closes
		"policy_app.recognition.call_reminders.remind_closing_calls",
		# certified records whose validity ended become Expired
		"policy_app.annual_duties.jobs.expire_certified_records",
		# approval delegations start on their first day and end after their last (policy_app/approvals)
		"policy_app.approvals.delegation.sync_all",
		# cases past a state's time limit: remind the assignees before it, escalate after it
		"policy_app.approvals.deadlines.chase",
		# open-competition projects not accepted by their end date are terminated (XX-JBGS §17)
		"policy_app.open_competition.doctype.open_competition_project.open_competition_project.terminate_overdue_projects",
		# from November: remind the administrators when next year's holiday calendar is still missing
		"policy_app.policy_setup.calendar_watch.warn_missing_next_year",
	],
}

# a new certification of an organisation in a scheme renews its expired or expiring record
doc_events = {
	# bad input (text in numbers, negative or huge amounts, dates out of range, oversized text) is
	# refused with a translated message before Frappe quietly changes it (policy_app/input_guard.py)
	# a record of a desk-made DocType registered as a programme family's form takes the shared chain's
	# behaviour on its first event (policy_app/policy_setup/families.py)
	"*": {
		"onload": "policy_app.policy_setup.families.attach_behaviour",
		"before_insert": "policy_app.policy_setup.families.attach_behaviour",
		"before_validate": [
			"policy_app.policy_setup.families.attach_behaviour",
			"policy_app.input_guard.check",
		],
	},
	# a File record is no key to someone else's private file; an app record is shared only inside scope
	"File": {"validate": "policy_app.core_guards.check_file"},
	"DocShare": {"validate": "policy_app.core_guards.check_share"},
	# a state the app's rules read by its stage (办理阶段) is never left without one
	"Workflow": {
		"validate": "policy_app.controllers.stages.check_workflow_stages",
		# a renamed state takes its records along
		"on_update": "policy_app.controllers.stages.carry_renamed_states",
	},
	# a user of the app's roles only does not see Frappe's 网站/工具/集成/Build (policy_app/role_home.py)
	"User": {"validate": "policy_app.role_home.block_frappe_modules"},
	"Cooperation Base": {"after_insert": "policy_app.annual_duties.jobs.link_renewal"},
	"Service Institution": {"after_insert": "policy_app.annual_duties.jobs.link_renewal"},
	"Incubation Carrier": {"after_insert": "policy_app.annual_duties.jobs.link_renewal"},
}

permission_query_conditions = {
	# an application form or certified record registered as a programme family's, without hooks of its own
	"*": "policy_app.policy_setup.families.registered_case_query",
	# cooperation platform: a need only for its district, enterprise and the bases it was pushed to
	"Enterprise Need": "policy_app.cooperation_platform.permissions.need_query",
	"Cooperation Match": "policy_app.cooperation_platform.permissions.match_query",
	"Overseas Resource": "policy_app.permissions.case_query",
	"Base Activity": "policy_app.permissions.case_query",
	"Served Party Rating": "policy_app.cooperation_platform.permissions.rating_query",
	"Open Competition Demand": "policy_app.open_competition.permissions.demand_query",
	"Open Competition Bid": "policy_app.open_competition.permissions.bid_query",
	"Open Competition Project": "policy_app.open_competition.permissions.project_query",
	"Applicant Organization": "policy_app.permissions.applicant_organization_query",
	# a website user's request to act for an organisation: its district's officers and the bureau
	"Organization Binding Request": "policy_app.permissions.case_query",
	"Cooperation Base Application": "policy_app.permissions.case_query",
	"Service Institution Application": "policy_app.permissions.case_query",
	"Incubator Application": "policy_app.permissions.case_query",
	"Cooperation Base": "policy_app.permissions.case_query",
	"Service Institution": "policy_app.permissions.case_query",
	"Incubation Carrier": "policy_app.permissions.case_query",
	"Service Institution Event": "policy_app.permissions.case_query",
	# an expert sees only their own reviews and profile
	"Expert Review": "policy_app.recognition.expert_panel.expert_review_query",
	"Policy Expert": "policy_app.recognition.expert_panel.policy_expert_query",
	"Third Party Review": "policy_app.recognition.doctype.third_party_review.third_party_review.query",
	"Policy Evaluation": "policy_app.evaluation.permissions.evaluation_query",
	"Policy Reward": "policy_app.permissions.case_query",
	"Annual Report": "policy_app.permissions.case_query",
	"Title Action": "policy_app.permissions.case_query",
	"Major Change Request": "policy_app.permissions.case_query",
	"Approval Delegation": "policy_app.approvals.permissions.delegation_query",
	"Public Notice": "policy_app.permissions.public_notice_query",
	"Objection": "policy_app.permissions.objection_query",
	"Sanction": "policy_app.permissions.sanction_query",
	# applicants and experts see no other users (专家信息保密); other users are Frappe's business
	"User": "policy_app.permissions.user_query",
	"Has Role": "policy_app.permissions.has_role_query",
	# the Policy Administrator edits the app's workflows, not other apps'
	"Workflow": "policy_app.policy_setup.workflows.workflow_query",
}

has_permission = {
	"*": "policy_app.policy_setup.families.registered_case_has_permission",
	"Enterprise Need": "policy_app.cooperation_platform.permissions.need_has_permission",
	"Cooperation Match": "policy_app.cooperation_platform.permissions.match_has_permission",
	"Overseas Resource": "policy_app.permissions.case_has_permission",
	"Base Activity": "policy_app.permissions.case_has_permission",
	"Served Party Rating": "policy_app.cooperation_platform.permissions.rating_has_permission",
	"Open Competition Demand": "policy_app.open_competition.permissions.demand_has_permission",
	"Open Competition Bid": "policy_app.open_competition.permissions.bid_has_permission",
	"Open Competition Project": "policy_app.open_competition.permissions.project_has_permission",
	"Applicant Organization": "policy_app.permissions.applicant_organization_has_permission",
	"Organization Binding Request": "policy_app.permissions.case_has_permission",
	"Cooperation Base Application": "policy_app.permissions.case_has_permission",
	"Service Institution Application": "policy_app.permissions.case_has_permission",
	"Incubator Application": "policy_app.permissions.case_has_permission",
	"Cooperation Base": "policy_app.permissions.case_has_permission",
	"Service Institution": "policy_app.permissions.case_has_permission",
	"Incubation Carrier": "policy_app.permissions.case_has_permission",
	"Service Institution Event": "policy_app.permissions.case_has_permission",
	"Expert Review": "policy_app.recognition.expert_panel.expert_review_has_permission",
	"Policy Expert": "policy_app.recognition.expert_panel.policy_expert_has_permission",
	"Third Party Review": "policy_app.recognition.doctype.third_party_review.third_party_review.has_permission",
	"Policy Evaluation": "policy_app.evaluation.permissions.evaluation_has_permission",
	"Policy Reward": "policy_app.permissions.case_has_permission",
	"Annual Report": "policy_app.permissions.case_has_permission",
	"Title Action": "policy_app.permissions.case_has_permission",
	"Major Change Request": "policy_app.permissions.case_has_permission",
	"Approval Delegation": "policy_app.approvals.permissions.delegation_has_permission",
	"Public Notice": "policy_app.permissions.public_notice_has_permission",
	"Objection": "policy_app.permissions.objection_has_permission",
	"Sanction": "policy_app.permissions.sanction_has_permission",
	"User": "policy_app.permissions.user_has_permission",
	"Workflow": "policy_app.policy_setup.workflows.workflow_has_permission",
	# a new File pointing at a private file one cannot read (policy_app/core_guards.py)
	"File": "policy_app.core_guards.file_has_permission",
}


def _app_child_doctypes() -> list[str]:
	"""The app's child tables, read from their DocType files (so a new one is covered by itself)."""
	import json
	from pathlib import Path

	names = []
	for path in sorted(Path(__file__).parent.glob("*/doctype/*/*.json")):
		if path.stem == path.parent.name:
			meta = json.loads(path.read_text(encoding="utf-8"))
			if meta.get("doctype") == "DocType" and meta.get("istable"):
				names.append(meta["name"])
	return names


# child rows are listed only with a parent record the user may list (policy_app.permissions.child_query)
for _child in _app_child_doctypes():
	permission_query_conditions[_child] = "policy_app.permissions.child_query"

# evaluation rows computed from confirmed records (called by Policy Evaluation "fetch platform records")
policy_app_evaluation_feeds = ["policy_app.cooperation_platform.evaluation_feed.platform_rows"]

# Frappe's common words keep Frappe's Chinese outside the app: the app's own words for them (Open → 待处理,
# Active → 有效, Submitted → 已提交推荐部门…) are zh.csv rows in the context of the app's DocType, which
# Frappe's forms use for labels and options; public/js/translation_context.js makes list indicators and
# read-only Select values use that context too
for _dt in sorted(
	{
		*_WORKFLOW_DOCTYPES,
		"Applicant Organization",
		"Approval Delegation",
		"Cooperation Base",
		"Enterprise Need",
		"Evaluation Round",
		"Expert Review",
		"Incubation Carrier",
		"Objection",
		"Service Institution",
	}
):
	for _hook in (doctype_js, globals().setdefault("doctype_list_js", {})):
		_have = _hook.get(_dt, [])
		_hook[_dt] = [*([_have] if isinstance(_have, str) else _have), "public/js/translation_context.js"]
# Customize Form's builder shows the labels it edits in the desk's language (public/js/customize_form_labels.js)
doctype_js.setdefault("Customize Form", [])
doctype_js["Customize Form"] = [*doctype_js["Customize Form"], "public/js/customize_form_labels.js"]

# public notices on the website (policy_app/www/policy/notices, recognition/public_notices.py)
website_route_rules = [
	{"from_route": "/policy/notices/<name>", "to_route": "policy/notices/notice"},
]

# an applicant (a website user) lands on the applicant portal after logging in
role_home_page = {"Policy Applicant": "policy"}
