"""A reward's matter as a person reads it: the grade reward's key is the year's evaluation result."""

from policy_app.engine.scoring import grade_matter, matter_label


def test_a_grade_reward_reads_as_its_years_evaluation_result():
	assert grade_matter(2026) == "grade:2026"
	assert matter_label(grade_matter(2026)) == "2026年度考核评价结果"
	assert matter_label(grade_matter(2026), zh=False) == "2026 evaluation result"


def test_any_other_matter_reads_as_given():
	assert matter_label("国际联合实验室建设") == "国际联合实验室建设"
	assert matter_label("grade:abc") == "grade:abc"
	assert matter_label("") == ""
