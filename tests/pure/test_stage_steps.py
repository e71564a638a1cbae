"""The declared steps of a move (policy_app/engine/stage_steps.py): which run for a move between two
stages, in what order, before or after the save; and every controller of the app declares its moves
this way, naming methods it has, instead of comparing the stages it leaves and enters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

from policy_app.engine import stages as S
from policy_app.engine.stage_steps import Step, other_than, steps_for

ROOT = Path(__file__).resolve().parents[2] / "policy_app"

RECOGNITION_LIKE = (
	Step("on_submission", leaving=S.PREPARING, entering=other_than(S.PREPARING)),
	Step("on_recommendation", leaving=S.DISTRICT, entering=S.ACCEPTANCE),
	Step("check_quorum", leaving=S.EXPERT, entering=other_than(S.EXPERT, S.CLOSED)),
	Step("check_certifiable", entering=S.CONCLUDED),
	Step("freeze_copy", leaving=S.PREPARING, entering=other_than(S.PREPARING), after_save=True),
	Step("notify", leaving=other_than(S.PREPARING), entering=S.TOLD_TO_SUBMITTER, after_save=True),
)


def run(leaving, entering, after_save=False):
	return steps_for(RECOGNITION_LIKE, leaving, entering, after_save=after_save)


def test_a_submission_runs_its_step_before_and_after_the_save():
	assert run(S.PREPARING, S.DISTRICT) == ["on_submission"]
	assert run(S.PREPARING, S.DISTRICT, after_save=True) == ["freeze_copy"]


def test_a_return_to_the_applicant_submits_nothing_and_tells_them():
	assert run(S.DISTRICT, S.PREPARING) == []
	assert run(S.DISTRICT, S.PREPARING, after_save=True) == ["notify"]


def test_other_than_excludes_the_stages_named():
	assert run(S.EXPERT, S.LEADERSHIP) == ["check_quorum"]
	assert run(S.EXPERT, S.CLOSED) == []
	assert run(S.EXPERT, S.EXPERT) == []  # a second state of the same stage (形式审查 beside 受理)


def test_steps_run_in_the_order_declared():
	steps = (Step("b", entering=S.CONCLUDED), Step("a"), Step("c", leaving=S.NOTICE))
	assert steps_for(steps, S.NOTICE, S.CONCLUDED, after_save=False) == ["b", "a", "c"]


def test_a_step_without_stages_runs_on_every_move():
	steps = (Step("log_it"),)
	assert steps_for(steps, None, S.PREPARING, after_save=False) == ["log_it"]
	assert steps_for(steps, S.CONCLUDED, S.VOIDED, after_save=True) == []


def test_a_state_without_a_stage_is_one_of_the_others_unless_named():
	assert Step("x", leaving=other_than(S.PREPARING)).matches(None, S.PREPARING)
	assert not Step("x", leaving=other_than(None, S.PREPARING)).matches(None, S.PREPARING)
	assert not Step("x", leaving=S.PREPARING).matches(None, S.DISTRICT)


def test_several_stages_match_any_of_them():
	step = Step("x", entering=(S.AWAITING_NOTICE, S.HORSE_RACE))
	assert step.matches(S.EXPERT, S.HORSE_RACE) and step.matches(S.EXPERT, S.AWAITING_NOTICE)
	assert not step.matches(S.EXPERT, S.NOTICE)


def test_an_unknown_stage_is_refused_when_declared():
	with pytest.raises(ValidationError, match="unknown stage"):
		Step("x", entering="Expert Review")  # a state's name, not a stage
	with pytest.raises(TypeError):
		Step("x", entering=3)


def _declaring_classes():
	for path in sorted(ROOT.rglob("*.py")):
		if "engine" in path.parts:
			continue
		tree = ast.parse(path.read_text(encoding="utf-8"))
		for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
			yield path, cls


def test_every_controller_declares_its_moves_and_names_its_own_methods():
	"""The stages a move leaves and enters are compared in one place (the engine), never in a chain of
	`if leaving == …` in a controller; each declared step names a method of its class."""
	declared, mixed_in = 0, 0
	for path, cls in _declaring_classes():
		methods = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
		if "ApprovalMixin" in {getattr(b, "id", None) for b in cls.bases}:
			mixed_in += 1
			# the order guard → own checks → steps → log is the mixin's, not rewritten per controller
			assert "validate" not in methods, f"{path.name} {cls.name}: validate_record, not validate"
		for node in cls.body:
			if isinstance(node, ast.Assign) and any(
				isinstance(t, ast.Name) and t.id == "STAGE_STEPS" for t in node.targets
			):
				declared += 1
				for call in (c for c in ast.walk(node.value) if isinstance(c, ast.Call)):
					if getattr(call.func, "id", None) == "Step":
						name = call.args[0].value
						assert name in methods, f"{path.name} {cls.name}: no method {name}"
		for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
			for cmp in (c for c in ast.walk(fn) if isinstance(c, ast.Compare)):
				names = {getattr(x, "id", None) for x in [cmp.left, *cmp.comparators]}
				assert not names & {"leaving", "entering"}, (
					f"{path.relative_to(ROOT)} {cls.name}.{fn.name} line {cmp.lineno}: declare it in STAGE_STEPS"
				)
	assert mixed_in >= 12 and declared >= mixed_in - 1  # the evaluation's moves set nothing off
