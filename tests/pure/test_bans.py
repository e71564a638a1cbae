"""Bans after a title ends, as each document words them (engine.bans)."""

from datetime import date

import pytest

from policy_app.engine.bans import ban_after, ban_rule

REVOKED = date(2026, 3, 2)


@pytest.mark.parametrize(
	("code", "article"),
	[("ZJ-BASE", "第二十二条"), ("CQ-BASE", "第十五条"), ("QD-BASE", "第十五条")],
)
def test_any_revocation_bans_three_years_whatever_the_ground(schemes, cal, code, article):
	"""ZJ §22 取消国合基地资格，三年内不得再次申报; CQ §15 被取消…三年内不再受理; QD §15 被取消…三年内不得再次
	提出申请: a revocation for a fail, a missing report or fraud alike."""
	for fraud in (False, True):
		ban = ban_after(schemes[code], "revocation", REVOKED, cal, fraud=fraud)
		assert ban is not None and ban.years == 3 and article in ban.article
		assert ban.end == date(2029, 3, 2)


def test_xx_base_s14_bans_only_an_ending_for_fraud(schemes, cal):
	"""XX-BASE §14 对存在伪造数据资料、提供虚假证明等行为的，终止合作关系且三年内不在受理其设立国合基地申请;
	§16's revocation for two fails sets no ban."""
	xx = schemes["XX-BASE"]
	assert ban_after(xx, "revocation", REVOKED, cal) is None
	ban = ban_after(xx, "revocation", REVOKED, cal, fraud=True)
	assert ban.years == 3 and ban.article == "第十四条" and ban.end == date(2029, 3, 2)


def test_qd_s15_giving_the_title_up_bans_too(schemes, cal):
	"""QD §15 被取消或放弃国合基地资格的单位，三年内不得再次提出建设国合基地申请."""
	ban = ban_after(schemes["QD-BASE"], "exit", REVOKED, cal)
	assert ban.years == 3 and ban.rule == "exit_ban" and ban.end == date(2029, 3, 2)


@pytest.mark.parametrize("code", ["ZJ-BASE", "CQ-BASE", "XX-BASE"])
def test_an_exit_bans_only_where_the_document_says_so(schemes, cal, code):
	"""ZJ §23 主动退出 … 不再作为国合基地管理; CQ and XX-BASE §14 主动申请终止合作关系: no ban is written."""
	assert ban_after(schemes[code], "exit", REVOKED, cal) is None


@pytest.mark.parametrize("code", ["XX-SVC", "XX-INC"])
def test_service_and_incubator_measures_set_no_ban_of_their_own(schemes, code):
	"""XX-SVC §11 撤销…称号并收回铭牌 sets no period; XX-INC §13 refers fraud to the city's and province's
	integrity rules (按…进行处理): the scheme writes no ban itself."""
	assert ban_rule(schemes[code], "revocation", fraud=True) is None


def test_a_ban_of_29_february_ends_on_28_february(schemes, cal):
	"""Civil Code §202: a period in years from 29 February ends on the 28th in a common year."""
	ban = ban_after(schemes["ZJ-BASE"], "revocation", date(2028, 2, 29), cal)
	assert ban.end == date(2031, 2, 28)
