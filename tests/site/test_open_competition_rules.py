"""XX-JBGS §17 and §19 on a real site, each step taken by the user whose step it is.

§17 未按期验收的视为自动终止 — but a project whose acceptance was held within its period and awaits the
bureau's confirmation is not terminated. §19 导致项目终止的主责方列入新区科研诚信黑名单，三年内不得申报新区级
科技计划项目 — the blacklist blocks every New Area programme, not only the next open-competition bid."""

from __future__ import annotations

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, add_years, getdate, today
from rest_helpers import open_scheme
from test_open_competition import attach, edit, oc, running_project  # noqa: F401 - the oc fixture

from factories import act, make_call, service_application
from policy_app.open_competition.doctype.open_competition_project.open_competition_project import (
	terminate_overdue_projects,
)


def submit_acceptance(oc, project, held_on):  # noqa: F811
	"""The demand side organises the acceptance (§12) and submits it for the bureau's confirmation."""
	edit(
		oc.users.demand,
		project,
		acceptance_date=held_on,
		acceptance_experts="需求方组织专家组 5 人",
		acceptance_opinion="全部指标达到合同要求",
		third_party_agency="陕西某检测认证中心",
		third_party_report=attach(project.doctype, project.name, f"{project.name}-third-party.pdf"),
		acceptance_result="Passed Acceptance",
	)
	act(oc.users.demand, project, "Submit for Acceptance")


def period_ends_yesterday(project):
	"""Set-up: time moves on, the record keeps its dates."""
	frappe.db.set_value(
		project.doctype,
		project.name,
		{"start_date": add_years(today(), -2), "end_date": add_days(today(), -1)},
	)


def test_17_acceptance_held_on_time_awaiting_confirmation_is_not_terminated(oc):  # noqa: F811
	project = running_project(oc)
	submit_acceptance(oc, project, today())
	period_ends_yesterday(project)
	frappe.db.set_value(project.doctype, project.name, "acceptance_date", add_days(today(), -1))
	frappe.set_user("Administrator")
	assert project.name not in terminate_overdue_projects()
	assert frappe.db.get_value(project.doctype, project.name, "workflow_state") == "Acceptance Review"
	# the bureau cannot terminate it as overdue either; it confirms the acceptance
	frappe.local.lang = "en"
	frappe.set_user(oc.bureau)
	with pytest.raises(frappe.ValidationError, match="within the period; it awaits confirmation"):
		apply_workflow(frappe.get_doc(project.doctype, project.name), "Terminate Overdue")
	act(oc.bureau, project, "Confirm Acceptance")
	assert frappe.db.get_value(project.doctype, project.name, "workflow_state") == "Acceptance Passed"


def test_17_acceptance_held_after_the_end_date_is_terminated(oc):  # noqa: F811
	project = running_project(oc)
	submit_acceptance(oc, project, today())
	period_ends_yesterday(project)  # the acceptance (today) came a day after the period
	frappe.set_user("Administrator")
	assert project.name in terminate_overdue_projects()
	done = frappe.get_doc(project.doctype, project.name)
	assert done.workflow_state == "Expired" and done.termination_cause == "Not Accepted on Time"


def test_19_blacklisted_party_cannot_apply_to_another_new_area_programme(oc):  # noqa: F811
	from policy_app.open_competition.api import terminate_project

	project = running_project(oc)
	frappe.set_user(oc.bureau)
	terminate_project(project.name, "Terminate for Fault", "揭榜方擅自转包", responsible_party="Solver")
	frappe.set_user("Administrator")
	sanction = frappe.get_doc("Sanction", frappe.db.get_value(project.doctype, project.name, "sanction"))
	assert sanction.scheme == "XX-JBGS" and getdate(sanction.end_date) == getdate(add_years(today(), 3))
	# the solver applies to be an XX-SVC S&T service demonstration institution: refused with the ban
	open_scheme("XX-SVC")
	call = make_call("XX-SVC")
	frappe.set_user(oc.users.s1)
	app = service_application(call, oc.orgs.s1)
	ban = [r for r in app.eligibility_results if r.condition == "ban"]
	assert ban and not ban[0].passed and "第十九条" in ban[0].reason and not app.eligible
	with pytest.raises(frappe.ValidationError):
		act(oc.users.s1, app, "Submit")
	assert frappe.db.get_value(app.doctype, app.name, "workflow_state") == "Draft"
	# the demand side, not responsible, applies freely
	frappe.set_user(oc.users.demand)
	other = service_application(call, oc.orgs.demand)
	assert not [r for r in other.eligibility_results if r.condition == "ban"]
