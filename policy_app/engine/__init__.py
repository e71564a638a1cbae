"""policy_app's rules engine: plain Python and pydantic, never Frappe.

Controllers load a `Scheme` (from the site's Policy Scheme record or from the shipped fixtures) and
call these functions; no rule is written anywhere else.
"""

from .calendar import HolidayCalendar, WorkCalendar
from .cycles import Due, PastEvaluation, absence_actions, due_in
from .eligibility import Ban, check_eligibility
from .errors import PolicyError
from .loader import get_scheme, load_calendars, load_schemes, work_calendar
from .models import Scheme
from .money import (
	Claim,
	compute_awards,
	highest_only,
	plan_subsidy,
	release_instalment,
	settle_termination,
	split_funding,
)
from .scoring import Change, EvaluationInput, grade_cohort, history_actions, score

__all__ = [
	"Ban",
	"Change",
	"Claim",
	"Due",
	"EvaluationInput",
	"HolidayCalendar",
	"PastEvaluation",
	"PolicyError",
	"Scheme",
	"WorkCalendar",
	"absence_actions",
	"check_eligibility",
	"compute_awards",
	"due_in",
	"get_scheme",
	"grade_cohort",
	"highest_only",
	"history_actions",
	"load_calendars",
	"load_schemes",
	"plan_subsidy",
	"release_instalment",
	"score",
	"settle_termination",
	"split_funding",
	"work_calendar",
]
