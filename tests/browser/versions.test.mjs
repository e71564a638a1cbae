// Scheme versions in force by date (#16 item 3), in a Chinese desk: the policy administrator opens XX-SVC,
// drafts its next version from the 版本 group, types the date it takes effect, raises 第三条第（五）项's
// revenue line in the conditions grid, previews what it would change for this year's submitted
// applications (the one set up here crosses the line), puts it in force and reads that its rules are now
// fixed. The version is dated 2099 so that nothing else on the shared site is judged by it, and it is
// removed afterwards. Set-up (the administrator, an organisation, its applicant, a call and a submitted
// application) by REST. Credit-code series: MW.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
	ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, closeBrowser, creditCode, ensureUser, exactly, launch, openedDialog,
	saveForm, session, typeInDialog,
} from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const ADMIN = "versions.admin@policy.test";
const APPLICANT = "versions.applicant@policy.test";
const IN_FORCE_FROM = "2099-01-01";
let application;
let drafted;

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	await ensureUser(admin, ADMIN, ["Policy Administrator"]);
	const district = `版本测试推荐部门${RUN}`;
	await call(admin, "POST", "/api/resource/District", {
		district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局",
	});
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `版本测试服务机构${RUN}`, unified_social_credit_code: creditCode("MW", Number(RUN) % 9000000),
		recommending_district: district, host_kind: "Enterprise",
	})).data.name;
	await ensureUser(admin, APPLICANT, ["Policy Applicant"], [["Applicant Organization", org]]);
	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	const callName = (await call(admin, "POST", "/api/resource/Call for Applications", {
		title: `科技服务示范机构认定申报 ${RUN}`, scheme: "XX-SVC", year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
	})).data.name;
	const applicant = await session(APPLICANT);
	const app = (await call(applicant, "POST", "/api/resource/Service Institution Application", {
		call_for_applications: callName, organization: org, base_type: "professional", pledge_accepted: 1,
		registered_taxed_counted_in_area: 1, independent_legal_person: 1, fixed_premises: 1, sound_structure: 1,
		sound_rules: 1, annual_service_revenue: 600000,
	})).data;
	await call(applicant, "POST", "/api/method/frappe.model.workflow.apply_workflow", {
		doc: JSON.stringify({ ...app, doctype: "Service Institution Application" }), action: "Submit",
	});
	application = app.name;
	await applicant.close();
	await admin.close();
});

after(async () => {
	if (drafted) {
		const admin = await session("Administrator", ADMIN_PASSWORD);
		await admin.request.delete(`${BASE}/api/resource/Policy Scheme/${encodeURIComponent(drafted)}`);
		await admin.close();
	}
	await closeBrowser();
});

// a button of the form's 版本 group
async function versionsMenu(page, label) {
	await page.locator(".page-actions .inner-group-button button").filter({ hasText: "版本" }).first().click();
	await page.locator(".dropdown-menu.show .dropdown-item, .dropdown-menu.show a").filter({ hasText: label }).first().click();
}

test("the administrator drafts XX-SVC's next version, raises its revenue line, previews who crosses it and puts it in force", async () => {
	const ctx = await session(ADMIN);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/policy-scheme/XX-SVC`);
	await page.waitForFunction(() => window.cur_frm?.doc?.name === "XX-SVC" && cur_frm.doc.__onload, null, { timeout: 60000 });

	await versionsMenu(page, "起草新版本");
	const dialog = await openedDialog(page, "起草新版本");
	// the date typed as this user writes dates
	await typeInDialog(dialog, "施行日期", await page.evaluate((d) => frappe.datetime.str_to_user(d), IN_FORCE_FROM));
	await dialog.locator(".modal-footer .btn-primary").filter({ hasText: "起草" }).click();
	await page.waitForFunction(() => window.cur_frm?.doc?.version_of === "XX-SVC", null, { timeout: 60000 });
	drafted = await page.evaluate(() => cur_frm.doc.name);
	assert.equal(await page.evaluate(() => cur_frm.doc.effective_from), IN_FORCE_FROM);
	const intro = page.locator(".form-message:visible, .form-intro-area:visible").first();
	assert.match(await intro.innerText(), /草稿版本/);

	// 第三条第（五）项: 年度科技服务收入不低于 80 万元 in the amended measures
	await page.locator(".form-tabs .nav-link:visible").filter({ hasText: "类型与申报条件" }).first().click();
	const rowName = await page.evaluate(() => cur_frm.doc.eligibility_conditions.find((r) => r.code === "svc3_5").name);
	const row = page.locator(`[data-fieldname="eligibility_conditions"] .grid-row[data-name="${rowName}"]`);
	await row.locator('[data-fieldname="value"]').first().click();
	const value = row.locator('input[data-fieldname="value"]');
	await value.waitFor({ timeout: 15000 });
	await value.fill("800000");
	// clicked away, not tabbed: a Tab out of the last row's last cell opens a new row
	await page.locator(".form-tabs .nav-link:visible").filter({ hasText: "类型与申报条件" }).first().click();
	await page.waitForFunction(() => cur_frm.doc.eligibility_conditions.find((r) => r.code === "svc3_5").value === 800000,
		null, { timeout: 15000 });
	await saveForm(page);

	await versionsMenu(page, "预览变化");
	const preview = await openedDialog(page, "预览变化");
	await preview.getByText(application).first().waitFor({ timeout: 60000 });
	const said = await preview.innerText();
	assert.match(said, /现行规则/);
	assert.match(said, /按此版本/);
	// the application set up above meets the shipped 50 万元 and not the new 80 万元
	const appRows = preview.locator("tbody tr").filter({ hasText: application });
	const rows = await appRows.allInnerTexts();
	assert.ok(rows.some((r) => r.includes("第三条第（五）项") && r.includes("符合") && r.includes("不符合")), rows.join("\n"));
	assert.ok(rows.some((r) => r.includes("符合条件") && r.includes("不符合条件")), rows.join("\n"));
	await page.screenshot({ path: `${SHOTS}scheme-version-preview.png`, fullPage: true });
	await page.keyboard.press("Escape");
	await preview.waitFor({ state: "hidden", timeout: 15000 });

	await versionsMenu(page, "启用此版本");
	const confirm = page.locator(".modal.show").filter({ hasText: drafted }).last();
	await confirm.waitFor({ timeout: 15000 });
	assert.match(await confirm.innerText(), /2099/);
	await confirm.locator(".btn-primary").filter({ hasText: /是|Yes/ }).click();
	await page.waitForFunction(() => cur_frm.doc.version_status === "In Force" && !cur_frm.is_dirty(), null, { timeout: 60000 });
	await page.waitForFunction(() => /不可再改/.test(document.querySelector(".form-message")?.innerText || ""), null, { timeout: 15000 });
	await page.screenshot({ path: `${SHOTS}scheme-version-in-force.png`, fullPage: true });

	// XX-SVC itself, today, still asks for 50 万元: the version's date has not come
	const stored = await call(ctx, "GET", "/api/resource/Policy Scheme/XX-SVC");
	assert.equal(stored.data.eligibility_conditions.find((r) => r.code === "svc3_5").value, 500000);
	await ctx.close();
});
