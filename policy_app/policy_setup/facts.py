"""The facts a scheme's eligibility conditions may read: the fields of the application form of the
scheme's family, and the facts the app derives from it (each controller's DERIVED_FACTS, next to the
code that derives them). The scheme form offers them by their labels and refuses any other name, so a
misspelled 填报项 never reaches an applicant as a condition they cannot fill."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.base_document import get_controller

from policy_app.policy_setup.families import fact_doctypes

# the application DocType(s) of each scheme family are the family's forms in its Programme Family
# record (policy_setup/families.py); 揭榜挂帅's demand side answers on its demand, a solver on its bid

#: the kinds of field a condition can read (yes/no, a number, a date)
FACT_FIELDTYPES = ("Check", "Int", "Float", "Currency", "Percent", "Date")

#: the fields of a condition that name a fact
FACT_FIELDS = ("fact", "other_fact", "applies_when")


def known_facts(family: str) -> dict[str, str]:
	"""fact name -> its label (translated) for the application form(s) of `family`."""
	facts: dict[str, str] = {}
	for doctype in fact_doctypes(family):
		meta = frappe.get_meta(doctype)
		for df in meta.fields:
			if df.fieldtype in FACT_FIELDTYPES and df.fieldname not in facts:
				facts[df.fieldname] = _(df.label or df.fieldname, context=doctype)
		derived = getattr(get_controller(doctype), "DERIVED_FACTS", {}) or {}
		for name, label in derived.items():
			facts.setdefault(name, _(label))
	return facts


def check_condition_facts(scheme_doc) -> None:
	"""Refuse a condition that names a fact the scheme's application form does not have."""
	family = scheme_doc.get("family")
	if not fact_doctypes(family):
		return
	known = known_facts(family)
	forms = "、".join(_(d) for d in fact_doctypes(family))
	for row in scheme_doc.get("eligibility_conditions") or []:
		for field in FACT_FIELDS:
			name = (row.get(field) or "").strip()
			if field == "applies_when":
				name = name.lstrip("!")
			if name and name not in known:
				frappe.throw(
					_(
						"Condition {0} ({1}): the fact {2} is not a field of the application form ({3})"
					).format(row.get("code"), row.get("article") or "—", name, forms),
					title=_("Unknown fact in a condition"),
				)


@frappe.whitelist()
def fact_options(family: str) -> list[dict]:
	"""The facts the scheme form offers for a condition's 填报项, by their labels."""
	frappe.has_permission("Policy Scheme", "read", throw=True)
	return [
		{"value": name, "label": label, "description": name} for name, label in known_facts(family).items()
	]
