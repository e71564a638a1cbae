"""Many generated cohorts and claims (seeded, so every run is the same): caps hold, quotas hold,
money is exact. Plain `random`, no extra dependency."""

import random
from decimal import Decimal

from policy_app.engine import (
	Claim,
	EvaluationInput,
	compute_awards,
	grade_cohort,
	plan_subsidy,
	split_funding,
)
from policy_app.engine.models import split_codes
from policy_app.engine.money import ClaimItem

FEN = Decimal("0.01")


def fen_exact(d: Decimal) -> bool:
	return d == d.quantize(FEN)


def random_base(rng: random.Random, n: int) -> EvaluationInput:
	def judged(lo, hi, k):
		return [Decimal(rng.randint(int(lo * 2), int(hi * 2))) / 2 for _ in range(k)]

	items = {
		"plan": rng.randint(0, 1),
		"funding": rng.randint(0, 1),
		"staff_fulltime": rng.randint(0, 15),
		"staff_parttime": rng.randint(0, 6),
		"overseas_partners": rng.randint(0, 20),
		"projects_landed": judged(5, 30, rng.randint(0, 3)),
		"talents": judged(3, 10, rng.randint(0, 3)),
		"events": judged(1, 5, rng.randint(0, 4)),
		"served_party": Decimal(rng.randint(0, 10)) / 2,
		"authority": Decimal(rng.randint(0, 10)) / 2,
		"highlights": rng.choice([0, 0, 0, 2, 5]),
	}
	# scores cluster so that ties at the quota's cutoff happen often
	if rng.random() < 0.3:
		items = {
			"plan": 1,
			"funding": 1,
			"staff_fulltime": 13,
			"projects_landed": [30],
			"park_agreements": [10],
			"served_party": 5,
			"authority": 5,
		}
	return EvaluationInput(
		record=f"r{n}",
		organisation=f"o{n}",
		year=2025,
		items=items,
		outstanding=rng.random() < 0.05,
		previous_grades=rng.choice([[], ["fail"], ["pass", "fail"]]),
	)


def test_xx_base_quota_and_section_caps_always_hold(schemes):
	s = schemes["XX-BASE"]
	quota = next(q for q in s.quotas if q.kind == "max_share")
	top = set(split_codes(quota.grades))
	rng = random.Random(20261122)
	for _ in range(300):
		size = rng.randint(1, 40)
		results = grade_cohort(s, [random_base(rng, i) for i in range(size)])
		assert sum(r.final_grade in top for r in results) <= int(Decimal(size) * quota.percent / 100)
		for r in results:
			for sec in s.rubric_sections:
				if sec.max_points is not None:
					assert r.card.sections[sec.code] <= sec.max_points
			assert (
				s.band(r.final_grade).grade_rank >= s.band(r.raw_grade).grade_rank
			)  # XX-BASE only ever lowers
			for a in r.awards:
				assert fen_exact(a.amount) and 0 <= a.amount <= a.computed
			if r.final_grade == "excellent" and r.card.sections["outputs"] < 50:
				assert any("突出贡献" in c.reason_zh for c in r.changes)


def test_xx_inc_promotion_never_exceeds_its_share_of_ties(schemes):
	s = schemes["XX-INC"]
	rng = random.Random(7)
	for _ in range(300):
		size = rng.randint(1, 60)
		cohort = [
			EvaluationInput(record=f"i{n}", items={"expert_score": Decimal(rng.randint(100, 200)) / 2})
			for n in range(size)
		]
		results = grade_cohort(s, cohort)
		limit = size // 10
		promoted = [r for r in results if r.raw_grade != r.final_grade]
		for r in promoted:
			# a promoted carrier's shared rank (1 + those strictly ahead) lies inside the top 10 %
			ahead = sum(o.card.total > r.card.total for o in results)
			assert ahead + 1 <= limit and r.raw_grade == "pass" and r.final_grade == "excellent"
		for r in results:
			if r.raw_grade == "pass" and sum(o.card.total > r.card.total for o in results) + 1 <= limit:
				assert r.final_grade == "excellent"


def test_reward_caps_are_ceilings_for_random_claims(schemes):
	rng = random.Random(99)
	for code in ("XX-SVC", "XX-INC"):
		s = schemes[code]
		claimable = [r for r in s.reward_rules if r.trigger in ("claim", "recognition", "first_grade")]
		for _ in range(300):
			claims = []
			for _ in range(rng.randint(1, 25)):
				rule = rng.choice(claimable)
				c = {
					"rule": rule.code,
					"organisation": rng.choice("AB"),
					"year": 2025,
					"matter": f"m{rng.randint(0, 12)}",
				}
				if rule.kind == "per_unit":
					c["units"] = rng.randint(0, 12)
				elif rule.kind == "rate":
					c["base_amount"] = Decimal(rng.randint(0, 30_000_000_00)) / 100
				elif rule.kind == "rate_each":
					c["items"] = [
						ClaimItem(ref=f"x{j}", amount=Decimal(rng.randint(0, 50_000_000_00)) / 100)
						for j in range(rng.randint(0, 5))
					]
				claims.append(Claim(**c))
			already = {(o, 2025, r.code): Decimal(rng.choice([0, 0, 50000])) for o in "AB" for r in claimable}
			awards = compute_awards(s, claims, already)
			for a in awards:
				rule = s.rule(a.rule)
				assert fen_exact(a.amount) and Decimal(0) <= a.amount <= a.computed
				if rule.cap is not None:
					assert a.amount <= rule.cap
			for org in "AB":
				mine = [a for a in awards if a.organisation == org]
				for rule in s.reward_rules:
					if rule.per_year_cap is not None:
						spent = already[(org, 2025, rule.code)] if (org, 2025, rule.code) in already else 0
						assert sum(a.amount for a in mine if a.rule == rule.code) + spent <= max(
							rule.per_year_cap, spent
						)
				for cap in s.reward_caps:
					members = split_codes(cap.rules)
					spent = sum(already.get((org, 2025, r), 0) for r in members)
					assert sum(a.amount for a in mine if a.rule in members) + spent <= max(
						cap.per_year_cap, spent
					)
				# 就高不重复: at most one live award per matter
				matters = [a.matter for a in mine if not a.dropped]
				assert len(matters) == len(set(matters))


def test_money_sums_exactly(schemes):
	rng = random.Random(3)
	for _ in range(500):
		contract = Decimal(rng.randint(1, 4_000_000_000)) / 100
		plan = plan_subsidy(
			schemes["XX-JBGS"], rng.choice(["tech_breakthrough", "commercialisation"]), contract
		)
		assert sum(i.amount for i in plan.instalments) == plan.subsidy <= Decimal("8000000")
		assert all(fen_exact(i.amount) for i in plan.instalments)
		amount = Decimal(rng.randint(0, 100_000_000)) / 100
		assert sum(a for _, a in split_funding(schemes["XX-INC"], amount)) == amount
