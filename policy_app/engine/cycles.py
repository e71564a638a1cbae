"""Which evaluation round a certified record is due in, and why.

QD §14: 每三年为一个评估周期 — the scheme's `evaluation_cycle` deadline (kind cycle_years, event
certification) sets the length; a scheme without one evaluates every year (XX-BASE §16, XX-SVC §8(四),
XX-INC §10). A record certified on D closes its k-th cycle on D + k × N years (calendar.add_period) and
is due in the round of that year: certified in 2022 with N = 3, due in 2025, 2028 …; with N = 1, every
year after the year of certification.

A result that asks for rectification (QD §14: 评估结果为“不合格”的国合基地，整改一年，参加下一年度评估，
进行复评; XX-INC §10: 次年考核) makes the record due again the next year for its re-evaluation; failing
that re-evaluation revokes (history rules: a second fail in a row). A base rated 优秀 nationally or
provincially does not take part (QD §14: 不参加市级国合基地评估) while its exemption lasts, and a
certification whose validity ended before the year is not evaluated in it. Only a record that was due
and took no part is proposed for revocation (QD §15(二), XX-INC §10, XX-SVC §11(一)).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Literal, Optional

from pydantic import BaseModel, ConfigDict

from .calendar import add_period
from .errors import PolicyError
from .models import Deadline, Scheme
from .scoring import Change, history_actions, run_length

#: the deadline code that sets a scheme's evaluation cycle (QD §14)
CYCLE_DEADLINE = "evaluation_cycle"

Why = Literal["cycle", "re_evaluation", "exempt", "not_yet", "off_cycle", "ended"]


class PastEvaluation(BaseModel):
	"""A published evaluation of the record: its year and final grade."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	year: int
	grade: str


class Due(BaseModel):
	"""The engine's answer for one record and one round year."""

	model_config = ConfigDict(extra="forbid", frozen=True)

	year: int
	due: bool
	why: Why
	cycle: int = 0  # the cycle closed this year (why == "cycle"), counted from the certification
	next_year: Optional[int] = None  # not due: the next round year it is due in by its cycle
	article: str = ""
	reason_zh: str
	reason_en: str


def cycle_deadline(scheme: Scheme) -> Deadline:
	"""The scheme's evaluation cycle; none written: every year."""
	for d in scheme.deadlines:
		if d.code == CYCLE_DEADLINE:
			if d.kind != "cycle_years" or not d.years or d.years < 1:
				raise PolicyError(
					"deadlines",
					d.code,
					f"方案 {scheme.code} 的评估周期应为按年计的周期（cycle_years，至少 1 年）",
					f"scheme {scheme.code}: {d.code} must be a cycle_years deadline of at least 1 year",
				)
			return d
	return Deadline(
		code=CYCLE_DEADLINE,
		event="certification",
		kind="cycle_years",
		years=1,
		label_zh="每年评估",
		label_en="evaluated every year",
	)


def cycle_closes(scheme: Scheme, certified_on: date, up_to: int) -> list[int]:
	"""The round years, up to `up_to`, in which the record's cycles close (first cycle first)."""
	deadline = cycle_deadline(scheme)
	years, start = [], certified_on
	while True:
		start = add_period(deadline, start)
		if start.year > up_to:
			return years
		years.append(start.year)


def _next_close(scheme: Scheme, certified_on: date, year: int) -> int:
	# a record certified after the round's year (a title granted this December, a round of last year)
	# first closes a cycle after its own certification year, not after the round's
	closes = cycle_closes(scheme, certified_on, max(year, certified_on.year) + cycle_deadline(scheme).years)
	return next(y for y in closes if y > year)


def _every(years: int) -> tuple[str, str]:
	return ("每年", "every year") if years == 1 else (f"每 {years} 年", f"every {years} years")


def due_in(
	scheme: Scheme,
	year: int,
	certified_on: date,
	past: Iterable[PastEvaluation] = (),
	exempt_until: Optional[date] = None,
	valid_until: Optional[date] = None,
) -> Due:
	"""Is the record due in the round of `year`, and why (see the module's docstring)."""
	deadline = cycle_deadline(scheme)
	art = deadline.article
	lead_zh, lead_en = (f"{art}：", f"{art}: ") if art else ("", "")
	every_zh, every_en = _every(deadline.years)
	if valid_until and valid_until < date(year, 1, 1):
		return Due(
			year=year,
			due=False,
			why="ended",
			reason_zh=f"认定有效期至 {valid_until}，{year} 年度不再评估",
			reason_en=f"certification valid until {valid_until}: not evaluated in {year}",
		)
	if exempt_until and exempt_until.year >= year:
		return Due(
			year=year,
			due=False,
			why="exempt",
			article=art,
			reason_zh=f"{lead_zh}被国家、省评为优秀，{exempt_until} 前不参加市级评估",
			reason_en=f"{lead_en}rated excellent nationally or provincially: no city evaluation until {exempt_until}",
		)
	earlier = sorted((p for p in past if p.year < year), key=lambda p: p.year)
	if earlier and earlier[-1].year == year - 1:
		last = earlier[-1]
		run = run_length([p.grade for p in earlier], last.grade)
		rectify = [a for a in history_actions(scheme, "grade", run, last.grade) if a.action == "rectify"]
		if rectify:
			rule = next(h for h in scheme.history_rules if h.code == rectify[0].rule)
			label = scheme.band(last.grade).label_zh
			return Due(
				year=year,
				due=True,
				why="re_evaluation",
				article=rule.article,
				reason_zh=f"{rule.article}：{last.year} 年度评估“{label}”，整改后参加 {year} 年度复评",
				reason_en=f"{rule.article}: {last.grade} in {last.year}, rectified and re-evaluated in {year}",
			)
	closes = cycle_closes(scheme, certified_on, year)
	if closes and closes[-1] == year:
		k = len(closes)
		return Due(
			year=year,
			due=True,
			why="cycle",
			cycle=k,
			article=art,
			reason_zh=f"{lead_zh}{certified_on} 认定，{every_zh}评估，第 {k} 个评估周期在 {year} 年度评估",
			reason_en=f"{lead_en}certified {certified_on}, evaluated {every_en}: cycle {k} is evaluated in {year}",
		)
	following = _next_close(scheme, certified_on, year)
	if not closes:
		return Due(
			year=year,
			due=False,
			why="not_yet",
			next_year=following,
			article=art,
			reason_zh=f"{lead_zh}{certified_on} 认定，{every_zh}评估，第一个评估周期在 {following} 年度评估",
			reason_en=f"{lead_en}certified {certified_on}, evaluated {every_en}: first evaluated in {following}",
		)
	return Due(
		year=year,
		due=False,
		why="off_cycle",
		next_year=following,
		article=art,
		reason_zh=f"{lead_zh}{year} 年度不在评估周期内（{every_zh}评估），下次在 {following} 年度评估",
		reason_en=f"{lead_en}{year} is not a cycle year (evaluated {every_en}); next evaluated in {following}",
	)


def absence_actions(scheme: Scheme, due: Due) -> list[Change]:
	"""A record that was due and took no part: what the scheme's `absent` rule proposes, with why it
	was due (QD §15(二): 无正当理由不参加绩效评估的和复评). Not due: nothing."""
	if not due.due:
		return []
	return [
		a.model_copy(
			update={
				"reason_zh": f"{a.reason_zh}（应参加：{due.reason_zh}）",
				"reason_en": f"{a.reason_en} (was due: {due.reason_en})",
			}
		)
		for a in history_actions(scheme, "absent", 1)
	]
