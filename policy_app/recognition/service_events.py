"""XX-SVC §10 in the evaluation: the free events a certified record (a service institution, or the record
of a family whose scheme was copied from XX-SVC) recorded for the year, and the points the engine adds or
takes off for them (engine.scoring.events_adjustment). The scheme's parameters decide, not the DocType."""

from __future__ import annotations

import frappe
from frappe.utils import cint, getdate

from policy_app.engine.models import Scheme
from policy_app.engine.scoring import EVENT_PARAMETERS, EventsAdjustment, ServiceEvent, events_adjustment


def recorded_events(record_doctype: str, record_name: str, year: int) -> list[ServiceEvent]:
	rows = frappe.get_all(
		"Service Institution Event",
		filters={"record_doctype": record_doctype, "service_institution": record_name, "year": cint(year)},
		fields=["event_date", "event_kind", "attendees", "free_of_charge"],
		order_by="event_date asc",
	)
	return [
		ServiceEvent(
			on=getdate(r.event_date),
			kind=r.event_kind or "",
			attendees=cint(r.attendees),
			free=bool(r.free_of_charge),
		)
		for r in rows
	]


def adjustment_for(
	scheme: Scheme, record_doctype: str, record_name: str, year: int
) -> EventsAdjustment | None:
	"""None for a scheme without §10's parameters."""
	if not record_doctype or not any(p.code == EVENT_PARAMETERS[0] for p in scheme.parameters):
		return None
	return events_adjustment(scheme, recorded_events(record_doctype, record_name, year), cint(year))
