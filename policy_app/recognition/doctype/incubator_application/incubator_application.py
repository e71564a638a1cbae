from frappe.utils import getdate, today

from policy_app.engine.errors import PolicyError
from policy_app.engine.incubatees import Incubatee, incubatee_facts
from policy_app.policy_setup.schemes import throw_policy_error
from policy_app.recognition.application import RecognitionApplication

#: the form's read-only fields that XX-INC §7.3's list fills
DERIVED = (
	"incubatee_count",
	"onsite_incubatees",
	"oldest_incubatee_age_months",
	"oldest_special_incubatee_age_months",
	"has_ordinary_firms",
	"has_special_firms",
)


class IncubatorApplication(RecognitionApplication):
	def derive_facts(self):
		"""XX-INC §7.3: each firm is held to the age limit of its own sector, from the carrier's list."""
		try:
			facts = incubatee_facts(
				[
					Incubatee(
						name=r.incubatee_name,
						kind="Team" if r.kind == "Startup Team" else "Firm",
						founded_on=r.founded_on or None,
						special_sector=bool(r.special_sector),
						on_site=bool(r.on_site),
					)
					for r in self.incubatees
				],
				getdate(today()),
			)
		except PolicyError as e:
			throw_policy_error(e)
		for field in DERIVED:
			value = facts[field]
			self.set(field, int(value) if isinstance(value, bool) else value)
