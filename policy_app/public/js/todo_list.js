// The To Do list opens on the open entries: cancelled ones (a transfer, a withdrawal, a colleague who
// acted first) and closed ones are one filter away, not the first thing a person reads in a work list.
frappe.listview_settings["ToDo"] = frappe.listview_settings["ToDo"] || {};
frappe.listview_settings["ToDo"].filters = [["status", "=", "Open"]];
