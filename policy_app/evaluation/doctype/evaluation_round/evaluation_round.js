// Evaluation Round: preview and publish run on the queue; the form follows the job with a progress bar.
frappe.ui.form.on("Evaluation Round", {
	refresh(frm) {
		if (frm.is_new()) return;
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
		.then(() => follow(frm));
}

function follow(frm) {
	const title = __("Evaluation Round");
	const tick = () =>
		frappe.call("policy_app.evaluation.publishing.get_progress", { name: frm.doc.name }).then((r) => {
			const p = r.message || {};
			frappe.show_progress(title, p.percent || 0, 100, __(p.stage || "Queued"));
			if ((p.percent || 0) >= 100 && ["Preview ready", "Published"].includes(p.stage)) {
				frappe.hide_progress();
				frm.reload_doc();
			} else {
				setTimeout(tick, 1500);
			}
		});
	tick();
}
