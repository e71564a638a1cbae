"""/policy: the applicant portal's home for a website user — the organisations they act for (and how to
ask for one), the calls open today, and every case of those organisations with where it stands."""

from frappe import _

from policy_app.portal import cases as portal

no_cache = 1


def get_context(context):
	user = portal.portal_user()
	context.no_cache = 1
	context.title = _("Applicant Portal")
	context.organisations = portal.bound_organisations(user)
	context.requests = [r for r in portal.binding_requests(user) if r.status != "Confirmed"]
	context.cases = portal.cases(user)
	context.calls = portal.open_calls() if context.organisations else []
	return context
