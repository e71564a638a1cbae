"""The policy scheme: every rule of a programme as data.

A scheme is a flat record with flat lists of rows, so that each list maps one-to-one onto a child
table of the `Policy Scheme` DocType and the fixture JSON under `fixtures/schemes/` is at the same
time the engine's input and the site's record. Rows refer to each other by code (an item names its
section, an instalment its reward rule), never by nesting.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .errors import PolicyError, bad


class Row(BaseModel):
	model_config = ConfigDict(extra="forbid", frozen=True)

	#: optional numbers for which a stored 0 means "not set" (Frappe keeps numeric columns NOT NULL), each
	#: with what "not set" means there (a key of ZERO_MEANING): the form shows that instead of 0
	ZERO_IS_UNSET: ClassVar[dict[str, str]] = {}

	def label(self, lang: str = "zh") -> str:
		zh = getattr(self, "label_zh", "") or ""
		en = getattr(self, "label_en", "") or ""
		return zh if lang.startswith("zh") else (en or zh)


#: what a 0 in a ZERO_IS_UNSET field stands for, as the form shows it (English, Chinese)
ZERO_MEANING: dict[str, tuple[str, str]] = {
	"no_bound": ("no upper bound", "不设上限"),
	"no_threshold": ("no threshold", "不设门槛"),
	"the_rest": ("what is left", "余下部分"),
	"unused": ("not used", "不适用"),
	"no_limit": ("no limit", "不限"),
}

#: the region whose holiday calendar applies when none is named: the State Council's, which every
#: scheme here follows
DEFAULT_REGION = "CN"


def split_codes(text: Optional[str]) -> list[str]:
	return [c.strip() for c in (text or "").split(",") if c.strip()]


def plain_number(d: Decimal) -> str:
	"""12.50 -> 12.5, 30.0 -> 30, 1E+1 -> 10: points, limits and percentages as people write them."""
	t = format(d, "f")
	return t.rstrip("0").rstrip(".") if "." in t else t


class Category(Row):
	"""A base type, host kind or project category a scheme offers."""

	dimension: Literal["type", "host_kind", "category"]
	code: str
	label_zh: str
	label_en: str = ""
	payee: Optional[str] = None  # XX-JBGS: who receives the subsidy for this category
	article: str = ""


class ConditionGroup(Row):
	"""`min_pass` of the conditions that name this group must hold (XX-BASE §6.6: one of four)."""

	code: str
	min_pass: int = Field(1, ge=1)
	label_zh: str
	label_en: str = ""
	applies_to_type: Optional[str] = None
	applies_to_host_kind: Optional[str] = None
	article: str = ""


ConditionOperator = Literal[
	"is_true",  # the fact is true (a yes/no answer)
	"is_false",  # the fact is false (no dishonesty record, no accident)
	"gte",
	"gt",
	"lte",
	"lt",  # 不满: "younger than 48 months" excludes 48 itself (Civil Code §1259)
	"months_since_gte",  # the fact is a date at least `value` months before the reference day
	"one_per_gte",  # fact × value ≥ other_fact: one service staff per 10 incubatees
]


class EligibilityCondition(Row):
	code: str
	article: str
	label_zh: str
	label_en: str = ""
	fact: str
	operator: ConditionOperator
	value: Optional[Decimal] = None
	other_fact: Optional[str] = None
	group_code: Optional[str] = None
	applies_to_type: Optional[str] = None  # comma-separated codes
	applies_to_host_kind: Optional[str] = None  # comma-separated codes
	# the condition applies only when this fact is true ("!fact": only when it is false)
	applies_when: Optional[str] = None

	@model_validator(mode="after")
	def _operands(self):
		needs_value = self.operator in ("gte", "gt", "lte", "lt", "months_since_gte", "one_per_gte")
		if needs_value and self.value is None:
			raise bad(
				f"condition {self.code}: operator {self.operator} needs a value",
				f"资格条件 {self.code}：运算符 {self.operator} 需要填写阈值",
			)
		if self.operator == "one_per_gte" and not self.other_fact:
			raise bad(
				f"condition {self.code}: one_per_gte needs other_fact",
				f"资格条件 {self.code}：按比例条件需要填写对比项",
			)
		return self


class RubricSection(Row):
	code: str
	label_zh: str
	label_en: str = ""
	max_points: Optional[Decimal] = Field(None, ge=0)  # None: uncapped (bonus)
	kind: Literal["scored", "bonus"] = "scored"

	ZERO_IS_UNSET: ClassVar[dict[str, str]] = {"max_points": "no_bound"}
	article: str = ""


class RubricItem(Row):
	"""One line of a rubric.

	flat: `unit_points` once if achieved; per_unit: `unit_points` × a count; judged_each: each unit
	gets points within [min_points, max_points] from the expert; judged: one figure in that range.
	"""

	code: str
	section: str
	label_zh: str
	label_en: str = ""
	mode: Literal["flat", "per_unit", "judged_each", "judged"]
	unit_points: Optional[Decimal] = Field(None, ge=0)
	min_points: Optional[Decimal] = Field(None, ge=0)
	max_points: Optional[Decimal] = Field(None, ge=0)
	item_cap: Optional[Decimal] = Field(None, ge=0)
	article: str = ""

	ZERO_IS_UNSET: ClassVar[dict[str, str]] = {"item_cap": "no_bound"}

	@model_validator(mode="after")
	def _points(self):
		if self.mode in ("flat", "per_unit") and self.unit_points is None:
			raise bad(
				f"rubric item {self.code}: mode {self.mode} needs unit_points",
				f"评分项 {self.code}：计分方式 {self.mode} 需要填写单位分值",
			)
		if self.mode in ("judged_each", "judged"):
			if self.min_points is None or self.max_points is None:
				raise bad(
					f"rubric item {self.code}: mode {self.mode} needs min_points and max_points",
					f"评分项 {self.code}：计分方式 {self.mode} 需要填写最低分和最高分",
				)
			if self.min_points > self.max_points:
				raise bad(
					f"rubric item {self.code}: min_points above max_points",
					f"评分项 {self.code}：最低分高于最高分",
				)
		return self


class GradeBand(Row):
	grade: str
	label_zh: str
	label_en: str = ""
	grade_rank: int = Field(ge=1)  # 1 is the best grade
	min_score: Decimal = Decimal(0)  # ignored where the experts award the grade (grading "assigned")
	min_inclusive: bool = True
	max_score: Optional[Decimal] = None  # None: no upper bound
	max_inclusive: bool = False
	is_fail: bool = False
	article: str = ""

	ZERO_IS_UNSET: ClassVar[dict[str, str]] = {"max_score": "no_bound"}

	def contains(self, score: Decimal) -> bool:
		lo = score >= self.min_score if self.min_inclusive else score > self.min_score
		if self.max_score is None:
			return lo
		hi = score <= self.max_score if self.max_inclusive else score < self.max_score
		return lo and hi


class Gate(Row):
	"""A section below `below` points cannot reach `blocked_grade` (XX-BASE §17)."""

	code: str
	section: str
	below: Decimal = Field(ge=0)
	blocked_grade: str
	exemptable: bool = False
	article: str = ""
	label_zh: str = ""
	label_en: str = ""


class Quota(Row):
	"""max_share: grades together at most `percent` % of the cohort (XX-BASE §16);
	top_promote: the top `percent` % by score become `to_grade` (XX-INC §11)."""

	code: str
	kind: Literal["max_share", "top_promote"]
	grades: str = ""  # comma-separated grade codes (max_share)
	percent: Decimal = Field(ge=0, le=100)
	to_grade: Optional[str] = None
	min_grade: Optional[str] = None  # top_promote: only records at least this good are promoted
	tie_breakers: str = ""  # comma-separated section codes compared after the total
	article: str = ""
	label_zh: str = ""
	label_en: str = ""

	@model_validator(mode="after")
	def _shape(self):
		if self.kind == "max_share" and not split_codes(self.grades):
			raise bad(f"quota {self.code}: max_share needs grades", f"比例限制 {self.code}：需要填写受限等次")
		if self.kind == "top_promote" and not self.to_grade:
			raise bad(
				f"quota {self.code}: top_promote needs to_grade",
				f"比例限制 {self.code}：需要填写调整后的等次",
			)
		return self


class HistoryRule(Row):
	"""What a run of events leads to: two fails in a row ⇒ revoke (XX-BASE §16, ZJ §18 …). Where
	several rules match one run, only the strongest outcome is proposed (revoke over rectify over
	warn; see scoring.history_actions)."""

	code: str
	event: Literal["grade", "report_late", "report_missing", "absent"]
	grade: Optional[str] = None
	consecutive: int = Field(1, ge=1)
	action: Literal["revoke", "rectify", "warn"]
	ban_years: int = Field(0, ge=0)
	article: str = ""
	label_zh: str = ""
	label_en: str = ""


class MedalTier(Row):
	"""Titles for runs of consecutive top grades (XX-SVC §8.4): level 1 on the first, level N on N in a
	row; one level down in a year below the top grade, gone on a fail (see scoring._medal)."""

	tier_level: int = Field(ge=1)
	code: str
	label_zh: str
	label_en: str = ""
	reward_rule: Optional[str] = None
	article: str = ""


class RewardRule(Row):
	"""How one kind of award is computed.

	fixed: `amount`; rate: `rate` % of a base amount, only when the base passes `threshold`;
	rate_each: `rate` % of each item's amount; per_unit: `amount` per unit; subsidy: `rate` % of a
	contract with `cap` (XX-JBGS). Caps are ceilings, never floors.
	trigger: grade (every year the grade is reached), first_grade (the first time only), medal (a
	title is granted), recognition / claim (the caller states the matter).
	"""

	code: str
	article: str
	label_zh: str
	label_en: str = ""
	kind: Literal["fixed", "rate", "rate_each", "per_unit", "subsidy"]
	trigger: Literal["grade", "first_grade", "medal", "recognition", "claim"] = "claim"
	grade: Optional[str] = None
	amount: Optional[Decimal] = Field(None, ge=0)
	rate: Optional[Decimal] = Field(None, ge=0, le=100)
	threshold: Optional[Decimal] = Field(None, ge=0)
	threshold_inclusive: bool = False
	per_item_cap: Optional[Decimal] = Field(None, ge=0)
	per_year_cap: Optional[Decimal] = Field(None, ge=0)
	cap: Optional[Decimal] = Field(None, ge=0)  # per claim
	once_only: bool = False  # paid at most once per organisation (first recognition, medal tier)
	# claims are paid only when the cycle's final grade is this grade or better (XX-INC §16–17 合格以上)
	min_grade: Optional[str] = None
	# 最高/不超过: the computed amount is the most the bureau grants; it may grant less, with a reason
	# (XX-BASE §18 最高50万元/30万元, XX-INC §19 最高10万/50万/100万)
	ceiling: bool = False
	# 原则上可连续N年享受: after N consecutive years the claim is refused unless the bureau gives a
	# reason to go on (XX-INC §15: 原则上同一载体可连续两年享受该类补贴)
	max_consecutive_years: Optional[int] = Field(None, ge=1)

	# a cap of 0 would mean "pay nothing": to suspend a rule set its amount or rate to 0 instead
	ZERO_IS_UNSET: ClassVar[dict[str, str]] = {
		"threshold": "no_threshold",
		"per_item_cap": "no_bound",
		"per_year_cap": "no_bound",
		"cap": "no_bound",
		"max_consecutive_years": "no_limit",
	}

	@model_validator(mode="after")
	def _shape(self):
		if self.kind in ("fixed", "per_unit") and self.amount is None:
			raise bad(
				f"reward rule {self.code}: kind {self.kind} needs amount",
				f"奖补规则 {self.code}：类型 {self.kind} 需要填写金额",
			)
		if self.kind in ("rate", "rate_each", "subsidy") and self.rate is None:
			raise bad(
				f"reward rule {self.code}: kind {self.kind} needs rate",
				f"奖补规则 {self.code}：类型 {self.kind} 需要填写比例",
			)
		if self.trigger in ("grade", "first_grade") and not self.grade:
			raise bad(
				f"reward rule {self.code}: trigger {self.trigger} needs grade",
				f"奖补规则 {self.code}：触发方式 {self.trigger} 需要填写等次",
			)
		return self


class RewardCap(Row):
	"""Several rules together at most `per_year_cap` per organisation and year (XX-INC §18)."""

	code: str
	rules: str  # comma-separated reward rule codes
	per_year_cap: Decimal = Field(ge=0)
	article: str = ""
	label_zh: str = ""
	label_en: str = ""


class Instalment(Row):
	"""One instalment of a subsidy and the evidence that releases it (XX-JBGS §15)."""

	rule: str
	seq: int = Field(ge=1)
	share_percent: Optional[Decimal] = Field(None, ge=0, le=100)  # None: what is left
	release_condition: Literal["funder_paid_share", "final_evaluation_passed", "none"]
	threshold_percent: Optional[Decimal] = Field(None, ge=0, le=100)
	article: str = ""
	label_zh: str = ""
	label_en: str = ""

	ZERO_IS_UNSET: ClassVar[dict[str, str]] = {
		"share_percent": "the_rest",
		"threshold_percent": "no_threshold",
	}


#: the parts of an annual report a scheme can ask for: work summary of the year, work plan, target
#: tasks, evidence (attached data, e.g. XX-INC §9 考核数据)
REPORT_PARTS = ("summary", "plan", "targets", "evidence")
DEFAULT_REPORT_PARTS = ("summary", "plan")


class Deadline(Row):
	"""day_of_year: `due_month`/`due_day` of the event's year + `year_offset`;
	within_months: `months` after the event; validity_years / ban_years / cycle_years: `years`."""

	code: str
	event: str
	kind: Literal["day_of_year", "within_months", "validity_years", "ban_years", "cycle_years"]
	due_month: Optional[int] = Field(None, ge=1, le=12)
	due_day: Optional[int] = Field(None, ge=1, le=31)
	year_offset: int = 0
	months: Optional[int] = Field(None, ge=0)
	years: Optional[int] = Field(None, ge=0)
	roll_to_working_day: bool = False
	# a ban that binds every scheme of the jurisdiction, not only this one (XX-JBGS §19: 三年内不得申报
	# 新区级科技计划项目)
	binds_jurisdiction: bool = False
	# an annual report deadline: the parts the organisation fills in (comma-separated names of
	# REPORT_PARTS; empty: summary and plan), e.g. XX-BASE §13 工作计划、目标任务 apart from 工作总结
	report_parts: str = ""
	article: str = ""
	label_zh: str = ""
	label_en: str = ""

	ZERO_IS_UNSET: ClassVar[dict[str, str]] = {
		"due_month": "unused",
		"due_day": "unused",
		"months": "unused",
		"years": "unused",
	}

	@model_validator(mode="after")
	def _shape(self):
		if self.kind == "day_of_year" and (self.due_month is None or self.due_day is None):
			raise bad(
				f"deadline {self.code}: day_of_year needs due_month and due_day",
				f"期限 {self.code}：固定日期需要填写月和日",
			)
		if self.kind == "day_of_year":
			date(2024, self.due_month, self.due_day)  # 2024 is a leap year: 29 Feb is allowed
		if self.kind == "within_months" and self.months is None:
			raise bad(f"deadline {self.code}: within_months needs months", f"期限 {self.code}：需要填写月数")
		if self.kind.endswith("_years") and self.years is None:
			raise bad(f"deadline {self.code}: {self.kind} needs years", f"期限 {self.code}：需要填写年数")
		unknown = [p for p in split_codes(self.report_parts) if p not in REPORT_PARTS]
		if unknown:
			raise bad(
				f"deadline {self.code}: unknown report parts {', '.join(unknown)}"
				f" (known: {', '.join(REPORT_PARTS)})",
				f"期限 {self.code}：报告内容 {'、'.join(unknown)} 无法识别（可选：{'、'.join(REPORT_PARTS)}）",
			)
		return self


class NoticePeriod(Row):
	stage: str
	working_days: int = Field(ge=0)
	# Civil Code §201: the day a period starts is not counted. A scheme may say otherwise.
	start_day_counts: bool = False
	article: str = ""
	label_zh: str = ""
	label_en: str = ""


class Parameter(Row):
	"""A single number of a scheme that no table above holds (yearly project limit, staff minimum…)."""

	code: str
	value: Decimal
	unit: str = ""
	article: str = ""
	label_zh: str = ""
	label_en: str = ""


class FundingShare(Row):
	payer: str
	share_percent: Decimal = Field(ge=0, le=100)
	article: str = ""
	label_zh: str = ""
	label_en: str = ""


class ChecklistItem(Row):
	"""One line of a review checklist: the district's formal review (形式审查) and the like."""

	code: str
	stage: Literal["formal_review", "bureau_acceptance", "site_visit", "qualification_review"] = (
		"formal_review"
	)
	applies_to: str = ""  # comma-separated type or category codes; empty: every one
	label_zh: str
	label_en: str = ""
	required: bool = True
	article: str = ""


class ChangeMatter(Row):
	"""A matter a certified record's organisation may ask to change after certification (QD §16 附件2,
	ZJ §16/§23/§24, XX-BASE §14, XX-INC §12). `allowed` False: the scheme says it is not changed
	(QD §16(二): the base's name, its core research field); `record_field`: the field of the certified
	record the new value replaces; `ends_record`: the status an approved request ends the record with."""

	code: str
	label_zh: str
	label_en: str = ""
	allowed: bool = True
	record_field: str = ""
	ends_record: Literal["", "Exited", "Promoted"] = ""
	article: str = ""


class ReviewCriterion(Row):
	"""What an expert scores an application on; the review total is the sum of the criteria."""

	code: str
	label_zh: str
	label_en: str = ""
	max_points: Decimal = Field(gt=0)
	article: str = ""


#: the programme family a scheme belongs to: a code of the site's registry (Programme Family records),
#: so a bureau adds a family without code; the four the app ships are these
SHIPPED_FAMILIES = ("cooperation_base", "open_competition", "service_institution", "incubator")
Family = Annotated[str, Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")]

#: list fields of a scheme and the row model of each: the child tables of `Policy Scheme`
TABLES: dict[str, type[Row]] = {
	"categories": Category,
	"condition_groups": ConditionGroup,
	"eligibility_conditions": EligibilityCondition,
	"rubric_sections": RubricSection,
	"rubric_items": RubricItem,
	"grade_bands": GradeBand,
	"gates": Gate,
	"quotas": Quota,
	"history_rules": HistoryRule,
	"medal_tiers": MedalTier,
	"reward_rules": RewardRule,
	"reward_caps": RewardCap,
	"instalments": Instalment,
	"deadlines": Deadline,
	"notice_periods": NoticePeriod,
	"parameters": Parameter,
	"funding_shares": FundingShare,
	"checklist_items": ChecklistItem,
	"review_criteria": ReviewCriterion,
	"change_matters": ChangeMatter,
}


class Scheme(BaseModel):
	model_config = ConfigDict(extra="forbid", frozen=True)

	code: str = Field(min_length=1)
	title_zh: str
	title_en: str = ""
	jurisdiction: str
	family: Family
	authority_zh: str = ""
	source_document: str = ""
	# the site's print format of the scheme's applications (#15 item 3); the engine does not read it
	application_print_format: str = ""
	effective_from: Optional[date] = None
	effective_years: Optional[int] = Field(None, ge=1)
	holiday_calendar: str = DEFAULT_REGION
	# score: grades follow from rubric totals and bands; assigned: the experts award the grade itself
	grading: Literal["score", "assigned"] = "score"
	# expert review of applications: how many reviews make a quorum and how they are combined
	review_quorum: int = Field(3, ge=1)
	review_aggregate: Literal["mean", "trimmed_mean"] = "trimmed_mean"
	review_trim_min_reviews: int = Field(5, ge=3)  # trim the highest and lowest from this many reviews on
	review_max_spread: Optional[Decimal] = Field(None, ge=0)  # flag a panel whose totals differ by more
	expert_yearly_limit: int = Field(10, ge=1)  # reviews one expert may do a year
	# the case is visited on site before it goes to leadership (XX-BASE §9.3 现场考察, XX-INC §8 实地核查)
	site_visit_required: bool = False
	# who reviews an application before leadership: the scheme's expert panel (quorum of reviews) or a
	# third-party organisation the bureau commissions, whose 评审论证意见 lets the case go on (CQ §11(三))
	review_by: Literal["expert_panel", "third_party"] = "expert_panel"
	# an objection during the public notice is re-reviewed by drawn experts before it is answered
	# (CQ §11(四) 邀请有关专家进行复议)
	objection_re_review: bool = False
	# how P % of a cohort becomes a number of places (quotas): floor (the default: 40 % of 2 is 0
	# places), half_up (0.8 is 1, 0.4 is 0) or ceiling (any fraction is a place)
	quota_rounding: Literal["floor", "half_up", "ceiling"] = "floor"
	remarks: str = ""

	categories: list[Category] = []
	condition_groups: list[ConditionGroup] = []
	eligibility_conditions: list[EligibilityCondition] = []
	rubric_sections: list[RubricSection] = []
	rubric_items: list[RubricItem] = []
	grade_bands: list[GradeBand] = []
	gates: list[Gate] = []
	quotas: list[Quota] = []
	history_rules: list[HistoryRule] = []
	medal_tiers: list[MedalTier] = []
	reward_rules: list[RewardRule] = []
	reward_caps: list[RewardCap] = []
	instalments: list[Instalment] = []
	deadlines: list[Deadline] = []
	notice_periods: list[NoticePeriod] = []
	parameters: list[Parameter] = []
	funding_shares: list[FundingShare] = []
	checklist_items: list[ChecklistItem] = []
	review_criteria: list[ReviewCriterion] = []
	change_matters: list[ChangeMatter] = []

	# ---- consistency: an admin's edit that breaks one of these is refused with the reason
	@model_validator(mode="after")
	def _consistent(self):
		def unique(rows, attr, what):
			seen = set()
			for r in rows:
				key = getattr(r, attr)
				if key in seen:
					raise bad(f"{what} {key!r} appears twice", f"{what} {key} 重复")
				seen.add(key)
			return seen

		sections = unique(self.rubric_sections, "code", "rubric section")
		unique(self.rubric_items, "code", "rubric item")
		grades = unique(self.grade_bands, "grade", "grade")
		unique(self.grade_bands, "grade_rank", "grade rank")
		rules = unique(self.reward_rules, "code", "reward rule")
		groups = unique(self.condition_groups, "code", "condition group")
		unique(self.eligibility_conditions, "code", "eligibility condition")
		unique(self.parameters, "code", "parameter")
		unique(self.notice_periods, "stage", "notice stage")
		unique(self.deadlines, "code", "deadline")
		unique(self.checklist_items, "code", "checklist item")
		unique(self.review_criteria, "code", "review criterion")
		unique(self.change_matters, "code", "change matter")
		types = {c.code for c in self.categories}

		for item in self.rubric_items:
			if item.section not in sections:
				raise bad(
					f"rubric item {item.code} names unknown section {item.section!r}",
					f"评分项 {item.code} 所属的一级指标 {item.section} 不存在",
				)
		for c in self.eligibility_conditions:
			if c.group_code and c.group_code not in groups:
				raise bad(
					f"condition {c.code} names unknown group {c.group_code!r}",
					f"资格条件 {c.code} 所属的条件组 {c.group_code} 不存在",
				)
			for t in split_codes(c.applies_to_type) + split_codes(c.applies_to_host_kind):
				if t not in types:
					raise bad(
						f"condition {c.code} names unknown type {t!r}",
						f"资格条件 {c.code} 适用的类型 {t} 不存在",
					)
		for g in self.gates:
			if g.section not in sections:
				raise bad(
					f"gate {g.code} names unknown section {g.section!r}",
					f"等次门槛 {g.code} 的一级指标 {g.section} 不存在",
				)
			if g.blocked_grade not in grades:
				raise bad(
					f"gate {g.code} names unknown grade {g.blocked_grade!r}",
					f"等次门槛 {g.code} 的等次 {g.blocked_grade} 不存在",
				)
		for q in self.quotas:
			for gr in split_codes(q.grades) + [x for x in (q.to_grade, q.min_grade) if x]:
				if gr not in grades:
					raise bad(
						f"quota {q.code} names unknown grade {gr!r}", f"比例限制 {q.code} 的等次 {gr} 不存在"
					)
			for s in split_codes(q.tie_breakers):
				if s not in sections:
					raise bad(
						f"quota {q.code} names unknown tie-breaker section {s!r}",
						f"比例限制 {q.code} 的同分比较指标 {s} 不存在",
					)
		for r in self.reward_rules:
			for gr in (r.grade, r.min_grade):
				if gr and gr not in grades:
					raise bad(
						f"reward rule {r.code} names unknown grade {gr!r}",
						f"奖补规则 {r.code} 的等次 {gr} 不存在",
					)
		for cap in self.reward_caps:
			for rc in split_codes(cap.rules):
				if rc not in rules:
					raise bad(
						f"reward cap {cap.code} names unknown rule {rc!r}",
						f"合计上限 {cap.code} 的奖补规则 {rc} 不存在",
					)
		for m in self.medal_tiers:
			if m.reward_rule and m.reward_rule not in rules:
				raise bad(
					f"medal tier {m.code} names unknown rule {m.reward_rule!r}",
					f"称号 {m.code} 的奖补规则 {m.reward_rule} 不存在",
				)
		by_rule: dict[str, Decimal] = {}
		for i in self.instalments:
			if i.rule not in rules:
				raise bad(
					f"instalment {i.seq} names unknown rule {i.rule!r}",
					f"第 {i.seq} 期拨付的奖补规则 {i.rule} 不存在",
				)
			by_rule[i.rule] = by_rule.get(i.rule, Decimal(0)) + (i.share_percent or 0)
		for rule, total in by_rule.items():
			if total > 100:
				raise bad(
					f"instalments of {rule} add up to {total} %, above 100 %",
					f"{rule} 各期拨付比例合计 {total}%，超过 100%",
				)
		if self.funding_shares and sum(f.share_percent for f in self.funding_shares) != 100:
			raise bad("funding shares must add up to 100 %", "资金分担比例合计必须为 100%")
		self._check_bands()
		return self

	def _check_bands(self):
		"""Bands must not overlap: probe each band's edges against all the others."""
		if not self.scored:
			return
		bands = self.grade_bands
		for a in bands:
			if a.max_score is not None and a.max_score < a.min_score:
				raise bad(
					f"grade band {a.grade}: maximum below minimum", f"等次 {a.grade} 的分数上限低于下限"
				)
			probes = [a.min_score, a.min_score + Decimal("0.001")]
			if a.max_score is not None:
				probes += [a.max_score, a.max_score - Decimal("0.001")]
			for p in probes:
				holders = [b.grade for b in bands if b.contains(p)]
				if len(holders) > 1:
					raise bad(
						f"grade bands {', '.join(holders)} overlap at {p}",
						f"等次区间 {'、'.join(holders)} 在 {p} 分处重叠",
					)

	# ---- look-ups
	@property
	def scored(self) -> bool:
		"""Grades come from rubric scores; otherwise the experts award the grade itself."""
		return self.grading == "score"

	@property
	def effective_to(self) -> Optional[date]:
		"""The last day this version is in force (有效期至): through the day before the anniversary."""
		from .calendar import validity_end  # calendar imports this module

		if self.effective_from and self.effective_years:
			return validity_end(self.effective_from, self.effective_years)
		return None

	def check_effective(self, on: date, field: str = "date") -> None:
		"""A record dated outside the period in which this version of the document is in force."""
		start, end = self.effective_from, self.effective_to
		if (start and on < start) or (end and on > end):
			raise PolicyError(
				field,
				on.isoformat(),
				f"日期 {on} 不在《{self.title_zh}》的有效期（{start or '—'} 至 {end or '—'}）内",
				f"{on} is outside the effective period of {self.code} ({start or '-'} to {end or '-'})",
			)

	def param(self, code: str) -> Decimal:
		for p in self.parameters:
			if p.code == code:
				return p.value
		raise PolicyError(
			"parameter",
			code,
			f"方案 {self.code} 缺少参数 {code}",
			f"scheme {self.code} has no parameter {code}",
		)

	def section(self, code: str) -> RubricSection:
		return next(s for s in self.rubric_sections if s.code == code)

	def band(self, grade: str) -> GradeBand:
		for b in self.grade_bands:
			if b.grade == grade:
				return b
		raise PolicyError(
			"grade", grade, f"方案 {self.code} 没有等次 {grade}", f"scheme {self.code} has no grade {grade}"
		)

	def bands_best_first(self) -> list[GradeBand]:
		return sorted(self.grade_bands, key=lambda b: b.grade_rank)

	def rule(self, code: str) -> RewardRule:
		for r in self.reward_rules:
			if r.code == code:
				return r
		raise PolicyError(
			"reward_rule",
			code,
			f"方案 {self.code} 没有奖补规则 {code}",
			f"scheme {self.code} has no reward rule {code}",
		)

	def has_notice(self, stage: str) -> bool:
		"""Whether the document puts this stage's outcome on public notice (ZJ §11 does not for recognition)."""
		return any(n.stage == stage for n in self.notice_periods)

	def notice(self, stage: str) -> NoticePeriod:
		for n in self.notice_periods:
			if n.stage == stage:
				return n
		raise PolicyError(
			"stage",
			stage,
			f"方案 {self.code} 没有“{stage}”公示期",
			f"scheme {self.code} has no notice period for {stage}",
		)

	def deadline(self, code: str) -> Deadline:
		for d in self.deadlines:
			if d.code == code:
				return d
		raise PolicyError(
			"deadline",
			code,
			f"方案 {self.code} 没有期限 {code}",
			f"scheme {self.code} has no deadline {code}",
		)

	def category(self, code: str, dimension: Optional[str] = None) -> Category:
		for c in self.categories:
			if c.code == code and (dimension is None or c.dimension == dimension):
				return c
		raise PolicyError(
			dimension or "type",
			code,
			f"方案 {self.code} 没有类型 {code}",
			f"scheme {self.code} has no {dimension or 'type'} {code}",
		)

	@classmethod
	def from_record(cls, record: dict[str, Any]) -> Scheme:
		"""Build a scheme from a stored record (Frappe's `doc.as_dict()`): keeps the model's fields only
		(a site may have added custom fields), turns blanks into "not set" and a 0 into "not set"
		where the row says a stored 0 means that."""
		top = set(cls.model_fields) - set(TABLES)
		data: dict[str, Any] = {k: _clean(record.get(k)) for k in top if _clean(record.get(k)) is not None}
		for optional in ("effective_years", "review_max_spread"):
			if data.get(optional) in (0, Decimal(0)):
				data.pop(optional)
		for table, model in TABLES.items():
			rows = []
			for row in record.get(table) or []:
				row = row if isinstance(row, dict) else dict(row)
				clean = {}
				for k in model.model_fields:
					v = _clean(row.get(k))
					if v is None or (k in model.ZERO_IS_UNSET and v == 0):
						continue
					clean[k] = v
				rows.append(clean)
			data[table] = rows
		return cls.model_validate(data)

	@field_validator("effective_from", mode="before")
	@classmethod
	def _blank_date(cls, v):
		return v or None


def _clean(v: Any) -> Any:
	if v is None or (isinstance(v, str) and not v.strip()):
		return None
	if isinstance(v, float):
		return Decimal(repr(v))  # 0.1 stored as a float becomes Decimal("0.1"), not its binary value
	return v
