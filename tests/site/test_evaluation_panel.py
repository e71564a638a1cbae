"""Issue 19 (3–6) on a real site, each step as the user whose step it is: the district enters the counts
of the XX-BASE 附件 (judged items too), every listed expert scores on their own sheet and the evaluation
goes on once the panel is complete, the expert picker lists active experts only, a bureau officer edits
a draft, and a round's preview and publication are queued under their own job ids with a hint when no
worker runs."""

from __future__ import annotations

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from test_evaluation import certify, new_round

from factories import make_district, make_org, make_user
from policy_app.evaluation import experts as expert_search
from policy_app.evaluation import publishing, round_jobs
from policy_app.evaluation.doctype.policy_evaluation.policy_evaluation import rubric_subtotals


def profile(email: str, name: str, active=1) -> str:
	user = make_user(email, ["Policy Expert"])
	existing = frappe.db.get_value("Policy Expert", {"user": user})
	if existing:
		frappe.db.set_value("Policy Expert", existing, "active", active)
		return user
	frappe.get_doc({"doctype": "Policy Expert", "user": user, "expert_name": name, "active": active}).insert(
		ignore_permissions=True
	)
	return user


@pytest.fixture
def panel_case():
	d = make_district("评分专家组新城")
	org = make_org("评分专家组基地", d, 1811)
	rec = certify("XX-BASE", org)
	return frappe._dict(
		rec=rec,
		officer=make_user("pn.officer@policy.test", ["District Officer"], districts=[d]),
		bureau=make_user("pn.bureau@policy.test", ["Bureau Officer"]),
		a=profile("pn.expert.a@policy.test", "评分专家甲"),
		b=profile("pn.expert.b@policy.test", "评分专家乙"),
		idle=profile("pn.expert.idle@policy.test", "停用专家", active=0),
		plain=make_user("pn.plain@policy.test", ["Policy Expert"]),  # the role, no profile
	)


def row(doc, code):
	return next(r for r in doc.items if r.item_code == code)


def counts(doc):
	"""What the district enters: counts of fixed and judged per-unit items, no experts' points."""
	for code, qty in (("staff_fulltime", 4), ("events", 3), ("publicity", 10), ("park_visits", 2)):
		row(doc, code).quantity = qty


def todo_open(doc, user) -> bool:
	return bool(
		frappe.db.exists(
			"ToDo",
			{
				"reference_type": doc.doctype,
				"reference_name": doc.name,
				"allocated_to": user,
				"status": "Open",
			},
		)
	)


def test_the_district_counts_judged_items_and_sees_subtotals_against_caps(panel_case):
	"""附件: the district counts 3 events and 10 publicity actions before the experts judge them (the
	save was refused: 每项得分应在1–3分之间); 4 staff × 2 and 2 park visits × 2 count at once."""
	c = panel_case
	frappe.set_user(c.officer)
	doc = frappe.get_doc(
		{
			"doctype": "Policy Evaluation",
			"scheme": "XX-BASE",
			"year": 2025,
			"record_doctype": "Cooperation Base",
			"record_name": c.rec,
		}
	).insert()
	counts(doc)
	doc.save()
	assert row(doc, "events").quantity == 3 and row(doc, "events").points == 0
	assert row(doc, "staff_fulltime").points == 8 and row(doc, "park_visits").points == 4
	assert doc.section_scores.startswith("运营管理 8 / 30；成果产出 4 / 60；综合评价 0 / 10")
	# points each for every unit: 10 publicity actions at 0.3 are 3 points, not 0.3
	row(doc, "publicity").judged_points = 0.3
	doc.save()
	assert row(doc, "publicity").points == 3 and "运营管理 11 / 30" in doc.section_scores
	# one figure per unit, as many as the count
	row(doc, "events").unit_scores = "3；2"
	with pytest.raises(frappe.ValidationError, match="数量为 3，应填写 3 个得分|quantity of 3, so 3 points"):
		doc.save()
	assert frappe.db.get_value("Policy Evaluation Item", row(doc, "events").name, "unit_scores") in (None, "")
	doc.reload()
	row(doc, "events").unit_scores = "3；2；6"
	with pytest.raises(frappe.ValidationError, match="1–5|between 1 and 5"):
		doc.save()
	doc.reload()
	row(doc, "events").unit_scores = "3；2；4"
	doc.save()
	assert row(doc, "events").points == 9 and "成果产出 13 / 60" in doc.section_scores
	# the form's running subtotal: the rows on the form, unsaved, against their caps
	row(doc, "staff_fulltime").quantity = 20
	sent = {"scheme": "XX-BASE", "items": [r.as_dict() for r in doc.items]}  # what a new form sends
	assert rubric_subtotals(frappe.as_json(sent))["section_scores"].startswith(
		"运营管理 30 / 30（封顶前 43）"
	)
	assert frappe.db.get_value("Policy Evaluation Item", row(doc, "staff_fulltime").name, "quantity") == 4


def test_the_picker_lists_active_experts_and_the_send_needs_experts(panel_case):
	c = panel_case
	frappe.set_user(c.officer)
	found = {r[0] for r in expert_search.expert_users("User", "pn.", "name", 0, 50, {})}
	assert {c.a, c.b} <= found and c.idle not in found and c.plain not in found
	frappe.set_user(c.a)  # an expert does not search the pool
	with pytest.raises(frappe.PermissionError):
		expert_search.expert_users("User", "", "name", 0, 20, {})
	frappe.set_user(c.officer)
	doc = frappe.get_doc(
		{
			"doctype": "Policy Evaluation",
			"scheme": "XX-BASE",
			"year": 2025,
			"record_doctype": "Cooperation Base",
			"record_name": c.rec,
		}
	).insert()
	with pytest.raises(frappe.ValidationError, match="List the experts|评分专家"):
		apply_workflow(doc, "Send to Experts")
	assert frappe.db.get_value("Policy Evaluation", doc.name, "workflow_state") == "Draft"
	doc.reload()
	doc.append("experts", {"expert_user": c.plain})
	with pytest.raises(frappe.ValidationError, match="not an active expert|有效评审专家"):
		doc.save()
	doc.reload()
	doc.append("experts", {"expert_user": c.idle})
	with pytest.raises(frappe.ValidationError):
		doc.save()
	assert not frappe.get_all("Policy Evaluation Expert", filters={"parent": doc.name})
	# a bureau officer edits the draft (the workflow lists them among its editors)
	frappe.set_user(c.bureau)
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	row(doc, "staff_fulltime").quantity = 2
	doc.append("experts", {"expert_user": c.a})
	doc.save()
	assert frappe.db.get_value("Policy Evaluation Item", row(doc, "staff_fulltime").name, "quantity") == 2
	apply_workflow(doc, "Send to Experts")
	assert frappe.db.get_value("Policy Evaluation", doc.name, "workflow_state") == "Expert Scoring"


def test_every_listed_expert_scores_and_the_panel_mean_moves_it_on(panel_case):
	"""The second expert's ToDo is no longer cancelled by the first one's submission: the evaluation goes
	to the bureau once both have scored, with the mean of their sheets, unit by unit."""
	c = panel_case
	frappe.set_user(c.officer)
	doc = frappe.get_doc(
		{
			"doctype": "Policy Evaluation",
			"scheme": "XX-BASE",
			"year": 2025,
			"record_doctype": "Cooperation Base",
			"record_name": c.rec,
			"experts": [{"expert_user": c.a}, {"expert_user": c.b}],
		}
	).insert()
	counts(doc)
	doc.save()
	apply_workflow(doc, "Send to Experts")
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	assert todo_open(doc, c.a) and todo_open(doc, c.b)

	frappe.set_user(c.a)
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	sheet = doc.scoring_sheet()
	by_label = {r["label"]: r for r in sheet["rows"]}
	events, publicity = by_label[row(doc, "events").label], by_label[row(doc, "publicity").label]
	assert events["units"] == 3 and publicity["units"] == 10 and not sheet["submitted"]
	served, authority = by_label["服务对象评价"], by_label["主管部门评价"]
	mine = {
		events["row"]: "3；4；5",
		publicity["row"]: "；".join(["0.5"] * 10),
		served["row"]: "4",
		authority["row"]: "5",
		by_label["特色亮点附加分"]["row"]: "2",
	}
	# the sheet is the expert's place: the rubric rows are not theirs to change
	row(doc, "events").unit_scores = "5；5；5"
	with pytest.raises(frappe.ValidationError, match="own sheet|评分表"):
		doc.save()
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	# the expert cannot take the bureau's step before the panel is complete
	with pytest.raises(frappe.ValidationError):
		apply_workflow(doc, "Submit Scores")
	with pytest.raises(frappe.ValidationError, match="共 3 项|3 units need 3"):
		doc.submit_scores({**mine, events["row"]: "3；4"})
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	assert not any(e.submitted_on for e in doc.experts)
	doc.submit_scores(mine)
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	assert doc.workflow_state == "Expert Scoring" and "1" in doc.scoring_progress
	assert not todo_open(doc, c.a) and todo_open(doc, c.b)
	assert row(doc, "events").points == 0  # the panel is not complete: nothing taken yet
	# the record's timeline (which expert B reads) does not carry expert A's sheet
	versions = frappe.get_all(
		"Version", filters={"ref_doctype": doc.doctype, "docname": doc.name}, pluck="data"
	)
	assert not any("3；4；5" in (v or "") for v in versions)
	with pytest.raises(frappe.ValidationError, match="already|已提交"):
		doc.submit_scores(mine)

	frappe.set_user(c.idle)  # an expert not listed: not even a read
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Policy Evaluation", doc.name).submit_scores(mine)

	frappe.set_user(c.b)
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	doc.submit_scores(
		{
			events["row"]: "2；4；4",
			publicity["row"]: "；".join(["0.3"] * 10),
			served["row"]: "5",
			authority["row"]: "4",
			by_label["特色亮点附加分"]["row"]: "3",
		}
	)
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	assert doc.workflow_state == "Bureau Review" and doc.panel_complete
	assert row(doc, "events").unit_scores == "2.5；4；4.5" and row(doc, "events").points == 11
	assert row(doc, "publicity").points == 4  # 10 × 0.4
	assert row(doc, "served_party").judged_points == 4.5 and row(doc, "highlights").points == 2.5
	assert not todo_open(doc, c.b)
	log = [(e.action, e.user) for e in doc.approval_log]
	assert log == [("Send to Experts", c.officer), ("Submit Scores", c.b)]
	assert all(e.submitted_on and e.scores for e in doc.experts)

	# the bureau sends it back: the sheets start again
	frappe.set_user(c.bureau)
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	apply_workflow(doc, "Back to Experts")
	doc = frappe.get_doc("Policy Evaluation", doc.name)
	assert doc.workflow_state == "Expert Scoring" and not doc.panel_complete
	assert not any(e.submitted_on for e in doc.experts) and todo_open(doc, c.a) and todo_open(doc, c.b)


def test_preview_and_publish_have_their_own_jobs_and_say_when_no_worker_runs(panel_case, monkeypatch):
	frappe.set_user("Administrator")
	rnd = new_round("XX-BASE", 2031)
	frappe.db.set_value("Evaluation Round", rnd, "status", "Previewed")
	queued = []
	monkeypatch.setattr(frappe, "enqueue", lambda method, **kw: queued.append(kw))
	frappe.set_user(panel_case.bureau)
	a, b = publishing.start(rnd, "preview"), publishing.start(rnd, "publish")
	assert a != b and [k["job_id"] for k in queued] == [a, b] and all(k["deduplicate"] for k in queued)

	class Job:
		exc_info = "Traceback…\nfrappe.exceptions.ValidationError: 评估轮次已发布"

		def __init__(self, status):
			self.status = status

		def get_status(self, refresh=True):
			return self.status

	monkeypatch.setattr("frappe.utils.background_jobs.get_job", lambda job_id: Job("queued"))
	monkeypatch.setattr(round_jobs, "worker_count", lambda queue="long": 0)
	frappe.local.lang = "zh"
	p = publishing.get_progress(rnd, "publish")
	assert p["job"] == "queued" and p["workers"] == 0 and "没有运行中的 worker" in p["hint"]
	monkeypatch.setattr(round_jobs, "worker_count", lambda queue="long": 1)
	assert "已排队" in publishing.get_progress(rnd, "preview")["hint"]
	monkeypatch.setattr("frappe.utils.background_jobs.get_job", lambda job_id: Job("failed"))
	assert publishing.get_progress(rnd, "publish")["hint"].endswith("评估轮次已发布")
	with pytest.raises(frappe.ValidationError):
		publishing.get_progress(rnd, "drop tables")
