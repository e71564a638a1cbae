"""XX-JBGS 揭榜挂帅 walked by the real users of each role: demand library → guide → bids → selection or
horse race → public notice → project → instalments → acceptance or termination; and what it refuses."""

from datetime import date
from decimal import Decimal

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, add_years, getdate, today

from factories import act, make_district, make_org, make_user

TB, CM = "tech_breakthrough", "commercialisation"

TB_FIELDS = {
	"registered_taxed_counted_in_area": 1,
	"urgent_need": 1,
	"funding_ready": 1,
	"key_field": 1,
	"technical_problem": "高功率半导体激光芯片散热瓶颈",
	"key_indicators": "连续输出功率 ≥ 30 W，寿命 ≥ 10000 小时",
	"time_requirement": "24 个月",
	"ip_ownership": "需求方所有，揭榜方享有署名权",
	"planned_investment": 12000000,
	"solver_requirements": "具有芯片封装研发团队",
}
CM_FIELDS = {
	"registered_taxed_counted_in_area": 1,
	"owns_ip": 1,
	"fits_direction": 1,
	"team_willing": 1,
	"result_content": "新型固态电解质制备工艺",
	"owned_ip_list": "ZL202310000001.1",
	"practical_effect": "中试线良率 92%",
	"application_field": "新能源汽车",
	"application_value": "降低电池成本 15%",
	"transfer_mode": "技术许可",
	"ip_ownership": "需求方所有，揭榜方获独占许可",
	"solver_requirements": "在新区具备产线场地",
}
CONTRACT = {
	"contract_number": "XXJB-2026-001",
	"contract_content": "联合攻关激光芯片散热技术",
	"deliverables": "样机 3 台、测试报告",
	"indicators": "连续输出功率 ≥ 30 W",
	"payment_terms": "立项后支付 30%，验收后支付余款",
	"ip_ownership": "需求方所有",
}


@pytest.fixture
def oc():
	d = make_district("揭榜测试新城")
	orgs = {
		"demand": make_org("揭榜测试需求企业", d, 7101),
		"demand2": make_org("揭榜测试转化企业", d, 7102),
		"s1": make_org("揭榜测试揭榜方一", d, 7103),
		"s2": make_org("揭榜测试揭榜方二", d, 7104),
		"s3": make_org("揭榜测试揭榜方三", d, 7105),
	}
	for org in orgs.values():  # a committed fixture of an interrupted run may have left relations behind
		doc = frappe.get_doc("Applicant Organization", org)
		if doc.related_parties or doc.has_dishonesty_record:
			doc.related_parties = []
			doc.has_dishonesty_record = 0
			doc.save(ignore_permissions=True)
	users = {k: make_user(f"oc.{k}@policy.test", ["Policy Applicant"], orgs=[v]) for k, v in orgs.items()}
	return frappe._dict(
		district=d,
		orgs=frappe._dict(orgs),
		users=frappe._dict(users),
		bureau=make_user("oc.bureau@policy.test", ["Bureau Officer"]),
		leader=make_user("oc.leader@policy.test", ["Bureau Leader"]),
		finance=make_user("oc.finance@policy.test", ["Finance Officer"]),
	)


def edit(user, doc, **values):
	frappe.set_user(user)
	doc = frappe.get_doc(doc.doctype, doc.name)
	doc.update(values)
	doc.save()
	return doc


def state(doc):
	return frappe.db.get_value(doc.doctype, doc.name, "workflow_state")


def attach(doctype, name, fname):
	f = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": fname,
			"content": b"%PDF-1.4 evidence",
			"is_private": 1,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
		}
	).insert(ignore_permissions=True)
	return f.file_url


def new_demand(oc, who="demand", category=TB, **over):
	frappe.set_user(oc.users[who])
	fields = TB_FIELDS if category == TB else CM_FIELDS
	return frappe.get_doc(
		{
			"doctype": "Open Competition Demand",
			"demand_title": f"测试需求 {category}",
			"category": category,
			"organization": oc.orgs[who],
			**fields,
			**over,
		}
	).insert()


def demand_in_library(oc, who="demand", category=TB, site_visit=False, **over):
	demand = new_demand(oc, who, category, **over)
	act(oc.users[who], demand, "Submit")
	edit(oc.bureau, demand, formal_review_opinion="资质审查通过")
	act(oc.bureau, demand, "Pass Formal Review")
	edit(oc.bureau, demand, feasibility_experts="张三、李四、王五", feasibility_opinion="需求必要、可行")
	if site_visit:
		act(oc.bureau, demand, "Send to Site Visit")
		edit(oc.bureau, demand, site_visit_opinion="基础条件具备")
	act(oc.bureau, demand, "Accept into Library")
	return frappe.get_doc(demand.doctype, demand.name)


def publish(oc, *demands, opens=-5, closes=10):
	frappe.set_user(oc.bureau)
	guide = frappe.get_doc(
		{
			"doctype": "Open Competition Guide",
			"guide_title": "西咸新区揭榜挂帅项目榜单（测试批次）",
			"scheme": "XX-JBGS",
			"batch_no": 1,
			"published_on": add_days(today(), opens),
			"bid_opens_on": add_days(today(), opens),
			"bid_closes_on": add_days(today(), closes),
			"items": [{"demand": d.name} for d in demands],
		}
	).insert()
	guide.submit()
	return guide


def close_window(guide):
	"""The bid window has passed (time moves on; the guide keeps its record)."""
	frappe.db.set_value("Open Competition Guide", guide.name, "bid_closes_on", add_days(today(), -1))


def new_bid(oc, demand, who, **over):
	frappe.set_user(oc.users[who])
	frappe.clear_cache(user=oc.users[who])
	return frappe.get_doc(
		{
			"doctype": "Open Competition Bid",
			"demand": demand.name,
			"organization": oc.orgs[who],
			"feasibility_plan": "<p>技术路线与进度安排</p>",
			"registered_taxed_counted_in_area": 1,
			"declared_no_bad_credit": 1,
			"pledge_accepted": 1,
			**over,
		}
	).insert()


def qualify(oc, bid):
	frappe.set_user(oc.bureau)
	doc = frappe.get_doc(bid.doctype, bid.name)
	for row in doc.qualification_checks:
		row.result = "Pass"
	doc.panel_members = "科技局：赵六；需求方专家：钱七"
	doc.qualification_opinion = "资质符合第九条要求，方案可行"
	doc.save()
	act(oc.bureau, doc, "Qualify")
	return frappe.get_doc(bid.doctype, bid.name)


def choose(oc, bid, action="Select Solver"):
	edit(oc.bureau, bid, demand_side_confirmation=attach(bid.doctype, bid.name, f"{bid.name}-choice.pdf"))
	act(oc.bureau, bid, action)


def notice_ends(bid, ends_on):
	"""Set-up: the bid's public notice (and the copy the bid shows) ends on that day."""
	notice = frappe.db.get_value("Open Competition Bid", bid.name, "public_notice")
	frappe.db.set_value("Public Notice", notice, "ends_on", ends_on)
	frappe.db.set_value("Open Competition Bid", bid.name, "notice_ends_on", ends_on)


def after_notice(bid):
	"""The 10 working days have run (the record keeps when it was published)."""
	notice_ends(bid, add_days(today(), -1))


def bid_through_notice(oc, category=TB, who="demand", solver="s1"):
	demand = demand_in_library(oc, who, category)
	guide = publish(oc, demand)
	bid = new_bid(oc, demand, solver)
	act(oc.users[solver], bid, "Submit")
	close_window(guide)
	bid = qualify(oc, bid)
	choose(oc, bid)
	act(oc.bureau, bid, "Publish Notice")
	after_notice(bid)
	return frappe.get_doc(bid.doctype, bid.name)


def new_project(oc, bid, contract_amount=10000000, years=2, **over):
	frappe.set_user(oc.bureau)
	return frappe.get_doc(
		{
			"doctype": "Open Competition Project",
			# its own title (the matter, §24): a project another test left committed on this site has
			# another, so it is never a prior award of the same matter
			"project_title": f"激光芯片散热揭榜项目-{frappe.generate_hash(length=6)}",
			"bid": bid.name,
			"contract_amount": contract_amount,
			"start_date": today(),
			"end_date": add_days(add_years(today(), years), -1),
			**CONTRACT,
			"contract_signed_on": today(),
			**over,
		}
	).insert()


def running_project(oc, category=TB, contract_amount=10000000, who="demand", solver="s1"):
	bid = bid_through_notice(oc, category, who, solver)
	project = new_project(oc, bid, contract_amount)
	act(oc.leader, project, "Approve Project")
	return frappe.get_doc(project.doctype, project.name)


def new_payment(oc, project, seq, funder_paid=None):
	frappe.set_user(oc.bureau)
	doc = frappe.get_doc(
		{
			"doctype": "Open Competition Payment",
			"project": project.name,
			"seq": seq,
			"funder_paid_amount": funder_paid,
		}
	).insert()
	if seq == 1:
		doc.funder_payment_evidence = attach(doc.doctype, doc.name, f"{doc.name}-bank-slip.pdf")
		doc.save()
	return doc


def pay(oc, payment):
	act(oc.bureau, payment, "Submit for Approval")
	act(oc.leader, payment, "Approve")
	act(oc.finance, payment, "Pay")
	return frappe.get_doc(payment.doctype, payment.name)


def accept(oc, project, who="demand"):
	edit(
		oc.users[who],
		project,
		acceptance_date=today(),
		acceptance_experts="需求方组织专家组 5 人",
		acceptance_opinion="全部指标达到合同要求",
		third_party_agency="陕西某检测认证中心",
		third_party_report=attach(project.doctype, project.name, f"{project.name}-third-party.pdf"),
		acceptance_result="Passed Acceptance",
	)
	act(oc.users[who], project, "Submit for Acceptance")
	act(oc.bureau, project, "Confirm Acceptance")


def report_row(stage, district="揭榜测试新城"):
	from policy_app.open_competition.report.open_competition_projects_by_stage.open_competition_projects_by_stage import (
		execute,
	)

	_columns, rows = execute({"scheme": "XX-JBGS", "district": district})
	return next(r for r in rows if r["stage"] == stage)


def money(v):
	return Decimal(str(v)).quantize(Decimal("0.01"))


# ---- end to end


def test_tech_breakthrough_end_to_end_pays_the_demand_side(oc, monkeypatch):
	demand = demand_in_library(oc, site_visit=True)
	assert demand.eligible and demand.site_visit_needed
	guide = publish(oc, demand)
	assert state(demand) == "Published"
	assert frappe.db.get_value(demand.doctype, demand.name, "guide") == guide.name

	bid = new_bid(oc, demand, "s1")
	act(oc.users.s1, bid, "Submit")
	bid = frappe.get_doc(bid.doctype, bid.name)
	assert [r.criterion for r in bid.qualification_checks] == ["jb9_tb_strength", "jb9_tb_ip"]
	# §9: the review starts once the bid window is over
	with pytest.raises(frappe.ValidationError, match="after the bid window closes"):
		qualify(oc, bid)
	close_window(guide)
	bid = qualify(oc, bid)
	choose(oc, bid)
	act(oc.bureau, bid, "Publish Notice")
	bid = frappe.get_doc(bid.doctype, bid.name)
	assert bid.notice_working_days == 10
	# the project waits for the notice
	with pytest.raises(frappe.ValidationError, match="public notice runs until"):
		new_project(oc, bid)
	after_notice(bid)

	project = new_project(oc, bid, 10000000)
	assert project.payee_side == "Demand Side" and project.payee_organization == oc.orgs.demand
	assert money(project.subsidy_amount) == Decimal("3000000.00")
	assert [money(r.amount) for r in project.instalments] == [Decimal("900000.00"), Decimal("2100000.00")]
	act(oc.leader, project, "Approve Project")
	assert state(project) == "In Progress" and state(bid) == "Contracted"
	assert frappe.db.get_value(bid.doctype, bid.name, "project") == project.name

	first = pay(oc, new_payment(oc, project, 1, funder_paid=3000000))
	assert state(first) == "Paid" and money(first.amount) == Decimal("900000.00")
	# the rest waits for the final performance evaluation
	with pytest.raises(frappe.ValidationError, match="final performance evaluation"):
		new_payment(oc, project, 2)
	accept(oc, frappe.get_doc(project.doctype, project.name))
	project = frappe.get_doc(project.doctype, project.name)
	assert project.workflow_state == "Acceptance Passed" and project.final_evaluation_passed
	second = pay(oc, new_payment(oc, project, 2))
	assert money(second.amount) == Decimal("2100000.00")
	project = frappe.get_doc(project.doctype, project.name)
	assert money(project.paid_amount) == Decimal("3000000.00")
	assert [r.status for r in project.instalments] == ["Paid", "Paid"]
	actions = [r.action for r in project.approval_log]
	assert actions == ["Approve Project", "Submit for Acceptance", "Confirm Acceptance"]

	# the Chinese print formats: guide, contract summary, notice
	# (printview writes an access log and commits it: keep this test inside its rolled-back transaction)
	from frappe.www import printview

	monkeypatch.setattr(printview, "make_access_log", lambda **kw: None)
	frappe.set_user(oc.bureau)
	sheet = frappe.get_print("Open Competition Guide", guide.name, "Open Competition Guide Sheet")
	assert "技术攻关类" in sheet and demand.demand_title in sheet and "高功率半导体激光芯片散热瓶颈" in sheet
	summary = frappe.get_print(project.doctype, project.name, "Open Competition Contract Summary")
	assert "任务书摘要" in summary and "3,000,000.00 元" in summary and "900,000.00 元" in summary
	notice = frappe.get_print(bid.doctype, bid.name, "Open Competition Project Notice")
	assert "拟立项公示" in notice and "10 个工作日" in notice and "揭榜测试揭榜方一" in notice
	# the report of projects by stage
	row = report_row("Acceptance Passed")
	assert row["projects"] == 1 and row["committed"] == Decimal("3000000.00")
	assert row["paid_amount"] == Decimal("3000000.00") and row["recovery_due"] == Decimal("0.00")


def test_commercialisation_end_to_end_pays_the_solver(oc):
	project = running_project(oc, CM, contract_amount=5000000, who="demand2", solver="s2")
	assert project.payee_side == "Solver" and project.payee_organization == oc.orgs.s2
	assert money(project.subsidy_amount) == Decimal("1500000.00")
	bid = frappe.get_doc("Open Competition Bid", project.bid)
	assert [r.criterion for r in bid.qualification_checks] == ["jb9_cm_team", "jb9_cm_support"]
	# the solver's own investment of 30 % of the contract releases 30 % of the subsidy
	first = pay(oc, new_payment(oc, project, 1, funder_paid=1500000))
	assert money(first.amount) == Decimal("450000.00")
	assert frappe.db.get_value("Open Competition Payment", first.name, "payee_organization") == oc.orgs.s2
	# acceptance is organised by the demand side, not the solver
	with pytest.raises(frappe.PermissionError):
		accept(oc, project, who="s2")
	accept(oc, frappe.get_doc(project.doctype, project.name), who="demand2")
	second = pay(oc, new_payment(oc, project, 2))
	assert money(second.amount) == Decimal("1050000.00")
	assert money(frappe.db.get_value(project.doctype, project.name, "paid_amount")) == Decimal("1500000.00")


def test_demand_conditions_and_wrong_roles(oc):
	demand = new_demand(oc, urgent_need=0, technical_problem="")
	failed = {r.condition for r in demand.eligibility_results if not r.passed}
	assert failed == {"jb6_tb_need", "jb6_tb_desc"} and not demand.eligible
	with pytest.raises(frappe.ValidationError, match="Conditions not met|第六条|Article|urgent"):
		act(oc.users.demand, demand, "Submit")
	assert state(demand) == "Draft"
	demand = edit(oc.users.demand, demand, urgent_need=1, technical_problem="散热瓶颈")
	act(oc.users.demand, demand, "Submit")
	# an applicant cannot pass their own demand; the bureau needs its opinion first
	with pytest.raises(WorkflowTransitionError):
		act(oc.users.demand, demand, "Pass Formal Review")
	with pytest.raises(frappe.ValidationError, match="Formal Review Opinion|Fill in"):
		act(oc.bureau, demand, "Pass Formal Review")
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(oc.bureau, demand, "Return", remark="")
	act(oc.bureau, demand, "Return", remark="请补充核心指标的测试方法")
	assert state(demand) == "Returned"


# ---- horse race


def test_horse_race_with_three_solvers_the_accepted_one_wins(oc):
	demand = demand_in_library(oc)
	guide = publish(oc, demand)
	bids = []
	for who in ("s1", "s2", "s3"):
		bid = new_bid(oc, demand, who, horse_race_agreed=1)
		act(oc.users[who], bid, "Submit")
		bids.append(bid)
	close_window(guide)
	bids = [qualify(oc, b) for b in bids]
	for b in bids:
		act(oc.bureau, b, "Start Horse Race")
	assert [state(b) for b in bids] == ["Horse Race"] * 3
	choose(oc, bids[1], "Declare Winner")
	assert [state(b) for b in bids] == ["Eliminated", "Selected", "Eliminated"]
	loser = frappe.get_doc(bids[0].doctype, bids[0].name)
	assert loser.approval_log[-1].action == "Eliminate" and bids[1].name in loser.approval_log[-1].remarks
	act(oc.bureau, bids[1], "Publish Notice")
	assert state(bids[1]) == "Public Notice"
	# the demand side reads every bid for its demand; a solver only its own
	frappe.set_user(oc.users.demand)
	seen = frappe.get_list("Open Competition Bid", filters={"demand": demand.name}, pluck="name")
	assert sorted(seen) == sorted(b.name for b in bids)
	frappe.set_user(oc.users.s1)
	assert frappe.get_list("Open Competition Bid", filters={"demand": demand.name}, pluck="name") == [
		bids[0].name
	]
	assert not frappe.has_permission("Open Competition Bid", "read", doc=bids[1].name)
	assert frappe.has_permission("Open Competition Demand", "read", doc=demand.name)
	assert not frappe.has_permission("Open Competition Demand", "write", doc=demand.name)


def test_horse_race_needs_the_solvers_agreement_and_a_rival(oc):
	demand = demand_in_library(oc)
	guide = publish(oc, demand)
	a = new_bid(oc, demand, "s1", horse_race_agreed=1)
	b = new_bid(oc, demand, "s2", horse_race_agreed=0)
	act(oc.users.s1, a, "Submit")
	act(oc.users.s2, b, "Submit")
	close_window(guide)
	a, b = qualify(oc, a), qualify(oc, b)
	with pytest.raises(frappe.ValidationError, match="not agreed"):
		act(oc.bureau, b, "Start Horse Race")
	assert state(b) == "Qualified"
	act(oc.bureau, b, "Eliminate", remark="未同意赛马")
	with pytest.raises(frappe.ValidationError, match="at least two"):
		act(oc.bureau, a, "Start Horse Race")
	assert state(a) == "Qualified"


# ---- money


@pytest.mark.parametrize(
	"contract, subsidy, first, second",
	[
		("26666666", "7999999.80", "2399999.94", "5599999.86"),  # 30 % just below the cap
		("26666667", "8000000.00", "2400000.00", "5600000.00"),  # 8,000,000.10 → capped
		("100000000", "8000000.00", "2400000.00", "5600000.00"),  # well above: 30,000,000 → capped
	],
)
def test_subsidy_cap_at_8_million(oc, contract, subsidy, first, second):
	bid = bid_through_notice(oc)
	project = new_project(oc, bid, contract_amount=Decimal(contract))
	assert money(project.subsidy_uncapped) == (Decimal(contract) * Decimal("0.3")).quantize(Decimal("0.01"))
	assert money(project.subsidy_amount) == Decimal(subsidy)
	assert [money(r.amount) for r in project.instalments] == [Decimal(first), Decimal(second)]
	assert sum(money(r.amount) for r in project.instalments) == Decimal(subsidy)


def test_first_instalment_needs_30_percent_paid_by_the_main_funder(oc):
	project = running_project(oc, contract_amount=10000000)
	with pytest.raises(frappe.ValidationError, match="below 30"):
		new_payment(oc, project, 1, funder_paid=2900000)  # 29 %
	with pytest.raises(frappe.ValidationError, match="below 30"):
		new_payment(oc, project, 1, funder_paid="2999999.99")  # a fen short
	assert not frappe.db.exists("Open Competition Payment", {"project": project.name})
	payment = new_payment(oc, project, 1, funder_paid=3000000)  # 30 %
	assert money(payment.amount) == Decimal("900000.00")
	# no approval without the bank slip, none by the officer who prepared it, and each step by its role
	with pytest.raises(WorkflowTransitionError):
		act(oc.finance, payment, "Pay")
	act(oc.bureau, payment, "Submit for Approval")
	with pytest.raises(WorkflowTransitionError):
		act(oc.bureau, payment, "Approve")
	act(oc.leader, payment, "Approve")
	act(oc.finance, payment, "Pay")
	log = frappe.get_doc(payment.doctype, payment.name).approval_log
	assert [(r.action, r.user) for r in log] == [
		("Submit for Approval", oc.bureau),
		("Approve", oc.leader),
		("Pay", oc.finance),
	]
	with pytest.raises(frappe.ValidationError, match="already"):
		new_payment(oc, project, 1, funder_paid=3000000)


# ---- termination


def test_objective_termination_cancels_what_is_unpaid(oc):
	from policy_app.open_competition.api import terminate_project

	project = running_project(oc, contract_amount=10000000)
	pending = new_payment(oc, project, 1, funder_paid=3000000)
	act(oc.bureau, pending, "Submit for Approval")
	from policy_app.open_competition.api import set_responsible_party

	frappe.set_user(oc.finance)
	with pytest.raises(frappe.PermissionError):
		set_responsible_party(project.name, "Solver")
	frappe.set_user(oc.bureau)
	with pytest.raises(frappe.ValidationError, match="responsible"):
		set_responsible_party(project.name, "Nobody")
	with pytest.raises(frappe.ValidationError, match="reason"):
		terminate_project(project.name, "Terminate", "")
	terminate_project(project.name, "Terminate", "不可抗力：关键设备进口受限")
	project = frappe.get_doc(project.doctype, project.name)
	assert project.workflow_state == "Terminated" and project.termination_cause == "Objective"
	assert money(project.cancelled_amount) == Decimal("3000000.00")
	assert money(project.recovered_amount) == Decimal("0.00")
	assert [r.status for r in project.instalments] == ["Cancelled", "Cancelled"]
	assert state(pending) == "Cancelled"
	assert not project.sanction and not project.recovery
	with pytest.raises(frappe.ValidationError, match="no instalment"):
		new_payment(oc, project, 1, funder_paid=3000000)


def test_subjective_termination_recovers_all_paid_and_blacklists_for_3_years(oc):
	from policy_app.open_competition.api import terminate_project

	project = running_project(oc, contract_amount=10000000)
	pay(oc, new_payment(oc, project, 1, funder_paid=3000000))
	frappe.set_user(oc.bureau)
	with pytest.raises(frappe.ValidationError, match="responsible"):
		terminate_project(project.name, "Terminate for Fault", "揭榜方擅自转包")
	terminate_project(project.name, "Terminate for Fault", "揭榜方擅自转包", responsible_party="Solver")
	frappe.set_user("Administrator")
	project = frappe.get_doc(project.doctype, project.name)
	assert project.workflow_state == "Terminated for Fault" and project.termination_cause == "Subjective"
	assert money(project.recovered_amount) == Decimal("900000.00")
	assert money(project.cancelled_amount) == Decimal("2100000.00")
	recovery = frappe.get_doc("Open Competition Recovery", project.recovery)
	assert money(recovery.amount) == Decimal("900000.00") and recovery.organization == oc.orgs.demand
	assert recovery.status == "Outstanding"
	sanction = frappe.get_doc("Sanction", project.sanction)
	assert sanction.organization == oc.orgs.s1 and sanction.docstatus == 1
	assert getdate(sanction.end_date) == getdate(add_years(today(), 3))
	assert "第十九条" in sanction.article
	row = report_row("Terminated for Fault")
	assert row["paid_amount"] == Decimal("900000.00") and row["recovery_due"] == Decimal("900000.00")
	assert row["cancelled_amount"] == Decimal("2100000.00") and row["committed"] == Decimal("900000.00")
	assert row["recovered"] == Decimal("0.00")
	frappe.set_user(oc.finance)
	with pytest.raises(frappe.ValidationError, match="evidence"):
		edit(oc.finance, recovery, status="Recovered")
	edit(
		oc.finance,
		recovery,
		status="Recovered",
		recovered_on=today(),
		recovery_evidence=attach(recovery.doctype, recovery.name, "refund.pdf"),
	)
	assert report_row("Terminated for Fault")["recovered"] == Decimal("900000.00")

	# the blacklisted solver's next bid is refused with the ban
	demand = demand_in_library(oc, "demand2", CM)
	publish(oc, demand)
	bid = new_bid(oc, demand, "s1")
	assert not bid.eligible
	assert any(r.condition == "ban" and not r.passed for r in bid.eligibility_results)
	with pytest.raises(frappe.ValidationError, match="banned"):
		act(oc.users.s1, bid, "Submit")
	assert state(bid) == "Draft"


def test_daily_job_terminates_projects_not_accepted_by_their_end_date_once(oc):
	from policy_app.open_competition.doctype.open_competition_project.open_competition_project import (
		terminate_overdue_projects,
	)

	project = running_project(oc, contract_amount=10000000)
	pay(oc, new_payment(oc, project, 1, funder_paid=3000000))
	frappe.set_user(oc.bureau)
	with pytest.raises(frappe.ValidationError, match="not overdue"):
		apply_workflow(frappe.get_doc(project.doctype, project.name), "Terminate Overdue")
	# the end date passes with no acceptance (the record keeps its dates; time moves on)
	frappe.db.set_value(
		project.doctype,
		project.name,
		{"start_date": add_years(today(), -2), "end_date": add_days(today(), -1)},
	)
	frappe.set_user("Administrator")
	assert project.name in terminate_overdue_projects()
	done = frappe.get_doc(project.doctype, project.name)
	assert done.workflow_state == "Expired" and done.termination_cause == "Not Accepted on Time"
	assert money(done.cancelled_amount) == Decimal("2100000.00") and money(done.paid_amount) == Decimal(
		"900000.00"
	)
	assert [r.status for r in done.instalments] == ["Paid", "Cancelled"]
	log_len = len(done.approval_log)
	assert project.name not in terminate_overdue_projects()
	again = frappe.get_doc(project.doctype, project.name)
	assert again.workflow_state == "Expired" and len(again.approval_log) == log_len


def test_project_period_is_1_to_3_years_and_cannot_be_extended(oc):
	bid = bid_through_notice(oc)
	with pytest.raises(frappe.ValidationError, match="1-3 years|1–3"):
		new_project(oc, bid, years=4)
	with pytest.raises(frappe.ValidationError, match="1-3 years|1–3"):
		new_project(oc, bid, end_date=add_days(today(), 200))
	project = new_project(oc, bid, years=3)
	act(oc.leader, project, "Approve Project")
	with pytest.raises(frappe.ValidationError, match="extended"):
		edit(oc.users.demand, project, end_date=add_days(project.end_date, 30))


# ---- §22 refusals


def test_related_parties_are_refused(oc):
	demand = demand_in_library(oc)
	publish(oc, demand)
	frappe.set_user("Administrator")
	solver = frappe.get_doc("Applicant Organization", oc.orgs.s1)
	solver.append("related_parties", {"related_organization": oc.orgs.demand, "relation": "Shareholding"})
	solver.save()
	bid = new_bid(oc, demand, "s1")
	row = next(r for r in bid.eligibility_results if r.condition == "jb22_related")
	assert not row.passed and "Shareholding" in row.reason
	with pytest.raises(frappe.ValidationError, match="related"):
		act(oc.users.s1, bid, "Submit")
	assert state(bid) == "Draft"

	# the demand side's declaration by name counts too (same controller)
	frappe.set_user("Administrator")
	owner = frappe.get_doc("Applicant Organization", oc.orgs.demand)
	owner.append("related_parties", {"related_name": "揭榜测试揭榜方二", "relation": "Same Controller"})
	owner.save()
	other = new_bid(oc, demand, "s2")
	assert not other.eligible and "Same Controller" in " ".join(
		r.reason or "" for r in other.eligibility_results
	)

	# bad credit in the last 3 years
	frappe.set_user("Administrator")
	frappe.db.set_value("Applicant Organization", oc.orgs.s3, "has_dishonesty_record", 1)
	third = new_bid(oc, demand, "s3")
	assert {r.condition for r in third.eligibility_results if not r.passed} == {"jb22_credit"}


def test_s22_a_bidder_who_cannot_declare_good_credit_leaves_the_box_unticked(oc):
	"""§22 近三年无不良信用记录或重大违法记录: the honest bidder ticks it and passes; one who leaves it unticked
	fails that condition alone."""
	demand = demand_in_library(oc)
	publish(oc, demand)
	honest = new_bid(oc, demand, "s1")
	assert honest.eligible
	assert next(r for r in honest.eligibility_results if r.condition == "jb22_credit").passed
	unticked = new_bid(oc, demand, "s2", declared_no_bad_credit=0)
	assert {r.condition for r in unticked.eligibility_results if not r.passed} == {"jb22_credit"}


def test_bid_outside_the_window_is_refused(oc):
	demand = demand_in_library(oc)
	publish(oc, demand, opens=2, closes=10)
	# an applicant bids only for its own organisation
	with pytest.raises(frappe.PermissionError):
		new_bid(oc, demand, "s1", organization=oc.orgs.s2)
	bid = new_bid(oc, demand, "s1")
	with pytest.raises(frappe.ValidationError, match="accepted from"):
		act(oc.users.s1, bid, "Submit")
	assert state(bid) == "Draft"
	# a demand not published in a guide takes no bids
	unpublished = demand_in_library(oc, "demand2", CM)
	with pytest.raises(frappe.ValidationError, match="not published"):
		new_bid(oc, unpublished, "s2")


def test_notice_lasts_10_working_days_on_the_engine_calendar(oc, monkeypatch):
	from policy_app.recognition import notice_service

	demand = demand_in_library(oc)
	guide = publish(oc, demand)
	bid = new_bid(oc, demand, "s1")
	act(oc.users.s1, bid, "Submit")
	close_window(guide)
	choose(oc, qualify(oc, bid))
	# published Wednesday 30 September 2026: National Day (1–7 Oct) skipped, Saturday 10 Oct worked
	monkeypatch.setattr(notice_service, "today", lambda: "2026-09-30")
	act(oc.bureau, bid, "Publish Notice")
	bid = frappe.get_doc(bid.doctype, bid.name)
	assert getdate(bid.notice_published_on) == date(2026, 9, 30)
	assert getdate(bid.notice_ends_on) == date(2026, 10, 20)
	# the window is the website's notice's: the bid shows what the notice says
	notice = frappe.get_doc("Public Notice", bid.public_notice)
	assert (getdate(notice.published_on), getdate(notice.ends_on), notice.working_days) == (
		date(2026, 9, 30),
		date(2026, 10, 20),
		10,
	)


# ---- §21 yearly limit


def test_eleventh_project_of_the_year_is_refused(oc):
	bid = bid_through_notice(oc)
	project = new_project(oc, bid)
	frappe.set_user("Administrator")
	year = getdate(today()).year
	already = frappe.db.count(
		"Open Competition Project",
		{"scheme": "XX-JBGS", "approved_on": ["between", [f"{year}-01-01", f"{year}-12-31"]]},
	)
	fillers = []
	for i in range(10 - already):  # projects approved earlier this year
		filler = frappe.new_doc("Open Competition Project")
		filler.update(
			{
				"name": f"OCP-TEST-FILL-{i}",
				"project_title": f"已立项项目 {i}",
				"bid": bid.name,
				"scheme": "XX-JBGS",
				"category": TB,
				"contract_amount": 1000000,
				"start_date": today(),
				"end_date": add_days(add_years(today(), 1), -1),
				"approved_on": f"{year}-03-01",
				"workflow_state": "In Progress",
			}
		)
		filler.db_insert()
		fillers.append(filler.name)
	with pytest.raises(frappe.ValidationError, match="yearly limit of 10"):
		act(oc.leader, project, "Approve Project")
	assert state(project) == "Draft" and not frappe.db.get_value(project.doctype, project.name, "approved_on")
	# one fewer approved this year: the same project now fits
	frappe.db.delete("Open Competition Project", {"name": fillers[-1]})
	act(oc.leader, project, "Approve Project")
	assert state(project) == "In Progress"
