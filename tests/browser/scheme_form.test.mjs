// The scheme form for an administrator (#15 item 6): the policy administrator, in a Chinese desk, opens
// XX-BASE, reads 不设上限 where the 优秀 band has no upper bound and the 有效期至 of 第二十二条 (2023-10-01,
// 3 years: 2026-09-30), picks a condition's 填报项 from the application form's fields by its Chinese label,
// types a misspelled one and is refused on saving, and finds 恢复出厂默认值 in the ⋯ menu with a confirm
// saying what is lost. Set-up (the administrator, XX-BASE's shipped dates) by REST as Administrator.
// Credit-code series: MS (no organisation is made).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, closeBrowser, launch, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const adminUser = `sf.admin${RUN}@policy.test`;

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	await call(admin, "PUT", "/api/resource/Policy Scheme/XX-BASE", { effective_from: "2023-10-01", effective_years: 3 });
	await call(admin, "POST", "/api/resource/User", {
		email: adminUser, first_name: "方案管理员", language: "zh", send_welcome_email: 0, user_type: "System User",
		new_password: PASSWORD, roles: [{ role: "Policy Administrator" }],
	});
	await admin.close();
});

after(closeBrowser);

const exactly = (s) => new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);

async function openXxBase(context) {
	const page = await context.newPage();
	await page.goto(`${BASE}/app/policy-scheme/XX-BASE`);
	await page.waitForFunction(() => window.cur_frm?.doc?.name === "XX-BASE" && cur_frm.doc.__onload, null, { timeout: 60000 });
	return page;
}

async function tab(page, label) {
	await page.locator(".form-tabs .nav-link:visible").filter({ hasText: exactly(label) }).first().click();
}

// the grid row of a condition, by its code (the rows are shown by their index)
async function conditionRow(page, code) {
	const name = await page.evaluate((c) => cur_frm.doc.eligibility_conditions.find((r) => r.code === c).name, code);
	return page.locator(`[data-fieldname="eligibility_conditions"] .grid-row[data-name="${name}"]`);
}

test("the administrator reads 不设上限 and 有效期至, picks a 填报项 by its label, is refused a misspelled one", async () => {
	const context = await session(adminUser);
	const page = await openXxBase(context);

	await tab(page, "等次与历史");
	const bands = page.locator('[data-fieldname="grade_bands"] .grid-body');
	await bands.getByText("不设上限").first().waitFor({ timeout: 15000 });
	await page.screenshot({ path: `${SHOTS}scheme-form-zero-bound.png`, fullPage: true });

	await tab(page, "详细信息");
	const until = page.locator(".frappe-control:visible").filter({ has: page.locator(".control-label", { hasText: exactly("有效期至") }) });
	await until.waitFor({ timeout: 15000 });
	assert.match(await until.innerText(), /2026/);
	assert.equal(await page.evaluate(() => cur_frm.doc.effective_to), "2026-09-30");
	await page.screenshot({ path: `${SHOTS}scheme-form-in-force-until.png`, fullPage: true });

	await tab(page, "类型与申报条件");
	const row = await conditionRow(page, "xx6_5_staff");
	await row.locator('[data-fieldname="fact"]').first().click();
	const input = row.locator('input[data-fieldname="fact"]');
	await input.waitFor({ timeout: 15000 });
	await input.fill("成功案例");
	await page.locator(".awesomplete li:visible").filter({ hasText: "近五年引进海外科技成果" }).first().click();
	await page.waitForFunction(() => cur_frm.doc.eligibility_conditions.find((r) => r.code === "xx6_5_staff").fact === "success_cases_5y",
		null, { timeout: 15000 });
	await page.screenshot({ path: `${SHOTS}scheme-form-fact-picked.png`, fullPage: true });

	await input.fill("success_case_5y");
	await input.press("Tab");
	await page.waitForFunction(() => cur_frm.doc.eligibility_conditions.find((r) => r.code === "xx6_5_staff").fact === "success_case_5y",
		null, { timeout: 15000 });
	await page.locator(".page-actions .primary-action").filter({ hasText: "保存" }).first().click();
	const refusal = page.locator(".modal.show .msgprint").first();
	await refusal.waitFor({ timeout: 30000 });
	const said = await refusal.innerText();
	assert.match(said, /xx6_5_staff/);
	assert.match(said, /success_case_5y/);
	assert.match(said, /不是申请表/);
	await page.screenshot({ path: `${SHOTS}scheme-form-fact-refused.png`, fullPage: true });
	const stored = await call(context, "GET", "/api/resource/Policy Scheme/XX-BASE");
	assert.equal(stored.data.eligibility_conditions.find((r) => r.code === "xx6_5_staff").fact, "international_staff");
	await context.close();
});

test("the administrator finds 恢复出厂默认值 in the ⋯ menu, with a confirm saying what is lost", async () => {
	const context = await session(adminUser);
	const page = await openXxBase(context);
	await page.locator(".page-actions .menu-btn-group button:visible, .page-head .menu-btn-group button:visible").first().click();
	const item = page.locator(".dropdown-menu.show .dropdown-item, .dropdown-menu.show a").filter({ hasText: "恢复出厂默认值" }).first();
	await item.waitFor({ timeout: 15000 });
	await page.screenshot({ path: `${SHOTS}scheme-form-restore-menu.png`, fullPage: true });
	await item.click();
	const dialog = page.locator(".modal.show").filter({ hasText: "丢失" }).first();
	await dialog.waitFor({ timeout: 15000 });
	assert.match(await dialog.innerText(), /恢复为应用出厂时的内容/);
	await page.screenshot({ path: `${SHOTS}scheme-form-restore-confirm.png`, fullPage: true });
	await dialog.locator(".btn-modal-secondary, .btn-secondary").filter({ hasText: /否|No/ }).first().click();
	await context.close();
});
