"""The expert panel of an application: avoidance rules, random draw and its record, reviews, quorum
and the panel's score, acting as the bureau officer and the experts themselves."""

import json
from decimal import Decimal

import frappe
import pytest

from factories import make_call, make_district, make_org, make_user
from policy_app import role_home
from policy_app.recognition import expert_panel

DT = "Cooperation Base Application"
#: every test expert has this field and the draws ask for it, so experts other runs left on the
#: site never join a test's panel (they are listed as excluded for the wrong field)
FIELD = "专家组测试"


@pytest.fixture
def ctx():
	s = frappe.get_doc("Policy Scheme", "XX-BASE")
	s.effective_from, s.effective_years = "2023-10-01", 10
	s.review_quorum, s.review_aggregate, s.review_trim_min_reviews = 3, "trimmed_mean", 5
	s.review_max_spread, s.expert_yearly_limit = 0, 10
	s.save()
	d = make_district("专家测试新城")
	org = make_org("专家测试申报企业", d, 61)
	sister = make_org("专家测试关联企业", d, 62)
	elsewhere = make_org("专家测试无关高校", d, 63)
	applicant = frappe.get_doc("Applicant Organization", org)
	applicant.append("related_parties", {"related_organization": sister, "relation": "Shareholding"})
	applicant.save()
	call = make_call("XX-BASE", title="专家评审测试申报通知")
	return frappe._dict(
		org=org,
		sister=sister,
		elsewhere=elsewhere,
		call=call.name,
		bureau=make_user("panel.bureau@policy.test", ["Bureau Officer"]),
		leader=make_user("panel.leader@policy.test", ["Bureau Leader"]),
		officer=make_user("panel.district@policy.test", ["District Officer"], districts=[d]),
	)


def application(ctx, avoid_list="", state="Expert Review"):
	"""An application already accepted by the bureau: the states before it are the lead's tests."""
	app = frappe.get_doc(
		{
			"doctype": DT,
			"call_for_applications": ctx.call,
			"organization": ctx.org,
			"base_type": "coop_base",
			"avoid_list": avoid_list,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value(DT, app.name, "workflow_state", state, update_modified=False)
	return frappe.get_doc(DT, app.name)


def expert(i, name=None, **fields):
	user = make_user(f"panel.expert{i}@policy.test", ["Policy Expert"])
	existing = frappe.db.get_value("Policy Expert", {"user": user})
	if existing:
		frappe.delete_doc("Policy Expert", existing, ignore_permissions=True, force=True)
	related = fields.pop("related", [])
	doc = frappe.get_doc(
		{
			"doctype": "Policy Expert",
			"user": user,
			"expert_name": name or f"测试专家{i}",
			"active": 1,
			"technical_fields": f"国际合作, {FIELD}",
			**fields,
		}
	)
	for org in related:
		doc.append("related_organizations", {"organization": org, "relation": "Part-time Post"})
	return doc.insert(ignore_permissions=True)


def draw(ctx, app, **kw):
	frappe.set_user(ctx.bureau)
	kw.setdefault("fields", FIELD)
	try:
		return expert_panel.draw_panel(DT, app.name, **kw)
	finally:
		frappe.set_user("Administrator")


def review_as_expert(name, points: list, recommendation="Support", comments="基础扎实。"):
	doc = frappe.get_doc("Expert Review", name)
	frappe.set_user(doc.expert_user)
	doc = frappe.get_doc("Expert Review", name)
	for row, p in zip(doc.scores, points, strict=True):
		row.points = p
	doc.recommendation, doc.comments = recommendation, comments
	doc.save()
	doc.submit()
	frappe.set_user("Administrator")
	return doc


def split(total):
	"""XX-BASE criteria (30, 20, 30, 20) scored to reach `total`."""
	rest, out = total, []
	for cap in (30, 20, 30, 20):
		p = min(cap, rest)
		out.append(p)
		rest -= p
	return out


def test_avoidance_rules_exclude_with_reasons(ctx):
	same = expert(1, organization=ctx.org)
	related = expert(2, organization=ctx.sister)
	declared = expert(3, related=[ctx.org])
	conflict = expert(4, declared_conflicts="某某研究所\n专家测试申报企业")
	avoided = expert(5, name="回避的专家")
	inactive = expert(6, active=0)
	acting = expert(10)
	make_user(acting.user, ["Policy Expert"], orgs=[ctx.org])  # also a user of the applicant
	clean = [expert(i, organization=ctx.elsewhere) for i in (7, 8, 9)]
	app = application(ctx, avoid_list="回避的专家、另一家单位")
	out = draw(ctx, app)
	assert sorted(out["experts"]) == sorted(e.name for e in clean)  # quorum 3: all three clean ones
	record = frappe.get_doc("Expert Draw", out["draw"])
	reasons = {x["expert"]: x["reasons"] for x in json.loads(record.excluded)}
	assert reasons[same.name] == ["same_organization"]
	assert reasons[related.name] == ["related_organization"]
	assert reasons[declared.name] == ["related_organization"]
	assert reasons[conflict.name] == ["declared_conflict"]
	assert reasons[avoided.name] == ["avoid_list"]
	assert reasons[inactive.name] == ["inactive"]
	assert reasons[acting.name] == ["same_organization"]
	assert record.drawn_by == ctx.bureau and record.panel_size == 3 and len(record.result) == 3
	# one review per drawn expert, with the scheme's criteria, in the expert's work list
	reviews = frappe.get_all(
		"Expert Review",
		filters={"expert_draw": record.name},
		fields=["name", "expert", "expert_user", "status"],
	)
	assert sorted(r.expert for r in reviews) == sorted(out["experts"])
	assert {r.status for r in reviews} == {"Open"}
	for r in reviews:
		assert frappe.db.exists(
			"ToDo",
			{"reference_type": "Expert Review", "reference_name": r.name, "allocated_to": r.expert_user},
		)
		criteria = [s.criterion for s in frappe.get_doc("Expert Review", r.name).scores]
		assert criteria == ["channels", "team", "cases", "capability"]
		# the expert may read the application under review
		assert frappe.has_permission(DT, "read", app.name, user=r.expert_user)
	# the applicant does not learn who is on the panel: no review, no draw, no share on its form
	applicant = make_user("panel.applicant@policy.test", ["Policy Applicant"], orgs=[ctx.org])
	assert frappe.has_permission(DT, "read", app.name, user=applicant)
	for doctype in ("Expert Review", "Expert Draw", "Policy Expert"):
		assert not frappe.has_permission(doctype, "read", user=applicant)
	assert not frappe.get_all("DocShare", filters={"share_doctype": DT, "share_name": app.name})


def test_too_few_eligible_experts_is_refused(ctx):
	expert(1, organization=ctx.org)
	expert(2)
	expert(3)
	app = application(ctx)
	with pytest.raises(frappe.ValidationError, match="only 2 eligible experts for a panel of 3"):
		draw(ctx, app)
	assert not frappe.db.exists("Expert Draw", {"reference_name": app.name})


def test_fields_filter(ctx):
	bio = [expert(i, technical_fields="生物医药，医疗器械") for i in (1, 2)]
	others = [expert(i) for i in (3, 4, 5)]
	app = application(ctx)
	out = draw(ctx, app, size=2, fields="医疗器械")
	assert sorted(out["experts"]) == sorted(e.name for e in bio)
	record = frappe.get_doc("Expert Draw", out["draw"])
	assert record.fields_filter == "医疗器械"
	reasons = {x["expert"]: x["reasons"] for x in json.loads(record.excluded)}
	assert all(reasons[e.name] == ["wrong_field"] for e in others)


def test_the_recorded_seed_reproduces_the_draw(ctx):
	pool = [expert(i) for i in range(1, 9)]
	app = application(ctx)
	out = draw(ctx, app, size=3)
	record = frappe.get_doc("Expert Draw", out["draw"])
	recorded = {c["id"] for c in json.loads(record.candidates)["pool"]}
	assert int(record.seed) >= 0 and {e.name for e in pool} <= recorded
	assert expert_panel.replay_draw(record.name) == out["experts"] == [m.expert for m in record.result]
	# the pure engine, given the recorded candidates and seed, picks the same panel
	import random

	from policy_app.engine.reviews import Candidate, draw_panel

	data = json.loads(record.candidates)
	inputs = data["inputs"]
	again = draw_panel(
		[Candidate.model_validate(c) for c in reversed(data["pool"])],
		3,
		inputs["applicant"],
		set(inputs["related"]),
		set(inputs["avoid"]),
		inputs["yearly_counts"],
		inputs["limit"],
		random.Random(int(record.seed)),
		{FIELD},
		applicant_names=set(inputs["applicant_names"]),
	)
	assert again.chosen == out["experts"]


def test_yearly_limit_counts_open_and_submitted_reviews(ctx):
	busy = expert(1, yearly_limit=1, organization=ctx.elsewhere)
	others = [expert(i) for i in (2, 3, 4)]
	first = application(ctx)
	frappe.get_doc(
		{
			"doctype": "Expert Review",
			"reference_doctype": DT,
			"reference_name": first.name,
			"scheme": "XX-BASE",
			"expert": busy.name,
		}
	).insert(ignore_permissions=True)
	assert expert_panel.yearly_counts()[busy.name] == 1
	second = application(ctx)
	out = draw(ctx, second)
	assert busy.name not in out["experts"] and sorted(out["experts"]) == sorted(e.name for e in others)
	mine = {busy.name, *(e.name for e in others)}
	excluded = [
		x
		for x in json.loads(frappe.db.get_value("Expert Draw", out["draw"], "excluded"))
		if x["expert"] in mine
	]
	assert excluded == [
		{
			"expert": busy.name,
			"name": busy.expert_name,
			"reasons": ["yearly_limit"],
			"reason_text": "yearly review limit reached",
		}
	]


def test_a_hand_made_review_gets_the_same_conflict_check(ctx):
	same = expert(1, organization=ctx.org)
	app = application(ctx)
	with pytest.raises(frappe.ValidationError, match="may not review"):
		frappe.get_doc(
			{
				"doctype": "Expert Review",
				"reference_doctype": DT,
				"reference_name": app.name,
				"scheme": "XX-BASE",
				"expert": same.name,
			}
		).insert(ignore_permissions=True)


def test_only_the_bureau_officer_draws_and_only_in_expert_review(ctx):
	for i in (1, 2, 3):
		expert(i)
	early = application(ctx, state="Accepted")
	with pytest.raises(frappe.ValidationError, match="in expert review"):
		draw(ctx, early)
	app = application(ctx)
	for user in (ctx.leader, ctx.officer, "panel.expert1@policy.test"):
		frappe.set_user(user)
		with pytest.raises(frappe.PermissionError):
			expert_panel.draw_panel(DT, app.name)
	frappe.set_user("Administrator")
	assert not frappe.db.exists("Expert Draw", {"reference_name": app.name})
	# an objection sends the case back to the experts (CQ §11.4): a panel can be drawn there too
	assert len(draw(ctx, application(ctx, state="Objection Review"))["experts"]) == 3


def test_redraw_needs_the_earlier_draw_and_a_reason(ctx):
	pool = [expert(i) for i in range(1, 8)]
	app = application(ctx)
	first = draw(ctx, app)
	with pytest.raises(frappe.ValidationError, match="already drawn"):
		draw(ctx, app)
	with pytest.raises(frappe.ValidationError, match="reason for the redraw"):
		draw(ctx, app, redraw_of=first["draw"], redraw_reason="  ")
	# one expert submits before the redraw; that review stays and counts
	kept = review_as_expert(first["reviews"][0], split(80))
	second = draw(ctx, app, redraw_of=first["draw"], redraw_reason="两名专家无法按期评审")
	record = frappe.get_doc("Expert Draw", second["draw"])
	assert record.redraw_of == first["draw"] and record.redraw_reason == "两名专家无法按期评审"
	assert record.panel_size == 2 and kept.expert not in second["experts"]
	statuses = {r: frappe.db.get_value("Expert Review", r, "status") for r in first["reviews"]}
	assert statuses == {first["reviews"][0]: "Submitted", **{r: "Withdrawn" for r in first["reviews"][1:]}}
	for r in first["reviews"][1:]:
		assert not frappe.db.exists("ToDo", {"reference_name": r, "status": "Open"})
	# withdrawn reviews do not count against the yearly limit
	counts = expert_panel.yearly_counts()
	assert sum(counts.get(e.name, 0) for e in pool) == 3  # the submitted one and the two redrawn
	# the first draw is replaced: redrawing it again is refused
	with pytest.raises(frappe.ValidationError, match="already drawn"):
		draw(ctx, app, redraw_of=first["draw"], redraw_reason="再次抽取")


def test_expert_draw_cannot_be_made_changed_or_deleted_by_hand(ctx):
	for i in (1, 2, 3):
		expert(i)
	app = application(ctx)
	out = draw(ctx, app)
	record = frappe.get_doc("Expert Draw", out["draw"])
	record.redraw_reason = "改一下"
	with pytest.raises(frappe.PermissionError):
		record.save(ignore_permissions=True)
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc("Expert Draw", record.name, ignore_permissions=True)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Expert Draw",
				"reference_doctype": DT,
				"reference_name": app.name,
				"scheme": "XX-BASE",
			}
		).insert(ignore_permissions=True)
	frappe.set_user(ctx.bureau)
	record = frappe.get_doc("Expert Draw", out["draw"])
	assert not frappe.has_permission("Expert Draw", "write", record)
	assert not frappe.has_permission("Expert Draw", "delete", record)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Expert Draw", out["draw"], "redraw_reason") is None


def test_an_expert_sees_only_their_own_review(ctx):
	pool = [expert(i) for i in (1, 2, 3)]
	app = application(ctx)
	out = draw(ctx, app)
	mine, theirs = out["reviews"][0], out["reviews"][1]
	me = frappe.db.get_value("Expert Review", mine, "expert_user")
	frappe.set_user(me)
	assert frappe.get_list("Expert Review", pluck="name") == [mine]
	assert frappe.get_list("Policy Expert", pluck="user") == [me]
	assert not frappe.has_permission("Expert Review", "read", theirs)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Expert Review", theirs).check_permission("read")  # what /api/resource does
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Expert Review", theirs).check_permission("write")
	frappe.get_doc("Expert Review", mine).check_permission("write")
	assert not frappe.has_permission("Expert Draw", "read")
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("Expert Draw")
	assert frappe.get_list("ToDo", filters={"reference_type": "Expert Review"}, pluck="reference_name") == [
		mine
	]
	# the bureau reads every review, the leader too, but neither writes one
	for user in (ctx.bureau, ctx.leader):
		frappe.set_user(user)
		assert set(out["reviews"]) <= set(frappe.get_list("Expert Review", pluck="name", limit=0))
		assert not frappe.has_permission("Expert Review", "write", mine)
	frappe.set_user("Administrator")
	assert len(pool) == 3


def test_review_total_and_its_limits(ctx):
	for i in (1, 2, 3):
		expert(i)
	app = application(ctx)
	name = draw(ctx, app)["reviews"][0]
	user = frappe.db.get_value("Expert Review", name, "expert_user")
	frappe.set_user(user)
	doc = frappe.get_doc("Expert Review", name)
	for row, p in zip(doc.scores, (25.5, 18, 22, 15), strict=True):
		row.points = p
	doc.save()
	assert doc.total == 80.5
	doc.scores[1].points = 20.5  # team: at most 20
	with pytest.raises(frappe.ValidationError, match="outside 0-20"):
		doc.save()
	doc.reload()
	doc.scores[0].max_points = 100
	with pytest.raises(frappe.ValidationError, match="cannot be changed"):
		doc.save()
	doc.reload()
	doc.expert = frappe.db.get_value("Policy Expert", {"name": ["!=", doc.expert], "active": 1})
	with pytest.raises(frappe.PermissionError):
		doc.save()
	doc.reload()
	with pytest.raises(frappe.ValidationError, match="recommendation"):
		doc.submit()
	doc.reload()
	doc.recommendation = "Support"
	with pytest.raises(frappe.ValidationError, match="comments"):
		doc.submit()
	doc.reload()
	doc.recommendation, doc.comments = "Support", "国际合作渠道稳定。"
	doc.submit()
	assert doc.status == "Submitted" and doc.docstatus == 1
	assert not frappe.db.exists("ToDo", {"reference_name": name, "status": "Open"})
	# once submitted it cannot change or be cancelled
	doc.reload()
	doc.comments = "改主意了"
	with pytest.raises(frappe.ValidationError):
		doc.save()
	doc.reload()
	with pytest.raises(frappe.PermissionError):
		doc.cancel()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Expert Review", name, "total") == 80.5


def test_only_the_expert_submits_and_recusal_takes_them_off(ctx):
	for i in range(1, 6):
		expert(i)
	app = application(ctx)
	out = draw(ctx, app)
	name = out["reviews"][0]
	doc = frappe.get_doc("Expert Review", name)
	doc.recommendation, doc.comments = "Support", "代为提交"
	with pytest.raises(frappe.PermissionError):
		doc.submit()  # not even the Administrator submits for the expert
	frappe.set_user(doc.expert_user)
	doc = frappe.get_doc("Expert Review", name)
	with pytest.raises(frappe.ValidationError, match="reason"):
		doc.recuse("")
	doc.recuse("曾为申报单位提供咨询服务")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Expert Review", name, ["status", "recusal_reason"]) == (
		"Recused",
		"曾为申报单位提供咨询服务",
	)
	second = draw(ctx, app, redraw_of=out["draw"], redraw_reason="一名专家回避")
	assert doc.expert not in second["experts"] and len(second["experts"]) == 3
	reasons = {
		x["expert"]: x["reasons"]
		for x in json.loads(frappe.db.get_value("Expert Draw", second["draw"], "excluded"))
	}
	assert reasons[doc.expert] == ["already_on_panel"]


def test_quorum_trimmed_mean_and_spread_flag(ctx):
	s = frappe.get_doc("Policy Scheme", "XX-BASE")
	s.review_max_spread = 20
	s.save()
	for i in range(1, 8):
		expert(i)
	app = application(ctx)
	out = draw(ctx, app, size=5)
	assert len(out["reviews"]) == 5
	totals = [60, 80, 82, 84, 99]
	for name, total in zip(out["reviews"][:2], totals[:2], strict=True):
		review_as_expert(name, split(total))
	assert not expert_panel.quorum_met(DT, app.name)
	frappe.set_user(ctx.bureau)
	early = expert_panel.panel_result(DT, app.name)
	assert (early["count"], early["quorum_met"], early["method"], early["score"]) == (
		2,
		False,
		"mean",
		"70.00",
	)
	frappe.set_user("Administrator")
	review_as_expert(out["reviews"][2], split(totals[2]), recommendation="Do Not Support")
	assert expert_panel.quorum_met(DT, app.name)
	for name, total in zip(out["reviews"][3:], totals[3:], strict=True):
		review_as_expert(name, split(total))
	frappe.set_user(ctx.leader)
	result = expert_panel.panel_result(DT, app.name)
	assert result["count"] == 5 and result["method"] == "trimmed_mean"
	assert Decimal(result["score"]) == 82 and [Decimal(d) for d in result["dropped"]] == [99, 60]
	assert Decimal(result["spread"]) == 39 and result["disagreement"] is True
	assert result["support"] == 4 and len(result["reviews"]) == 5
	# experts do not see the panel's result
	frappe.set_user(frappe.db.get_value("Expert Review", out["reviews"][0], "expert_user"))
	with pytest.raises(frappe.PermissionError):
		expert_panel.panel_result(DT, app.name)


def test_an_expert_declares_conflicts_on_their_own_profile_only(ctx):
	me, other = expert(1), expert(2)
	frappe.set_user(me.user)
	doc = frappe.get_doc("Policy Expert", me.name)
	doc.declared_conflicts = "专家测试申报企业"
	doc.append("related_organizations", {"organization": ctx.sister, "relation": "Former Employer"})
	doc.active, doc.yearly_limit = 0, 99  # the bureau's fields: kept as they were
	doc.save()
	frappe.set_user("Administrator")
	saved = frappe.get_doc("Policy Expert", me.name)
	assert saved.declared_conflicts == "专家测试申报企业" and len(saved.related_organizations) == 1
	assert (saved.active, saved.yearly_limit) == (1, 0)
	frappe.set_user(me.user)
	theirs = frappe.get_doc("Policy Expert", other.name)
	theirs.declared_conflicts = "随便写的"
	with pytest.raises(frappe.PermissionError):
		theirs.save()
	frappe.set_user("Administrator")
	# the declaration takes effect on the next draw
	for i in (3, 4, 5):
		expert(i)
	out = draw(ctx, application(ctx))
	reasons = {
		x["expert"]: x["reasons"]
		for x in json.loads(frappe.db.get_value("Expert Draw", out["draw"], "excluded"))
	}
	assert reasons[me.name] == ["related_organization", "declared_conflict"]


# ---- the panel in the desk (issue #15 item 4): the draw dialog, the panel table, the redraw, the
# expert's own page

OTHER_FIELD = "专家组测试生物医药"


def options(ctx, app, user=None):
	frappe.set_user(user or ctx.bureau)
	try:
		return expert_panel.draw_options(DT, app.name)
	finally:
		frappe.set_user("Administrator")


def result(ctx, app, user=None):
	frappe.set_user(user or ctx.bureau)
	try:
		return expert_panel.panel_result(DT, app.name)
	finally:
		frappe.set_user("Administrator")


def test_xx_base_9_3_the_officer_draws_a_panel_of_the_size_and_related_fields_asked(ctx):
	"""XX-BASE 第九条(三) 新区科技局组织相关领域专家，对申请材料进行审核论证: the dialog offers the scheme's quorum
	(3), the experts' fields and the application's avoid list; the draw takes the size, the fields and the
	names the officer adds to the avoid list."""
	general = [expert(i) for i in (1, 2, 3)]
	medical = [expert(i, technical_fields=f"{FIELD}, {OTHER_FIELD}") for i in (4, 5, 6)]
	app = application(ctx, avoid_list="另一家单位")
	offered = options(ctx, app)
	assert offered["can_draw"] is True and offered["redraw_of"] is None
	assert offered["size"] == 3 and offered["quorum"] == 3
	assert {FIELD, OTHER_FIELD, "国际合作"} <= set(offered["fields"])
	assert offered["avoid"] == ["另一家单位"]
	# two experts of the related field, one more name to avoid added in the dialog
	out = draw(ctx, app, size="2", fields=json.dumps([OTHER_FIELD]), avoid=medical[0].expert_name)
	assert sorted(out["experts"]) == sorted(e.name for e in medical[1:])
	record = frappe.get_doc("Expert Draw", out["draw"])
	assert record.panel_size == 2 and record.fields_filter == OTHER_FIELD
	excluded = {x["expert"]: x["reasons"] for x in json.loads(record.excluded)}
	assert excluded[medical[0].name] == ["avoid_list"]
	assert all(excluded[e.name] == ["wrong_field"] for e in general)
	# the applicant's own avoid list still applies, with the officer's addition
	assert set(json.loads(record.candidates)["inputs"]["avoid"]) == {"另一家单位", medical[0].expert_name}
	# the next draw is a redraw of this one
	assert options(ctx, app)["redraw_of"] == out["draw"]


def test_a_panel_size_that_is_no_whole_number_is_refused_in_chinese(ctx):
	for i in (1, 2, 3):
		expert(i)
	app = application(ctx)
	frappe.local.lang = "zh"
	try:
		with pytest.raises(frappe.ValidationError, match="抽取人数应为整数，不能为"):
			draw(ctx, app, size="三")
		with pytest.raises(frappe.ValidationError, match="抽取人数应至少为 1"):
			draw(ctx, app, size=0)
	finally:
		frappe.local.lang = "en"
	assert not frappe.db.exists("Expert Draw", {"reference_name": app.name})


def test_the_panel_table_shows_state_total_recusal_mean_and_spread(ctx):
	"""The panel on the form: each expert with the review's state, total and recusal reason; the mean of
	the submitted totals (below 5 reviews XX-BASE's trimmed mean is a plain mean) and the spread, flagged
	above the scheme's Review Max Spread (20)."""
	s = frappe.get_doc("Policy Scheme", "XX-BASE")
	s.review_max_spread = 20
	s.save()
	for i in (1, 2, 3, 4):
		expert(i)
	app = application(ctx)
	out = draw(ctx, app, size=4)
	high, low, recusing, waiting = out["reviews"]
	review_as_expert(high, split(90))
	review_as_expert(low, split(65))
	doc = frappe.get_doc("Expert Review", recusing)
	frappe.set_user(doc.expert_user)
	doc.recuse("与申报单位负责人为同学")
	frappe.set_user("Administrator")
	frappe.local.lang = "zh"
	try:
		panel = result(ctx, app)
	finally:
		frappe.local.lang = "en"
	rows = {m["review"]: m for m in panel["members"]}
	assert [m["review"] for m in panel["members"]] == out["reviews"]
	assert (rows[high]["state"], rows[high]["total"]) == ("已提交评审意见", 90)
	assert (rows[low]["state"], rows[low]["total"]) == ("已提交评审意见", 65)
	assert rows[recusing]["state"] == "已回避"
	assert rows[recusing]["recusal_reason"] == "与申报单位负责人为同学"
	assert (rows[waiting]["state"], rows[waiting]["total"]) == ("待专家评审", None)
	assert panel["method"] == "mean" and Decimal(panel["score"]) == Decimal("77.50")
	assert Decimal(panel["spread"]) == 25 and Decimal(panel["max_spread"]) == 20
	assert panel["disagreement"] is True
	assert panel["draw"]["name"] == out["draw"] and panel["draw"]["drawn_by"] == ctx.bureau
	# the bureau leader reads the same panel
	assert [m["review"] for m in result(ctx, app, ctx.leader)["members"]] == out["reviews"]


def test_a_redraw_asks_its_reason_and_is_logged_on_the_application(ctx):
	"""The 重新抽取 button: refused without a reason; with one, the draw record keeps it, the application's
	timeline says it, and the open places are drawn again (one submitted review stays: 3 - 1 = 2)."""
	for i in range(1, 8):
		expert(i)
	app = application(ctx)
	first = draw(ctx, app)
	review_as_expert(first["reviews"][0], split(80))
	offered = options(ctx, app)
	assert offered["redraw_of"] == first["draw"] and offered["size"] == 2
	with pytest.raises(frappe.ValidationError, match="reason for the redraw"):
		draw(ctx, app, redraw_of=first["draw"], redraw_reason="")
	second = draw(
		ctx, app, size=offered["size"], redraw_of=first["draw"], redraw_reason="一名专家出差无法评审"
	)
	assert len(second["experts"]) == 2
	record = frappe.get_doc("Expert Draw", second["draw"])
	assert (record.redraw_of, record.redraw_reason, record.drawn_by) == (
		first["draw"],
		"一名专家出差无法评审",
		ctx.bureau,
	)
	logged = frappe.get_all(
		"Comment",
		filters={"reference_doctype": DT, "reference_name": app.name, "comment_type": "Info"},
		pluck="content",
	)
	assert any("一名专家出差无法评审" in c and second["draw"] in c for c in logged), logged
	# the table: the submitted review and the two new ones; the withdrawn ones are off the panel
	panel = result(ctx, app)
	assert [m["review"] for m in panel["members"]] == [first["reviews"][0], *second["reviews"]]
	assert panel["draw"]["redraw_reason"] == "一名专家出差无法评审"


def test_the_draw_dialog_and_the_panel_are_the_bureaus(ctx):
	for i in (1, 2, 3):
		expert(i)
	app = application(ctx)
	out = draw(ctx, app)
	applicant = make_user("panel.applicant@policy.test", ["Policy Applicant"], orgs=[ctx.org])
	for user in (ctx.leader, ctx.officer, "panel.expert1@policy.test", applicant):
		with pytest.raises(frappe.PermissionError):
			options(ctx, app, user)
		with pytest.raises(frappe.PermissionError):
			frappe.set_user(user)
			try:
				expert_panel.draw_panel(DT, app.name, redraw_of=out["draw"], redraw_reason="攻击")
			finally:
				frappe.set_user("Administrator")
	for user in (ctx.officer, "panel.expert1@policy.test", applicant):
		with pytest.raises(frappe.PermissionError):
			result(ctx, app, user)
	assert frappe.db.count("Expert Draw", {"reference_name": app.name}) == 1
	# before expert review the dialog is not offered
	assert options(ctx, application(ctx, state="Accepted"))["can_draw"] is False


def test_an_expert_lands_on_their_own_reviews(ctx):
	"""After login an expert's desk opens the My Expert Reviews workspace (their reviews awaiting them),
	not a workspace of the bureau; the bureau officer lands on their own home, not the expert's."""
	from frappe.boot import get_bootinfo
	from frappe.desk.desktop import get_workspace_sidebar_items

	mine = expert(1)
	for i in (2, 3):
		expert(i)
	app = application(ctx)
	out = draw(ctx, app)
	frappe.set_user(mine.user)
	try:
		login = frappe._dict(user=mine.user)
		frappe.local.response = frappe._dict(docs=[])  # a request's response, as Frappe starts one
		role_home.on_login(login)
		assert frappe.local.response["home_page"] == "/app/my-expert-reviews"
		boot = get_bootinfo()
		assert boot.user["default_workspace"]["title"] == "My Expert Reviews"
		assert "My Expert Reviews" in [p["name"] for p in get_workspace_sidebar_items()["pages"]]
		# the workspace's quick list: the expert's own open review only
		ws = frappe.get_doc("Workspace", "My Expert Reviews")
		names = set(
			frappe.get_list(
				"Expert Review", filters=json.loads(ws.quick_lists[0].quick_list_filter), pluck="name"
			)
		)
		own = {r for r in out["reviews"] if frappe.db.get_value("Expert Review", r, "expert") == mine.name}
		assert names == own and len(own) == 1
	finally:
		frappe.set_user("Administrator")
	frappe.set_user(ctx.bureau)
	try:
		frappe.local.response = frappe._dict()
		role_home.on_login(frappe._dict(user=ctx.bureau))
		assert frappe.local.response["home_page"] == "/app/bureau-officer-home"
		assert get_bootinfo().user["default_workspace"]["name"] == "Bureau Officer Home"
		assert "My Expert Reviews" not in [p["name"] for p in get_workspace_sidebar_items()["pages"]]
	finally:
		frappe.set_user("Administrator")
