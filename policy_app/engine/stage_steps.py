"""What a move between workflow states sets off, declared as a table instead of written as
`if leaving == … and entering == …` chains in each controller.

A controller of the app lists its steps once, as `STAGE_STEPS`; each names one of its methods and the
stages (engine/stages.py, the 办理阶段 an administrator gives each state in the Workflow form) of the
states the move leaves and enters. The shared approval mixin (controllers/approval.py) runs, on every
save, the guard, then the record's own checks, then the steps the move matches, then the log, and after
the save the after-save steps and the work list: one order for every workflow of the app.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, field_validator

from policy_app.engine.stages import ALL


class StageSet(BaseModel):
	"""Some stages, or every stage but some (`other_than`); empty and not negated: any stage. None
	stands for a state that carries no stage (or no state)."""

	model_config = ConfigDict(frozen=True)

	stages: frozenset[str | None] = frozenset()
	negated: bool = False

	@field_validator("stages")
	@classmethod
	def _known(cls, value: frozenset[str | None]) -> frozenset[str | None]:
		unknown = sorted(v for v in value if v is not None and v not in ALL)
		if unknown:
			raise ValueError(f"unknown stage(s): {', '.join(unknown)}")
		return value

	def matches(self, stage: str | None) -> bool:
		if not self.stages and not self.negated:
			return True
		return (stage in self.stages) != self.negated


ANY = StageSet()


def other_than(*stages: str | None) -> StageSet:
	"""Every stage but these; a state without a stage is one of the others unless None is named."""
	return StageSet(stages=frozenset(stages), negated=True)


def _stage_set(value) -> StageSet:
	if value is None:
		return ANY
	if isinstance(value, StageSet):
		return value
	if isinstance(value, str):
		return StageSet(stages=frozenset({value}))
	if isinstance(value, Iterable):
		return StageSet(stages=frozenset(value))
	raise TypeError(f"a stage, stages or other_than(…), not {value!r}")


class Step(BaseModel):
	"""`run` (a method of the controller, called without arguments) on a move that leaves a state of a
	`leaving` stage for one of an `entering` stage; before the save (it may refuse the move) or, with
	`after_save`, once the record is stored (what the move makes happen elsewhere)."""

	model_config = ConfigDict(frozen=True)

	run: str
	leaving: StageSet = ANY
	entering: StageSet = ANY
	after_save: bool = False

	def __init__(self, run: str, *, leaving=None, entering=None, after_save: bool = False):
		super().__init__(
			run=run, leaving=_stage_set(leaving), entering=_stage_set(entering), after_save=after_save
		)

	def matches(self, leaving: str | None, entering: str | None) -> bool:
		return self.leaving.matches(leaving) and self.entering.matches(entering)


def steps_for(
	steps: Iterable[Step], leaving: str | None, entering: str | None, *, after_save: bool
) -> list[str]:
	"""The methods to run, in the order declared, for a move from a state of stage `leaving` to one of
	stage `entering`."""
	return [s.run for s in steps if s.after_save == after_save and s.matches(leaving, entering)]
