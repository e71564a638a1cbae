"""What a workflow state means to the app (办理阶段): set on each state of a workflow in the Workflow
form (the `policy_stage` column of its states), read by the code instead of the state's name. An
administrator renames a state, adds a second state to a stage (形式审查 beside 受理) or drops one, and
the guards follow, because they ask "is the case entering expert review?" and not "is it entering the
state called Expert Review?".

One vocabulary serves every workflow of the app; each uses the stages it has. The values are the
options of the column, in English as Frappe stores a Select; the desk shows them in Chinese from the
app's translations."""

from __future__ import annotations

PREPARING = "In Preparation"  # 填报中：草稿与退回，由提交的一方填写、可改
DISTRICT = "District Review"  # 推荐部门审查、推荐、确认
ACCEPTANCE = "Bureau Acceptance"  # 科技局受理（受理、形式审查、资格审查）
BUREAU = "Bureau Review"  # 科技局审核
EXPERT = "Panel Review"  # 专家评审、评分、论证
SITE_VISIT = "Site Visit Review"  # 现场考察
LEADERSHIP = "Leadership Decision"  # 领导审定、审批
AWAITING_NOTICE = "Awaiting Notice"  # 审定通过，待公示
NOTICE = "On Public Notice"  # 公示中
OBJECTION = "Objection Handling"  # 异议处理（复核）
AWAITING_PAYMENT = "Awaiting Payment"  # 已批准，待拨付
PARTY_CONSENT = "Awaiting the Other Party"  # 待对方确认（对接撮合：服务的企业接受或谢绝）
OUTCOME_REVIEW = "Outcome Review"  # 成效确认（对接成效提交后）
IN_LIBRARY = "Listed in the Library"  # 已入库（揭榜挂帅需求），待编入榜单发布
HORSE_RACE = "Head-to-Head Trial"  # 赛马比拼（揭榜挂帅 §14）
UNDER_WAY = "Under Way"  # 实施中（立项之后）
ENDED_OBJECTIVE = "Ended for Objective Reasons"  # 因客观原因终止
ENDED_OVERDUE = "Ended Unaccepted at Term"  # 到期未验收终止
ENDED_FAULT = "Ended for Fault"  # 因主观原因终止
CONCLUDED = "Concluded as Approved"  # 通过（办结）：认定、确认、批准、已拨付
CLOSED = "Closed Without Approval"  # 不予通过（办结）：不予通过、不予采纳、取消
VOIDED = "Set Aside"  # 作废：奖补被就高不重复或后一轮发布取代、拨付申请撤销

#: every stage an administrator may give a state (the column's options), in the order a case passes them
ALL = (
	PREPARING,
	DISTRICT,
	ACCEPTANCE,
	BUREAU,
	EXPERT,
	SITE_VISIT,
	LEADERSHIP,
	AWAITING_NOTICE,
	NOTICE,
	OBJECTION,
	AWAITING_PAYMENT,
	PARTY_CONSENT,
	OUTCOME_REVIEW,
	IN_LIBRARY,
	HORSE_RACE,
	UNDER_WAY,
	CONCLUDED,
	ENDED_OBJECTIVE,
	ENDED_OVERDUE,
	ENDED_FAULT,
	CLOSED,
	VOIDED,
)

#: stages of the recognition workflows (application → certificate), in the same order
RECOGNITION = tuple(
	s
	for s in ALL
	if s
	in {
		PREPARING,
		DISTRICT,
		ACCEPTANCE,
		BUREAU,
		EXPERT,
		SITE_VISIT,
		LEADERSHIP,
		AWAITING_NOTICE,
		NOTICE,
		OBJECTION,
		CONCLUDED,
		CLOSED,
	}
)

#: stages in which the case is with the experts and a panel may be drawn
PANEL_DRAWN = frozenset({EXPERT, OBJECTION})

#: stages the submitter is told of when the case enters them: back for changes, or closed
TOLD_TO_SUBMITTER = frozenset({PREPARING, CONCLUDED, CLOSED})

#: before the review starts: the signed scan of the frozen copy may still be uploaded
BEFORE_REVIEW = frozenset({DISTRICT, ACCEPTANCE})

#: the case is over, either way
ENDED = frozenset({CONCLUDED, CLOSED})

#: a project ended before its acceptance, by the kind of ending (XX-JBGS §17, §23)
PROJECT_ENDINGS = frozenset({ENDED_OBJECTIVE, ENDED_OVERDUE, ENDED_FAULT})


def with_submitter(state: str | None, stage: str | None) -> bool:
	"""Whether the party that submits the record still holds it: a new record (no state yet) or a
	state of the 填报中 stage."""
	return not state or stage == PREPARING
