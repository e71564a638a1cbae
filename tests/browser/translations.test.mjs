// Issue #15 items 2 and 8: the app's Chinese never relabels Frappe's words. A person in a Chinese desk
// sees Frappe's word on Frappe's records (a ToDo that is Open reads 开, as Frappe translates it) and the
// app's own word on the app's (an approval delegation in force reads 有效, not Frappe's 活动); Customize
// Form on an app DocType shows Frappe's own labels for its settings and the app's labels in Chinese.
// The user is prepared through the REST API as Administrator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, call, closeBrowser, ensureUser, launch, session } from "./support.mjs";

const ADMIN = "trans.admin@policy.test";
const DELEGATE = "trans.delegate@policy.test";
let page;
let todo;
let delegation;

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	await ensureUser(admin, ADMIN, ["System Manager", "Policy Administrator", "Bureau Officer"]);
	await ensureUser(admin, DELEGATE, ["Bureau Officer"]);
	await admin.close();
	const context = await session(ADMIN);
	todo = (await call(context, "POST", "/api/resource/ToDo", { description: "翻译检查待办", status: "Open", allocated_to: ADMIN })).data.name;
	const today = new Date().toISOString().slice(0, 10);
	const later = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
	const existing = (await call(context, "GET", `/api/resource/Approval Delegation?filters=${encodeURIComponent(JSON.stringify([["delegator", "=", ADMIN]]))}`)).data;
	delegation = existing.length
		? existing[0].name
		: (await call(context, "POST", "/api/resource/Approval Delegation", { delegator: ADMIN, delegate: DELEGATE, from_date: today, to_date: later })).data.name;
	page = await context.newPage();
});

after(async () => {
	await closeBrowser();
});

const pillText = () =>
	page.evaluate(() => [...document.querySelectorAll(".page-head .indicator-pill")].filter((e) => e.offsetParent).map((e) => e.innerText.trim()).join(" "));

test("a ToDo that is Open reads Frappe's 开 in its list and on its form, not the app's 待处理", async () => {
	await page.goto(`${BASE}/app/todo?status=Open`);
	const row = page.locator(`.list-row-container:has(a[data-name="${todo}"])`).first();
	await row.waitFor({ timeout: 30000 });
	const listed = await row.locator(".indicator-pill").first().innerText();
	await page.screenshot({ path: `${SHOTS}translations-todo-list.png` });
	assert.equal(listed.trim(), "开", `the ToDo's status in the list reads ${listed}`);
	await page.goto(`${BASE}/app/todo/${todo}`);
	await page.waitForFunction((n) => window.cur_frm?.doc?.name === n, todo, { timeout: 30000 });
	const status = page.locator('.frappe-control[data-fieldname="status"] select').first();
	const shown = await status.evaluate((s) => s.options[s.selectedIndex].text);
	await page.screenshot({ path: `${SHOTS}translations-todo-form.png` });
	assert.equal(shown, "开");
	assert.ok(!(await page.locator(".page-body").innerText()).includes("待处理"));
});

test("an approval delegation in force reads the app's 有效 on its form, and its dates 开始日期 / 结束日期", async () => {
	await page.goto(`${BASE}/app/approval-delegation/${delegation}`);
	await page.waitForFunction((n) => window.cur_frm?.doc?.name === n, delegation, { timeout: 30000 });
	assert.equal(await page.evaluate(() => cur_frm.doc.status), "Active");
	const status = page.locator('.frappe-control[data-fieldname="status"]').first();
	await page.waitForFunction(() => document.querySelector('.frappe-control[data-fieldname="status"]')?.innerText.includes("有效"), null, { timeout: 30000 });
	const labels = await page.locator(".frappe-control .control-label").allInnerTexts();
	await page.screenshot({ path: `${SHOTS}translations-delegation-form.png` });
	assert.ok(!(await status.innerText()).includes("活动"));
	assert.ok(labels.includes("开始日期") && labels.includes("结束日期"), labels.join(" | "));
	assert.ok(!labels.includes("原状态") && !labels.includes("新状态"), labels.join(" | "));
	const pill = await pillText();
	assert.ok(!pill.includes("活动"), pill);
});

test("Customize Form on an app DocType shows Frappe's labels for its settings and the app's labels in Chinese", async () => {
	await page.goto(`${BASE}/app/customize-form?doc_type=Policy%20Scheme%20Rubric%20Item`);
	await page.waitForFunction(() => window.cur_frm?.doc?.doc_type === "Policy Scheme Rubric Item" && document.querySelector(".form-builder-container .field"), null, { timeout: 60000 });
	const builder = page.locator(".form-builder-container").first();
	const field = builder.locator('.field[data-fieldname="section"], [data-fieldname="section"]').first();
	await field.waitFor({ timeout: 30000 });
	const text = await builder.innerText();
	await page.screenshot({ path: `${SHOTS}translations-customize-form.png`, fullPage: true });
	assert.ok(text.includes("一级指标"), "the app's label Section reads 一级指标 in the builder");
	// the builder's settings of a field are Frappe's own: Label reads 标签, not the app's 名称
	await field.click();
	const sidebar = page.locator(".form-builder-container .form-sidebar, .form-builder-container .sidebar-container").first();
	await sidebar.waitFor({ timeout: 30000 });
	const settings = await sidebar.innerText();
	await page.screenshot({ path: `${SHOTS}translations-customize-form-field.png`, fullPage: true });
	// Frappe's own Label (标签) heads the settings, its Name (名称) is the fieldname's: the app's 名称 for
	// "Label" no longer reaches them
	const first = settings.split("\n").map((s) => s.trim()).filter((s) => s && !s.startsWith("Search"));
	assert.equal(first[0], "标签", settings.slice(0, 300));
	// what the builder edits is still the stored English label, the source string of 一级指标
	assert.equal(await page.evaluate(() => cur_frm.doc.fields.find((f) => f.fieldname === "section").label), "Section");
});

test("the app's pages read Chinese: 变更与退出 on the programmes' workspace, 超期未办审批", async () => {
	await page.goto(`${BASE}/app/policy-programs`);
	await page.waitForFunction(() => [...document.querySelectorAll(".widget.links-widget-box .widget-title")].some((e) => e.innerText.trim()), null, { timeout: 60000 });
	const cards = (await page.locator(".widget.links-widget-box .widget-title").allInnerTexts()).map((s) => s.trim());
	await page.screenshot({ path: `${SHOTS}translations-workspace.png`, fullPage: true });
	assert.ok(cards.includes("变更与退出"), cards.join(" | "));
	assert.ok(!cards.some((c) => /[A-Za-z]{3}/.test(c)), `English card titles: ${cards.join(" | ")}`);
	await page.goto(`${BASE}/app/query-report/Overdue Approvals`);
	await page.waitForFunction(() => document.querySelector(".page-title .title-text")?.innerText.trim(), null, { timeout: 60000 });
	const title = await page.locator(".page-title .title-text").first().innerText();
	await page.screenshot({ path: `${SHOTS}translations-overdue-approvals.png` });
	assert.equal(title.trim(), "超期未办审批");
});

test("a bureau officer's bulk 操作 menu on the Title Action list reads 不予采纳 for Dismiss, not Frappe's 解雇", async () => {
	await page.goto(`${BASE}/app/title-action`);
	await page.waitForFunction(() => window.cur_list?.doctype === "Title Action" && cur_list.page, null, { timeout: 30000 });
	const menu = await page.evaluate(() =>
		[...cur_list.page.actions.find("a.dropdown-item, .dropdown-item")].map((a) => a.innerText.trim()).filter(Boolean),
	);
	await page.screenshot({ path: `${SHOTS}translations-title-action-list.png` });
	assert.ok(menu.includes("不予采纳"), `the 操作 menu offers ${menu.join(" / ")}`);
	assert.ok(!menu.includes("解雇"), `the 操作 menu offers ${menu.join(" / ")}`);
});
