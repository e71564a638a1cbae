"""The stage vocabulary (办理阶段, policy_app/engine/stages.py) that the app's code reads instead of state
names: one value per stage, each in Chinese, and every state of every shipped workflow carrying one."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from policy_app.engine import stages

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / "fixtures" / "workflows").glob("*.json"))


def test_each_stage_has_its_own_value():
	assert len(set(stages.ALL)) == len(stages.ALL)
	assert set(stages.RECOGNITION) <= set(stages.ALL)
	for group in (stages.PANEL_DRAWN, stages.TOLD_TO_SUBMITTER, stages.BEFORE_REVIEW, stages.ENDED):
		assert group <= set(stages.ALL)


def test_each_stage_reads_in_chinese():
	text = (ROOT / "policy_app" / "translations" / "zh.csv").read_text(encoding="utf-8")
	plain = {r[0]: r[1] for r in csv.reader(io.StringIO(text)) if len(r) >= 2 and (len(r) == 2 or not r[2])}
	missing = [s for s in stages.ALL if s not in plain]
	assert not missing, missing
	assert all(any("\u4e00" <= ch <= "\u9fff" for ch in plain[s]) for s in stages.ALL)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_every_state_of_a_shipped_workflow_carries_a_stage(path):
	wf = json.loads(path.read_text(encoding="utf-8"))
	unknown = {
		s["state"]: s.get("policy_stage") for s in wf["states"] if s.get("policy_stage") not in stages.ALL
	}
	assert not unknown, unknown
	# the state a record starts in is the submitter's: new records are theirs to fill
	assert wf["states"][0]["policy_stage"] in (stages.PREPARING, stages.LEADERSHIP, stages.BUREAU)


def test_a_new_record_and_a_returned_one_are_with_their_submitter():
	assert stages.with_submitter(None, None)
	assert stages.with_submitter("", None)
	assert stages.with_submitter("退回修改", stages.PREPARING)
	assert not stages.with_submitter("推荐部门审查中", stages.DISTRICT)
	# a state without a stage is not taken for the submitter's
	assert not stages.with_submitter("形式审查", None)
