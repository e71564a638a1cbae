"""What a workflow state means to the app (办理阶段): set on each state of a workflow in the Workflow
form (the `policy_stage` column of its states), read by the code instead of the state's name. An
administrator renames a state, adds a second state to a stage (形式审查 beside 受理) or drops one, and
the guards follow, because they ask "is the case entering expert review?" and not "is it entering the
state called Expert Review?".

The values are the options of the column, in English as Frappe stores a Select; the desk shows them
in Chinese from the app's translations."""

from __future__ import annotations

APPLICANT = "Applicant Editing"  # 申报单位填报：草稿与退回，申报单位可改
DISTRICT = "District Review"  # 推荐部门审核、推荐
ACCEPTANCE = "Bureau Acceptance"  # 科技局受理
BUREAU = "Bureau Review"  # 科技局审查（受理之后、专家评审之前）
EXPERT = "Panel Review"  # 专家评审
SITE_VISIT = "Site Visit Review"  # 现场考察
LEADERSHIP = "Leadership Decision"  # 领导审定
AWAITING_NOTICE = "Awaiting Notice"  # 审定通过，待公示
NOTICE = "On Public Notice"  # 公示期
OBJECTION = "Objection Handling"  # 异议处理（复核）
CERTIFIED = "Certified Outcome"  # 认定（授牌）
REJECTED = "Closed Without Approval"  # 不予通过，办结

#: in the order a recognition case passes them
RECOGNITION = (
	APPLICANT,
	DISTRICT,
	ACCEPTANCE,
	BUREAU,
	EXPERT,
	SITE_VISIT,
	LEADERSHIP,
	AWAITING_NOTICE,
	NOTICE,
	OBJECTION,
	CERTIFIED,
	REJECTED,
)

#: every stage an administrator may give a state (the column's options)
ALL = RECOGNITION

#: stages in which the applicant still holds the case: leaving one of them is a submission
APPLICANT_HELD = frozenset({APPLICANT})

#: stages in which the case is with the experts and a panel may be drawn
PANEL_DRAWN = frozenset({EXPERT, OBJECTION})

#: stages the applicant is told of when the case enters them: back for changes, or closed
TOLD_TO_APPLICANT = frozenset({APPLICANT, CERTIFIED, REJECTED})

#: before the review starts: the signed scan of the frozen copy may still be uploaded
BEFORE_REVIEW = frozenset({DISTRICT, ACCEPTANCE})
