"""The scheme's choices a person picks by their labels (issue #15: internal codes typed by people):
`policy_app.policy_setup.choices.scheme_choices`, asked by the forms of the applicant and of the bureau,
answers the scheme's own rows as code + label in the user's language, and refuses who reads no scheme."""

import frappe
import pytest

from factories import make_district, make_org, make_user
from policy_app.policy_setup.choices import scheme_choices


@pytest.fixture
def people():
	d = make_district("选项测试新城")
	org = make_org("选项测试企业", d, 77)
	return frappe._dict(
		applicant=make_user("choices.applicant@policy.test", ["Policy Applicant"], orgs=[org]),
		bureau=make_user("choices.bureau@policy.test", ["Bureau Officer"]),
		nobody=make_user("choices.nobody@policy.test", []),
	)


def _as(user, scheme, kind, lang="zh"):
	frappe.set_user(user)
	frappe.local.lang = lang
	try:
		return scheme_choices(scheme, kind)
	finally:
		frappe.set_user("Administrator")


def test_qd_art4_applicant_picks_the_type_by_its_chinese_label(people):
	"""QD-BASE 第四条: 国际示范基地、国际创新园、国际联合实验室、国际技术转移中心 — what the applicant
	picks 类型 from, the code kept as the value."""
	got = _as(people.applicant, "QD-BASE", "type")
	assert got == [
		{"value": "demo_base", "label": "国际示范基地"},
		{"value": "innovation_park", "label": "国际创新园"},
		{"value": "joint_lab", "label": "国际联合实验室"},
		{"value": "tech_transfer", "label": "国际技术转移中心"},
	]
	# typing 示范 finds 国际示范基地 (the form filters the labels it was given)
	assert [c["label"] for c in got if "示范" in c["label"]] == ["国际示范基地"]


def test_qd_art9_to_12_host_kinds_are_offered_by_label(people):
	"""QD-BASE 第九条至第十二条: 企业、科研院所、高等学校、中介机构、园区."""
	got = _as(people.applicant, "QD-BASE", "host_kind")
	assert [c["label"] for c in got] == ["企业", "科研院所", "高等学校", "中介机构", "园区"]
	assert got[0]["value"] == "enterprise"


def test_qd_art13_bureau_officer_picks_the_notice_stage_by_label(people):
	"""QD-BASE 第十三条第（三）项 认定公示期, 第十四条第（三）项 评估结果公示期: the 公示环节 a bureau
	officer picks on a public notice."""
	got = _as(people.bureau, "QD-BASE", "notice_stage")
	assert [c["value"] for c in got] == ["recognition", "evaluation"]
	assert got[0]["label"] == "认定公示期"
	assert got[1]["label"].startswith("评估结果公示期")


def test_xx_svc_annex_types_and_art9_report_kind_by_label(people):
	"""XX-SVC 附件: 专业服务类机构、综合服务类机构; 第九条: 上年度工作情况报送截止（一季度）."""
	assert _as(people.bureau, "XX-SVC", "type") == [
		{"value": "professional", "label": "专业服务类机构"},
		{"value": "comprehensive", "label": "综合服务类机构"},
	]
	assert _as(people.bureau, "XX-SVC", "report_kind") == [
		{"value": "annual_report", "label": "上年度工作情况报送截止（一季度）"}
	]


def test_xx_base_grades_in_chinese_and_english_for_an_english_user(people):
	"""XX-BASE 评估标准: 优秀 80 分以上、良好、合格、不合格 — an English user reads the English labels
	where the scheme has them, never a blank."""
	zh = _as(people.bureau, "XX-BASE", "grade")
	assert [c["label"] for c in zh] == ["优秀", "良好", "合格", "不合格"]
	en = _as(people.bureau, "XX-BASE", "grade", lang="en")
	assert [c["value"] for c in en] == ["excellent", "good", "pass", "fail"]
	assert all(c["label"] for c in en)


def test_xx_jbgs_call_offers_project_categories(people):
	"""XX-JBGS: 技术攻关类、成果转化类 are what a 揭榜挂帅 call accepts (受理类型)."""
	got = _as(people.bureau, "XX-JBGS", "type")
	assert [c["label"] for c in got] == ["技术攻关类", "成果转化类"]


def test_who_reads_no_scheme_is_refused_and_an_unknown_list_is_a_clear_error(people):
	with pytest.raises(frappe.PermissionError):
		_as(people.nobody, "QD-BASE", "type")
	with pytest.raises(frappe.PermissionError):
		_as(people.applicant, "NO-SUCH-SCHEME", "type")
	with pytest.raises(frappe.ValidationError, match="未知的选项类别"):
		_as(people.applicant, "QD-BASE", "secret_field")
