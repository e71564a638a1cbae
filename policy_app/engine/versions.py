"""Which version of a scheme judges a record, and what a new version would change.

A policy document is amended (QD's measures on 2024-12-27) and every document runs for its effective
years and is then revised. Each version is a scheme record of its own with the date it is in force from;
a record is judged by the version in force on its date: an application on its submission, an evaluation
at the end of the year it evaluates. A version once in force is not edited; a change is a new version.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Optional

from pydantic import BaseModel


class VersionRef(BaseModel):
	name: str
	in_force_from: Optional[date] = None


def version_in_force(versions: Iterable[VersionRef], on: date) -> str:
	"""The version with the latest start on or before `on`. A date before every start is judged by the
	earliest version (the original document, whose own effective period then refuses the date)."""
	ordered = sorted(versions, key=lambda v: (v.in_force_from or date.min, v.name))
	if not ordered:
		raise ValueError("a scheme has at least one version")
	chosen = ordered[0]
	for v in ordered:
		if v.in_force_from is None or v.in_force_from <= on:
			chosen = v
	return chosen.name


def cycle_date(year: int) -> date:
	"""The date that fixes an evaluation's version: the last day of the year it evaluates."""
	return date(int(year), 12, 31)


class Outcome(BaseModel):
	"""One record's result under one version: what a person reads (a verdict, a grade, an amount)."""

	key: str
	label: str
	values: dict[str, str]


class Difference(BaseModel):
	key: str
	label: str
	what: str
	before: str
	after: str


def differences(before: Iterable[Outcome], after: Iterable[Outcome]) -> list[Difference]:
	"""Each value a record shows that the new version changes, in the order of the old list; a record
	only one side has shows as appearing or leaving."""
	old = {o.key: o for o in before}
	new = {o.key: o for o in after}
	out: list[Difference] = []
	for key in [*old, *(k for k in new if k not in old)]:
		a, b = old.get(key), new.get(key)
		label = (a or b).label
		for what in dict.fromkeys([*(a.values if a else {}), *(b.values if b else {})]):
			va = a.values.get(what, "—") if a else "—"
			vb = b.values.get(what, "—") if b else "—"
			if va != vb:
				out.append(Difference(key=key, label=label, what=what, before=va, after=vb))
	return out
