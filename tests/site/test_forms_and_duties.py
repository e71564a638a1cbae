"""XX-SVC 附件 (申报表) shares and §10 free events in the evaluation; the QD 附件1 申请书 as printed. Each
step is taken by its user: the applicant fills the form and records the events, the district officer
recommends, the bureau officer runs the evaluation; prints are rendered and their text read."""

import frappe
import pytest
from frappe.utils import today

from factories import act, make_call, make_district, make_org, make_user, service_application


@pytest.fixture
def people():
	d = make_district("表单测试新城")
	frappe.db.set_value("District", d, {"contact_person": "王推荐", "contact_phone": "0532-85911234"})
	org = make_org("表单测试服务机构", d, 951)
	frappe.db.set_value("Applicant Organization", org, "legal_representative", "李法人")
	return frappe._dict(
		district=d,
		org=org,
		applicant=make_user("forms.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		officer=make_user("forms.officer@policy.test", ["District Officer"], districts=[d]),
		bureau=make_user("forms.bureau@policy.test", ["Bureau Officer"]),
	)


@pytest.fixture
def no_access_log(monkeypatch):
	# printview writes an access log and commits it: keep the test inside its rolled-back transaction
	import frappe.www.printview

	monkeypatch.setattr(frappe.www.printview, "make_access_log", lambda **kw: None)


def test_xx_svc_annex_prints_the_four_shares_computed_from_the_form(people, no_access_log):
	"""附件 人员情况 / 上年度财务情况: 40 staff, 30 full-time → 专职人员占比 75.00 %; 28 bachelor or above, 12
	with an intermediate title, 32 counted once → 80.00 %; revenue 200 万元, service revenue 150 万元 → 75.00 %;
	profit and tax 30 万元 → 15.00 %."""
	call = make_call("XX-SVC")
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	app = service_application(
		call,
		people.org,
		staff_total=40,
		staff_fulltime=30,
		staff_bachelor=28,
		staff_mid_title=12,
		staff_qualified=32,
		revenue_total=2000000,
		annual_service_revenue=1500000,
		profit_tax_total=300000,
	)
	assert (
		app.staff_fulltime_ratio,
		app.staff_qualified_ratio,
		app.service_revenue_ratio,
		app.profit_tax_ratio,
	) == (
		75,
		80,
		75,
		15,
	)
	html = frappe.get_print(app.doctype, app.name, "Xixian Service Institution Form")
	assert "专职人员占比 75.00%" in html and "本科及中级职称以上占比 80.00%" in html
	assert "科技服务收入占营业收入的比例 75.00%" in html and "利税总额占营业收入的比例 15.00%" in html

	# the applicant's own figures disagree: refused, nothing stored
	app.staff_fulltime = 41
	frappe.local.lang = "zh"
	try:
		with pytest.raises(frappe.ValidationError, match="专职人员（41）不能多于总人数（40）"):
			app.save()
	finally:
		frappe.local.lang = "en"
	assert frappe.db.get_value(app.doctype, app.name, "staff_fulltime") == 30


def _record_events(people, institution, attendees, year=2025, record_doctype="Service Institution"):
	"""The institution's user records its free events of the year, each with its evidence."""
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	for i, n in enumerate(attendees):
		evidence = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{institution}-{year}-{i}-签到表.pdf",
				"content": f"%PDF-1.4 sign-in {institution} {year} {i}".encode(),
				"is_private": 1,
			}
		).insert()
		_event(
			people,
			institution,
			record_doctype,
			title=f"{year}年政策宣讲会第{i + 1}场",
			event_date=f"{year}-{1 + i:02d}-15",
			attendees=n,
			organization=people.org,
			recommending_district=people.district,
			evidence=evidence.file_url,
		).insert()


def _certified_institution(people, org=None):
	return (
		frappe.get_doc(
			{
				"doctype": "Service Institution",
				"organization": org or people.org,
				"scheme": "XX-SVC",
				"base_type": "professional",
				"status": "Active",
				"certified_on": "2024-06-01",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _evaluate(people, institution, year=2025):
	frappe.set_user(people.bureau)
	return frappe.get_doc(
		{
			"doctype": "Policy Evaluation",
			"scheme": "XX-SVC",
			"year": year,
			"record_doctype": "Service Institution",
			"record_name": institution,
			"expert_grade": "excellent",
		}
	).insert()


def test_xx_svc_s10_more_free_events_with_good_attendance_add_the_schemes_bonus(people):
	"""第十条: 不少于5场（场均不少于50人次）; 场次多、效果好的加分: 6 events of 60 → +2 (the scheme's bonus)."""
	rec = _certified_institution(people)
	_record_events(people, rec, [60] * 6)
	ev = _evaluate(people, rec)
	assert (ev.events_count, ev.events_average, ev.events_points, ev.total_score) == (6, 60, 2, 2)
	assert ev.events_note == (
		"XX-SVC 第十条: 6 free events in 2025, 60 attendees per event on average (more than 5, average met): plus 2"
	)


def test_xx_svc_s10_fewer_events_take_the_penalty_and_the_average_counts(people):
	"""第十条: 场次少的减分: 4 events → −2; 场均 (not each event): 5 events of 30, 70, 50, 50, 50 meet the duty."""
	rec = _certified_institution(people)
	_record_events(people, rec, [80] * 4)
	ev = _evaluate(people, rec)
	assert (ev.events_count, ev.events_points, ev.total_score) == (4, -2, -2)
	_record_events(people, rec, [30, 70, 50, 50, 50], year=2024)
	ev24 = _evaluate(people, rec, year=2024)
	assert (ev24.events_count, ev24.events_average, ev24.events_points) == (5, 50, 0)


def test_xx_svc_s10_an_event_is_recorded_once_held(people):
	rec = _certified_institution(people)
	frappe.set_user(people.applicant)
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc(
			{
				"doctype": "Service Institution Event",
				"title": "未来的活动",
				"event_kind": "Topical Training",
				"event_date": "2099-01-01",
				"attendees": 60,
				"service_institution": rec,
				"organization": people.org,
				"recommending_district": people.district,
				"evidence": "/private/files/x.pdf",
			}
		).insert()


def _event(people, record, record_doctype="Service Institution", **values):
	return frappe.get_doc(
		{
			"doctype": "Service Institution Event",
			"title": "政策宣讲会",
			"event_kind": "Policy Briefing",
			"event_date": "2025-03-15",
			"attendees": 60,
			"record_doctype": record_doctype,
			"service_institution": record,
			"evidence": "/private/files/x.pdf",
			**values,
		}
	)


def test_xx_svc_s10_an_event_on_another_organisations_record_is_refused(people):
	"""An organisation records events for its own certified record only: naming another organisation's
	(and typing its own organisation beside it) is refused and stores nothing; the organisation, district
	and scheme an event is filed under are the record's, whatever was typed."""
	other_district = make_district("表单测试另一新城")
	other_org = make_org("表单测试另一服务机构", other_district, 952)
	theirs = _certified_institution(people, other_org)
	ours = _certified_institution(people)
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	with pytest.raises(frappe.PermissionError):
		_event(people, theirs, organization=people.org, recommending_district=people.district).insert()
	assert not frappe.db.exists("Service Institution Event", {"service_institution": theirs})
	# its own record with another organisation, district and scheme typed: filed under the record's
	ev = _event(
		people, ours, organization=other_org, recommending_district=other_district, scheme="XX-BASE"
	).insert()
	assert (ev.organization, ev.recommending_district, ev.scheme) == (people.org, people.district, "XX-SVC")
	# a form that is not a certified record is refused, and nothing more is stored
	with pytest.raises((frappe.ValidationError, frappe.PermissionError)):
		_event(people, ours, record_doctype="Service Institution Application").insert()
	assert frappe.db.count("Service Institution Event", {"service_institution": ours}) == 1


def test_xx_svc_s10_events_count_for_any_family_whose_scheme_counts_them(people):
	"""§10 is read from the scheme's parameters, not from the DocType: the events of another family's
	certified record (here an incubation carrier's) are counted by a scheme with §10's parameters (what a
	programme copied from XX-SVC has) and by no scheme without them."""
	from policy_app.policy_setup.schemes import get_scheme
	from policy_app.recognition.service_events import adjustment_for

	carrier = (
		frappe.get_doc(
			{
				"doctype": "Incubation Carrier",
				"organization": people.org,
				"scheme": "XX-INC",
				"status": "Active",
				"certified_on": "2024-06-01",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	_record_events(people, carrier, [60] * 6, record_doctype="Incubation Carrier")
	frappe.set_user(people.bureau)
	adj = adjustment_for(get_scheme("XX-SVC"), "Incubation Carrier", carrier, 2025)
	assert (adj.events, adj.points) == (6, 2)
	# a service institution of the same name would not lend it its events: the type is part of the key
	assert adjustment_for(get_scheme("XX-SVC"), "Service Institution", carrier, 2025).events == 0
	assert adjustment_for(get_scheme("XX-INC"), "Incubation Carrier", carrier, 2025) is None


def test_qd_annex1_prints_what_the_application_form_asks(people, no_access_log):
	"""附件1 申请书: 负责人 is the unit's legal representative (基地负责人 apart), 专职从事国际科技合作人数,
	归口部门, the recommending department with its contact and phone, 申报日期 the day of submission, the
	seven 主要合作方式 as ticks, the agreements as attachments (注：请以附件形式提交合作协议)."""
	from test_recognition import district_ready, open_scheme

	from factories import XX_FACTS as facts

	open_scheme()
	call = make_call()
	frappe.clear_cache(user=people.applicant)
	frappe.set_user(people.applicant)
	agreement = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "合作协议-表单测试.pdf",
			"content": b"%PDF-1.4 agreement",
			"is_private": 1,
		}
	).insert()
	app = frappe.get_doc(
		{
			"doctype": "Cooperation Base Application",
			"call_for_applications": call.name,
			"organization": people.org,
			"base_type": "coop_base",
			"pledge_accepted": 1,
			**facts,
			"international_staff": 7,
			"base_name": "蓝色海洋国际联合实验室",
			"competent_department": "青岛市海洋发展局",
			"lead_person": "张基地",
			"mode_staff_exchange": 1,
			"mode_joint_rd": 1,
			"agreement_files": [
				{
					"agreement_title": "海洋传感器联合研发协议",
					"partner": "挪威海洋研究所",
					"signed_on": "2024-03-01",
					"agreement_file": agreement.file_url,
				}
			],
		}
	).insert()
	assert not app.submitted_on
	act(people.applicant, app, "Submit")
	app = district_ready(people, app)
	act(people.officer, app, "Recommend", remark="同意推荐")
	app.reload()
	assert str(app.submitted_on) == today()
	frappe.set_user("Administrator")
	html = frappe.get_print(app.doctype, app.name, "Qingdao Base Application Form")
	y, m, d = today().split("-")
	assert f'<th>申报日期</th><td colspan="3">{y}年{m}月{d}日</td>' in html
	assert "<th>负责人</th><td>李法人</td>" in html and "<th>基地负责人</th><td>张基地</td>" in html
	assert "专职从事国际科技合作人数：7" in html
	assert '<th>归口部门</th><td colspan="3">青岛市海洋发展局</td>' in html
	assert "联系人：王推荐" in html and "电话：0532-85911234" in html
	assert "■01人员交流" in html and "□02信息资料交流" in html and "■06分工合作研发" in html
	assert "□07建联合研发机构" in html
	assert "附件：1. 海洋传感器联合研发协议（挪威海洋研究所，2024年03月01日）" in html
