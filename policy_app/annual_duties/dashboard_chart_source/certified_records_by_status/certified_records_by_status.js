frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Certified Records by Status"] = {
	method: "policy_app.annual_duties.dashboard.certified_records_by_status",
	filters: [],
};
