// Evaluation Round: preview and publish run on the queue; the form follows the job with a progress bar.
frappe.ui.form.on("Evaluation Round", {
	refresh(frm) {
		if (frm.is_new()) return;
		// a job pressed earlier (this page or another) and not finished: follow it again
		if (frm.__following !== frm.doc.name && ["Draft", "Previewed"].includes(frm.doc.status)) {
			frm.__following = frm.doc.name;
			["preview", "publish"].forEach((action) =>
				frappe.call({ method: "policy_app.evaluation.publishing.get_progress", args: { name: frm.doc.name, action } }).then((r) => {
					const job = (r.message || {}).job;
					if (job === "queued" || job === "started") follow(frm, action);
				})
			);
		}
		const open = ["Draft", "Previewed"].includes(frm.doc.status);
		if (open && frm.has_perm("write")) {
			frm.add_custom_button(__("Preview Grades"), () => start(frm, "preview"));
			if (frm.doc.status === "Previewed") {
				frm.add_custom_button(__("Publish"), () =>
					frappe.confirm(__("Publish the grades and create the rewards? This cannot be undone."), () =>
						start(frm, "publish")
					)
				).addClass("btn-primary");
			}
		}
		if (frm.doc.status === "In Notice" && frm.has_perm("write")) {
			frm.add_custom_button(__("Finalise after Notice"), () =>
				frappe
					.call("policy_app.evaluation.publishing.finalise_after_notice", { name: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
		frm.add_custom_button(__("Graded Cohort Report"), () =>
			frappe.set_route("query-report", "Evaluation Round Preview", { evaluation_round: frm.doc.name })
		);
	},
});

function start(frm, action) {
	frappe
		.call("policy_app.evaluation.publishing.start", { name: frm.doc.name, action })
		.then(() => follow(frm, action));
}

// the job of one action, followed by its own id: the progress bar while it runs, and on the form what
// it waits for while it is queued (no worker running: say so, rather than sit at 已排队)
function follow(frm, action) {
	const title = action === "publish" ? __("Publish") : __("Preview Grades");
	const done = action === "publish" ? ["Published"] : ["Preview ready"];
	const tick = () =>
		frappe.call({ method: "policy_app.evaluation.publishing.get_progress", args: { name: frm.doc.name, action } }).then((r) => {
			const p = r.message || {};
			if (((p.percent || 0) >= 100 && done.includes(p.stage)) || p.job === "finished") {
				frappe.hide_progress();
				frm.dashboard.clear_headline();
				frm.reload_doc();
				return;
			}
			if (p.job === "failed" || !p.job) {
				frappe.hide_progress();
				if (p.hint) frm.dashboard.set_headline_alert(`<div class="job-hint" data-job="${action}">${frappe.utils.escape_html(p.hint)}</div>`, "red");
				if (!p.job) frm.reload_doc();
				return;
			}
			if (p.job === "queued") {
				frappe.hide_progress();
				frm.dashboard.set_headline_alert(
					`<div class="job-hint" data-job="${action}">${title}：${frappe.utils.escape_html(p.hint || __("Queued"))}</div>`,
					p.workers ? "blue" : "orange"
				);
			} else {
				frm.dashboard.clear_headline();
				frappe.show_progress(title, p.percent || 0, 100, __(p.stage || "Queued"));
			}
			setTimeout(tick, 1500);
		});
	tick();
}
