"""Many generated cohorts and claims (seeded with `random.Random`, so every run is the same; no
hypothesis): no cap is ever exceeded, the 40 % ceiling and the top-10 % promotion always hold, every
amount is a Decimal to the fen, money sums exactly and caps only ever lower an amount."""

import random
from decimal import ROUND_CEILING, Decimal

import pytest

from policy_app.engine import (
	Claim,
	EvaluationInput,
	PolicyError,
	compute_awards,
	grade_cohort,
	plan_subsidy,
	release_instalment,
	settle_termination,
	split_funding,
)
from policy_app.engine.money import ClaimItem, compute_claim

D = Decimal
ROUNDS = 300


def money_ok(d) -> bool:
	"""A Decimal with at most two decimal places (to the fen), never negative."""
	return isinstance(d, Decimal) and d.is_finite() and d.as_tuple().exponent >= -2 and d >= 0


# ---- XX-BASE: 300 cohorts of 1 to 40 bases


def random_base(rng: random.Random, n: int) -> EvaluationInput:
	def judged(lo, hi, k):
		return [D(rng.randint(int(lo * 2), int(hi * 2))) / 2 for _ in range(k)]

	items = {
		"plan": rng.randint(0, 1),
		"funding": rng.randint(0, 1),
		"staff_fulltime": rng.randint(0, 15),
		"staff_parttime": rng.randint(0, 6),
		"overseas_partners": rng.randint(0, 20),
		"projects_landed": judged(5, 30, rng.randint(0, 3)),
		"talents": judged(3, 10, rng.randint(0, 3)),
		"events": judged(1, 5, rng.randint(0, 4)),
		"served_party": D(rng.randint(0, 10)) / 2,
		"authority": D(rng.randint(0, 10)) / 2,
		"highlights": rng.choice([0, 0, 0, 2, 5]),
	}
	# a few fixed profiles, so that ties at the ceiling's cutoff happen often
	profile = rng.random()
	if profile < 0.2:
		items = {
			"plan": 1,
			"funding": 1,
			"staff_fulltime": 13,
			"projects_landed": [30],
			"park_agreements": [10],
		}
		items |= {"served_party": 5, "authority": 5}  # 30 + 40 + 10 = 80
	elif profile < 0.3:
		items = {"plan": 1, "funding": 1, "staff_fulltime": 13, "projects_landed": [30], "talents": [5]}
		items |= {"served_party": 4, "authority": 4}  # 30 + 35 + 8 = 73, gated to pass
	return EvaluationInput(
		record=f"r{n}",
		organisation=f"o{n}",
		year=2025,
		items=items,
		outstanding=rng.random() < 0.05,
		previous_grades=rng.choice([[], ["fail"], ["pass", "fail"], ["fail", "pass"]]),
	)


RANK = {"excellent": 1, "good": 2, "pass": 3, "fail": 4}


def test_xx_base_cohorts(schemes):
	s = schemes["XX-BASE"]
	rng = random.Random(20261122)
	for _ in range(ROUNDS):
		size = rng.randint(1, 40)
		inputs = [random_base(rng, i) for i in range(size)]
		results = grade_cohort(s, inputs)
		limit = size * 40 // 100  # §16: 优秀 + 良好 ≤ 40 % of all bases
		top = [r for r in results if r.final_grade in ("excellent", "good")]
		assert len(top) <= limit

		for r, inp in zip(results, inputs, strict=True):
			# section maxima of 附件: 30, 60, 10
			assert r.card.sections["operations"] <= 30 and r.card.sections["outputs"] <= 60
			assert r.card.sections["satisfaction"] <= 10
			assert r.card.total == sum(r.card.sections.values())
			# XX-BASE only ever lowers a grade; §17 gates unless an outstanding contribution
			assert RANK[r.final_grade] >= RANK[r.raw_grade]
			if not inp.outstanding:
				assert r.final_grade != "excellent" or r.card.sections["outputs"] >= 50
				assert r.final_grade != "good" or r.card.sections["outputs"] >= 40
			# §18 rewards follow the final grade; §16 two fails in a row revoke
			expected = {"excellent": D(500000), "good": D(300000)}.get(r.final_grade, D(0))
			assert r.reward_total == expected
			assert all(money_ok(a.amount) and a.amount <= a.computed for a in r.awards)
			revoked = any(a.step.endswith(":revoke") for a in r.actions)
			assert revoked == (r.final_grade == "fail" and inp.previous_grades[-1:] == ["fail"])

		# the ceiling: those kept rank above every one it demoted, equal ones are treated alike,
		# and a place is left empty only when a whole tied group could not fit
		def key(r):
			gated = next((c.to_grade for c in reversed(r.changes) if c.step.startswith("gate")), r.raw_grade)
			return (-RANK[gated], r.card.total, r.card.sections["outputs"], r.card.sections["operations"])

		demoted = [r for r in results if any(c.step == "quota:top_share" for c in r.changes)]
		assert all(r.final_grade == "pass" for r in demoted)
		if demoted:
			assert len(top) + len(demoted) > limit
			assert all(key(t) > key(d) for t in top for d in demoted)
			best_demoted = max(key(d) for d in demoted)
			tied = sum(key(d) == best_demoted for d in demoted)
			assert len(top) + tied > limit  # the first group left out did not fit whole
		by_key = {}
		for r in results:
			by_key.setdefault(key(r), set()).add(r.final_grade)
		assert all(len(v) == 1 for v in by_key.values())


def test_grading_is_pure(schemes):
	rng = random.Random(5)
	inputs = [random_base(rng, i) for i in range(25)]
	first = grade_cohort(schemes["XX-BASE"], inputs)
	again = grade_cohort(schemes["XX-BASE"], list(reversed(inputs)))
	assert {r.record: r.final_grade for r in first} == {r.record: r.final_grade for r in again}


# ---- XX-INC: 300 cohorts of 1 to 60 carriers


def test_xx_inc_cohorts(schemes):
	s = schemes["XX-INC"]
	rng = random.Random(7)
	for _ in range(ROUNDS):
		size = rng.randint(1, 60)
		# half points from 40 to 100, with many repeats
		cohort = [
			EvaluationInput(
				record=f"i{n}",
				organisation=f"I{n}",
				year=2025,
				items={"expert_score": D(rng.randint(80, 200)) / 2},
			)
			for n in range(size)
		]
		results = grade_cohort(s, cohort)
		limit = size // 10  # §11: the top 10 %, rounded down
		for r in results:
			total = r.card.total
			# §10: over 85 excellent, 60 to 85 pass, under 60 fail
			assert r.raw_grade == ("excellent" if total > 85 else "pass" if total >= 60 else "fail")
			shared_rank = 1 + sum(o.card.total > total for o in results)
			promoted = r.raw_grade != r.final_grade
			if promoted:
				assert r.raw_grade == "pass" and r.final_grade == "excellent" and shared_rank <= limit
			if r.raw_grade == "pass" and shared_rank <= limit:
				assert promoted  # a tied group at the edge is promoted whole
			if r.raw_grade != "pass":
				assert r.final_grade == r.raw_grade
			# §14 first-time rewards, inside the §18 yearly total
			assert r.reward_total == {"excellent": 300000, "pass": 100000, "fail": 0}[r.final_grade]
			assert all(money_ok(a.amount) for a in r.awards)
			# a fail is told to rectify
			assert any(a.step.endswith(":rectify") for a in r.actions) == (r.final_grade == "fail")


# ---- random claims under XX-SVC and XX-INC


def random_claims(rng, s):
	claimable = [r for r in s.reward_rules if r.trigger in ("claim", "recognition", "first_grade", "medal")]
	claims = []
	for _ in range(rng.randint(1, 25)):
		rule = rng.choice(claimable)
		c = {
			"rule": rule.code,
			"organisation": rng.choice("AB"),
			"year": rng.choice([2025, 2025, 2026]),
			"matter": f"m{rng.randint(0, 12)}",
		}
		if rule.kind == "per_unit":
			c["units"] = rng.randint(0, 12)
		elif rule.kind == "rate":
			c["base_amount"] = D(rng.choice([500000, rng.randint(0, 30_000_000_00) / 100]))
		elif rule.kind == "rate_each":
			c["items"] = [
				ClaimItem(ref=f"x{j}", amount=D(rng.randint(0, 50_000_000_00)) / 100)
				for j in range(rng.randint(0, 5))
			]
		claims.append(Claim(**c))
	return claims


def without_caps(s):
	"""The same scheme with every cap taken away: the reference a cap may only lower."""
	rules = [
		r.model_copy(update={"cap": None, "per_item_cap": None, "per_year_cap": None}) for r in s.reward_rules
	]
	return s.model_copy(update={"reward_rules": rules, "reward_caps": []})


def spent(awards, org, year, rules):
	return sum(
		(a.amount for a in awards if a.organisation == org and a.year == year and a.rule in rules), D(0)
	)


@pytest.mark.parametrize("code", ["XX-SVC", "XX-INC"])
def test_random_claims_never_pass_a_cap(schemes, code):
	s = schemes[code]
	free = without_caps(s)
	rng = random.Random(99 if code == "XX-SVC" else 100)
	for _ in range(ROUNDS):
		claims = random_claims(rng, s)
		already = {}
		if rng.random() < 0.5:
			already = {("A", 2025, r.code): D(rng.choice([0, 50000, 120000])) for r in s.reward_rules}
		awards = compute_awards(s, claims, already)
		uncapped = compute_awards(free, claims)
		for a, c in zip(awards, claims, strict=True):
			assert money_ok(a.amount) and money_ok(a.computed)
			assert a.amount <= a.computed  # yearly caps only lower
			assert compute_claim(s, c).computed <= compute_claim(free, c).computed  # item caps only lower
		# 就高不重复: at most one live award per matter of an organisation, and never more than
		# the highest the matter could have had without caps
		for org in "AB":
			for m in {c.matter for c in claims}:
				live = [a for a in awards if a.organisation == org and a.matter == m and not a.dropped]
				assert len(live) <= 1
				free_live = [a for a in uncapped if a.organisation == org and a.matter == m and not a.dropped]
				assert sum(a.amount for a in live) <= sum(a.amount for a in free_live)
		for org in "AB":
			for year in (2025, 2026):
				for rules, cap in YEARLY[code]:
					before = sum(
						(v for (o, y, r), v in already.items() if (o, y) == (org, year) and r in rules), D(0)
					)
					now = spent(awards, org, year, rules) + before
					assert now <= max(D(cap), before), (rules, now)
		for a, c in zip(awards, claims, strict=True):
			if a.rule == "svc_attraction":
				# XX-SVC §8(三): 1 % of each firm's paid-in capital, at most 100,000 per firm
				assert a.computed <= 100000 * len(c.items)
				assert a.computed <= sum((i.amount for i in c.items), D(0)) / 100 + D("0.005") * len(c.items)


YEARLY = {
	# XX-SVC §8(二) operations support ≤ 500,000 a year, §8(三) attraction ≤ 3,000,000 a year
	"XX-SVC": [({"svc_operations"}, 500000), ({"svc_attraction"}, 3000000)],
	# XX-INC §15 both parts ≤ 100,000; §16 ≤ 150,000; §17 ≤ 300,000; §18: §14-17 together ≤ 500,000
	"XX-INC": [
		({"inc_competition_invest", "inc_competition_prize"}, 100000),
		({"inc_hightech"}, 150000),
		({"inc_vc"}, 300000),
		(
			{
				"inc_first_excellent",
				"inc_first_pass",
				"inc_competition_invest",
				"inc_competition_prize",
				"inc_hightech",
				"inc_vc",
			},
			500000,
		),
	],
}


# ---- money that must add up


def test_subsidies_and_instalments_sum_exactly(schemes):
	s = schemes["XX-JBGS"]
	rng = random.Random(3)
	for _ in range(500):
		contract = (
			D(rng.choice([rng.randint(1, 4_000_000_000), rng.randint(2_666_666_000, 2_666_667_000)])) / 100
		)
		plan = plan_subsidy(s, rng.choice(["tech_breakthrough", "commercialisation"]), contract)
		first, second = plan.instalments
		assert money_ok(plan.subsidy) and money_ok(first.amount) and money_ok(second.amount)
		assert first.amount + second.amount == plan.subsidy  # §15: 30 %, then the rest
		assert plan.subsidy <= 8000000  # §13
		assert abs(first.amount - plan.subsidy * D("0.3")) <= D("0.005")
		exact = contract * D("0.3")
		if exact <= 8000000:
			assert abs(plan.subsidy - exact) <= D("0.005")
		else:
			assert plan.subsidy == 8000000
		# the first instalment is released at 30 % of the contract, not a fen below
		need = (contract * D("0.3")).quantize(D("0.01"), rounding=ROUND_CEILING)
		assert release_instalment(plan, 1, funder_paid=need) == first.amount
		if need >= D("0.01"):
			with pytest.raises(PolicyError):
				release_instalment(plan, 1, funder_paid=need - D("0.01"))
		# termination after the first instalment: nothing is lost or counted twice
		obj = settle_termination(s, plan, first.amount, "objective")
		subj = settle_termination(s, plan, first.amount, "subjective")
		assert obj.recover == 0 and obj.cancelled == second.amount
		assert subj.recover == first.amount and subj.recover + subj.cancelled == plan.subsidy


def test_funding_split_sums_exactly(schemes):
	rng = random.Random(11)
	base = schemes["XX-INC"]
	for _ in range(500):
		amount = D(rng.randint(0, 100_000_000)) / 100
		if rng.random() < 0.5:
			parts = split_funding(base, amount)
			shares = [D(50), D(50)]
		else:
			cut = D(rng.randint(1, 9999)) / 100  # shares to the hundredth of a percent
			shares = [cut, D(100) - cut]
			area, city = base.funding_shares
			scheme = base.model_copy(
				update={
					"funding_shares": [
						area.model_copy(update={"share_percent": shares[0]}),
						city.model_copy(update={"share_percent": shares[1]}),
					]
				}
			)
			parts = split_funding(scheme, amount)
		assert sum(p for _, p in parts) == amount
		for (_, part), share in zip(parts, shares, strict=True):
			assert money_ok(part)
			assert abs(part - amount * share / 100) <= D("0.01")
