"""Major change requests on a real site (SPEC §8, QD §16–17 附件2, ZJ §16/§23/§24, XX-BASE §14): the
three sign-offs, a matter the scheme refuses, a late report, the record updated with its history, an
exit and a promotion that end the record, and the Chinese form with the three opinions."""

import frappe
import pytest
from dateutil.relativedelta import relativedelta
from frappe.utils import getdate, today

from factories import act, make_district, make_org, make_user


@pytest.fixture
def people():
	d = make_district("变更测试新城")
	d2 = make_district("变更测试另一新城")
	org = make_org("变更测试依托单位", d, 6101)
	new_host = make_org("变更测试新依托单位", d, 6102)
	return frappe._dict(
		district=d,
		district2=d2,
		org=org,
		new_host=new_host,
		applicant=make_user("mcr.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		officer=make_user("mcr.officer@policy.test", ["District Officer"], districts=[d]),
		other_officer=make_user("mcr.other.officer@policy.test", ["District Officer"], districts=[d2]),
		bureau=make_user("mcr.bureau@policy.test", ["Bureau Officer"]),
	)


def base(org, scheme, **values):
	return (
		frappe.get_doc(
			{
				"doctype": "Cooperation Base",
				"organization": org,
				"scheme": scheme,
				"certified_on": getdate(today()) - relativedelta(years=1),
				"status": "Active",
				"base_name": "青岛市中德智能制造国际合作基地",
				"lead_name": "张伟",
				"foreign_partner": "Fraunhofer IPA",
				**values,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def request(user, record, matters, change_date=None, **values):
	frappe.set_user(user)
	doc = frappe.get_doc(
		{
			"doctype": "Major Change Request",
			"record_doctype": "Cooperation Base",
			"record_name": record,
			"change_date": change_date or today(),
			"reason": "原负责人调任，依托单位决定由李娜接任基地负责人。",
			"attachment_list": "任命文件",
			"matters": [{"matter": m, "new_value": v} for m, v in matters],
			**values,
		}
	).insert()
	return doc


def test_three_sign_offs_update_the_record_and_keep_its_history(people):
	record = base(people.org, "QD-BASE")
	req = request(
		people.applicant,
		record,
		[
			("lead", "李娜"),
			("recommending_department", people.district2),
			("key_staff", "新增王强为技术骨干"),
		],
	)
	assert [r.matter_label for r in req.matters] == ["负责人调整", "组织推荐部门调整", "技术骨干调整"]
	assert [r.old_value for r in req.matters[:2]] == ["张伟", people.district]
	assert not req.reported_late and req.report_due is None  # QD §16 sets no reporting limit
	# the host unit signs only with its opinion
	with pytest.raises(frappe.ValidationError, match="Host Unit Opinion"):
		act(people.applicant, req, "Submit")
	act(people.applicant, req, "Submit", host_unit_opinion="同意申请调整。")
	req.reload()
	assert req.workflow_state == "Submitted" and req.host_unit_signer == people.applicant
	assert getdate(req.reported_on) == getdate(today())
	# another district's officer cannot see it; the request is locked for the applicant now
	frappe.set_user(people.other_officer)
	assert not frappe.has_permission("Major Change Request", "read", req.name)
	frappe.set_user(people.applicant)
	locked = frappe.get_doc(req.doctype, req.name)
	locked.reason = "改写理由"
	with pytest.raises(frappe.PermissionError):
		locked.save()
	act(people.officer, req, "Recommend", district_opinion="情况属实，同意推荐。")
	act(people.bureau, req, "Approve", bureau_opinion="同意调整。")
	req.reload()
	assert req.workflow_state == "Approved" and req.applied_on
	assert (req.district_signer, req.bureau_signer) == (people.officer, people.bureau)
	assert [(r.action, r.user) for r in req.approval_log] == [
		("Submit", people.applicant),
		("Recommend", people.officer),
		("Approve", people.bureau),
	]
	rec = frappe.get_doc("Cooperation Base", record)
	assert rec.lead_name == "李娜" and rec.recommending_district == people.district2
	assert rec.status == "Active"
	assert [(h.matter, h.old_value, h.new_value, h.change_request) for h in rec.change_history] == [
		("负责人调整", "张伟", "李娜", req.name),
		("组织推荐部门调整", people.district, people.district2, req.name),
		("技术骨干调整", None, "新增王强为技术骨干", req.name),
	]
	# the QD form, printed with the three opinions
	html = frappe.get_print("Major Change Request", req.name, "Major Change Request Form")
	assert "重大事项调整申请表" in html and "■负责人调整" in html and "□依托单位调整" in html
	for opinion in ("同意申请调整。", "情况属实，同意推荐。", "同意调整。"):
		assert opinion in html
	assert "我单位承诺并保证全部申报材料的准确性和真实性" in html
	# a second save of the approved request does not apply it again
	frappe.set_user("Administrator")
	req.save()
	assert len(frappe.get_doc("Cooperation Base", record).change_history) == 3


def test_a_matter_the_scheme_refuses_stores_nothing(people):
	record = base(people.org, "QD-BASE")
	before = frappe.db.count("Major Change Request")
	frappe.local.lang = "zh"
	with pytest.raises(frappe.ValidationError, match="国合基地名称”原则上不予调整"):
		request(people.applicant, record, [("lead", "李娜"), ("base_name", "青岛市新名称基地")])
	with pytest.raises(frappe.ValidationError, match="核心内容及主要研究领域与方向”原则上不予调整"):
		request(people.applicant, record, [("core_field", "改为生物医药")])
	with pytest.raises(frappe.ValidationError, match="不是方案 QD-BASE 的调整事项"):
		request(people.applicant, record, [("promotion", "")])
	frappe.local.lang = "en"
	assert frappe.db.count("Major Change Request") == before
	assert frappe.db.get_value("Cooperation Base", record, "lead_name") == "张伟"


def test_a_late_report_is_flagged_not_refused(people):
	record = base(people.org, "ZJ-BASE")
	# ZJ §16 一个月内: changed on 30 April 2026, the month ends on Saturday 30 May, so the report was due
	# on Monday 1 June (Civil Code §203)
	changed = getdate("2026-04-30")
	req = request(people.applicant, record, [("lead", "李娜")], change_date=changed)
	assert req.reported_late and getdate(req.report_due) == getdate("2026-06-01")
	assert req.late_note.startswith("第十六条")
	assert f"逾期 {(getdate(today()) - getdate('2026-06-01')).days} 天" in req.late_note
	on_time = request(people.applicant, record, [("lead", "李娜")], change_date=today())
	assert not on_time.reported_late and not on_time.late_note


def test_an_exit_ends_the_record_with_its_reason(people):
	record = base(people.org, "ZJ-BASE")
	req = request(
		people.applicant, record, [("exit", "")], reason="外方合作单位解散，基地无法运行，申请主动退出。"
	)
	assert req.ends_record == "Exited"
	act(people.applicant, req, "Submit", host_unit_opinion="申请退出。")
	act(people.officer, req, "Recommend", district_opinion="同意。")
	act(people.bureau, req, "Approve", bureau_opinion="同意退出。")
	rec = frappe.get_doc("Cooperation Base", record)
	assert rec.status == "Exited" and getdate(rec.ended_on) == getdate(today())
	assert "外方合作单位解散" in rec.end_reason and req.name in rec.end_reason
	assert rec.change_history[0].matter == "主动退出"
	# ZJ §23 主动退出…不再作为国合基地管理: no ban (ZJ §22 bans only a revocation)
	assert not frappe.db.exists("Sanction", {"organization": people.org})
	# an ended record takes no further request
	with pytest.raises(frappe.ValidationError, match="only an active record"):
		request(people.applicant, record, [("lead", "李娜")])
	# nor a later evaluation cycle; the daily expiry leaves it as it is
	frappe.set_user("Administrator")
	year = getdate(today()).year + 1
	evaluation = {
		"doctype": "Policy Evaluation",
		"scheme": "ZJ-BASE",
		"year": year,
		"record_doctype": "Cooperation Base",
		"record_name": record,
	}
	with pytest.raises(frappe.ValidationError, match="no longer evaluated"):
		frappe.get_doc(evaluation).insert()
	assert not frappe.db.exists("Policy Evaluation", {"record_name": record, "year": year})
	from policy_app.annual_duties.jobs import expire_certified_records

	frappe.db.set_value("Cooperation Base", record, "valid_until", getdate(today()) - relativedelta(days=1))
	assert record not in expire_certified_records()
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Exited"


def test_promotion_to_a_national_base_ends_provincial_management(people):
	record = base(people.org, "ZJ-BASE")
	req = request(
		people.applicant, record, [("promotion", "")], reason="经推荐被科技部认定为国家国际科技合作基地。"
	)
	act(people.applicant, req, "Submit", host_unit_opinion="申请。")
	act(people.officer, req, "Recommend", district_opinion="同意。")
	act(people.bureau, req, "Approve", bureau_opinion="同意，不再作为省级基地管理。")
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Promoted"


def test_returns_and_rejections_need_a_reason_and_a_new_host_unit_must_exist(people):
	record = base(people.org, "QD-BASE")
	with pytest.raises(frappe.ValidationError, match="does not exist"):
		request(people.applicant, record, [("host_unit", "不存在的单位")])
	req = request(people.applicant, record, [("host_unit", people.new_host)])
	act(people.applicant, req, "Submit", host_unit_opinion="同意。")
	with pytest.raises(frappe.ValidationError, match="reason"):
		act(people.officer, req, "Return")
	act(people.officer, req, "Return", remark="请补充新依托单位的承接函")
	assert frappe.db.get_value(req.doctype, req.name, "workflow_state") == "Returned"
	act(people.applicant, req, "Submit")
	act(people.officer, req, "Recommend", district_opinion="同意。")
	act(people.bureau, req, "Reject", remark="新依托单位不具备条件")
	req.reload()
	assert req.workflow_state == "Rejected" and req.bureau_opinion == "新依托单位不具备条件"
	assert frappe.db.get_value("Cooperation Base", record, "organization") == people.org
	assert [r.action for r in req.approval_log] == ["Submit", "Return", "Submit", "Recommend", "Reject"]


def test_qd_s15_giving_the_title_up_writes_a_three_year_ban(people):
	"""QD §15 被取消或放弃国合基地资格的单位，三年内不得再次提出建设国合基地申请: the approved exit writes the ban."""
	record = base(people.org, "QD-BASE")
	req = request(people.applicant, record, [("exit", "")], reason="依托单位业务调整，申请放弃国合基地资格。")
	act(people.applicant, req, "Submit", host_unit_opinion="申请放弃。")
	act(people.officer, req, "Recommend", district_opinion="同意。")
	act(people.bureau, req, "Approve", bureau_opinion="同意。")
	frappe.set_user("Administrator")
	(sanction,) = frappe.get_all(
		"Sanction",
		filters={"organization": people.org, "source_name": req.name},
		fields=["scheme", "start_date", "end_date", "article", "docstatus"],
	)
	assert sanction.scheme == "QD-BASE" and sanction.docstatus == 1 and "第十五条" in sanction.article
	assert sanction.end_date == getdate(today()) + relativedelta(years=3)


def test_cq_s16_a_change_after_which_the_base_no_longer_qualifies_revokes_it(people):
	"""CQ §16 国合基地如发生并购、重组…等重大事项，应及时向市科技局报告。变化后不符合本办法规定条件的，取消其国合
	基地资格; and §15: 三年内不再受理. The host unit reports a merger, the district recommends, the bureau finds
	the base no longer qualifies and approves; a second officer confirms the revocation."""
	record = base(people.org, "CQ-BASE")
	req = request(
		people.applicant, record, [("merger", "")], reason="依托单位被外地企业并购，研发中心迁出重庆。"
	)
	act(people.applicant, req, "Submit", host_unit_opinion="如实报告。")
	act(people.officer, req, "Recommend", district_opinion="情况属实。")
	# the district cannot make the finding; the bureau can
	frappe.set_user(people.officer)
	doc = frappe.get_doc(req.doctype, req.name)
	doc.no_longer_qualifies = 1
	try:
		doc.save()
	except (frappe.PermissionError, frappe.ValidationError):
		pass  # refused outright, or the field the officer may not write is dropped
	assert not frappe.db.get_value(req.doctype, req.name, "no_longer_qualifies")
	act(
		people.bureau,
		req,
		"Approve",
		bureau_opinion="并购后研发中心迁出，不再符合第五条条件。",
		no_longer_qualifies=1,
	)
	frappe.set_user("Administrator")
	(name,) = frappe.get_all(
		"Title Action", filters={"source_doctype": req.doctype, "source_name": req.name}, pluck="name"
	)
	action = frappe.get_doc("Title Action", name)
	assert action.action == "Revoke" and action.article == "第十六条" and "并购" in action.ground
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Active"  # until confirmed
	second = make_user("mcr.bureau2@policy.test", ["Bureau Officer"])
	act(second, frappe.get_doc("Title Action", name), "Confirm")
	assert frappe.db.get_value("Cooperation Base", record, "status") == "Revoked"
	sanction = frappe.get_doc("Sanction", frappe.db.get_value("Title Action", name, "sanction"))
	assert sanction.scheme == "CQ-BASE" and sanction.end_date == getdate(today()) + relativedelta(years=3)


def _decision_to(user, req):
	return frappe.get_all(
		"Notification Log", filters={"for_user": user, "document_name": req.name}, pluck="subject"
	)


def test_qd_s17_a_municipal_unit_goes_straight_to_the_bureau_which_may_seek_an_expert_opinion(people):
	"""QD §17(一) 中央、省驻青单位及市直属单位可直接向市科技局提出申请; (二) 市科技局根据申请变更的事项内容直接批复或
	组织专家进行评议; (三) 根据申请材料及专家评议意见，确定批复意见，并下发至组织推荐部门及国合基地."""
	frappe.db.set_value("Applicant Organization", people.org, "direct_to_bureau", 1)  # set-up: 市直属单位
	record = base(people.org, "QD-BASE")
	req = request(people.applicant, record, [("lead", "李娜")])
	assert req.direct_to_bureau
	with pytest.raises(frappe.ValidationError):
		act(people.applicant, req, "Submit")  # the district route is not offered to a direct unit
	act(people.applicant, req, "Submit to Bureau", host_unit_opinion="同意申请调整。")
	req.reload()
	assert (req.workflow_state, req.host_unit_signer) == ("Submitted to Bureau", people.applicant)
	with pytest.raises(frappe.ValidationError):
		act(people.officer, req, "Recommend")  # no district step
	# the bureau organises the experts' review before deciding; it decides on their opinion
	act(people.bureau, req, "Seek Expert Opinion")
	assert frappe.db.get_value(req.doctype, req.name, "workflow_state") == "Expert Opinion"
	with pytest.raises(frappe.ValidationError, match="Expert Review Opinion"):
		act(people.bureau, req, "Approve", bureau_opinion="同意调整。")
	act(
		people.bureau,
		req,
		"Approve",
		expert_opinion="专家评议认为李娜具备负责基地工作的能力，同意调整。",
		bureau_opinion="根据专家评议意见，同意调整基地负责人。",
	)
	req.reload()
	assert req.workflow_state == "Approved" and req.applied_on and not req.district_signer
	assert [r.action for r in req.approval_log] == ["Submit to Bureau", "Seek Expert Opinion", "Approve"]
	assert frappe.db.get_value("Cooperation Base", record, "lead_name") == "李娜"
	# the decision goes down to the base and to its recommending department, in Chinese
	for user in (people.applicant, people.officer):
		(subject,) = _decision_to(user, req)
		assert "同意调整" in subject and "根据专家评议意见，同意调整基地负责人。" in subject
	assert not _decision_to(people.other_officer, req)


def test_qd_s17_the_bureau_decides_directly_and_the_decision_is_sent_down(people):
	"""QD §17(二) 直接批复: after the district's step the bureau rejects without experts; (三) 下发至组织推荐部门
	及国合基地. A unit that is not direct is not offered the direct route."""
	record = base(people.org, "QD-BASE")
	req = request(people.applicant, record, [("lead", "李娜")])
	assert not req.direct_to_bureau
	with pytest.raises(frappe.ValidationError):
		act(people.applicant, req, "Submit to Bureau", host_unit_opinion="同意申请调整。")
	act(people.applicant, req, "Submit", host_unit_opinion="同意申请调整。")
	act(people.officer, req, "Recommend", district_opinion="情况属实，同意推荐。")
	act(people.bureau, req, "Reject", remark="拟任负责人不在依托单位任职", bureau_opinion="不同意调整。")
	assert frappe.db.get_value(req.doctype, req.name, "workflow_state") == "Rejected"
	assert frappe.db.get_value("Cooperation Base", record, "lead_name") == "张伟"
	for user in (people.applicant, people.officer):
		(subject,) = _decision_to(user, req)
		assert "不同意调整" in subject and req.name in subject


def test_xx_base_s14_a_base_that_can_no_longer_do_its_duties_asks_to_end_the_cooperation(people):
	"""XX-BASE §14 因前述情形导致不能履行职责的，应主动申请终止合作关系: the operator asks to end it, the district and
	the bureau sign, the record ends; §14 bans only an ending for fraud, so no Sanction is written."""
	record = base(people.org, "XX-BASE")
	req = request(
		people.applicant,
		record,
		[("terminate", "")],
		reason="运营单位重组后不再从事国际科技合作，申请终止合作关系。",
	)
	assert req.ends_record == "Exited"
	act(people.applicant, req, "Submit", host_unit_opinion="申请终止。")
	act(people.officer, req, "Recommend", district_opinion="同意。")
	act(people.bureau, req, "Approve", bureau_opinion="同意终止合作关系。")
	rec = frappe.get_doc("Cooperation Base", record)
	assert rec.status == "Exited" and rec.change_history[0].matter == "主动申请终止合作关系"
	assert not frappe.db.exists("Sanction", {"organization": people.org})


def form_save(user, req, **values):
	"""What the desk posts when `user` types `values` on the open request and presses 保存: the whole
	record as JSON, dates as text, as the browser holds them."""
	import json

	from frappe.desk.form.save import savedocs

	frappe.set_user(user)
	doc = frappe.get_doc(req.doctype, req.name)
	doc.update(values)
	frappe.local.response.setdefault("docs", [])
	savedocs(json.dumps(doc.as_dict(), default=str), "Save")


def test_each_signer_saves_their_own_opinion_and_nothing_else(people):
	"""#19 item 2: after the host unit has signed, the district saves its opinion on the form and then
	recommends; the bureau saves its opinion and then approves. The applicant's request stays locked
	for everyone, and no step writes another step's opinion; nothing refused is stored. 基地名称 and
	负责人 come from the base when the applicant leaves them empty (#19 item 8)."""
	record = base(people.org, "QD-BASE")
	frappe.set_user(people.applicant)
	req = frappe.get_doc(
		{
			"doctype": "Major Change Request",
			"record_doctype": "Cooperation Base",
			"record_name": record,
			"change_date": today(),
			"reason": "原负责人调任。",
			"matters": [{"matter": "lead", "new_value": "李娜"}],
		}
	).insert()
	assert (req.base_name, req.lead_name, req.foreign_partner) == (
		"青岛市中德智能制造国际合作基地",
		"张伟",
		"Fraunhofer IPA",
	)
	assert not req.partner_country
	frappe.local.lang = "zh"
	# the applicant cannot write the district's opinion into its own draft
	with pytest.raises(frappe.PermissionError, match="由申请的其他环节填写"):
		form_save(people.applicant, req, district_opinion="自己写的推荐意见")
	form_save(people.applicant, req, host_unit_opinion="同意申请调整。")
	act(people.applicant, req, "Submit")
	# the district's opinion, saved on the form before 推荐 (the form sends the change date as text)
	form_save(people.officer, req, district_opinion="情况属实，同意推荐。")
	assert frappe.db.get_value(req.doctype, req.name, "district_opinion") == "情况属实，同意推荐。"
	for field, value in (("reason", "改写理由"), ("lead_name", "王五"), ("change_date", "2020-01-01")):
		with pytest.raises(frappe.PermissionError, match="依托单位已签署，申请内容不能再修改"):
			form_save(people.officer, req, **{field: value})
	with pytest.raises(frappe.PermissionError, match="由申请的其他环节填写"):
		form_save(people.officer, req, bureau_opinion="替科技局写的意见")
	act(people.officer, req, "Recommend")
	# the bureau's opinion, saved on the form before 批准; the district's is now closed
	form_save(people.bureau, req, bureau_opinion="同意调整。")
	with pytest.raises(frappe.PermissionError, match="由申请的其他环节填写"):
		form_save(people.bureau, req, district_opinion="改写推荐意见")
	with pytest.raises(frappe.PermissionError, match="依托单位已签署"):
		form_save(people.bureau, req, matters=[{"matter": "lead", "new_value": "赵六"}])
	act(people.bureau, req, "Approve")
	req.reload()
	assert req.workflow_state == "Approved"
	assert (req.host_unit_opinion, req.district_opinion, req.bureau_opinion) == (
		"同意申请调整。",
		"情况属实，同意推荐。",
		"同意调整。",
	)
	assert (req.district_signer, req.bureau_signer) == (people.officer, people.bureau)
	assert req.reason == "原负责人调任。" and [r.new_value for r in req.matters] == ["李娜"]
	assert frappe.db.get_value("Cooperation Base", record, "lead_name") == "李娜"
	frappe.local.lang = "en"
