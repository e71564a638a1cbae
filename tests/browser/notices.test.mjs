// Public notices on the website, for everyone (#17 item 2; XX-BASE §9.4 新区官网公示, CQ §11(四), QD §13(三)):
// a visitor who is not logged in opens 公示 (/policy/notices), opens a running notice, reads its list
// and lodges a real-name objection by the form's Chinese labels, at a desktop and at a phone viewport
// (390×844); the reference number shown is the stored Objection's. The listed record and the published
// notice are written on the site (`bench execute`: the recognition chain is the workflow tests'
// business); the notice's end is the app's working-day calendar's (schemes.notice_end).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ADMIN_PASSWORD, BASE, SHOTS, call, closeBrowser, launch, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const SITE = process.env.SITE;
const BENCH = process.env.FRAPPE_BENCH || resolve(process.cwd(), "..");
const TITLE = `国合基地认定结果公示（浏览器${RUN}）`;
const ORG = `公示浏览器测试单位${RUN}`;
const BASE_NAME = `公示浏览器国际合作基地${RUN}`;
const SECRET = `1390000${RUN.slice(-4)}`; // the applicant's contact phone: never on the website
let notice, browser;

function onSite(method, args) {
	assert.ok(SITE && existsSync(`${BENCH}/env/bin/python`), "the bench of the site (FRAPPE_BENCH)");
	execFileSync(`${BENCH}/env/bin/python`, ["-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, "execute", method,
		"--args", JSON.stringify(args)], { cwd: `${BENCH}/sites`, stdio: "pipe" });
}

function today(offset = 0) {
	const d = new Date(Date.now() + offset * 86400000);
	return d.toISOString().slice(0, 10);
}

before(async () => {
	browser = await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const published = today(-1);
	const ends = (await call(admin, "POST", "/api/method/policy_app.policy_setup.schemes.notice_end",
		{ scheme: "XX-BASE", stage: "recognition", published })).message;
	await admin.close();
	const app = `BR-NOTICE-${RUN}`;
	notice = `PN-XX-BASE-BR${RUN}`;
	const stamp = "now(6)";
	onSite("frappe.db.sql", [
		`insert into \`tabCooperation Base Application\` (name, scheme, organization_name, base_name, contact_mobile, workflow_state, docstatus, owner, modified_by, creation, modified)
		 values (%s, 'XX-BASE', %s, %s, %s, 'Approved', 0, 'Administrator', 'Administrator', ${stamp}, ${stamp})`,
		[app, ORG, BASE_NAME, SECRET]]);
	onSite("frappe.db.sql", [
		`insert into \`tabPublic Notice\` (name, title, scheme, stage, published_on, working_days, ends_on, docstatus, owner, modified_by, creation, modified)
		 values (%s, %s, 'XX-BASE', 'recognition', %s, 5, %s, 1, 'Administrator', 'Administrator', ${stamp}, ${stamp})`,
		[notice, TITLE, published, ends]]);
	onSite("frappe.db.sql", [
		`insert into \`tabPublic Notice Item\` (name, parent, parenttype, parentfield, idx, reference_doctype, reference_name, organization_name, outcome, docstatus, owner, modified_by, creation, modified)
		 values (%s, %s, 'Public Notice', 'items', 1, 'Cooperation Base Application', %s, %s, '公示', 1, 'Administrator', 'Administrator', ${stamp}, ${stamp})`,
		[`BRN${RUN}`, notice, app, ORG]]);
});

after(closeBrowser);

for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
	test(`a visitor objects to a running notice without an account (${label})`, async () => {
		const context = await browser.newContext({ viewport, locale: "zh-CN", isMobile: label === "phone" });
		const page = await context.newPage();
		await page.goto(`${BASE}/policy/notices`);
		await page.getByRole("heading", { name: "公示", exact: true }).first().waitFor();
		await page.screenshot({ path: `${SHOTS}notices-list-${label}.png`, fullPage: true });
		await page.getByRole("link", { name: TITLE }).click();
		await page.getByRole("heading", { name: TITLE }).waitFor();
		const table = page.locator("table.policy-notice-items");
		await assert.doesNotReject(table.getByText(BASE_NAME).waitFor());
		const body = await page.locator("body").innerText();
		assert.ok(body.includes(ORG) && body.includes("公示期") && body.includes("工作日"), body.slice(0, 400));
		assert.ok(!body.includes(SECRET), "the applicant's phone is not on the website");
		const name = label === "desktop" ? "王五" : "赵六";
		await page.getByLabel("异议对象").selectOption({ index: 0 });
		await page.getByLabel("真实姓名").fill(name);
		await page.getByLabel("身份证件号码").fill("110101199001011234");
		await page.getByLabel("所在单位").fill("某某科技有限公司");
		await page.getByLabel("电话").fill("13800002222");
		await page.getByLabel("电子邮件").fill("bad-email");
		await page.getByLabel("异议理由").fill("<script>alert(1)</script>");
		await page.getByRole("button", { name: "提交异议" }).click();
		const error = page.locator(".policy-objection-error");
		await error.waitFor({ state: "visible" });
		assert.match(await error.innerText(), /纯文本|HTML|邮箱/);
		await page.getByLabel("电子邮件").fill("wangwu@example.com");
		await page.getByLabel("异议理由").fill("该基地申报的国际合作项目与实际不符。");
		await page.getByRole("button", { name: "提交异议" }).click();
		const done = page.locator(".policy-objection-done");
		await done.waitFor({ state: "visible" });
		const text = await done.innerText();
		const reference = (text.match(/OBJ-\d{4}-\d+/) || [])[0];
		assert.ok(text.includes("受理编号") && reference, text);
		await page.screenshot({ path: `${SHOTS}notices-objection-${label}.png`, fullPage: true });
		const admin = await session("Administrator", ADMIN_PASSWORD);
		const stored = (await call(admin, "GET", `/api/resource/Objection/${reference}`)).data;
		assert.equal(stored.public_notice, notice);
		assert.equal(stored.objector_name, name);
		assert.equal(stored.objector_email, "wangwu@example.com");
		await admin.close();
		await context.close();
	});
}
