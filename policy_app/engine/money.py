"""Rewards, subsidies, caps and instalments. Decimal only; amounts are kept to the fen.

Order of work for one organisation and year (documented in the README):
1. each claim is computed on its own: threshold, rate or unit amount, per-item cap, per-claim cap;
2. 就高不重复: of several awards for one matter of one organisation, only the highest is kept;
3. per-rule yearly caps, then combined caps over sets of rules, each taking what earlier claims of the
   year (already paid, then earlier dates, then input order) left. A cap only ever lowers an amount.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .errors import PolicyError, Refusal
from .models import RewardRule, Scheme, split_codes

FEN = Decimal("0.01")
HUNDRED = Decimal(100)


def to_money(value: Any, field: str = "amount") -> Decimal:
	"""Parse an amount: never a float's binary noise, never negative, never silently zero."""
	if value is None or value == "":
		raise PolicyError(field, value, f"“{field}”缺少金额", f"{field}: amount missing")
	if isinstance(value, bool):
		raise PolicyError(field, value, f"“{field}”应为金额", f"{field} must be an amount")
	try:
		d = Decimal(str(value)) if not isinstance(value, Decimal) else value
	except (InvalidOperation, ValueError):
		raise PolicyError(field, value, f"“{field}”应为金额", f"{field} must be an amount") from None
	if not d.is_finite():
		raise PolicyError(field, value, f"“{field}”应为金额", f"{field} must be an amount")
	if d < 0:
		raise PolicyError(field, value, f"“{field}”不能为负数", f"{field} cannot be negative")
	return d.quantize(FEN, rounding=ROUND_HALF_UP)


def pct(amount: Decimal, percent: Decimal) -> Decimal:
	return (amount * percent / HUNDRED).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan(d: Decimal) -> str:
	return f"{d:,.2f}"


class ClaimItem(BaseModel):
	ref: str  # the firm attracted, the investment, the prize…
	amount: Decimal


class Claim(BaseModel):
	"""A matter an organisation asks to be rewarded for under one rule."""

	model_config = ConfigDict(extra="forbid")

	rule: str
	organisation: str = ""
	year: int = 0
	matter: str = ""  # 就高不重复 compares awards of the same matter; default: the rule itself
	on: Optional[date] = None
	base_amount: Optional[Decimal] = None
	units: Optional[int] = None
	items: list[ClaimItem] = []
	scheme: str = ""
	# the bureau's reason to pay beyond a "原则上" limit of the rule (XX-INC §15: 连续两年)
	override_reason: str = ""


class Award(BaseModel):
	scheme: str
	rule: str
	article: str
	label_zh: str
	label_en: str
	organisation: str
	year: int
	matter: str
	on: Optional[date] = None
	computed: Decimal  # before the yearly and combined caps
	amount: Decimal
	notes_zh: list[str] = Field(default_factory=list)
	notes_en: list[str] = Field(default_factory=list)
	dropped: bool = False

	def note(self, zh: str, en: str) -> None:
		self.notes_zh.append(zh)
		self.notes_en.append(en)


def compute_claim(scheme: Scheme, claim: Claim) -> Award:
	rule = scheme.rule(claim.rule)
	award = Award(
		scheme=scheme.code,
		rule=rule.code,
		article=rule.article,
		label_zh=rule.label_zh,
		label_en=rule.label_en,
		organisation=claim.organisation,
		year=claim.year,
		matter=claim.matter or rule.code,
		on=claim.on,
		computed=Decimal(0),
		amount=Decimal(0),
	)
	if rule.kind == "fixed":
		amount = rule.amount
	elif rule.kind == "per_unit":
		if claim.units is None or claim.units < 0:
			raise PolicyError(
				"units", claim.units, "数量应为非负整数", "units must be a whole number of at least 0"
			)
		amount = rule.amount * claim.units
	elif rule.kind in ("rate", "subsidy"):
		base = to_money(claim.base_amount, "base_amount")
		if rule.threshold is not None:
			over = base >= rule.threshold if rule.threshold_inclusive else base > rule.threshold
			if not over:
				sign = "≥" if rule.threshold_inclusive else ">"
				award.note(
					f"{rule.article}：基数 {yuan(base)} 元未达到 {sign} {yuan(rule.threshold)} 元，不予奖励",
					f"{rule.article}: base {yuan(base)} does not reach {sign} {yuan(rule.threshold)}; nothing due",
				)
				return award
		amount = pct(base, rule.rate)
	elif rule.kind == "rate_each":
		amount = Decimal(0)
		for it in claim.items:
			each = pct(to_money(it.amount, f"items[{it.ref}].amount"), rule.rate)
			if rule.per_item_cap is not None and each > rule.per_item_cap:
				award.note(
					f"{it.ref}：{yuan(each)} 元超过单项上限 {yuan(rule.per_item_cap)} 元",
					f"{it.ref}: {yuan(each)} above the per-item cap {yuan(rule.per_item_cap)}",
				)
				each = rule.per_item_cap
			amount += each
	else:  # pragma: no cover - the model's Literal forbids it
		raise PolicyError("kind", rule.kind, "未知的奖补类型", "unknown reward kind")
	if rule.cap is not None and amount > rule.cap:
		award.note(
			f"{rule.article}：{yuan(amount)} 元超过上限 {yuan(rule.cap)} 元，按上限计",
			f"{rule.article}: {yuan(amount)} above the cap {yuan(rule.cap)}; capped",
		)
		amount = rule.cap
	award.computed = award.amount = amount.quantize(FEN)
	return award


def highest_only(awards: list[Award]) -> list[Award]:
	"""就高不重复 (XX-JBGS §24, XX-SVC §12, XX-INC §20): one matter of one organisation gets its
	highest award only. Equal amounts: the earlier award (date, then input order) is kept."""
	best: dict[tuple[str, str], Award] = {}
	for a in sorted(awards, key=lambda a: a.on or date.min):  # stable: input order within a day
		if a.dropped:
			continue
		key = (a.organisation, a.matter)
		if key not in best or a.amount > best[key].amount:
			best[key] = a
	for a in awards:
		keeper = best.get((a.organisation, a.matter))
		if keeper is not None and keeper is not a and not a.dropped:
			a.dropped = True
			a.note(
				f"就高不重复：同一事项已按 {keeper.scheme} {keeper.article}“{keeper.label_zh}”兑现 {yuan(keeper.amount)} 元，本项 {yuan(a.amount)} 元不予兑现",
				f"highest only: the same matter is paid under {keeper.scheme} {keeper.article} ({yuan(keeper.amount)}); this {yuan(a.amount)} is dropped",
			)
			a.amount = Decimal(0)
	return awards


class PriorAward(BaseModel):
	"""An award an earlier publication already made for the same matter of the same organisation."""

	key: str
	scheme: str
	article: str = ""
	label_zh: str = ""
	amount: Decimal
	settled: bool = False  # approved or paid: it can no longer be withdrawn


def against_prior(award: Award, prior: list[PriorAward]) -> list[str]:
	"""就高不重复 across publications (XX-JBGS §24, XX-SVC §12, XX-INC §20): the matter is paid once, at
	the highest amount. The new award is dropped when an earlier one is as high (the earlier is kept on
	a tie); otherwise the earlier awards still open are withdrawn (their keys are returned) and what is
	already settled is deducted, so the total paid for the matter is the highest award."""
	live = [p for p in prior if p.amount > 0]
	if award.dropped or not live:
		return []
	best = max(live, key=lambda p: p.amount)
	if award.amount <= best.amount:
		award.dropped = True
		award.note(
			f"就高不重复：同一事项已按 {best.scheme} {best.article}“{best.label_zh}”核定 {yuan(best.amount)} 元，本项 {yuan(award.amount)} 元不予兑现",
			f"highest only: the same matter already has {yuan(best.amount)} under {best.scheme} {best.article}; this {yuan(award.amount)} is dropped",
		)
		award.amount = Decimal(0)
		return []
	settled = max((p.amount for p in live if p.settled), default=Decimal(0))
	if settled:
		award.note(
			f"就高不重复：同一事项已兑现 {yuan(settled)} 元，本项补足差额 {yuan(award.amount - settled)} 元",
			f"highest only: {yuan(settled)} already settled for the matter; {yuan(award.amount - settled)} tops it up",
		)
		award.amount -= settled
	return [p.key for p in live if not p.settled]


def apply_year_caps(
	scheme: Scheme, awards: list[Award], already_paid: Optional[dict[tuple[str, int, str], Decimal]] = None
) -> list[Award]:
	"""Per-rule yearly caps, then combined caps. `already_paid[(organisation, year, rule)]` is what
	earlier publications of the same year already paid and counts against every cap."""
	already_paid = already_paid or {}
	live = [a for a in awards if not a.dropped and a.scheme == scheme.code]
	live.sort(key=lambda a: a.on or date.min)  # stable: input order within a day

	used: dict[tuple[str, int, str], Decimal] = dict(already_paid)

	def take(a: Award, room: Decimal, zh: str, en: str) -> None:
		if a.amount > room:
			a.note(
				zh.format(cut=yuan(a.amount - max(room, Decimal(0)))),
				en.format(cut=yuan(a.amount - max(room, Decimal(0)))),
			)
			a.amount = max(room, Decimal(0))

	for a in live:
		rule = scheme.rule(a.rule)
		key = (a.organisation, a.year, a.rule)
		if rule.per_year_cap is not None:
			room = rule.per_year_cap - used.get(key, Decimal(0))
			take(
				a,
				room,
				f"{rule.article}：年度累计上限 {yuan(rule.per_year_cap)} 元，核减 {{cut}} 元",
				f"{rule.article}: yearly cap {yuan(rule.per_year_cap)}; {{cut}} cut",
			)
		for cap in scheme.reward_caps:
			members = split_codes(cap.rules)
			if a.rule not in members:
				continue
			spent = sum((used.get((a.organisation, a.year, r), Decimal(0)) for r in members), Decimal(0))
			take(
				a,
				cap.per_year_cap - spent,
				f"{cap.article}：{cap.label_zh or '合计'}年度上限 {yuan(cap.per_year_cap)} 元，核减 {{cut}} 元",
				f"{cap.article}: combined yearly cap {yuan(cap.per_year_cap)}; {{cut}} cut",
			)
		used[key] = used.get(key, Decimal(0)) + a.amount
	return awards


def consecutive_run(years: Iterable[int], year: int) -> list[int]:
	"""The unbroken run of years ending the year before `year`: {2023, 2024} before 2025 -> [2023, 2024]."""
	have, run, y = set(years), [], year - 1
	while y in have:
		run.insert(0, y)
		y -= 1
	return run


def apply_consecutive_limits(
	scheme: Scheme,
	claims: list[Claim],
	awards: list[Award],
	enjoyed: Optional[dict[tuple[str, str], Iterable[int]]] = None,
) -> list[Award]:
	"""原则上可连续N年享受 (XX-INC §15: 原则上同一载体可连续两年享受该类补贴). `enjoyed[(organisation,
	rule)]`: the years the organisation was paid under the rule. After N consecutive years the award is
	refused with the reason, unless the claim carries the bureau's reason to go on."""
	enjoyed = enjoyed or {}
	for claim, a in zip(claims, awards, strict=True):
		rule = scheme.rule(a.rule)
		if not rule.max_consecutive_years or a.dropped or a.amount <= 0:
			continue
		run = consecutive_run(enjoyed.get((a.organisation, a.rule), ()), a.year)
		if len(run) < rule.max_consecutive_years:
			continue
		n, years = rule.max_consecutive_years, "、".join(str(y) for y in run)
		reason = (claim.override_reason or "").strip()
		if reason:
			a.note(
				f"{rule.article}：原则上可连续 {n} 年享受，已连续享受（{years}）；局方说明理由继续兑现：{reason}",
				f"{rule.article}: as a rule at most {n} consecutive years, already paid {years}; the bureau goes on: {reason}",
			)
			continue
		a.note(
			f"{rule.article}：原则上同一单位可连续 {n} 年享受该类补贴，已连续享受（{years}），本年不予兑现",
			f"{rule.article}: as a rule at most {n} consecutive years; already paid {years}; nothing this year",
		)
		a.dropped = True
		a.amount = Decimal(0)
	return awards


def compute_awards(
	scheme: Scheme,
	claims: Iterable[Claim],
	already_paid: Optional[dict[tuple[str, int, str], Decimal]] = None,
	enjoyed: Optional[dict[tuple[str, str], Iterable[int]]] = None,
) -> list[Award]:
	claims = list(claims)
	awards = [compute_claim(scheme, c) for c in claims]
	apply_consecutive_limits(scheme, claims, awards, enjoyed)
	highest_only(awards)
	return apply_year_caps(scheme, awards, already_paid)


class Grant(BaseModel):
	"""What the bureau grants of a computed award: at most the ceiling; less only with a reason."""

	ceiling: Decimal
	amount: Decimal
	reason: str = ""
	note_zh: str = ""
	note_en: str = ""


def grant(rule: RewardRule, ceiling: Any, amount: Any, reason: str = "") -> Grant:
	"""最高 is a ceiling (XX-BASE §18 最高50万元/30万元, XX-INC §19 最高…): the bureau grants any amount up to
	the computed ceiling (after every cap), a lower one with its reason. Above the ceiling is refused;
	so is a lower amount of a rule whose document fixes the amount (no 最高/不超过)."""
	top = to_money(ceiling, "ceiling")
	granted = to_money(amount, "granted_amount")
	reason = (reason or "").strip()
	if granted > top:
		raise PolicyError(
			"granted_amount",
			str(granted),
			f"{rule.article}：核定金额 {yuan(granted)} 元超过上限 {yuan(top)} 元",
			f"{rule.article}: the granted {yuan(granted)} is above the ceiling {yuan(top)}",
		)
	if granted == top:
		return Grant(ceiling=top, amount=granted, reason=reason)
	if not rule.ceiling:
		raise PolicyError(
			"granted_amount",
			str(granted),
			f"{rule.article}“{rule.label_zh}”的金额为 {yuan(top)} 元，不是最高额，不能核减",
			f"{rule.article} ({rule.label_en or rule.code}) fixes the amount at {yuan(top)}; it is not a ceiling",
		)
	if not reason:
		raise PolicyError(
			"grant_reason",
			"",
			f"{rule.article}：核定金额 {yuan(granted)} 元低于上限 {yuan(top)} 元，须说明理由",
			f"{rule.article}: granting {yuan(granted)}, below the ceiling {yuan(top)}, needs a reason",
		)
	return Grant(
		ceiling=top,
		amount=granted,
		reason=reason,
		note_zh=f"{rule.article}：最高 {yuan(top)} 元，核定 {yuan(granted)} 元（{reason}）",
		note_en=f"{rule.article}: at most {yuan(top)}, granted {yuan(granted)} ({reason})",
	)


def subsidy_award(
	scheme: Scheme, plan: SubsidyPlan, organisation: str, year: int, matter: str, on: Optional[date] = None
) -> Award:
	"""A project subsidy as an award of its matter, so that 就高不重复 (XX-JBGS §24) weighs it against
	the other awards of the same matter of the same enterprise (`against_prior`)."""
	rule = scheme.rule(plan.rule)
	return Award(
		scheme=scheme.code,
		rule=rule.code,
		article=rule.article,
		label_zh=rule.label_zh,
		label_en=rule.label_en,
		organisation=organisation,
		year=year,
		matter=matter or rule.code,
		on=on,
		computed=plan.subsidy,
		amount=plan.subsidy,
	)


def split_funding(scheme: Scheme, amount: Decimal) -> list[tuple[str, Decimal]]:
	"""Who pays what (XX-BASE §21): shares to the fen, the last payer takes the rounding remainder."""
	amount = to_money(amount)
	if not scheme.funding_shares:
		return [("", amount)]
	out, left = [], amount
	for i, share in enumerate(scheme.funding_shares):
		part = left if i == len(scheme.funding_shares) - 1 else pct(amount, share.share_percent)
		out.append((share.payer, part))
		left -= part
	return out


def funding_rows(scheme: Scheme, amount: Any) -> list[dict]:
	"""The funding split of an amount as rows to store and print (XX-BASE §21, XX-JBGS §25 由新区及新城按
	财政体制分别承担): payer, its label, its share and its part; none for nothing to pay."""
	amount = to_money(amount)
	if amount <= 0:
		return []
	shares = {s.payer: s for s in scheme.funding_shares}
	return [
		{
			"payer": payer,
			"payer_label": shares[payer].label_zh if payer in shares else payer,
			"share_percent": shares[payer].share_percent if payer in shares else HUNDRED,
			"amount": part,
		}
		for payer, part in split_funding(scheme, amount)
	]


# ---- subsidies paid in instalments (XX-JBGS §13–19)


class InstalmentDue(BaseModel):
	seq: int
	amount: Decimal
	release_condition: str
	threshold_percent: Optional[Decimal] = None
	label_zh: str = ""
	article: str = ""


class SubsidyPlan(BaseModel):
	scheme: str
	rule: str
	category: str
	payee: str
	contract_amount: Decimal
	uncapped: Decimal  # the rate times the contract
	ceiling: Decimal = Decimal(0)  # after the cap: the most the bureau grants (§13 最高800万元)
	granted: Decimal = Decimal(0)  # what the bureau granted: the ceiling, or less with its reason
	grant_reason: str = ""
	subsidy: Decimal  # what is paid: the grant, less what 就高不重复 (§24) keeps for another award
	instalments: list[InstalmentDue]
	notes_zh: list[str] = Field(default_factory=list)
	notes_en: list[str] = Field(default_factory=list)


def plan_instalments(scheme: Scheme, rule: RewardRule, subsidy: Decimal) -> list[InstalmentDue]:
	"""The instalments of the rule on `subsidy`, each rounded to the fen, the last taking the rest."""
	dues: list[InstalmentDue] = []
	left = subsidy
	for inst in sorted((i for i in scheme.instalments if i.rule == rule.code), key=lambda i: i.seq):
		amt = left if inst.share_percent is None else min(pct(subsidy, inst.share_percent), left)
		dues.append(
			InstalmentDue(
				seq=inst.seq,
				amount=amt,
				release_condition=inst.release_condition,
				threshold_percent=inst.threshold_percent,
				label_zh=inst.label_zh,
				article=inst.article,
			)
		)
		left -= amt
	if left and dues:
		dues[-1].amount += left
	return dues


def plan_subsidy(
	scheme: Scheme,
	category: str,
	contract_amount: Any,
	rule_code: Optional[str] = None,
	granted: Any = None,
	grant_reason: str = "",
) -> SubsidyPlan:
	"""XX-JBGS §13 按照30%的比例，给予最高800万元补贴: the rate times the contract, at most the cap, is the
	ceiling; with `granted` the bureau grants up to it (a lower amount with its reason, `grant`) and the
	instalments (§15) are planned on what it granted."""
	cat = scheme.category(category, "category")
	rules = [r for r in scheme.reward_rules if r.kind == "subsidy" and (rule_code in (None, r.code))]
	if not rules:
		raise PolicyError(
			"rule", rule_code, f"方案 {scheme.code} 没有补贴规则", f"scheme {scheme.code} has no subsidy rule"
		)
	rule = rules[0]
	contract = to_money(contract_amount, "contract_amount")
	if contract == 0:
		raise PolicyError(
			"contract_amount", contract_amount, "合同金额必须大于零", "the contract amount must be above zero"
		)
	uncapped = pct(contract, rule.rate)
	ceiling = min(uncapped, rule.cap) if rule.cap is not None else uncapped
	decided = (
		grant(rule, ceiling, granted, grant_reason)
		if granted is not None and granted != ""
		else Grant(ceiling=ceiling, amount=ceiling)
	)
	plan = SubsidyPlan(
		scheme=scheme.code,
		rule=rule.code,
		category=cat.code,
		payee=cat.payee or "",
		contract_amount=contract,
		uncapped=uncapped,
		ceiling=ceiling,
		granted=decided.amount,
		grant_reason=decided.reason,
		subsidy=decided.amount,
		instalments=plan_instalments(scheme, rule, decided.amount),
	)
	if decided.note_zh:
		plan.notes_zh.append(decided.note_zh)
		plan.notes_en.append(decided.note_en)
	return plan


def subsidy_against_prior(
	scheme: Scheme,
	plan: SubsidyPlan,
	organisation: str,
	year: int,
	matter: str,
	prior: list[PriorAward],
	on: Optional[date] = None,
) -> tuple[SubsidyPlan, list[str]]:
	"""XX-JBGS §24 同一企业就同一事项满足多个奖补政策的，按“就高不重复”原则予以兑现: the granted subsidy
	weighed against the other awards of the same matter of the payee. An earlier award as high or
	higher: nothing is paid; a lower one settled: the subsidy tops it up; lower ones still open are
	withdrawn (their keys are returned). The instalments (§15) follow what is left to pay; none when
	another award keeps the matter."""
	award = subsidy_award(scheme, plan, organisation, year, matter, on)
	withdraw = against_prior(award, prior)
	out = replan(scheme, plan, award.amount)
	out.notes_zh.extend(award.notes_zh)
	out.notes_en.extend(award.notes_en)
	return out, withdraw


def replan(scheme: Scheme, plan: SubsidyPlan, subsidy: Any) -> SubsidyPlan:
	"""The plan paying `subsidy` (what 就高不重复 left of the grant, as decided at approval): at most the
	grant; the instalments (§15) on it, none when nothing is left to pay."""
	amount = to_money(subsidy, "subsidy_amount")
	if amount > plan.granted:
		raise PolicyError(
			"subsidy_amount",
			str(amount),
			f"补贴 {yuan(amount)} 元超过核定金额 {yuan(plan.granted)} 元",
			f"the subsidy {yuan(amount)} is above the granted {yuan(plan.granted)}",
		)
	out = plan.model_copy(deep=True)
	if amount != plan.subsidy:
		out.subsidy = amount
		out.instalments = plan_instalments(scheme, scheme.rule(plan.rule), amount) if amount > 0 else []
	return out


def plan_article(plan: SubsidyPlan) -> str:
	return next((d.article for d in plan.instalments if d.article), "")


def release_instalment(
	plan: SubsidyPlan,
	seq: int,
	paid_seqs: Iterable[int] = (),
	funder_paid: Any = None,
	final_evaluation_passed: bool = False,
) -> Decimal:
	"""The amount of instalment `seq`, or an error saying which evidence or step is missing."""
	due = next((d for d in plan.instalments if d.seq == seq), None)
	if due is None:
		raise PolicyError("seq", seq, f"没有第 {seq} 期", f"there is no instalment {seq}")
	paid = set(paid_seqs)
	if seq in paid:
		raise Refusal(
			"seq", seq, f"第 {seq} 期已拨付", f"instalment {seq} is already paid", plan_article(plan)
		)
	for d in plan.instalments:
		if d.seq < seq and d.seq not in paid:
			raise Refusal(
				"seq",
				seq,
				f"第 {d.seq} 期尚未拨付",
				f"instalment {d.seq} must be paid first",
				plan_article(plan),
			)
	if due.release_condition == "funder_paid_share":
		# "不低于合同额的 30%": the share rounded up to the fen, so that a fen short is short
		share = plan.contract_amount * (due.threshold_percent or Decimal(0)) / HUNDRED
		need = share.quantize(FEN, rounding=ROUND_CEILING)
		have = to_money(funder_paid if funder_paid is not None else 0, "funder_paid")
		if have < need:
			raise Refusal(
				"funder_paid",
				str(have),
				f"主要出资方已支付/投入 {yuan(have)} 元，低于合同额的 {due.threshold_percent}%（{yuan(need)} 元），不能拨付第 {seq} 期",
				f"the main funder paid {yuan(have)}, below {due.threshold_percent}% of the contract ({yuan(need)}); instalment {seq} cannot be released",
				due.article,
			)
	elif due.release_condition == "final_evaluation_passed" and not final_evaluation_passed:
		raise Refusal(
			"final_evaluation_passed",
			final_evaluation_passed,
			f"未通过综合绩效评价，不能拨付第 {seq} 期",
			f"the final performance evaluation has not been passed; instalment {seq} cannot be released",
			due.article,
		)
	return due.amount


class Settlement(BaseModel):
	cause: str
	paid: Decimal
	cancelled: Decimal  # what will no longer be paid
	recover: Decimal  # what must be paid back
	blacklist_years: int


def settle_termination(
	scheme: Scheme, plan: SubsidyPlan, paid: Any, cause: Literal["objective", "subjective", "not_accepted"]
) -> Settlement:
	"""§18 objective failure: stop, cancel what is unpaid. §19 subjective failure: recover all that was
	paid and blacklist the responsible party. §17 not accepted on time: terminated like §18 unless a
	subjective cause is found."""
	if cause not in ("objective", "subjective", "not_accepted"):
		raise PolicyError(
			"cause",
			cause,
			"终止原因应为客观原因、主观原因或未按期验收",
			"the cause must be objective, subjective or not_accepted",
		)
	paid_d = to_money(paid, "paid")
	if paid_d > plan.subsidy:
		raise PolicyError(
			"paid", str(paid_d), "已拨付金额超过核定补贴", "the amount paid exceeds the approved subsidy"
		)
	unpaid = plan.subsidy - paid_d
	if cause == "subjective":
		years = int(scheme.deadline("blacklist").years or 0)
		return Settlement(cause=cause, paid=paid_d, cancelled=unpaid, recover=paid_d, blacklist_years=years)
	return Settlement(cause=cause, paid=paid_d, cancelled=unpaid, recover=Decimal(0), blacklist_years=0)
