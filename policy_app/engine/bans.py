"""Which ban an ended title brings, from the scheme's `ban_years` deadlines.

The documents differ on what earns a ban, so the scheme says it by the deadline's event:

- `revocation`: any revocation, whatever the ground (ZJ §22 取消国合基地资格，三年内不得再次申报; CQ §15
  被取消国合基地资格的申报单位，三年内不再受理);
- `fraud`: a revocation for fraud only (XX-BASE §14 伪造数据资料、提供虚假证明…三年内不在受理);
- `exit`: giving the title up (QD §15 被取消或放弃国合基地资格的单位，三年内不得再次提出申请).

A revocation for fraud is also a revocation: the longest ban that applies is the one written.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel

from .calendar import WorkCalendar
from .models import Deadline, Scheme

BAN_EVENTS = ("revocation", "fraud", "exit")


class BanDecision(BaseModel):
	"""The ban an ending brings: the deadline row (rule and article) and the day it ends."""

	rule: str
	article: str
	years: int
	start: date
	end: date
	label_zh: str = ""
	label_en: str = ""


def ban_rule(
	scheme: Scheme, ending: Literal["revocation", "exit"], fraud: bool = False
) -> Optional[Deadline]:
	"""The scheme's ban row for this ending, or None when the document sets no ban for it."""
	events = {"exit"} if ending == "exit" else ({"revocation", "fraud"} if fraud else {"revocation"})
	rows = [d for d in scheme.deadlines if d.kind == "ban_years" and d.event in events and d.years]
	return max(rows, key=lambda d: d.years, default=None)


def ban_after(
	scheme: Scheme,
	ending: Literal["revocation", "exit"],
	start: date,
	cal: WorkCalendar,
	fraud: bool = False,
) -> Optional[BanDecision]:
	rule = ban_rule(scheme, ending, fraud)
	if rule is None:
		return None
	return BanDecision(
		rule=rule.code,
		article=rule.article,
		years=rule.years,
		start=start,
		end=cal.due_date(rule, start),
		label_zh=rule.label_zh,
		label_en=rule.label_en,
	)
