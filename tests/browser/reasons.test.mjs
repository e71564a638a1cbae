// Issue #15 item 1: every workflow action that needs a reason asks for it in a dialog the user can
// reach: by the mouse (确定) and by the keyboard (Ctrl+Enter). The dialog used to open under Frappe's
// freeze layer (#freeze, put up before before_workflow_action runs), so it could not be clicked.
// The cases are prepared through the REST API as Administrator and the applicant; each step in the
// desk is done by the officer whose step it is.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, call, clickAction, closeBrowser, creditCode, ensureUser, launch, session, waitForState } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const DT = "Service Institution Application";
const ROUTE = "service-institution-application";

// the same people every run (Frappe throttles new users per hour); each run has its own district
const users = {
	applicant: "reasons.applicant@policy.test",
	officer: "reasons.officer@policy.test",
	bureau: "reasons.bureau@policy.test",
	bureauEn: "reasons.bureau.en@policy.test",
};
const apps = {};
let titleAction;

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const district = `退回原因新城${RUN}`;
	await call(admin, "POST", "/api/resource/District", {
		district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局",
	});
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `退回原因科技服务公司${RUN}`, unified_social_credit_code: creditCode("MG", RUN), recommending_district: district,
		host_kind: "Enterprise",
	})).data.name;
	await ensureUser(admin, users.applicant, ["Policy Applicant"], [["Applicant Organization", org]]);
	await ensureUser(admin, users.officer, ["District Officer"], [["District", district]]);
	await ensureUser(admin, users.bureau, ["Bureau Officer"]);
	await ensureUser(admin, users.bureauEn, ["Bureau Officer"]);
	await call(admin, "PUT", `/api/resource/User/${encodeURIComponent(users.bureauEn)}`, { language: "en" });

	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	const cfa = (await call(admin, "POST", "/api/resource/Call for Applications", {
		title: `退回原因科技服务示范机构申报 ${RUN}`, scheme: "XX-SVC", year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
	})).data.name;

	// four submitted applications (XX-SVC): two stay with the district, two are recommended to the bureau
	const applicant = await session(users.applicant);
	const officer = await session(users.officer);
	for (const key of ["mouse", "keyboard", "reject", "english"]) {
		const app = (await call(applicant, "POST", `/api/resource/${DT}`, {
			call_for_applications: cfa, organization: org, base_type: "professional", pledge_accepted: 1,
			registered_taxed_counted_in_area: 1, independent_legal_person: 1, fixed_premises: 1, sound_structure: 1, sound_rules: 1,
			annual_service_revenue: 800000, application_reason: `服务业绩显著（${key}）。`,
		})).data;
		await call(applicant, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc: app, action: "Submit" });
		apps[key] = app.name;
		if (key === "mouse" || key === "keyboard") continue;
		const file = (await call(applicant, "POST", "/api/resource/File", {
			file_name: `${app.name}-signed.pdf`, content: "JVBERi0xLjQgc2lnbmVk", decode: 1, is_private: 1,
			attached_to_doctype: DT, attached_to_name: app.name,
		})).data;
		await call(applicant, "POST", "/api/method/policy_app.recognition.api.attach_signed_scan", {
			doctype: DT, name: app.name, file_url: file.file_url,
		});
		const doc = (await call(officer, "GET", `/api/resource/${DT}/${app.name}`)).data;
		doc.formal_review.forEach((row) => (row.result = "Pass"));
		const saved = (await call(officer, "PUT", `/api/resource/${DT}/${app.name}`, {
			formal_review: doc.formal_review, recommendation_opinion: "经审查，材料齐全，同意推荐。",
		})).data;
		await call(officer, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc: saved, action: "Recommend" });
	}

	// a proposed warning on a certified base, for the bureau to dismiss (Title Action: Dismiss)
	const year = today.getFullYear();
	const base = (await call(admin, "POST", "/api/resource/Cooperation Base", {
		organization: org, scheme: "XX-BASE", base_type: "coop_base", status: "Active",
		certified_on: `${year - 1}-06-01`, valid_until: `${year + 2}-05-31`,
	})).data.name;
	titleAction = (await call(admin, "POST", "/api/resource/Title Action", {
		record_doctype: "Cooperation Base", record_name: base, action: "Warn", ground: `年度报告逾期（${RUN}）`,
	})).data.name;
	await Promise.all([admin.close(), applicant.close(), officer.close()]);
});

after(closeBrowser);

// the reason dialog, found by the label of its field; nothing may lie over it (Frappe's #freeze layer
// or a stray backdrop above the dialog): the point at the centre of its confirm button and of its
// reason box must belong to the dialog itself
async function reasonDialog(page, title, label) {
	const dialog = page.locator(".modal.show").filter({ has: page.locator(".modal-title", { hasText: title }) }).last();
	await dialog.waitFor({ timeout: 30000 });
	// Frappe does not tie a control's label to its input: the box is the one in the control with that label
	const box = dialog.locator(".frappe-control").filter({ has: page.locator("label.control-label", { hasText: label }) })
		.locator("textarea").first();
	await box.waitFor({ timeout: 10000 });
	// the dialog's fade-in is over
	await page.waitForFunction(() => [...document.querySelectorAll(".modal.show")].some((m) => getComputedStyle(m).opacity === "1"),
		null, { timeout: 10000 });
	const covered = await dialog.evaluate((modal) => {
		const frozen = [...document.querySelectorAll("#freeze, .freeze")].filter((e) => e.offsetParent || getComputedStyle(e).display !== "none");
		const hit = (el) => {
			const r = el.getBoundingClientRect();
			const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
			return top && modal.contains(top) ? null : (top ? `${top.tagName}#${top.id}.${top.className}` : "nothing");
		};
		return {
			frozen: frozen.map((e) => `${e.tagName}#${e.id}.${e.className}`),
			button: hit(modal.querySelector(".modal-footer .btn-primary")),
			box: hit(modal.querySelector("textarea")),
		};
	});
	assert.deepEqual(covered, { frozen: [], button: null, box: null }, "no freeze layer covers the reason dialog");
	return { dialog, box };
}

async function openCase(page, route, name, state) {
	await page.goto(`${BASE}/app/${route}/${encodeURIComponent(name)}`);
	await waitForState(page, state);
}

// the approval log of the form holds the move with the reason the officer wrote; the log's grid has no
// room for the remarks column, so the row is opened, as a person does, to read it
async function logShows(page, action, reason) {
	// the page is usable again: the action's freeze layer is gone (opening a row puts up one of its own)
	await page.waitForFunction(() => !document.querySelector("#freeze"), null, { timeout: 10000 });
	const idx = await page.waitForFunction(
		([a, r]) => (window.cur_frm?.doc.approval_log || []).find((row) => row.action === a && row.remarks === r)?.idx,
		[action, reason],
		{ timeout: 30000 },
	).then((h) => h.jsonValue());
	const row = page.locator(`[data-fieldname="approval_log"] .grid-row[data-idx="${idx}"]`).first();
	await row.scrollIntoViewIfNeeded();
	await row.locator(".btn-open-row").first().click();
	const open = page.locator(".grid-row-open").first();
	await open.waitFor({ timeout: 10000 });
	assert.ok((await open.innerText()).includes(reason), "the reason is in the approval log on the page");
}

test("the district officer returns a submitted application with a reason, by clicking 确定 (XX-SVC 第五条: the 新城 科技主管部门 organises and recommends the applications)", async () => {
	const officer = await session(users.officer);
	const page = await officer.newPage();
	await openCase(page, ROUTE, apps.mouse, "已提交推荐部门");
	await clickAction(page, "退回");
	const { dialog, box } = await reasonDialog(page, "退回", "原因");
	const reason = "材料不全，请补充场地证明";
	await box.fill(reason);
	await page.screenshot({ path: `${SHOTS}reasons-1-return-dialog.png` });
	await dialog.getByRole("button", { name: "确定" }).click();
	await waitForState(page, "已退回");
	await logShows(page, "Return", reason);
	await page.screenshot({ path: `${SHOTS}reasons-2-returned.png`, fullPage: true });
	await officer.close();
});

test("the district officer returns a submitted application with a reason, by the keyboard (Ctrl+Enter)", async () => {
	const officer = await session(users.officer);
	const page = await officer.newPage();
	await openCase(page, ROUTE, apps.keyboard, "已提交推荐部门");
	await clickAction(page, "退回");
	const { box } = await reasonDialog(page, "退回", "原因");
	const reason = "营业执照扫描件模糊，请重新上传";
	await box.click();
	await page.keyboard.type(reason);
	await page.keyboard.press("Control+Enter");
	await waitForState(page, "已退回");
	await logShows(page, "Return", reason);
	await page.screenshot({ path: `${SHOTS}reasons-3-returned-by-keyboard.png`, fullPage: true });
	await officer.close();
});

test("the bureau officer rejects an application awaiting acceptance with a reason (不予通过; XX-SVC 第七条 新区科技局…对申报材料进行审核论证)", async () => {
	const bureau = await session(users.bureau);
	const page = await bureau.newPage();
	await openCase(page, ROUTE, apps.reject, "待科技局受理");
	await clickAction(page, "不予通过");
	const { dialog, box } = await reasonDialog(page, "不予通过", "原因");
	const reason = "不属于科技服务业范围";
	await box.fill(reason);
	await page.screenshot({ path: `${SHOTS}reasons-4-reject-dialog.png` });
	await dialog.getByRole("button", { name: "确定" }).click();
	await waitForState(page, "不予通过");
	await logShows(page, "Reject", reason);
	await page.screenshot({ path: `${SHOTS}reasons-5-rejected.png`, fullPage: true });
	await bureau.close();
});

test("the bureau officer dismisses a proposed title action with a reason (Title Action: 不予采纳)", async () => {
	const bureau = await session(users.bureau);
	const page = await bureau.newPage();
	await openCase(page, "title-action", titleAction, "拟");
	await clickAction(page, "不予采纳");
	const { dialog, box } = await reasonDialog(page, "不予采纳", "原因");
	const reason = "年度报告已于期限内补交";
	await box.fill(reason);
	await dialog.getByRole("button", { name: "确定" }).click();
	await waitForState(page, "不予采纳");
	await logShows(page, "Dismiss", reason);
	await page.screenshot({ path: `${SHOTS}reasons-6-title-action-dismissed.png`, fullPage: true });
	await bureau.close();
});

test("in English the same dialog reads Return / Reason / OK and works by Ctrl+S, Frappe's own shortcut", async () => {
	const bureau = await session(users.bureauEn);
	const page = await bureau.newPage();
	await openCase(page, ROUTE, apps.english, "Awaiting Acceptance");
	await page.getByRole("button", { name: "Actions" }).first().click();
	await page.locator(".dropdown-menu.show .dropdown-item, .dropdown-menu.show a").filter({ hasText: /^\s*Return\s*$/ }).first().click();
	const { dialog, box } = await reasonDialog(page, "Return", "Reason");
	assert.equal((await dialog.locator(".modal-footer .btn-primary").innerText()).trim(), "OK");
	const reason = "Please attach the service contracts.";
	await box.fill(reason);
	await page.screenshot({ path: `${SHOTS}reasons-7-english-dialog.png` });
	await page.keyboard.press("Control+s");
	await waitForState(page, "Returned");
	await logShows(page, "Return", reason);
	await page.screenshot({ path: `${SHOTS}reasons-8-english-returned.png`, fullPage: true });
	await bureau.close();
});
