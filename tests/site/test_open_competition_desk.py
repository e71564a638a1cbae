"""揭榜挂帅 in the desk, each step by the user whose step it is (issue #19 item 7): the bureau sets up the
project from the chosen bid, the bid's Set Up Project move is not offered to anyone until the project is
approved, the acceptance date is checked against the project's start (§12), 期次 of a payment comes
from the project, and the bureau's review of a demand is the bureau's to write."""

from __future__ import annotations

import frappe
import pytest
from frappe.model.workflow import get_transitions
from frappe.utils import add_days, getdate, today
from test_open_competition import (  # noqa: F401 - the oc fixture
	CONTRACT,
	bid_through_notice,
	edit,
	new_demand,
	notice_ends,
	oc,
	running_project,
	state,
)

from factories import act


def transitions_for(user, doc):
	frappe.set_user(user)
	return [t.action for t in get_transitions(frappe.get_doc(doc.doctype, doc.name))]


def test_the_bureau_sets_up_the_project_from_the_chosen_bid(oc):  # noqa: F811
	from policy_app.open_competition.api import make_project

	bid = bid_through_notice(oc)
	# Set Up Project is the system's move: not offered on a bid whose project is not approved
	assert "Set Up Project" not in transitions_for(oc.bureau, bid)
	assert "Reject" in transitions_for(oc.bureau, bid)

	frappe.set_user(oc.bureau)
	project = make_project(bid.name)
	assert project.doctype == "Open Competition Project"
	assert (project.bid, project.demand, project.scheme) == (bid.name, bid.demand, "XX-JBGS")
	assert project.solver_organization == bid.organization
	assert project.demand_organization == bid.demand_organization
	assert project.project_title == frappe.db.get_value("Open Competition Demand", bid.demand, "demand_title")
	assert project.ip_ownership  # the demand's IP terms, for the contract
	project.update(
		{
			**CONTRACT,
			"contract_amount": 10000000,
			"contract_signed_on": today(),
			"start_date": today(),
			"end_date": add_days(frappe.utils.add_years(today(), 2), -1),
		}
	)
	project.insert()
	# a second project from the same bid is refused with the first one named
	with pytest.raises(frappe.ValidationError, match=project.name):
		make_project(bid.name)

	act(oc.leader, project, "Approve Project")
	assert state(bid) == "Contracted"
	assert frappe.db.get_value("Open Competition Bid", bid.name, "project") == project.name


def test_a_project_cannot_be_made_while_the_notice_runs_nor_by_an_applicant(oc):  # noqa: F811
	from policy_app.open_competition.api import make_project

	bid = bid_through_notice(oc)
	notice_ends(bid, add_days(today(), 3))
	frappe.set_user(oc.bureau)
	with pytest.raises(frappe.ValidationError, match="公示|notice"):
		make_project(bid.name)
	frappe.set_user(oc.users.s1)
	with pytest.raises(frappe.PermissionError):
		make_project(bid.name)


def test_an_acceptance_dated_before_the_start_is_refused(oc):  # noqa: F811
	project = running_project(oc)
	before = frappe.get_doc(project.doctype, project.name)
	with pytest.raises(
		frappe.ValidationError, match="第十二条.*早于项目开始日期|§12: .* before the start date"
	):
		edit(oc.users.demand, project, acceptance_date=add_days(project.start_date, -1))
	with pytest.raises(frappe.ValidationError, match="尚未到来|has not come yet"):
		edit(oc.users.demand, project, acceptance_date=add_days(today(), 5))
	frappe.set_user("Administrator")
	assert frappe.db.get_value(project.doctype, project.name, "acceptance_date") == before.acceptance_date
	# on the start day or later it is taken, and the result reads 通过 for a Chinese user
	doc = edit(
		oc.users.demand,
		project,
		acceptance_date=project.start_date,
		acceptance_result="Passed Acceptance",
	)
	assert getdate(doc.acceptance_date) == getdate(project.start_date)
	assert frappe._("Passed Acceptance", lang="zh") == "通过"
	assert frappe._("Failed Acceptance", lang="zh") == "不通过"


def test_the_payment_takes_its_instalment_from_the_project(oc):  # noqa: F811
	from policy_app.open_competition.api import next_instalment

	project = running_project(oc)
	frappe.set_user(oc.bureau)
	assert next_instalment(project.name)["seq"] == 1
	first = frappe.get_doc(
		{"doctype": "Open Competition Payment", "project": project.name, "funder_paid_amount": 3000000}
	).insert()
	assert first.seq == 1 and "30%" in first.release_condition_label
	assert next_instalment(project.name)["seq"] == 2
	# the second waits for the final evaluation (§15): refused for that reason, not for its number
	with pytest.raises(frappe.ValidationError, match="第 [12] 期|instalment [12]"):
		frappe.get_doc({"doctype": "Open Competition Payment", "project": project.name}).insert()
	# a cancelled payment frees its instalment again
	frappe.db.set_value(first.doctype, first.name, "workflow_state", "Cancelled")
	assert next_instalment(project.name)["seq"] == 1
	# an applicant cannot ask the bureau's payment list
	frappe.set_user(oc.users.demand)
	with pytest.raises(frappe.PermissionError):
		next_instalment(project.name)


def test_the_applicant_cannot_write_the_bureaus_review_of_a_demand(oc):  # noqa: F811
	demand = new_demand(oc, formal_review_opinion="自己写的审查意见", feasibility_opinion="可行")
	frappe.set_user("Administrator")
	stored = frappe.db.get_value(
		demand.doctype, demand.name, ["formal_review_opinion", "feasibility_opinion"], as_dict=True
	)
	assert not stored.formal_review_opinion and not stored.feasibility_opinion
	edit(oc.users.demand, demand, formal_review_opinion="改写", technical_problem="散热瓶颈（补充）")
	frappe.set_user("Administrator")
	doc = frappe.get_doc(demand.doctype, demand.name)
	assert not doc.formal_review_opinion and doc.technical_problem == "散热瓶颈（补充）"
	# the applicant reads the bureau's part; the bureau writes it
	frappe.set_user(oc.users.demand)
	assert frappe.get_meta(demand.doctype).get_field("formal_review_opinion").permlevel == 1
	assert 1 in frappe.get_doc(demand.doctype, demand.name).get_permlevel_access("read")
	assert 1 not in frappe.get_doc(demand.doctype, demand.name).get_permlevel_access("write")
	act(oc.users.demand, demand, "Submit")
	edit(oc.bureau, demand, formal_review_opinion="资质审查通过")
	frappe.set_user("Administrator")
	assert frappe.db.get_value(demand.doctype, demand.name, "formal_review_opinion") == "资质审查通过"
