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
	changed = getdate(today()) - relativedelta(months=2)
	req = request(people.applicant, record, [("lead", "李娜")], change_date=changed)
	assert req.reported_late and getdate(req.report_due) == changed + relativedelta(months=1)
	assert req.late_note.startswith("第十六条")
	assert str((getdate(today()) - (changed + relativedelta(months=1))).days) in req.late_note
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
