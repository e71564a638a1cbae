"""Expert review in the engine: review totals, the panel aggregate and the random draw."""

import random
from decimal import Decimal

import pytest

from policy_app.engine import get_scheme
from policy_app.engine.errors import PolicyError
from policy_app.engine.reviews import (
	REASONS,
	Candidate,
	aggregate_reviews,
	draw_panel,
	review_total,
)


def D(x) -> Decimal:
	return Decimal(str(x))


@pytest.fixture(scope="module")
def xx():
	# criteria: channels 30, team 20, cases 30, capability 20; quorum 3, trimmed mean from 5 reviews
	return get_scheme("XX-BASE")


def tuned(scheme, **kw):
	return scheme.model_copy(update=kw)


FULL = {"channels": D(30), "team": D(20), "cases": D(30), "capability": D(20)}


# review_total ---------------------------------------------------------------------------------------


def test_total_is_the_sum_of_the_criteria(xx):
	assert review_total(xx, {"channels": D("24.5"), "team": D(15), "cases": D(22), "capability": D(18)}) == D(
		"79.5"
	)


def test_total_accepts_both_bounds(xx):
	assert review_total(xx, FULL) == D(100)
	assert review_total(xx, dict.fromkeys(FULL, D(0))) == D(0)


@pytest.mark.parametrize("points", [D("30.01"), D(31), D("-0.01")])
def test_points_outside_0_to_max_are_refused_naming_the_criterion(xx, points):
	with pytest.raises(PolicyError) as e:
		review_total(xx, {**FULL, "channels": points})
	assert e.value.field == "scores.channels" and e.value.value == points
	assert "0–30" in e.value.zh and "0-30" in e.value.en


def test_unknown_criterion_is_refused(xx):
	with pytest.raises(PolicyError) as e:
		review_total(xx, {**FULL, "novelty": D(5)})
	assert (e.value.field, e.value.value) == ("criterion", "novelty")
	assert "novelty" in e.value.zh and "novelty" in e.value.en


def test_every_criterion_must_be_scored(xx):
	scores = dict(FULL)
	del scores["team"]
	with pytest.raises(PolicyError) as e:
		review_total(xx, scores)
	assert (e.value.field, e.value.value) == ("criterion", "team")
	with pytest.raises(PolicyError):
		review_total(xx, {**FULL, "team": None})


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "abc"])
def test_non_numbers_are_refused(xx, bad):
	with pytest.raises(PolicyError) as e:
		review_total(xx, {**FULL, "team": bad})
	assert e.value.field == "scores.team"


def test_scheme_without_criteria_cannot_be_reviewed():
	with pytest.raises(PolicyError) as e:
		review_total(get_scheme("XX-JBGS"), {})
	assert e.value.field == "review_criteria"


# aggregate_reviews ----------------------------------------------------------------------------------


def test_mean_below_the_trim_threshold(xx):
	agg = aggregate_reviews(xx, [D(80), D(70), D(91)])
	assert (agg.count, agg.quorum, agg.quorum_met, agg.method) == (3, 3, True, "mean")
	assert agg.score == D("80.33") and agg.dropped == [] and agg.spread == D(21)


def test_quorum_is_counted_exactly(xx):
	assert not aggregate_reviews(xx, [D(80), D(70)]).quorum_met
	assert aggregate_reviews(xx, [D(80), D(70), D(75)]).quorum_met
	empty = aggregate_reviews(xx, [])
	assert (empty.count, empty.quorum_met, empty.score, empty.spread) == (0, False, None, None)


def test_trimmed_mean_from_the_threshold_on(xx):
	four = aggregate_reviews(xx, [D(60), D(80), D(82), D(99)])
	assert four.method == "mean" and four.score == D("80.25")  # 4 < 5: nothing dropped
	five = aggregate_reviews(xx, [D(60), D(80), D(82), D(84), D(99)])
	assert five.method == "trimmed_mean"
	assert five.dropped == [D(99), D(60)] and five.score == D(82)
	assert five.spread == D(39)


def test_only_one_of_tied_extremes_is_dropped(xx):
	agg = aggregate_reviews(xx, [D(90), D(90), D(70), D(70), D(80)])
	assert agg.dropped == [D(90), D(70)] and agg.score == D(80)


def test_mean_method_never_trims(xx):
	agg = aggregate_reviews(tuned(xx, review_aggregate="mean"), [D(60), D(80), D(82), D(84), D(99)])
	assert agg.method == "mean" and agg.dropped == [] and agg.score == D(81)


def test_score_rounds_half_up_to_two_places(xx):
	# a mean landing exactly on a half cent goes up
	assert aggregate_reviews(xx, [D("80.005"), D("80.005"), D("80.005")]).score == D("80.01")
	assert aggregate_reviews(xx, [D(1), D(1), D(2)]).score == D("1.33")
	assert aggregate_reviews(xx, [D(2), D(2), D(1)]).score == D("1.67")


def test_disagreement_only_above_the_configured_spread(xx):
	assert not aggregate_reviews(xx, [D(50), D(99)]).disagreement  # no limit set
	strict = tuned(xx, review_max_spread=D(20))
	assert not aggregate_reviews(strict, [D(70), D(80), D(90)]).disagreement  # exactly 20
	flagged = aggregate_reviews(strict, [D(70), D(80), D("90.01")])
	assert flagged.disagreement and flagged.spread == D("20.01") and flagged.max_spread == D(20)


# draw_panel -----------------------------------------------------------------------------------------


def pool(n=8, **over):
	experts = [Candidate(id=f"EXP-{i:02d}", name=f"专家{i}", fields=frozenset({"AI"})) for i in range(n)]
	return [over.get(c.id, c) for c in experts]


def draw(cands, size=3, seed=7, applicant="ORG-A", related=(), avoid=(), counts=None, limit=10, **kw):
	return draw_panel(
		cands, size, applicant, set(related), set(avoid), counts or {}, limit, random.Random(seed), **kw
	)


def test_same_seed_same_panel_whatever_the_pool_order():
	cands = pool()
	first = draw(cands, seed=12345)
	assert draw(list(reversed(cands)), seed=12345).chosen == first.chosen
	assert len(set(first.chosen)) == 3 and set(first.chosen) <= {c.id for c in cands}
	assert first.excluded == [] and len(first.eligible) == 8


def test_different_seeds_spread_the_choice():
	chosen = {tuple(draw(pool(), seed=s).chosen) for s in range(30)}
	assert len(chosen) > 10
	picked = {e for panel in chosen for e in panel}
	assert picked == {c.id for c in pool()}


def test_every_avoidance_rule_gives_its_reason():
	special = {
		"EXP-00": Candidate(id="EXP-00", name="同单位", organizations=frozenset({"ORG-A"})),
		"EXP-01": Candidate(id="EXP-01", name="关联方", organizations=frozenset({"ORG-SISTER"})),
		"EXP-02": Candidate(id="EXP-02", name="自报关联", related=frozenset({"org-a"})),
		"EXP-03": Candidate(id="EXP-03", name="声明冲突", conflicts=frozenset({" 甲 公司 "})),
		"EXP-04": Candidate(id="EXP-04", name="王五"),
		"EXP-05": Candidate(id="EXP-05", name="停用", active=False),
		"EXP-06": Candidate(id="EXP-06", name="满额"),
		"EXP-07": Candidate(id="EXP-07", name="别的领域", fields=frozenset({"biomedicine"})),
	}
	cands = pool(12, **special)
	result = draw(
		cands,
		size=2,
		related={"ORG-SISTER"},
		avoid={"王五"},
		counts={"EXP-06": 10},
		fields={"ai", "new materials"},
		applicant_names={"甲 公司"},
	)
	reasons = {x.expert: x.reasons for x in result.excluded}
	# the special profiles name no field, so the fields filter excludes them as well
	assert reasons == {
		"EXP-00": ["wrong_field", "same_organization"],
		"EXP-01": ["wrong_field", "related_organization"],
		"EXP-02": ["wrong_field", "related_organization"],
		"EXP-03": ["wrong_field", "declared_conflict"],
		"EXP-04": ["wrong_field", "avoid_list"],
		"EXP-05": ["inactive", "wrong_field"],
		"EXP-06": ["wrong_field", "yearly_limit"],
		"EXP-07": ["wrong_field"],
	}
	assert set(result.eligible) == {f"EXP-{i:02d}" for i in range(8, 12)}
	assert set(result.chosen) <= set(result.eligible)
	assert all(r in REASONS for rs in reasons.values() for r in rs)
	assert "同一单位" in next(x for x in result.excluded if x.expert == "EXP-00").text("zh")
	assert "applicant" in next(x for x in result.excluded if x.expert == "EXP-00").text("en")


def test_avoid_list_matches_the_experts_employer_too():
	c = Candidate(id="EXP-09", name="赵六", organizations=frozenset({"ORG-X", "某研究院"}))
	result = draw([c, *pool(3)], size=3, avoid={"某研究院"})
	assert [x.expert for x in result.excluded] == ["EXP-09"]
	assert result.excluded[0].reasons == ["avoid_list"]


def test_yearly_limit_boundary_and_personal_limit():
	cands = pool(4, **{"EXP-01": Candidate(id="EXP-01", fields=frozenset({"AI"}), yearly_limit=2)})
	result = draw(cands, size=1, counts={"EXP-00": 9, "EXP-01": 2, "EXP-02": 10}, limit=10)
	reasons = {x.expert: x.reasons for x in result.excluded}
	assert reasons == {"EXP-01": ["yearly_limit"], "EXP-02": ["yearly_limit"]}
	assert "EXP-00" in result.eligible  # 9 of 10: one more is allowed
	# 0 means the scheme's limit
	zero = Candidate(id="EXP-00", yearly_limit=0)
	assert draw([zero], size=1, counts={"EXP-00": 9}).chosen == ["EXP-00"]


def test_no_fields_filter_keeps_everyone():
	cands = [Candidate(id="A"), Candidate(id="B", fields=frozenset({"x"}))]
	assert draw(cands, size=2, fields=None).excluded == []
	assert draw(cands, size=2, fields=set()).excluded == []


def test_already_on_the_panel_is_not_drawn_again():
	result = draw(pool(4), size=2, already={"EXP-00", "EXP-03"})
	assert sorted(result.chosen) == ["EXP-01", "EXP-02"]
	assert {x.expert for x in result.excluded} == {"EXP-00", "EXP-03"}


def test_too_few_eligible_is_refused_with_the_numbers():
	cands = pool(3, **{"EXP-00": Candidate(id="EXP-00", organizations=frozenset({"ORG-A"}))})
	assert len(draw(cands, size=2).chosen) == 2  # exactly enough
	with pytest.raises(PolicyError) as e:
		draw(cands, size=3)
	assert (e.value.field, e.value.value) == ("size", 3)
	assert "2" in e.value.zh and "only 2" in e.value.en


@pytest.mark.parametrize("size", [0, -1])
def test_panel_size_must_be_positive(size):
	with pytest.raises(PolicyError) as e:
		draw(pool(), size=size)
	assert e.value.field == "size"


def test_duplicate_candidates_are_refused():
	with pytest.raises(PolicyError) as e:
		draw([Candidate(id="A"), Candidate(id="A"), Candidate(id="B")], size=1)
	assert e.value.value == "A"


# CQ §11(三) third-party review and §11(四) re-review -----------------------------------------------

from datetime import date  # noqa: E402

from policy_app.engine.reviews import (  # noqa: E402
	REVIEW_MODES,
	check_re_review,
	check_review_finished,
	check_third_party_review,
)

TODAY = date(2026, 5, 20)


@pytest.fixture(scope="module")
def cq():
	return get_scheme("CQ-BASE")


def test_cq_s11_3_shipped_scheme_is_reviewed_by_a_third_party_and_re_reviews_objections(cq, xx):
	"""CQ §11(三) 市科技局委托第三方机构……组织评审论证; §11(四) 有异议，市科技局邀请有关专家进行复议."""
	assert (cq.review_by, cq.objection_re_review) == ("third_party", True)
	assert (xx.review_by, xx.objection_re_review) == ("expert_panel", False)


def test_cq_s11_3_the_four_modes_of_the_document_in_its_order():
	"""评审论证包括会议评审、通信评审、网络评审和实地考察等多种形式."""
	assert [zh for zh, _en in REVIEW_MODES.values()] == ["会议评审", "通信评审", "网络评审", "实地考察"]


def test_cq_s11_3_third_party_chooses_one_or_several_modes():
	"""根据实际情况选择评审方式: any of the modes, several at once, returned in the document's order."""
	modes = check_third_party_review(
		"重庆科技评估中心",
		{"site_visit", "meeting"},
		date(2026, 5, 18),
		"同意认定。",
		"/private/files/r.pdf",
		TODAY,
	)
	assert modes == ["meeting", "site_visit"]
	assert check_third_party_review("某评估所", ["online"], TODAY, "同意", "f.pdf", TODAY) == ["online"]


@pytest.mark.parametrize(
	"args, field, zh",
	[
		(("  ", ["meeting"], TODAY, "同意", "f.pdf"), "third_party", "第三方机构名称"),
		(("中心", [], TODAY, "同意", "f.pdf"), "modes", "请选择评审方式"),
		(("中心", ["lunch"], TODAY, "同意", "f.pdf"), "modes", "lunch"),
		(("中心", ["meeting"], None, "同意", "f.pdf"), "reviewed_on", "评审日期"),
		(("中心", ["meeting"], date(2026, 5, 21), "同意", "f.pdf"), "reviewed_on", "晚于今天"),
		(("中心", ["meeting"], TODAY, " ", "f.pdf"), "opinion", "评审论证意见"),
		(("中心", ["meeting"], TODAY, "同意", ""), "attachment", "评审论证报告"),
	],
)
def test_cq_s11_3_an_incomplete_third_party_review_is_refused_naming_what_is_missing(args, field, zh):
	with pytest.raises(PolicyError) as e:
		check_third_party_review(*args, TODAY)
	assert e.value.field == field and zh in e.value.zh and e.value.en


def test_cq_s11_3_only_the_third_partys_opinion_lets_a_cq_case_go_on(cq):
	"""CQ §11(三)(四) 市科技局根据评审论证意见，确定国合基地名单: expert reviews do not stand in for it."""
	with pytest.raises(PolicyError) as e:
		check_review_finished(cq, expert_reviews=5, third_party_reviews=0)
	assert "评审论证意见" in e.value.zh
	check_review_finished(cq, expert_reviews=0, third_party_reviews=1)


def test_an_expert_panel_scheme_still_needs_its_quorum(xx):
	with pytest.raises(PolicyError) as e:
		check_review_finished(xx, expert_reviews=2, third_party_reviews=1)
	assert "quorum of 3" in e.value.en and "3 份" in e.value.zh
	check_review_finished(xx, expert_reviews=3, third_party_reviews=0)


def test_cq_s11_4_an_objection_is_answered_after_the_experts_re_review(cq, xx):
	"""公示期间有异议，市科技局邀请有关专家进行复议: drawn experts, the quorum of their opinions submitted."""
	with pytest.raises(PolicyError, match="draw the experts"):
		check_re_review(cq, drawn=False, submitted=0)
	with pytest.raises(PolicyError) as e:
		check_re_review(cq, drawn=True, submitted=cq.review_quorum - 1)
	assert f"不足 {cq.review_quorum} 份" in e.value.zh
	check_re_review(cq, drawn=True, submitted=cq.review_quorum)
	check_re_review(xx, drawn=False, submitted=0)  # XX-BASE leaves the objection to the bureau
