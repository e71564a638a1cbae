frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Applications by State"] = {
	method: "policy_app.annual_duties.dashboard.applications_by_state",
	filters: [],
};
