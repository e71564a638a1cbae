"""The cooperation platform of XX-BASE §11–12 walked by its real users: a district records an
enterprise's need and pushes it to two bases; one base lands a project, the other brings a talent; the
district confirms; the enterprise rates; the evaluation rows come from exactly the confirmed records of
that base and year (附件), and a base never sees a need that was not pushed to it."""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.utils import getdate, today

from factories import act, make_district, make_org, make_user
from policy_app.cooperation_platform.evaluation_feed import platform_rows

EVIDENCE = "/private/files/platform-evidence.pdf"


def make_base(org: str) -> str:
	year = getdate(today()).year
	return (
		frappe.get_doc(
			{
				"doctype": "Cooperation Base",
				"organization": org,
				"scheme": "XX-BASE",
				"base_type": "coop_base",
				"status": "Active",
				"certified_on": f"{year - 1}-06-01",
				"valid_until": f"{year + 2}-05-31",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


@pytest.fixture
def p():
	d1, d2 = make_district("对接测试新城"), make_district("对接测试另一新城")
	ent = make_org("对接测试需求企业", d1, 9101)
	b1_org, b2_org, b3_org = (
		make_org("对接测试基地甲", d1, 9102),
		make_org("对接测试基地乙", d2, 9103),
		make_org("对接测试基地丙", d1, 9104),
	)
	ctx = frappe._dict(
		year=getdate(today()).year,
		d1=d1,
		d2=d2,
		ent=ent,
		b1=make_base(b1_org),
		b2=make_base(b2_org),
		b3=make_base(b3_org),
		officer=make_user("coop.officer@policy.test", ["District Officer"], districts=[d1]),
		officer2=make_user("coop.officer2@policy.test", ["District Officer"], districts=[d2]),
		ent_user=make_user("coop.ent@policy.test", ["Policy Applicant"], orgs=[ent]),
		b1_user=make_user("coop.b1@policy.test", ["Policy Applicant"], orgs=[b1_org]),
		b2_user=make_user("coop.b2@policy.test", ["Policy Applicant"], orgs=[b2_org]),
		b3_user=make_user("coop.b3@policy.test", ["Policy Applicant"], orgs=[b3_org]),
		bureau=make_user("coop.bureau@policy.test", ["Bureau Officer"]),
	)
	for user in (ctx.officer, ctx.officer2, ctx.ent_user, ctx.b1_user, ctx.b2_user, ctx.b3_user):
		frappe.clear_cache(user=user)
	return ctx


def new_need(p, bases, title="精密减速器寿命提升技术攻关"):
	frappe.set_user(p.officer)
	return frappe.get_doc(
		{
			"doctype": "Enterprise Need",
			"title": title,
			"need_type": "Technology Breakthrough",
			"technical_field": "高端装备",
			"enterprise": p.ent,
			"budget": 3_000_000,
			"description": "寻求海外团队联合攻关精密减速器寿命问题。",
			"pushed_to": [{"base": b} for b in bases],
		}
	).insert()


def resource(user, base, kind, title, country="Germany", **kw):
	frappe.set_user(user)
	return frappe.get_doc(
		{
			"doctype": "Overseas Resource",
			"base": base,
			"resource_kind": kind,
			"title": title,
			"resource_country": country,
			"collected_on": today(),
			"evidence": EVIDENCE,
			**kw,
		}
	).insert()


def activity(user, base, kind, title, on=None, **kw):
	frappe.set_user(user)
	return frappe.get_doc(
		{
			"doctype": "Base Activity",
			"base": base,
			"activity_kind": kind,
			"title": title,
			"activity_date": on or today(),
			"evidence": EVIDENCE,
			**kw,
		}
	).insert()


def confirmed(doc, base_user, officer):
	act(base_user, doc, "Submit")
	act(officer, doc, "Confirm")
	return frappe.get_doc(doc.doctype, doc.name)


def propose(user, need, base, resources):
	frappe.set_user(user)
	m = frappe.get_doc(
		{
			"doctype": "Cooperation Match",
			"need": need,
			"base": base,
			"proposal": "推荐德国研究所团队联合攻关，并引入其技术成果。",
			"resources": [{"resource": r} for r in resources],
		}
	).insert()
	act(user, m, "Propose Match")
	return frappe.get_doc(m.doctype, m.name)


def land(p, match, base_user, outcome):
	"""Enterprise accepts, the need's district confirms, the base records the outcome, the district
	confirms it."""
	act(p.ent_user, match, "Accept Match")
	act(p.officer, match, "Confirm")
	frappe.set_user(base_user)
	m = frappe.get_doc(match.doctype, match.name)
	m.append("outcomes", {"outcome_date": today(), "evidence": EVIDENCE, **outcome})
	m.save()
	act(base_user, m, "Submit Outcome")
	act(p.officer, m, "Confirm")
	return frappe.get_doc(match.doctype, match.name)


def visible(user, doctype, name) -> tuple[bool, bool]:
	frappe.set_user(user)
	listed = name in frappe.get_list(doctype, pluck="name", limit_page_length=0)
	return listed, bool(frappe.has_permission(doctype, "read", doc=frappe.get_doc(doctype, name), user=user))


@pytest.fixture
def landed(p):
	"""Base 甲 lands a project worth 80 million; base 乙 brings a doctorate; both from one need."""
	need = new_need(p, [p.b1, p.b2])
	r1 = confirmed(
		resource(p.b1_user, p.b1, "Project Willing to Land", "德国减速器项目"), p.b1_user, p.officer
	)
	r2 = confirmed(
		resource(p.b2_user, p.b2, "Talent or Team", "德国摩擦学专家", scale=1), p.b2_user, p.officer2
	)
	m1 = land(
		p,
		propose(p.b1_user, need.name, p.b1, [r1.name]),
		p.b1_user,
		{"outcome_kind": "Project Landed", "amount": 80_000_000, "description": "项目落户秦汉新城"},
	)
	m2 = land(
		p,
		propose(p.b2_user, need.name, p.b2, [r2.name]),
		p.b2_user,
		{"outcome_kind": "Talent Hired", "talent_level": "Doctorate", "description": "全职引进"},
	)
	return frappe._dict(need=need, r1=r1, r2=r2, m1=m1, m2=m2)


def by_item(rows):
	out = {}
	for r in rows:
		out.setdefault(r["item_code"], []).append(r)
	return out


# ---- needs and who sees them


def test_a_base_sees_only_the_needs_pushed_to_it(p):
	both = new_need(p, [p.b1, p.b2])
	only_b1 = new_need(p, [p.b1], title="海外融资需求")
	assert {r.base_organization for r in both.pushed_to} == {
		frappe.db.get_value("Cooperation Base", b, "organization") for b in (p.b1, p.b2)
	}
	assert all(r.pushed_by == p.officer and r.pushed_on for r in both.pushed_to)
	assert both.recommending_district == p.d1
	for user in (p.b1_user, p.b2_user, p.ent_user, p.officer, p.bureau):
		assert visible(user, "Enterprise Need", both.name) == (True, True), user
	for user in (p.b3_user, p.officer2):
		assert visible(user, "Enterprise Need", both.name) == (False, False), user
	assert visible(p.b1_user, "Enterprise Need", only_b1.name) == (True, True)
	assert visible(p.b2_user, "Enterprise Need", only_b1.name) == (False, False)
	# the base that was not pushed the need can neither read it nor answer it
	frappe.set_user(p.b2_user)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Enterprise Need", only_b1.name).check_permission("read")
	with pytest.raises(frappe.PermissionError):
		propose(p.b2_user, only_b1.name, p.b2, [])
	assert not frappe.db.exists("Cooperation Match", {"need": only_b1.name})
	# the pushed base users are told
	assert frappe.db.exists(
		"Notification Log",
		{"for_user": p.b2_user, "document_type": "Enterprise Need", "document_name": both.name},
	)


def test_only_the_district_records_and_pushes_needs(p):
	frappe.set_user(p.b1_user)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Enterprise Need",
				"title": "基地自建需求",
				"need_type": "Talent",
				"enterprise": p.ent,
				"description": "x",
			}
		).insert()
	# an expired base takes no pushes; pushing one base twice is refused; nothing is stored
	need = new_need(p, [p.b1])
	frappe.set_user("Administrator")
	frappe.db.set_value("Cooperation Base", p.b3, "status", "Expired")
	frappe.set_user(p.officer)
	doc = frappe.get_doc("Enterprise Need", need.name)
	with pytest.raises(frappe.ValidationError, match="not active"):
		doc.push([p.b3])
	with pytest.raises(frappe.ValidationError, match="already pushed"):
		doc = frappe.get_doc("Enterprise Need", need.name)
		doc.append("pushed_to", {"base": p.b1})
		doc.save()
	assert [r.base for r in frappe.get_doc("Enterprise Need", need.name).pushed_to] == [p.b1]
	assert frappe.get_doc("Enterprise Need", need.name).push([p.b2]) == [p.b1, p.b2]
	# the other district's officer cannot touch it, nor record a need for an enterprise not theirs
	frappe.set_user(p.officer2)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Enterprise Need", need.name).check_permission("write")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Enterprise Need",
				"title": "越权登记",
				"need_type": "Talent",
				"enterprise": p.ent,
				"description": "x",
			}
		).insert()


# ---- the match walk and its guards


def test_match_walk_with_its_guards(p):
	need = new_need(p, [p.b1])
	r1 = confirmed(resource(p.b1_user, p.b1, "Technology or Result", "德国润滑技术"), p.b1_user, p.officer)
	foreign = resource(p.b2_user, p.b2, "Patent", "乙基地的专利")
	# a resource of another base cannot be proposed
	with pytest.raises(frappe.ValidationError, match="another base"):
		propose(p.b1_user, need.name, p.b1, [r1.name, foreign.name])
	m = propose(p.b1_user, need.name, p.b1, [r1.name])
	assert m.workflow_state == "Match Proposed" and m.enterprise == p.ent
	assert frappe.db.exists("Notification Log", {"for_user": p.ent_user, "document_name": m.name})
	# the base cannot accept its own proposal for the enterprise; the enterprise cannot edit it
	with pytest.raises((frappe.PermissionError, frappe.ValidationError)):
		act(p.b1_user, m, "Accept Match")
	frappe.set_user(p.ent_user)
	doc = frappe.get_doc(m.doctype, m.name)
	doc.proposal = "企业改写的方案"
	with pytest.raises(frappe.PermissionError):
		doc.save()
	# another district's officer does not even read it
	assert visible(p.officer2, "Cooperation Match", m.name) == (False, False)
	assert visible(p.b3_user, "Cooperation Match", m.name) == (False, False)
	act(p.ent_user, m, "Accept Match")
	act(p.officer, m, "Confirm")
	assert frappe.db.get_value("Enterprise Need", need.name, "status") == "Matched"
	m = frappe.get_doc(m.doctype, m.name)
	assert m.workflow_state == "Matched" and str(m.matched_on) == today()
	# an outcome needs its size (the investment) and its evidence before it goes to the district
	with pytest.raises(frappe.ValidationError, match="outcome"):
		act(p.b1_user, m, "Submit Outcome")
	frappe.set_user(p.b1_user)
	m = frappe.get_doc(m.doctype, m.name)
	m.append("outcomes", {"outcome_kind": "Technology Deal", "outcome_date": today(), "evidence": EVIDENCE})
	m.save()
	with pytest.raises(frappe.ValidationError, match="Amount"):
		act(p.b1_user, m, "Submit Outcome")
	m = frappe.get_doc(m.doctype, m.name)
	m.outcomes[0].amount = 2_000_000
	m.save()
	act(p.b1_user, m, "Submit Outcome")
	# a send-back needs a reason; the log keeps every move with who and why
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(p.officer, m, "Return")
	act(p.officer, m, "Return", remark="技术交易合同未盖章")
	act(p.b1_user, m, "Submit Outcome")
	act(p.officer, m, "Confirm")
	m = frappe.get_doc(m.doctype, m.name)
	assert m.workflow_state == "Concluded" and str(m.closed_on) == today()
	assert [(e.action, e.user) for e in m.approval_log] == [
		("Propose Match", p.b1_user),
		("Accept Match", p.ent_user),
		("Confirm", p.officer),
		("Submit Outcome", p.b1_user),
		("Return", p.officer),
		("Submit Outcome", p.b1_user),
		("Confirm", p.officer),
	]
	assert m.approval_log[4].remarks == "技术交易合同未盖章"


def test_a_decline_needs_a_reason(p):
	need = new_need(p, [p.b1])
	r1 = resource(p.b1_user, p.b1, "Talent or Team", "海外团队")
	m = propose(p.b1_user, need.name, p.b1, [r1.name])
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(p.ent_user, m, "Decline Match")
	assert frappe.db.get_value(m.doctype, m.name, "workflow_state") == "Match Proposed"
	act(p.ent_user, m, "Decline Match", remark="团队方向与需求不符")
	assert frappe.db.get_value(m.doctype, m.name, "workflow_state") == "Declined"


# ---- counts for the evaluation


def test_platform_rows_count_the_confirmed_records_of_each_base(p, landed):
	rows1 = by_item(platform_rows("XX-BASE", "Cooperation Base", p.b1, p.year))
	rows2 = by_item(platform_rows("XX-BASE", "Cooperation Base", p.b2, p.year))
	assert set(rows1) == {"needs_matched", "overseas_leads", "projects_landed"}
	assert set(rows2) == {"needs_matched", "overseas_leads", "talents"}
	(proj,) = rows1["projects_landed"]
	# 80 million falls in the 50–100 million band: 15 of the 5–30 points
	assert (proj["quantity"], proj["judged_points"], proj["platform_points"]) == (1, 15, 15)
	assert (proj["reference_doctype"], proj["reference_name"]) == ("Cooperation Match", landed.m1.name)
	assert proj["source"] == "Platform" and proj["platform_quantity"] == 1 and proj["section"] == "outputs"
	(talent,) = rows2["talents"]
	assert (talent["judged_points"], talent["reference_name"]) == (
		8,
		landed.m2.name,
	)  # a doctorate: 8 of 3–10
	for rows, res in ((rows1, landed.r1), (rows2, landed.r2)):
		(need_row,) = rows["needs_matched"]
		assert (need_row["reference_doctype"], need_row["reference_name"]) == (
			"Enterprise Need",
			landed.need.name,
		)
		(lead,) = rows["overseas_leads"]
		assert (lead["quantity"], lead["reference_name"], lead["mode"]) == (1, res.name, "per_unit")
	# another scheme's evaluation and another year get nothing from these records
	assert platform_rows("QD-BASE", "Cooperation Base", p.b1, p.year) == []
	assert platform_rows("XX-BASE", "Cooperation Base", p.b1, p.year - 1) == []


def test_unconfirmed_and_other_year_records_are_not_counted(p, landed):
	before = len(platform_rows("XX-BASE", "Cooperation Base", p.b2, p.year))
	# submitted but not yet confirmed by the district; returned; last year's confirmed training
	waiting = activity(p.b2_user, p.b2, "Training or Talk", "企业出海培训", attendees=60)
	act(p.b2_user, waiting, "Submit")
	returned = activity(p.b2_user, p.b2, "International Event", "中德论坛", attendees=400)
	act(p.b2_user, returned, "Submit")
	act(p.officer2, returned, "Return", remark="缺少签到表")
	old = confirmed(
		activity(p.b2_user, p.b2, "Training or Talk", "去年的讲座", on=f"{p.year - 1}-06-01", attendees=120),
		p.b2_user,
		p.officer2,
	)
	rows = platform_rows("XX-BASE", "Cooperation Base", p.b2, p.year)
	assert len(rows) == before
	# last year's training counts for last year: 120 attendees → 3 of 0.5–3 points
	(last,) = platform_rows("XX-BASE", "Cooperation Base", p.b2, p.year - 1)
	assert (last["item_code"], last["judged_points"], last["reference_name"]) == ("trainings", 3, old.name)
	# once the district confirms it, the waiting training counts: 60 attendees → 2 points
	act(p.officer2, waiting, "Confirm")
	train = by_item(platform_rows("XX-BASE", "Cooperation Base", p.b2, p.year))["trainings"]
	assert [(r["judged_points"], r["reference_name"]) for r in train] == [(2, waiting.name)]
	# a withdrawn confirmation takes it out again (with a reason in the log)
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(p.bureau, waiting, "Withdraw Confirmation")
	act(p.bureau, waiting, "Withdraw Confirmation", remark="活动照片与其他基地重复")
	assert "trainings" not in by_item(platform_rows("XX-BASE", "Cooperation Base", p.b2, p.year))


def test_activities_need_their_size_and_the_base_district_confirms(p):
	pub = activity(p.b1_user, p.b1, "Publicity", "海外媒体推介新区政策")
	with pytest.raises(frappe.ValidationError, match="Channel Level"):
		act(p.b1_user, pub, "Submit")
	frappe.set_user(p.b1_user)
	doc = frappe.get_doc(pub.doctype, pub.name)
	doc.channel_level = "National Media"
	doc.save()
	# another district's officer cannot confirm base 甲's record; a base cannot record for another
	act(p.b1_user, doc, "Submit")
	with pytest.raises(frappe.PermissionError):
		act(p.officer2, doc, "Confirm")
	act(p.officer, doc, "Confirm")
	(row,) = platform_rows("XX-BASE", "Cooperation Base", p.b1, p.year)
	assert (row["item_code"], row["judged_points"]) == ("publicity", 0.4)
	with pytest.raises(frappe.PermissionError):
		activity(p.b2_user, p.b1, "Park Exchange", "冒名登记")
	with pytest.raises(frappe.ValidationError, match="future"):
		activity(p.b1_user, p.b1, "Park Exchange", "未来的互访", on=f"{p.year + 1}-01-10")


def test_ratings_aggregate_into_the_satisfaction_items(p, landed):
	def rate(user, kind, **kw):
		frappe.set_user(user)
		doc = frappe.get_doc({"doctype": "Served Party Rating", "rater_kind": kind, **kw}).insert()
		doc.submit()
		return doc

	# only the enterprise served rates, once, on a concluded match
	with pytest.raises(frappe.PermissionError):
		rate(p.b1_user, "Served Party", match=landed.m1.name, matching=5, brokerage=5, results=5)
	with pytest.raises(frappe.ValidationError, match="whole number from 1 to 5"):
		rate(p.ent_user, "Served Party", match=landed.m1.name, matching=6, brokerage=5, results=5)
	r = rate(p.ent_user, "Served Party", match=landed.m1.name, matching=5, brokerage=4, results=3)
	assert (r.base, r.year, r.score) == (p.b1, p.year, 4)
	with pytest.raises(frappe.ValidationError, match="Already rated"):
		rate(p.ent_user, "Served Party", match=landed.m1.name, matching=5, brokerage=5, results=5)
	# the bureau and the districts rate as the authority; a district only in its own name
	with pytest.raises(frappe.PermissionError):
		rate(
			p.officer,
			"Authority",
			base=p.b1,
			year=p.year,
			rater_district=p.d2,
			cooperation=5,
			effectiveness=5,
			service_level=5,
		)
	with pytest.raises(frappe.PermissionError):
		rate(p.ent_user, "Authority", base=p.b1, year=p.year, cooperation=5, effectiveness=5, service_level=5)
	rate(p.bureau, "Authority", base=p.b1, year=p.year, cooperation=5, effectiveness=5, service_level=4)
	rate(
		p.officer,
		"Authority",
		base=p.b1,
		year=p.year,
		rater_district=p.d1,
		cooperation=4,
		effectiveness=4,
		service_level=4,
	)
	rows = by_item(platform_rows("XX-BASE", "Cooperation Base", p.b1, p.year))
	(served,) = rows["served_party"]
	assert (served["quantity"], served["judged_points"], served["mode"]) == (1, 4.0, "judged")
	(authority,) = rows["authority"]
	# (4.67 + 4) / 2 of 5 points, to the cent
	assert (authority["quantity"], authority["judged_points"]) == (2, 4.33)
	# the rated base sees none of its ratings
	frappe.set_user(p.b1_user)
	assert frappe.get_list("Served Party Rating", filters={"base": p.b1}, pluck="name") == []


# ---- end to end with the evaluation (Policy Evaluation of policy_app/evaluation)


def test_evaluation_fetches_platform_rows_and_refuses_silent_changes(p, landed):
	if not frappe.db.exists("DocType", "Policy Evaluation"):
		pytest.skip("Policy Evaluation is not installed on this site yet")
	frappe.set_user(p.ent_user)
	frappe.get_doc(
		{
			"doctype": "Served Party Rating",
			"rater_kind": "Served Party",
			"match": landed.m1.name,
			"matching": 5,
			"brokerage": 4,
			"results": 3,
		}
	).insert().submit()
	totals = {}
	for base, officer, fed in ((p.b1, p.officer, 4), (p.b2, p.officer2, 3)):
		frappe.set_user(officer)
		ev = frappe.get_doc(
			{
				"doctype": "Policy Evaluation",
				"scheme": "XX-BASE",
				"year": p.year,
				"record_doctype": "Cooperation Base",
				"record_name": base,
			}
		).insert()
		assert ev.fetch_platform_rows() == fed
		ev = frappe.get_doc("Policy Evaluation", ev.name)
		platform = [r for r in ev.items if r.source == "Platform"]
		assert len(platform) == fed
		assert all(r.reference_name for r in platform if r.item_code != "served_party")
		# the empty manual rows of the fed items are gone, so nothing counts twice
		assert sorted(
			r.item_code for r in ev.items if r.item_code in {"needs_matched", "overseas_leads"}
		) == [
			"needs_matched",
			"overseas_leads",
		]
		totals[base] = ev.total_score
		if base == p.b1:  # written as people write points: 1, not 1.0
			assert ev.section_scores == "运营管理 1 / 30；成果产出 15 / 60；综合评价 4 / 10；特色亮点 0"
		# a platform quantity changed without a reason is refused, and stays as it was
		row = next(r for r in ev.items if r.item_code == "overseas_leads")
		row.quantity = 3
		with pytest.raises(frappe.ValidationError, match="give the reason"):
			ev.save()
		assert frappe.db.get_value("Policy Evaluation Item", row.name, "quantity") == 1
		ev.reload()
		row = next(r for r in ev.items if r.item_code == "overseas_leads")
		row.quantity, row.adjust_reason = 2, "同一来源还提供了一条项目信息，平台漏登"
		ev.save()
		assert frappe.db.get_value("Policy Evaluation Item", row.name, "quantity") == 2
		# the reason is kept in the evaluation's version log beside the old and new figure
		version = frappe.get_last_doc(
			"Version", filters={"ref_doctype": "Policy Evaluation", "docname": ev.name}
		)
		changed = json.loads(version.data)["row_changed"]
		assert any(
			["quantity", 1, 2] in fields
			and any(f[0] == "adjust_reason" and "平台漏登" in f[2] for f in fields)
			for _table, _idx, _name, fields in changed
		), changed
	# 甲: a need matched 0.5 + a lead 0.5 + a landed project 15 + served party 4;
	# 乙: 0.5 + 0.5 + a doctorate 8
	assert totals == {p.b1: 20, p.b2: 9}
	# the proposed 15 points of the landed project are the expert's to set within the item's 5–30
	frappe.set_user(p.officer)
	ev = frappe.get_doc("Policy Evaluation", {"record_name": p.b1, "year": p.year})
	next(r for r in ev.items if r.item_code == "projects_landed").judged_points = 31
	with pytest.raises(frappe.ValidationError, match="between 5"):
		ev.save()
	ev.reload()
	row = next(r for r in ev.items if r.item_code == "projects_landed")
	assert (row.judged_points, row.platform_points) == (15, 15)
	row.judged_points = 25
	ev.save()
	# 20 + the adjusted second lead 0.5 + the expert's 10 more points
	assert frappe.db.get_value("Policy Evaluation", ev.name, "total_score") == 30.5


def test_the_bands_are_data_an_administrator_edits(p, landed):
	frappe.set_user(make_user("coop.admin@policy.test", ["Policy Administrator"]))
	rule = frappe.get_doc("Platform Scoring Rule", "XX-BASE")
	band = next(b for b in rule.bands if b.item_code == "projects_landed" and b.from_size == 50_000_000)
	band.points = 40  # outside the item's 5–30
	with pytest.raises(frappe.ValidationError, match="5-30|5–30"):
		rule.save()
	rule.reload()
	band = next(b for b in rule.bands if b.item_code == "projects_landed" and b.from_size == 50_000_000)
	band.points = 18
	rule.save()
	(proj,) = by_item(platform_rows("XX-BASE", "Cooperation Base", p.b1, p.year))["projects_landed"]
	assert proj["judged_points"] == 18
	# a kind mapped to another item moves its records there
	next(k for k in rule.kinds if k.kind == "Project Landed").item_code = "rd_results"
	rule.save()
	(moved,) = by_item(platform_rows("XX-BASE", "Cooperation Base", p.b1, p.year))["rd_results"]
	assert (moved["reference_name"], moved["judged_points"]) == (
		landed.m1.name,
		8,
	)  # 80 million: top band 5–8
	# only the administrator edits the rules
	frappe.set_user(p.bureau)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Platform Scoring Rule", "XX-BASE").save()
