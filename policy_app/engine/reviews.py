"""Expert review of applications: a review's total, the panel's aggregate, and the random draw.

A review scores every criterion of the scheme within its maximum; the panel's score is the mean of
the submitted totals, or the trimmed mean (highest and lowest dropped) once there are enough reviews
for the scheme's setting. Panels are drawn at random from the pool after the avoidance rules, and
every candidate left out is listed with the reasons, so the draw record explains itself.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .errors import PolicyError, Refusal, require
from .models import Scheme

CENT = Decimal("0.01")

#: why a candidate is not eligible, in the order they are checked: code → (zh, en)
REASONS: dict[str, tuple[str, str]] = {
	"inactive": ("专家已停用", "expert is inactive"),
	"wrong_field": ("专业领域不符", "not in the requested fields"),
	"same_organization": ("与申报单位为同一单位", "works for the applicant"),
	"related_organization": ("与申报单位存在关联关系", "related to the applicant"),
	"declared_conflict": ("专家声明存在利益冲突", "declared a conflict with the applicant"),
	"avoid_list": ("申报单位申请回避", "on the applicant's avoid list"),
	"already_on_panel": ("已在本项目评审专家组中", "already on this panel"),
	"yearly_limit": ("已达年度评审上限", "yearly review limit reached"),
}


def _key(text: object) -> str:
	"""Names are compared without case or surrounding and repeated blanks."""
	return " ".join(str(text or "").split()).casefold()


def _keys(values: Iterable[object]) -> frozenset[str]:
	return frozenset(k for k in (_key(v) for v in values or ()) if k)


def _decimal(field: str, value: object) -> Decimal:
	try:
		d = value if isinstance(value, Decimal) else Decimal(str(value))
	except (InvalidOperation, ValueError):
		d = None
	if d is None or not d.is_finite():
		raise PolicyError(field, value, f"{field} 应为数字", f"{field} must be a number")
	return d


def review_total(scheme: Scheme, scores: dict[str, Decimal]) -> Decimal:
	"""The sum of one expert's points; every criterion of the scheme scored within 0..max_points."""
	criteria = {c.code: c for c in scheme.review_criteria}
	if not criteria:
		raise PolicyError(
			"review_criteria",
			scheme.code,
			f"方案 {scheme.code} 未设置专家评审指标",
			f"scheme {scheme.code} has no review criteria",
		)
	for code in scores:
		if code not in criteria:
			raise PolicyError(
				"criterion",
				code,
				f"方案 {scheme.code} 没有评审指标 {code}",
				f"scheme {scheme.code} has no review criterion {code}",
			)
	total = Decimal(0)
	for code, c in criteria.items():
		if code not in scores or scores[code] is None:
			raise PolicyError(
				"criterion",
				code,
				f"评审指标“{c.label_zh}”未评分",
				f"criterion {c.label_en or code} is not scored",
			)
		points = _decimal(f"scores.{code}", scores[code])
		if points < 0 or points > c.max_points:
			raise PolicyError(
				f"scores.{code}",
				points,
				f"评审指标“{c.label_zh}”的得分 {points} 超出范围 0–{c.max_points}",
				f"criterion {c.label_en or code}: {points} is outside 0-{c.max_points}",
			)
		total += points
	return total


class ReviewAggregate(BaseModel):
	model_config = ConfigDict(frozen=True)

	count: int
	quorum: int
	quorum_met: bool
	method: Literal["mean", "trimmed_mean"]
	score: Optional[Decimal] = None  # None: no review yet
	dropped: list[Decimal] = []  # the highest and the lowest total, when trimmed
	spread: Optional[Decimal] = None  # highest minus lowest total
	max_spread: Optional[Decimal] = None
	disagreement: bool = False  # spread above the scheme's max_spread


def aggregate_reviews(scheme: Scheme, totals: list[Decimal]) -> ReviewAggregate:
	"""Combine the submitted totals of a panel as the scheme says."""
	values = [_decimal("total", t) for t in totals]
	quorum = scheme.review_quorum
	trim = scheme.review_aggregate == "trimmed_mean" and len(values) >= scheme.review_trim_min_reviews
	method = "trimmed_mean" if trim else "mean"
	if not values:
		return ReviewAggregate(count=0, quorum=quorum, quorum_met=False, method=method)
	ordered = sorted(values)
	kept, dropped = (ordered[1:-1], [ordered[-1], ordered[0]]) if trim else (ordered, [])
	score = (sum(kept, Decimal(0)) / len(kept)).quantize(CENT, rounding=ROUND_HALF_UP)
	spread = ordered[-1] - ordered[0]
	limit = scheme.review_max_spread
	return ReviewAggregate(
		count=len(values),
		quorum=quorum,
		quorum_met=len(values) >= quorum,
		method=method,
		score=score,
		dropped=dropped,
		spread=spread,
		max_spread=limit,
		disagreement=limit is not None and spread > limit,
	)


class Candidate(BaseModel):
	"""An expert of the pool as the draw sees them. Organisation-like sets hold register ids and
	names alike (compared without case), so a free-text declaration still matches."""

	model_config = ConfigDict(frozen=True)

	id: str = Field(min_length=1)
	name: str = ""
	organizations: frozenset[str] = frozenset()  # the expert's own employer: id, name, free text
	related: frozenset[str] = frozenset()  # organisations the expert declared a relation to
	conflicts: frozenset[str] = frozenset()  # declared conflicts: organisations or people
	fields: frozenset[str] = frozenset()
	active: bool = True
	yearly_limit: Optional[int] = Field(None, ge=0)  # None or 0: the scheme's limit


class Exclusion(BaseModel):
	model_config = ConfigDict(frozen=True)

	expert: str
	name: str = ""
	reasons: list[str]

	def text(self, lang: str = "zh") -> str:
		i = 0 if (lang or "zh").lower().startswith("zh") else 1
		return ("；" if i == 0 else "; ").join(REASONS[r][i] for r in self.reasons)


class DrawResult(BaseModel):
	model_config = ConfigDict(frozen=True)

	chosen: list[str]
	eligible: list[str]
	excluded: list[Exclusion]


def exclusion_reasons(
	c: Candidate,
	applicant: str,
	related: set[str],
	avoid: set[str],
	yearly_counts: dict[str, int],
	limit: int,
	fields: set[str] | None = None,
	applicant_names: set[str] | None = None,
	already: set[str] | None = None,
) -> list[str]:
	"""Every reason why `c` may not review the applicant (empty: eligible)."""
	me = _keys([applicant, *(applicant_names or ())])
	rel = _keys(related)
	wanted = _keys(fields or ())
	reasons = []
	if not c.active:
		reasons.append("inactive")
	if wanted and not (_keys(c.fields) & wanted):
		reasons.append("wrong_field")
	own = _keys(c.organizations)
	if own & me:
		reasons.append("same_organization")
	if (own & rel) or (_keys(c.related) & (me | rel)):
		reasons.append("related_organization")
	if _keys(c.conflicts) & (me | rel):
		reasons.append("declared_conflict")
	if _keys(avoid) & (_keys([c.id, c.name]) | own):
		reasons.append("avoid_list")
	if c.id in (already or ()):
		reasons.append("already_on_panel")
	if yearly_counts.get(c.id, 0) >= (c.yearly_limit or limit):
		reasons.append("yearly_limit")
	return reasons


def draw_panel(
	candidates: list[Candidate],
	size: int,
	applicant: str,
	related: set[str],
	avoid: set[str],
	yearly_counts: dict[str, int],
	limit: int,
	rng: random.Random,
	fields: set[str] | None = None,
	*,
	applicant_names: set[str] | None = None,
	already: set[str] | None = None,
) -> DrawResult:
	"""Draw `size` experts at random from the eligible candidates.

	Candidates are put in id order before sampling, so the same pool and the same rng seed give the
	same panel whatever order the pool was read in."""
	if size < 1:
		raise PolicyError("size", size, "抽取人数应至少为 1", "the panel needs at least one expert")
	ids = [c.id for c in candidates]
	dupes = sorted({i for i in ids if ids.count(i) > 1})
	if dupes:
		raise PolicyError(
			"candidates", dupes[0], f"专家 {dupes[0]} 重复", f"expert {dupes[0]} is listed twice"
		)
	eligible, excluded = [], []
	for c in sorted(candidates, key=lambda c: c.id):
		reasons = exclusion_reasons(
			c, applicant, related, avoid, yearly_counts, limit, fields, applicant_names, already
		)
		if reasons:
			excluded.append(Exclusion(expert=c.id, name=c.name, reasons=reasons))
		else:
			eligible.append(c.id)
	if len(eligible) < size:
		raise PolicyError(
			"size",
			size,
			f"符合回避规则的专家只有 {len(eligible)} 名，不足 {size} 名",
			f"only {len(eligible)} eligible experts for a panel of {size}",
		)
	return DrawResult(chosen=rng.sample(eligible, size), eligible=eligible, excluded=excluded)


# ---- who reviews: the expert panel or a commissioned third party (CQ §11(三)), and re-review (§11(四))

#: CQ §11(三) 评审论证包括会议评审、通信评审、网络评审和实地考察等多种形式: mode → (zh, en), in the document's order
REVIEW_MODES: dict[str, tuple[str, str]] = {
	"meeting": ("会议评审", "meeting review"),
	"correspondence": ("通信评审", "correspondence review"),
	"online": ("网络评审", "online review"),
	"site_visit": ("实地考察", "site visit"),
}


def check_third_party_review(
	third_party: str,
	modes: Iterable[str],
	reviewed_on: date | None,
	opinion: str,
	attachment: str,
	today: date,
) -> list[str]:
	"""What a third party's review must hold before it counts (CQ §11(三) 委托第三方机构根据实际情况选择评审方式、
	组织评审论证并得出评审论证意见): the organisation, at least one mode it chose, the day of the review (not
	later than today), the opinion and the attached report. Returns the modes in the document's order."""
	require(
		bool(_key(third_party)), "third_party", third_party, "请填写第三方机构名称", "name the third party"
	)
	chosen = set(modes or ())
	unknown = sorted(chosen - set(REVIEW_MODES))
	require(
		not unknown,
		"modes",
		unknown,
		f"评审方式 {'、'.join(unknown)} 无法识别",
		f"unknown review mode {', '.join(unknown)}",
	)
	require(
		bool(chosen),
		"modes",
		[],
		"请选择评审方式（会议评审、通信评审、网络评审或实地考察）",
		"choose the review mode (meeting, correspondence, online review or site visit)",
	)
	require(
		reviewed_on is not None, "reviewed_on", reviewed_on, "请填写评审日期", "give the date of the review"
	)
	require(
		reviewed_on <= today,
		"reviewed_on",
		reviewed_on,
		f"评审日期 {reviewed_on} 晚于今天",
		f"the review date {reviewed_on} is after today",
	)
	require(bool(_key(opinion)), "opinion", opinion, "请填写评审论证意见", "write the review opinion")
	require(
		bool(_key(attachment)), "attachment", attachment, "请上传评审论证报告", "attach the review report"
	)
	return [m for m in REVIEW_MODES if m in chosen]


def check_review_finished(scheme: Scheme, expert_reviews: int, third_party_reviews: int) -> None:
	"""The review that lets a case go on to leadership: the panel's quorum of submitted expert reviews, or,
	where the scheme says its review is done by a third party, the third party's submitted opinion."""
	if scheme.review_by == "third_party":
		if third_party_reviews < 1:
			raise Refusal(
				"third_party_reviews",
				third_party_reviews,
				"第三方机构的评审论证意见尚未提交",
				"the third party's review opinion has not been submitted",
			)
		return
	if expert_reviews < scheme.review_quorum:
		raise Refusal(
			"expert_reviews",
			expert_reviews,
			f"专家组已提交的评审意见为 {expert_reviews} 份，未达到 {scheme.review_quorum} 份的法定人数",
			f"the expert panel has not reached its quorum of {scheme.review_quorum} submitted reviews"
			f" ({expert_reviews} so far)",
		)


def check_re_review(scheme: Scheme, drawn: bool, submitted: int) -> None:
	"""An objection is answered once the re-review the scheme asks for is done (CQ §11(四) 公示期间有异议，
	市科技局邀请有关专家进行复议): experts drawn for it and the panel's quorum of their opinions submitted.
	A scheme without the re-review leaves the objection to the bureau."""
	if not scheme.objection_re_review:
		return
	if not drawn:
		raise Refusal(
			"re_review",
			drawn,
			"请先抽取复议专家",
			"draw the experts for the re-review first",
		)
	if submitted < scheme.review_quorum:
		raise Refusal(
			"re_review",
			submitted,
			f"复议专家已提交的意见为 {submitted} 份，不足 {scheme.review_quorum} 份",
			f"{submitted} of the {scheme.review_quorum} re-review opinions are submitted",
		)
