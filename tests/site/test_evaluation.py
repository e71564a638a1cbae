"""Annual evaluations on a real site: rubric rows, the officer → expert → bureau workflow, cohort
rounds previewed and published once, rewards with caps and 就高不重复, medal titles, the QD results
notice, and a publication that crashes half-way and is run again."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate

from factories import make_district, make_org, make_user
from policy_app.evaluation import publishing
from policy_app.recognition import notice_service

SAMPLE = Path(__file__).resolve().parents[2] / "policy_app" / "engine" / "samples" / "xx_base_2025.csv"
CERTIFIED = {
	"XX-BASE": "Cooperation Base",
	"XX-INC": "Incubation Carrier",
	"XX-SVC": "Service Institution",
	"QD-BASE": "Cooperation Base",
	"ZJ-BASE": "Cooperation Base",
}


def notice_over(rnd):
	"""Set-up: the round's results notice (and the copy the round shows) ended long ago."""
	notice = frappe.db.get_value("Evaluation Round", rnd, "public_notice")
	frappe.db.set_value("Public Notice", notice, "ends_on", "2000-01-01")
	frappe.db.set_value("Evaluation Round", rnd, "notice_ends_on", "2000-01-01")


def certify(scheme: str, org: str, on="2023-06-01") -> str:
	doc = frappe.get_doc(
		{
			"doctype": CERTIFIED[scheme],
			"organization": org,
			"scheme": scheme,
			"base_type": "测试类型",
			"status": "Active",
			"certified_on": on,
			"valid_until": "2029-12-31",
		}
	).insert(ignore_permissions=True)
	return doc.name


def modes(scheme: str) -> dict:
	return {r.code: r.mode for r in frappe.get_doc("Policy Scheme", scheme).rubric_items}


def rows_from_csv(scheme: str, row: dict) -> list[dict]:
	out = []
	for code, mode in modes(scheme).items():
		v = (row.get(code) or "").strip()
		if not v:
			continue
		if mode in ("flat", "per_unit"):
			out.append({"item_code": code, "quantity": int(v)})
		elif mode == "judged_each":
			out.extend({"item_code": code, "quantity": 1, "judged_points": float(p)} for p in v.split(";"))
		else:
			out.append({"item_code": code, "judged_points": float(v)})
	return out


def evaluation(scheme, record, year, rows=(), state="Confirmed", **fields) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Policy Evaluation",
			"scheme": scheme,
			"year": year,
			"record_doctype": CERTIFIED[scheme],
			"record_name": record,
			"items": list(rows),
			**fields,
		}
	).insert()
	if state:
		frappe.db.set_value("Policy Evaluation", doc.name, "workflow_state", state)
	return doc.name


def published_grade(scheme, record, year, grade):
	"""An earlier cycle's final grade (the history rules read it)."""
	name = evaluation(scheme, record, year, state="Confirmed")
	frappe.db.set_value(
		"Policy Evaluation", name, {"published": 1, "final_grade": grade, "published_on": f"{year}-12-31"}
	)
	return name


def new_round(scheme, year) -> str:
	return frappe.get_doc({"doctype": "Evaluation Round", "scheme": scheme, "year": year}).insert().name


@pytest.fixture
def xx_base_cohort():
	d = make_district("评估测试新城")
	with open(SAMPLE, encoding="utf-8") as f:
		rows = list(csv.DictReader(f))
	# a 13th base: high operations and highlights, outputs 38 — raw 优秀, both output gates bring it to 合格
	extra = dict(
		rows[10],
		record="GJJD-2025-013",
		organisation="评估测试双门槛基地",
		staff_fulltime="20",
		highlights="5",
		previous_grades="",
	)
	rows.append(extra)
	cohort = {}
	for i, row in enumerate(rows):
		org = make_org(f"评估测试{row['organisation']}", d, 700 + i)
		rec = certify("XX-BASE", org)
		for y, g in enumerate([g for g in (row.get("previous_grades") or "").split(";") if g]):
			published_grade("XX-BASE", rec, 2024 - y, g)
		cohort[row["record"]] = evaluation(
			"XX-BASE",
			rec,
			2025,
			rows_from_csv("XX-BASE", row),
			outstanding_contribution=1 if row.get("outstanding") == "1" else 0,
			outstanding_reason="引进重大国际合作项目，贡献突出" if row.get("outstanding") == "1" else "",
		)
	return frappe._dict(district=d, evaluations=cohort)


def result_of(round_name, evaluation_name):
	rnd = frappe.get_doc("Evaluation Round", round_name)
	return next(r for r in rnd.results if r.evaluation == evaluation_name)


def test_xx_base_round_preview_then_publish_once(xx_base_cohort):
	ev = xx_base_cohort.evaluations
	rnd = new_round("XX-BASE", 2025)
	publishing.preview(rnd)
	doc = frappe.get_doc("Evaluation Round", rnd)
	assert doc.status == "Previewed" and doc.evaluation_count == 13
	grades = {r.evaluation: r.final_grade_label for r in doc.results}
	assert [grades[ev[f"GJJD-2025-{i:03d}"]] for i in range(1, 14)] == [
		"优秀",
		"优秀",
		"优秀",
		"合格",
		"良好",
		"合格",
		"不合格",
		"优秀",
		"不合格",
		"不合格",
		"合格",
		"不合格",
		"合格",
	]
	# §16: 优秀 + 良好 at most 40 % of 13 = 5; the 6th (004, 良好 by score) is brought down to 合格
	r004 = result_of(rnd, ev["GJJD-2025-004"])
	assert r004.raw_grade_label == "良好" and "40%" in r004.notes
	# §17 both output gates on one base: 81 points (优秀) with outputs 38 ⇒ not 优秀 (<50), not 良好 (<40)
	r013 = result_of(rnd, ev["GJJD-2025-013"])
	assert r013.raw_grade_label == "优秀" and r013.final_grade_label == "合格"
	assert "得分 38 低于 50 分" in r013.notes and "得分 38 低于 40 分" in r013.notes
	# the outstanding-contribution exemption keeps 008 优秀 with outputs 48
	r008 = result_of(rnd, ev["GJJD-2025-008"])
	assert r008.final_grade_label == "优秀" and "突出贡献" in r008.notes
	# two consecutive 不合格 ⇒ revocation proposed
	assert "取消资格" in result_of(rnd, ev["GJJD-2025-007"]).actions
	assert "优秀 4，良好 1，合格 4，不合格 4" in doc.summary and "2,300,000.00" in doc.summary
	# preview changed nothing outside the round
	assert not frappe.get_all("Policy Reward", filters={"evaluation_round": rnd})
	assert not frappe.db.get_value("Policy Evaluation", ev["GJJD-2025-001"], "published")

	# an administrator raises the share to 50 % on the scheme: the next preview shows the new outcome
	scheme = frappe.get_doc("Policy Scheme", "XX-BASE")
	scheme.quotas[0].percent = 50
	scheme.save()
	publishing.preview(rnd)
	assert result_of(rnd, ev["GJJD-2025-004"]).final_grade_label == "良好"
	scheme.reload()
	scheme.quotas[0].percent = 40
	scheme.save()

	publishing.publish(rnd)
	doc.reload()
	assert doc.status == "Published"
	e1 = frappe.get_doc("Policy Evaluation", ev["GJJD-2025-001"])
	assert e1.published and e1.final_grade == "excellent" and e1.cohort_rank == 1
	rewards = frappe.get_all(
		"Policy Reward",
		filters={"evaluation_round": rnd},
		fields=["name", "amount", "rule", "workflow_state"],
	)
	assert sorted(Decimal(str(r.amount)) for r in rewards) == [Decimal(300000)] + [Decimal(500000)] * 4
	assert {r.workflow_state for r in rewards} == {"Proposed"}
	funding = frappe.get_doc("Policy Reward", rewards[0].name).funding
	assert [(f.payer, Decimal(str(f.amount))) for f in funding] == [
		("new_area", Decimal(rewards[0].amount) / 2),
		("new_city", Decimal(rewards[0].amount) / 2),
	]
	with pytest.raises(frappe.ValidationError, match="already published"):
		publishing.publish(rnd)
	with pytest.raises(frappe.ValidationError, match="already published"):
		publishing.preview(rnd)
	assert len(frappe.get_all("Policy Reward", filters={"evaluation_round": rnd})) == 5
	# §16 two consecutive 不合格: the bureau gets a revocation proposal to confirm, once
	for record in ("GJJD-2025-007", "GJJD-2025-010"):
		proposals = frappe.get_all(
			"Title Action",
			filters={"source_doctype": "Policy Evaluation", "source_name": ev[record]},
			fields=["action", "status", "article"],
		)
		assert [(p.action, p.status, p.article) for p in proposals] == [("Revoke", "Proposed", "第十六条")]
	assert not frappe.get_all("Title Action", filters={"source_name": ev["GJJD-2025-009"]})
	# the reports: the graded cohort as printed, and the money against the budget
	from frappe.desk.query_report import run as run_report

	table = run_report("Evaluation Round Preview", filters={"evaluation_round": rnd})["result"]
	assert [r["cohort_rank"] for r in table] == sorted(r["cohort_rank"] for r in table) and len(table) == 13
	assert table[0]["organization_name"].endswith("秦汉新城丝路国际技术转移中心")
	frappe.get_doc(
		{"doctype": "Policy Budget", "scheme": "XX-BASE", "year": 2025, "budget_amount": 2000000}
	).insert()
	money = run_report("Rewards by Organization", filters={"scheme": "XX-BASE", "year": 2025})
	figures = {s["label"]: s["value"] for s in money["report_summary"]}
	assert figures == {"Committed": 2300000, "Budget": 2000000, "Remaining Budget": -300000}
	# a published evaluation is frozen
	e1 = frappe.get_doc("Policy Evaluation", ev["GJJD-2025-001"])
	e1.items[0].quantity = 9
	with pytest.raises(frappe.ValidationError):
		e1.save()


def test_a_publication_killed_half_way_leaves_nothing_and_runs_again(xx_base_cohort, monkeypatch):
	rnd = new_round("XX-BASE", 2025)
	publishing.preview(rnd)
	calls = {"n": 0}
	real = publishing.write_rewards

	def dying(*args, **kwargs):
		calls["n"] += 1
		if calls["n"] == 6:
			raise SystemExit("worker killed")
		return real(*args, **kwargs)

	monkeypatch.setattr(publishing, "write_rewards", dying)
	frappe.db.savepoint("before_publish")
	with pytest.raises(SystemExit):
		publishing.publish(rnd)
	# the job runner rolls back an unfinished job: nothing of it stays
	frappe.db.rollback(save_point="before_publish")
	assert frappe.db.get_value("Evaluation Round", rnd, "status") == "Previewed"
	assert not frappe.get_all("Policy Reward", filters={"evaluation_round": rnd})
	assert not frappe.get_all("Policy Evaluation", filters={"evaluation_round": rnd, "published": 1})
	monkeypatch.setattr(publishing, "write_rewards", real)
	publishing.publish(rnd)
	assert len(frappe.get_all("Policy Reward", filters={"evaluation_round": rnd})) == 5
	assert frappe.db.count("Policy Evaluation", {"evaluation_round": rnd, "published": 1}) == 13


def test_preview_and_publish_are_queued_once(xx_base_cohort, monkeypatch):
	rnd = new_round("XX-BASE", 2025)
	queued = []
	monkeypatch.setattr(frappe, "enqueue", lambda method, **kw: queued.append((method, kw)))
	job = publishing.start(rnd, "preview")
	method, kw = queued[0]
	assert method == "policy_app.evaluation.publishing.run" and kw["queue"] == "long"
	assert kw["job_id"] == job and kw["deduplicate"] is True
	assert publishing.get_progress(rnd)["stage"] == "Queued"
	# what the worker runs
	frappe.get_attr(method)(name=kw["name"], action=kw["action"])
	assert frappe.db.get_value("Evaluation Round", rnd, "status") == "Previewed"
	assert publishing.get_progress(rnd)["percent"] == 100
	with pytest.raises(frappe.ValidationError):
		publishing.start(rnd, "drop tables")


def test_xx_inc_round_85_stays_pass_and_top_ten_promoted():
	d = make_district("孵化评估新城")
	scores = [95, 90, 85, 84, 83, 80, 79, 78, 77, 76, 75, 74, 73, 72, 71, 70, 65, 62, 61, 55]
	ev = {}
	for i, s in enumerate(scores):
		org = make_org(f"孵化评估载体{i:02d}", d, 760 + i)
		ev[s] = evaluation(
			"XX-INC", certify("XX-INC", org), 2025, [{"item_code": "expert_score", "judged_points": s}]
		)
	rnd = new_round("XX-INC", 2025)
	publishing.publish(rnd)
	final = {
		s: frappe.db.get_value("Policy Evaluation", n, ["raw_grade", "final_grade"]) for s, n in ev.items()
	}
	assert final[95] == ("excellent", "excellent") and final[90] == ("excellent", "excellent")
	assert final[85] == ("pass", "pass")  # §10: 优秀 is above 85; exactly 85 is 合格
	assert final[55] == ("fail", "fail")
	# §11: the top 10 % (2 of 20) are 优秀 — here they already are; raise the bar and they are promoted
	s = frappe.get_doc("Policy Scheme", "XX-INC")
	next(b for b in s.grade_bands if b.grade == "excellent").min_score = 96
	next(b for b in s.grade_bands if b.grade == "pass").max_score = 96
	s.save()
	rnd2 = new_round("XX-INC", 2026)
	for sc, name in ev.items():
		rec = frappe.db.get_value("Policy Evaluation", name, "record_name")
		evaluation("XX-INC", rec, 2026, [{"item_code": "expert_score", "judged_points": sc}])
	publishing.publish(rnd2)
	graded = frappe.get_all(
		"Policy Evaluation",
		filters={"evaluation_round": rnd2},
		fields=["total_score", "raw_grade", "final_grade"],
	)
	promoted = sorted(g.total_score for g in graded if g.raw_grade == "pass" and g.final_grade == "excellent")
	assert promoted == [90, 95]
	# first 优秀 300,000 and first 合格 100,000 are paid once: 2026 pays no first-grade award again
	paid = frappe.get_all("Policy Reward", filters={"scheme": "XX-INC", "year": 2026}, pluck="rule")
	assert "inc_first_pass" not in paid
	first = frappe.get_all("Policy Reward", filters={"evaluation_round": rnd}, fields=["rule", "amount"])
	assert sorted((r.rule, int(r.amount)) for r in first).count(("inc_first_excellent", 300000)) == 2
	assert sorted((r.rule, int(r.amount)) for r in first).count(("inc_first_pass", 100000)) == 17


def test_xx_svc_institution_climbs_to_gold_and_drops():
	d = make_district("服务评估新城")
	rec = certify("XX-SVC", make_org("服务评估示范机构", d, 790), on="2020-06-01")
	seen = []
	for year, grade in [
		(2021, "excellent"),
		(2022, "excellent"),
		(2023, "excellent"),
		(2024, "excellent"),
		(2025, "pass"),
	]:
		evaluation("XX-SVC", rec, year, expert_grade=grade)
		publishing.publish(new_round("XX-SVC", year))
		seen.append(tuple(frappe.db.get_value("Service Institution", rec, ["medal_level", "medal_tier"])))
	assert seen == [
		(1, "铜牌示范机构"),
		(2, "银牌示范机构"),
		(3, "金牌示范机构"),
		(3, "金牌示范机构"),
		(2, "银牌示范机构"),
	]
	medals = frappe.get_all(
		"Policy Reward",
		filters={
			"scheme": "XX-SVC",
			"organization": frappe.db.get_value("Service Institution", rec, "organization"),
		},
		fields=["rule", "amount", "year"],
		order_by="year asc",
	)
	# each title's award once; dropping back to silver pays nothing again
	assert [(m.rule, int(m.amount), m.year) for m in medals] == [
		("svc_medal_bronze", 100000, 2021),
		("svc_medal_silver", 200000, 2022),
		("svc_medal_gold", 300000, 2023),
	]


def test_caps_and_highest_only_across_two_policies():
	d = make_district("就高评估新城")
	org = make_org("就高评估孵化服务机构", d, 795)
	carrier, institution = certify("XX-INC", org), certify("XX-SVC", org)
	matter = "辅导甲乙丙等10家企业首次认定为高新技术企业（2025）"
	evaluation(
		"XX-SVC",
		institution,
		2025,
		expert_grade="pass",
		claims=[{"rule": "svc_cultivate_hte", "matter": matter, "units": 10}],
	)
	svc_round = new_round("XX-SVC", 2025)
	publishing.publish(svc_round)
	svc = frappe.get_all(
		"Policy Reward",
		filters={"evaluation_round": svc_round, "rule": "svc_cultivate_hte"},
		fields=["name", "amount", "workflow_state"],
	)
	assert [(int(r.amount), r.workflow_state) for r in svc] == [(100000, "Proposed")]  # 10 × 10,000

	# XX-INC §16: 20,000 each would be 200,000 but at most 150,000 a year; that is higher than XX-SVC's
	evaluation(
		"XX-INC",
		carrier,
		2025,
		[{"item_code": "expert_score", "judged_points": 88}],
		claims=[{"rule": "inc_hightech", "matter": matter, "units": 10}],
	)
	inc_round = new_round("XX-INC", 2025)
	publishing.publish(inc_round)
	inc = frappe.get_doc("Policy Reward", {"evaluation_round": inc_round, "rule": "inc_hightech"})
	assert int(inc.amount) == 150000 and int(inc.computed_amount) == 200000 and "150,000.00" in inc.notes
	withdrawn = frappe.get_doc("Policy Reward", svc[0].name)
	assert withdrawn.workflow_state == "Dropped" and withdrawn.approval_log[-1].remarks.startswith(
		"Superseded"
	)
	total = sum(
		Decimal(str(r.amount))
		for r in frappe.get_all(
			"Policy Reward",
			filters={"organization": org, "matter": matter, "workflow_state": ["!=", "Dropped"]},
			fields=["amount"],
		)
	)
	assert total == Decimal(150000)  # the matter is paid once, at the highest amount

	# a later, lower award for the same matter is dropped with the reason shown
	rec2 = certify("XX-SVC", org, on="2024-01-01")
	evaluation(
		"XX-SVC",
		rec2,
		2026,
		expert_grade="pass",
		claims=[{"rule": "svc_cultivate_hte", "matter": matter, "units": 5}],
	)
	r3 = new_round("XX-SVC", 2026)
	publishing.publish(r3)
	dropped = frappe.get_doc("Policy Reward", {"evaluation_round": r3, "rule": "svc_cultivate_hte"})
	assert dropped.workflow_state == "Dropped" and "就高不重复" in dropped.notes and int(dropped.amount) == 0


def test_evaluation_workflow_experts_and_refusals():
	d = make_district("评估流程新城")
	org = make_org("评估流程基地", d, 798)
	rec = certify("XX-BASE", org)
	officer = make_user("ev.officer@policy.test", ["District Officer"], districts=[d])
	expert = make_user("ev.expert@policy.test", ["Policy Expert"])
	if not frappe.db.exists("Policy Expert", {"user": expert}):
		frappe.get_doc(
			{"doctype": "Policy Expert", "user": expert, "expert_name": "评估专家", "active": 1}
		).insert(ignore_permissions=True)
	stranger = make_user("ev.stranger@policy.test", ["Policy Expert"])
	bureau = make_user("ev.bureau@policy.test", ["Bureau Officer"])
	frappe.set_user(officer)
	doc = frappe.get_doc(
		{
			"doctype": "Policy Evaluation",
			"scheme": "XX-BASE",
			"year": 2025,
			"record_doctype": "Cooperation Base",
			"record_name": rec,
			"experts": [{"expert_user": expert}],
		}
	).insert()
	assert len(doc.items) == 24 and doc.workflow_state == "Draft"  # the rubric as rows
	row = next(r for r in doc.items if r.item_code == "projects_landed")
	row.quantity, row.judged_points = 1, 31  # a landed project is worth 5–30 points
	with pytest.raises(frappe.ValidationError, match="between 5"):
		doc.save()
	assert frappe.db.get_value("Policy Evaluation Item", row.name, "judged_points") == 0
	doc.reload()
	next(r for r in doc.items if r.item_code == "projects_landed").quantity = 1  # the district's count
	doc.save()
	apply_workflow(doc, "Send to Experts")
	frappe.set_user(stranger)
	assert not frappe.has_permission("Policy Evaluation", "read", doc.name)
	assert doc.name not in frappe.get_list("Policy Evaluation", pluck="name")
	frappe.set_user(expert)
	assert doc.name in frappe.get_list("Policy Evaluation", pluck="name")
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	sheet = {r["row"]: "0" for r in doc.scoring_sheet()["rows"] if r["mode"] == "judged"}
	landed = next(r for r in doc.scoring_sheet()["rows"] if r["label"].startswith("科技招商"))
	doc.submit_scores({**sheet, landed["row"]: "25"})  # the panel of one expert is complete
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	assert doc.total_score == 25 and doc.workflow_state == "Bureau Review"
	frappe.set_user(bureau)
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	apply_workflow(doc, "Confirm")
	assert [e.action for e in frappe.get_doc("Policy Evaluation", doc.name).approval_log] == [
		"Send to Experts",
		"Submit Scores",
		"Confirm",
	]
	# a platform figure changed without a reason is refused; with one it is kept
	frappe.set_user("Administrator")
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	doc.append(
		"items",
		{
			"item_code": "talents",
			"quantity": 1,
			"judged_points": 5,
			"source": "Platform",
			"platform_quantity": 1,
			"platform_points": 5,
		},
	)
	doc.save()
	doc.items[-1].judged_points = 8  # the expert sets a talent's points within 3–10
	doc.save()
	assert doc.total_score == 33
	doc.items[-1].quantity = 2
	with pytest.raises(frappe.ValidationError, match="give the reason"):
		doc.save()
	doc.reload()
	assert doc.items[-1].quantity == 1
	doc.items[-1].quantity = 2
	doc.items[-1].adjust_reason = "同一团队两名人才分别签约，平台只登记一条"
	doc.save()
	assert frappe.db.get_value("Policy Evaluation Item", doc.items[-1].name, "quantity") == 2


def test_qd_results_go_through_public_notice(monkeypatch):
	d = make_district("青岛评估区")
	# QD §14: certified in 2022, their first three-year cycle is evaluated in 2025
	recs = [certify("QD-BASE", make_org(f"青岛评估基地{i}", d, 800 + i), on="2022-06-01") for i in range(3)]
	for rec, g in zip(recs, ["excellent", "pass", "fail"], strict=True):
		evaluation("QD-BASE", rec, 2025, expert_grade=g)
	rnd = new_round("QD-BASE", 2025)
	publishing.publish(rnd)
	doc = frappe.get_doc("Evaluation Round", rnd)
	assert doc.status == "In Notice" and doc.public_notice and doc.notice_ends_on
	assert not frappe.get_all("Policy Evaluation", filters={"evaluation_round": rnd, "published": 1})
	with pytest.raises(frappe.ValidationError, match="runs until"):
		publishing.finalise_after_notice(rnd)
	first = doc.results[0].evaluation
	obj = frappe.get_doc(
		{
			"doctype": "Objection",
			"public_notice": doc.public_notice,
			"reference_doctype": "Policy Evaluation",
			"reference_name": first,
			"objector_name": "张三",
			"objector_id_number": "370202199001011234",
			"objector_contact": "13800000000",
			"grounds": "评估材料与实际不符",
			"status": "Open",
		}
	).insert(ignore_permissions=True)
	after = add_days(doc.notice_ends_on, 1)
	# the day after the notice, for whether it has run (the notice service) and the publication's date
	monkeypatch.setattr(notice_service, "today", lambda: str(after))
	monkeypatch.setattr(publishing, "today", lambda: str(after))
	with pytest.raises(frappe.ValidationError, match="Open objections"):
		publishing.finalise_after_notice(rnd)
	frappe.db.set_value("Objection", obj.name, "status", "Dismissed")
	publishing.finalise_due_rounds()
	assert frappe.db.get_value("Evaluation Round", rnd, "status") == "Published"
	assert frappe.db.count("Policy Evaluation", {"evaluation_round": rnd, "published": 1}) == 3
	assert getdate(doc.notice_ends_on) > getdate(doc.creation)


def test_reward_ledger_moves_proposed_approved_paid_and_guards_its_figures():
	d = make_district("奖补台账新城")
	other = make_district("奖补台账另一新城")
	org = make_org("奖补台账孵化器", d, 830)
	evaluation("XX-INC", certify("XX-INC", org), 2025, [{"item_code": "expert_score", "judged_points": 90}])
	leader = make_user("rw.leader@policy.test", ["Bureau Leader"])
	rnd = new_round("XX-INC", 2025)
	publishing.publish(rnd)
	name = frappe.get_value("Policy Reward", {"evaluation_round": rnd})
	# the approver gets the round once in the work list, not a ToDo per reward
	todos = frappe.get_all(
		"ToDo",
		filters={"allocated_to": leader, "status": "Open"},
		fields=["reference_type", "reference_name"],
	)
	assert [(t.reference_type, t.reference_name) for t in todos] == [("Evaluation Round", rnd)]
	finance = make_user("rw.finance@policy.test", ["Finance Officer"])
	officer = make_user("rw.officer@policy.test", ["District Officer"], districts=[d])
	stranger = make_user("rw.stranger@policy.test", ["District Officer"], districts=[other])
	# nobody types a reward in by hand, and the computed figures stay as published
	frappe.set_user(finance)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Policy Reward",
				"organization": org,
				"scheme": "XX-INC",
				"year": 2025,
				"rule": "inc_first_excellent",
				"amount": 1,
			}
		).insert()
	# the bureau officer, who edits a proposed reward (its granted amount), still cannot change a figure
	frappe.set_user(make_user("rw.bureau@policy.test", ["Bureau Officer"]))
	doc = frappe.get_doc("Policy Reward", name)
	doc.amount = 999999
	with pytest.raises(frappe.ValidationError, match="cannot be edited"):
		doc.save()
	# the leader approves it but edits nothing while it is Proposed
	frappe.set_user(leader)
	doc = frappe.get_doc("Policy Reward", name)
	doc.amount = 999999
	with pytest.raises(frappe.PermissionError, match="only"):
		doc.save()
	doc.reload()
	assert int(doc.amount) == 300000
	apply_workflow(doc, "Approve")
	frappe.set_user(finance)
	doc = frappe.get_doc("Policy Reward", name)
	with pytest.raises(frappe.ValidationError, match="payment date"):
		apply_workflow(doc, "Mark Paid")
	doc.reload()
	doc.paid_on, doc.payment_reference = "2026-03-01", "国库集中支付 2026-0301-017"
	doc.save()
	apply_workflow(doc, "Mark Paid")
	doc = frappe.get_doc("Policy Reward", name)
	assert doc.workflow_state == "Paid" and int(doc.amount) == 300000
	assert [e.action for e in doc.approval_log] == ["Approve", "Mark Paid"]
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc("Policy Reward", name)
	frappe.set_user("Administrator")
	with pytest.raises(frappe.ValidationError, match="cannot be deleted"):
		frappe.delete_doc("Policy Reward", name)
	# district scoping: the officer of its district sees it, another district's does not
	frappe.set_user(officer)
	assert name in frappe.get_list("Policy Reward", pluck="name")
	frappe.set_user(stranger)
	assert name not in frappe.get_list("Policy Reward", pluck="name")
	assert not frappe.has_permission("Policy Reward", "read", name)


def test_zj_round_proposes_revocation_for_a_report_never_filed():
	from policy_app.annual_duties import jobs

	d = make_district("浙江评估区")
	filed, never = (certify("ZJ-BASE", make_org(f"浙江评估基地{i}", d, 840 + i)) for i in range(2))
	report = jobs.ensure_report("Cooperation Base", never, 2025)
	for rec in (filed, never):
		evaluation("ZJ-BASE", rec, 2025, expert_grade="pass")
	publishing.publish(new_round("ZJ-BASE", 2025))
	# §22(一): not filed by the end of the evaluation ⇒ the bureau is asked to revoke
	proposals = frappe.get_all(
		"Title Action", filters={"record_name": never}, fields=["action", "source_name"]
	)
	assert [(p.action, p.source_name) for p in proposals] == [("Revoke", report)]
	assert not frappe.get_all("Title Action", filters={"record_name": filed})


def test_qd_base_that_stays_away_is_proposed_for_revocation_unless_exempt():
	d = make_district("青岛缺评区")
	present, absent, exempt = (
		certify("QD-BASE", make_org(f"青岛缺评基地{i}", d, 850 + i), on="2022-06-01") for i in range(3)
	)
	frappe.db.set_value(
		"Cooperation Base",
		exempt,
		{"evaluation_exempt_until": "2026-12-31", "exemption_basis": "2024年获评国家级优秀国合基地"},
	)
	evaluation("QD-BASE", present, 2025, expert_grade="pass")
	rnd = new_round("QD-BASE", 2025)
	publishing.publish(rnd)
	notice_over(rnd)
	publishing.finalise_after_notice(rnd)
	# §15(二): no good reason for staying away ⇒ revocation proposed; the nationally rated base is exempt
	assert [
		p.action for p in frappe.get_all("Title Action", filters={"record_name": absent}, fields=["action"])
	] == ["Revoke"]
	assert not frappe.get_all("Title Action", filters={"record_name": ["in", [present, exempt]]})


# ---- QD §14–15 cycle and one outcome per record, run by the bureau officer


def officer_runs(monkeypatch, rnd: str, action: str):
	"""The bureau officer presses Preview Grades / Publish: the job is queued as theirs and runs as them."""
	queued = []
	monkeypatch.setattr(frappe, "enqueue", lambda method, **kw: queued.append((method, kw)))
	publishing.start(rnd, action)
	(method, kw), *_ = queued
	frappe.get_attr(method)(name=kw["name"], action=kw["action"])


@pytest.fixture
def qd_bases():
	"""Qingdao bases at different points of their cycle in the 2025 round (QD §14: 每三年为一个评估周期)."""
	d = make_district("青岛周期区")
	names = ("到期参评", "到期缺评", "未到期", "免评", "复评缺评", "复评参评", "首评不合格")
	on = {"未到期": "2023-06-01", "复评缺评": "2021-06-01", "复评参评": "2021-06-01"}
	bases = frappe._dict(
		{
			n: certify("QD-BASE", make_org(f"青岛周期基地{n}", d, 1460 + i), on=on.get(n, "2022-06-01"))
			for i, n in enumerate(names)
		}
	)
	frappe.db.set_value(
		"Cooperation Base",
		bases["免评"],
		{"evaluation_exempt_until": "2025-12-31", "exemption_basis": "2024年获评省级优秀国合基地"},
	)
	for n in ("复评缺评", "复评参评"):  # certified 2021: cycle 2024, 不合格 ⇒ 2025 is the re-evaluation
		published_grade("QD-BASE", bases[n], 2024, "fail")
	bases.evaluations = {
		n: evaluation("QD-BASE", bases[n], 2025, expert_grade=g)
		for n, g in (("到期参评", "pass"), ("复评参评", "fail"), ("首评不合格", "fail"))
	}
	bases.officer = make_user("qd.cycle.officer@policy.test", ["Bureau Officer"])
	return bases


def proposals(record):
	return [
		(p.action, p.article)
		for p in frappe.get_all("Title Action", filters={"record_name": record}, fields=["action", "article"])
	]


def test_qd_s14_s15_round_asks_only_the_bases_due_in_their_cycle(qd_bases, as_user, monkeypatch):
	"""QD §14 每三年为一个评估周期; 评估结果为“不合格”的国合基地，整改一年，参加下一年度评估，进行复评;
	国合基地被国家、省评为优秀的，不参加市级国合基地评估. QD §15(二) 无正当理由不参加绩效评估的和复评
	⇒ 取消资格: only the bases that were due and stayed away are proposed for revocation."""
	b = qd_bases
	as_user(b.officer)
	rnd = frappe.get_doc({"doctype": "Evaluation Round", "scheme": "QD-BASE", "year": 2025}).insert().name
	officer_runs(monkeypatch, rnd, "preview")
	doc = frappe.get_doc("Evaluation Round", rnd)
	assert doc.status == "Previewed"
	notes = {r.evaluation: r.notes for r in doc.results}
	assert "第 1 个评估周期在 2025 年度评估" in notes[b.evaluations["到期参评"]]
	assert "2024 年度评估“不合格”，整改后参加 2025 年度复评" in notes[b.evaluations["复评参评"]]
	# the officer sees, before publishing, who was due and is missing, and what will be proposed
	assert "应参加而未参加评估 2 家" in doc.summary
	assert "青岛周期基地到期缺评" in doc.summary and "青岛周期基地复评缺评" in doc.summary
	assert "青岛周期基地未到期" not in doc.summary and "青岛周期基地免评" not in doc.summary
	assert not frappe.get_all("Title Action", filters={"record_name": ["in", [b["到期缺评"], b["复评缺评"]]]})

	officer_runs(monkeypatch, rnd, "publish")  # QD §14: the results go on public notice first
	assert frappe.db.get_value("Evaluation Round", rnd, "status") == "In Notice"
	notice_over(rnd)  # set-up: the notice is over
	publishing.finalise_after_notice(rnd)
	assert frappe.db.get_value("Evaluation Round", rnd, "status") == "Published"
	as_user("Administrator")
	assert proposals(b["到期缺评"]) == [("Revoke", "第十五条第（二）项")]
	assert proposals(b["复评缺评"]) == [("Revoke", "第十五条第（二）项")]
	ground = frappe.db.get_value("Title Action", {"record_name": b["复评缺评"]}, "ground")
	assert "复评" in ground and "3 年内不得再次申报" in ground
	# not due (first cycle closes in 2026) and exempt (rated 优秀 provincially): nothing proposed
	assert proposals(b["未到期"]) == [] and proposals(b["免评"]) == [] and proposals(b["到期参评"]) == []


def test_qd_s15_1_a_failed_re_evaluation_is_revoked_alone(qd_bases, as_user, monkeypatch):
	"""QD §15(一): 绩效评估不合格，整改后复评结果仍为“不合格”的 ⇒ 取消资格 — one outcome for the cycle:
	revocation, no second rectification; a first 不合格 (§14) is rectification alone."""
	b = qd_bases
	as_user(b.officer)
	rnd = frappe.get_doc({"doctype": "Evaluation Round", "scheme": "QD-BASE", "year": 2025}).insert().name
	officer_runs(monkeypatch, rnd, "preview")
	actions = {r.evaluation: r.actions for r in frappe.get_doc("Evaluation Round", rnd).results}
	assert (
		"取消资格" in actions[b.evaluations["复评参评"]] and "整改" not in actions[b.evaluations["复评参评"]]
	)
	assert "整改一年" not in actions[b.evaluations["复评参评"]]
	assert "整改" in actions[b.evaluations["首评不合格"]]
	officer_runs(monkeypatch, rnd, "publish")
	notice_over(rnd)
	publishing.finalise_after_notice(rnd)
	as_user("Administrator")
	assert proposals(b["复评参评"]) == [("Revoke", "第十五条第（一）项")]
	assert proposals(b["首评不合格"]) == [("Rectify", "第十四条")]


def test_xx_base_s16_forty_percent_of_two_bases_follows_the_schemes_rounding(as_user, monkeypatch):
	"""XX-BASE §16: 优秀和良好的比例不超过总数的40%. Two bases scoring 优秀: 40 % of 2 is 0.8 — no place
	with the shipped floor; an administrator who reads it as one place sets Quota Rounding to half_up
	and the officer's next preview keeps the better base 优秀."""
	d = make_district("取整评估新城")
	evs = []
	for i in range(2):
		rec = certify("XX-BASE", make_org(f"取整评估基地{i}", d, 1480 + i))
		rows = [{"item_code": "projects_landed", "quantity": 1, "judged_points": 30}] * 2 + [
			{"item_code": "plan", "quantity": 1},
			{"item_code": "funding", "quantity": 1},
			{"item_code": "staff_fulltime", "quantity": 13},
			{"item_code": "served_party", "judged_points": 5},
			{"item_code": "authority", "judged_points": 5},
			{"item_code": "highlights", "judged_points": 5 + i},
		]
		evs.append(evaluation("XX-BASE", rec, 2025, rows))
	officer = make_user("rounding.officer@policy.test", ["Bureau Officer"])
	as_user(officer)
	rnd = frappe.get_doc({"doctype": "Evaluation Round", "scheme": "XX-BASE", "year": 2025}).insert().name
	officer_runs(monkeypatch, rnd, "preview")
	grades = {r.evaluation: r.final_grade for r in frappe.get_doc("Evaluation Round", rnd).results}
	assert grades == {evs[0]: "pass", evs[1]: "pass"}
	as_user("Administrator")
	scheme = frappe.get_doc("Policy Scheme", "XX-BASE")
	assert scheme.quota_rounding == "floor"
	scheme.quota_rounding = "half_up"
	scheme.save()
	as_user(officer)
	officer_runs(monkeypatch, rnd, "preview")
	grades = {r.evaluation: r.final_grade for r in frappe.get_doc("Evaluation Round", rnd).results}
	assert grades == {evs[0]: "pass", evs[1]: "excellent"}
