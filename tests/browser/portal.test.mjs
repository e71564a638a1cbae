// The applicant portal (#17 item 1, first part), as its people use it: a website user (no desk, no role)
// opens /policy on a phone (390×844), is sent to Frappe's login page and logs in there, types the
// organisation's unified social credit code and presses 申请绑定; the organisation's district officer
// opens the request in the desk and presses 确认绑定; back on the phone the user finds the organisation
// and its submitted application with where it stands (已提交推荐部门, 下一步：推荐部门经办人) and opens the
// case to read its fields and 办理记录; then applies online under the open call (the form drawn from the
// DocType, filled by its labels), saves, submits, downloads the frozen PDF, uploads the sealed scan,
// reads why the district returned it and submits it again; the same pages at a desktop width.
// Credit-code series PA.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
	ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, closeBrowser, launch, serviceCaseBeforeTheDistrict, session,
} from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const USER = `portal.user${RUN}@policy.test`;
const PHONE = { viewport: { width: 390, height: 844 }, locale: "zh-CN", isMobile: true, hasTouch: true };
let browser, admin, app, users, code, orgName;

before(async () => {
	browser = await launch();
	({ app, users } = await serviceCaseBeforeTheDistrict(RUN, "PA", "portal"));
	admin = await session("Administrator", ADMIN_PASSWORD);
	const org = (await call(admin, "GET", `/api/resource/Applicant Organization/${encodeURIComponent(app.organization)}`)).data;
	code = org.unified_social_credit_code;
	orgName = org.organization_name;
	// a website user, as Frappe's sign-up makes one: no desk, no role
	await call(admin, "POST", "/api/resource/User", {
		email: USER, first_name: "门户申请人", language: "zh", send_welcome_email: 0, user_type: "Website User", new_password: PASSWORD,
	});
});

after(async () => {
	if (admin) {
		const filters = encodeURIComponent(JSON.stringify([["user", "=", USER]]));
		for (const r of (await call(admin, "GET", `/api/resource/Organization Binding Request?filters=${filters}`)).data) {
			await admin.request.delete(`${BASE}/api/resource/Organization Binding Request/${r.name}`);
		}
		await admin.close();
	}
	await closeBrowser();
});

// nothing wider than the phone's screen: no sideways scrolling
async function fitsThePhone(page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 390, `the page is ${width}px wide on a 390px phone`);
}

async function logInOnThePhone() {
	const ctx = await browser.newContext(PHONE);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/policy`);
	// a guest is sent to Frappe's own login page, and back to the portal after it
	await page.waitForURL(/\/login/, { timeout: 30000 });
	await page.getByLabel(/邮|Email/).first().fill(USER);
	await page.getByLabel(/密码|Password/).first().fill(PASSWORD);
	await page.locator("form.form-login button.btn-login, .login-content button.btn-login").filter({ hasText: /登录|Login/ }).first().click();
	await page.waitForURL(/\/policy$/, { timeout: 30000 });
	return { ctx, page };
}

test("on a phone, the website user logs in and asks to act for the organisation by its credit code", async () => {
	const { ctx, page } = await logInOnThePhone();
	await page.getByText("您尚未绑定单位").waitFor({ timeout: 30000 });
	await fitsThePhone(page);
	await page.getByLabel("统一社会信用代码").fill(code.toLowerCase());
	await page.getByRole("button", { name: "申请绑定" }).click();
	await page.getByText(`已申请绑定 ${orgName}`).waitFor({ timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}portal-phone-asked.png`, fullPage: true });
	// the page reloads with the request waiting
	await page.locator(".policy-binding-request").filter({ hasText: "待确认" }).waitFor({ timeout: 30000 });
	await ctx.close();
});

test("the organisation's district officer confirms the request in the desk", async () => {
	const ctx = await session(users.officer);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/organization-binding-request`);
	await page.locator(".list-row-container .list-subject a").filter({ hasText: orgName }).first().click();
	await page.waitForFunction(() => window.cur_frm?.doctype === "Organization Binding Request" && !cur_frm.is_new(), null, { timeout: 30000 });
	await page.getByRole("button", { name: "确认绑定" }).click();
	await page.waitForFunction(() => cur_frm.doc.status === "Confirmed", null, { timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}portal-desk-confirmed.png`, fullPage: true });
	await ctx.close();
});

test("on the phone, the user follows the organisation's application and opens it", async () => {
	const { ctx, page } = await logInOnThePhone();
	await page.locator(".policy-organisation").filter({ hasText: orgName }).waitFor({ timeout: 30000 });
	const card = page.locator(".policy-case").filter({ hasText: app.name });
	await card.waitFor({ timeout: 30000 });
	assert.match(await card.locator(".policy-case-state").innerText(), /已提交推荐部门/);
	assert.match(await card.locator(".policy-case-next").innerText(), /下一步：推荐部门经办人/);
	await fitsThePhone(page);
	await page.screenshot({ path: `${SHOTS}portal-phone-cases.png`, fullPage: true });
	await card.locator("a").first().click();
	await page.waitForURL(/\/policy\/case\?/, { timeout: 30000 });
	await page.getByRole("heading", { name: "办理记录" }).waitFor({ timeout: 30000 });
	const fields = await page.locator(".policy-case-fields").innerText();
	assert.match(fields, /申报单位/);
	const steps = await page.locator(".policy-case-timeline").innerText();
	assert.match(steps, /提交/);
	await fitsThePhone(page);
	await page.screenshot({ path: `${SHOTS}portal-phone-case.png`, fullPage: true });
	// a number that is not one of the organisation's cases: told so, nothing shown
	await page.goto(`${BASE}/policy/case?doctype=Service Institution Application&name=SIA-0000-99999`);
	await page.getByText("您所代表的单位没有这一编号的事项").waitFor({ timeout: 30000 });
	await ctx.close();
});

let applied = "";
const LABELS_OF_THE_CONDITIONS = [
	"在新区登记注册，税务、统计关系均在新区", "独立法人单位", "有固定经营场所、稳定客户群体和专家咨询队伍",
	"机构人员结构及部门设置合理", "管理制度健全，收费合理，服务程序规范", "我单位作出上述承诺",
];

test("on the phone, the user applies online under the open call: fills the form by its labels, saves, submits, downloads the frozen PDF and uploads the sealed scan", async () => {
	const { ctx, page } = await logInOnThePhone();
	await page.locator(".policy-call").filter({ hasText: `科技服务示范机构申报 ${RUN}` }).getByRole("link", { name: "在线申报" }).click();
	await page.waitForURL(/\/policy\/form\?/, { timeout: 30000 });
	await fitsThePhone(page);
	// what is true of the organisation: a professional service institution meeting §5's conditions
	await page.getByLabel("类型", { exact: true }).selectOption({ label: "专业服务类机构" });
	for (const label of LABELS_OF_THE_CONDITIONS) await page.getByLabel(label, { exact: true }).check();
	await page.getByLabel("年度科技服务收入（元）").fill("800000");
	await page.getByLabel(/^申请理由/).fill("服务业绩显著，年服务企业一百余家。");
	await page.screenshot({ path: `${SHOTS}portal-phone-form.png`, fullPage: true });
	await page.getByRole("button", { name: "保存", exact: true }).click();
	await page.waitForURL(/\/policy\/form\?.*name=/, { timeout: 30000 });
	applied = new URL(page.url()).searchParams.get("name");
	// saved as typed, and the workflow's own action offered
	assert.equal(await page.getByLabel("年度科技服务收入（元）").inputValue(), "800000");
	assert.ok(await page.getByLabel("独立法人单位", { exact: true }).isChecked());
	await page.getByRole("button", { name: "提交", exact: true }).click();
	await page.locator(".policy-form-locked").waitFor({ timeout: 30000 });
	// the submitted version, frozen as a PDF by a queue worker, is the user's to download
	const frozen = page.locator(".policy-paper").filter({ hasText: "定稿申报材料（PDF）" });
	for (let i = 0; i < 60 && !(await frozen.count()); i++) {
		await page.waitForTimeout(1000);
		await page.reload();
	}
	const pdf = await ctx.request.get(`${BASE}${await frozen.getAttribute("href")}`);
	assert.equal(pdf.status(), 200);
	assert.equal((await pdf.body()).subarray(0, 4).toString(), "%PDF");
	// the signed and sealed scan, uploaded from the phone
	await page.getByLabel("上传签字盖章扫描件").setInputFiles({ name: "盖章扫描件.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
	await page.locator(".policy-paper").filter({ hasText: "签字盖章扫描件" }).waitFor({ timeout: 30000 });
	await fitsThePhone(page);
	await page.screenshot({ path: `${SHOTS}portal-phone-submitted.png`, fullPage: true });
	await ctx.close();
});

test("on the phone, the user reads why the district returned the application, corrects it and submits it again", async () => {
	assert.ok(applied, "the application of the test before");
	// the district officer's return, with its reason (the desk's step: reasons.test.mjs clicks it)
	const officer = await session(users.officer);
	await call(officer, "POST", "/api/method/policy_app.recognition.api.set_workflow_remark", {
		doctype: "Service Institution Application", name: applied, remark: "请补充近三年服务企业名单",
	});
	const doc = (await call(officer, "GET", `/api/resource/Service Institution Application/${applied}`)).data;
	await call(officer, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc, action: "Return" });
	await officer.close();

	const { ctx, page } = await logInOnThePhone();
	const card = page.locator(".policy-case").filter({ hasText: applied });
	assert.match(await card.locator(".policy-case-returned").innerText(), /请补充近三年服务企业名单/);
	await card.locator("a").first().click();
	await page.getByRole("link", { name: "打开表单" }).click();
	await page.waitForURL(/\/policy\/form\?/, { timeout: 30000 });
	await page.getByLabel(/^申请理由/).fill("服务业绩显著，年服务企业一百余家，近三年服务企业名单见附件。");
	await page.getByRole("button", { name: "提交", exact: true }).click();
	await page.locator(".policy-form-locked").waitFor({ timeout: 30000 });
	await page.goto(`${BASE}/policy`);
	assert.match(await page.locator(".policy-case").filter({ hasText: applied }).locator(".policy-case-state").innerText(), /已提交推荐部门/);
	await page.screenshot({ path: `${SHOTS}portal-phone-resubmitted.png`, fullPage: true });
	await ctx.close();
});

test("on the phone, an incubator lists its incubatees row by row: adds three, removes the wrong one, saves", async () => {
	// an open XX-INC call (the bureau's, set up through the API)
	const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
	await call(admin, "POST", "/api/resource/Call for Applications", {
		title: `孵化载体认定申报 ${RUN}`, scheme: "XX-INC", year: new Date().getFullYear(), opens_on: day(-5), closes_on: day(20),
	});
	const { ctx, page } = await logInOnThePhone();
	await page.locator(".policy-call").filter({ hasText: `孵化载体认定申报 ${RUN}` }).getByRole("link", { name: "在线申报" }).click();
	await page.waitForURL(/\/policy\/form\?/, { timeout: 30000 });
	await page.getByLabel("类型", { exact: true }).selectOption({ index: 1 });
	const table = page.locator(".policy-table").filter({ hasText: "在孵团队和企业名单" });
	for (let i = 0; i < 3; i++) await table.getByRole("button", { name: "添加一行" }).click();
	const rows = table.locator(".policy-rows > .policy-row");
	await rows.nth(0).getByLabel("在孵对象").fill("西咸光电科技有限公司");
	await rows.nth(0).getByLabel("类别").selectOption({ label: "在孵企业" });
	await rows.nth(0).getByLabel("成立日期").fill("2024-03-01");
	await rows.nth(1).getByLabel("在孵对象").fill("写错的一行");
	await rows.nth(2).getByLabel("在孵对象").fill("智能传感创业团队");
	await rows.nth(2).getByLabel("类别").selectOption({ label: "创业团队" });
	await rows.nth(1).getByRole("button", { name: "删除此行" }).click();
	assert.equal(await rows.count(), 2);
	assert.deepEqual((await table.locator(".policy-row-number").allInnerTexts()).map((t) => t.replace(/\s/g, "")), ["第1行", "第2行"]);
	await fitsThePhone(page);
	await page.screenshot({ path: `${SHOTS}portal-phone-table-rows.png`, fullPage: true });
	await page.getByRole("button", { name: "保存", exact: true }).click();
	await page.waitForURL(/\/policy\/form\?.*name=/, { timeout: 30000 });
	const name = new URL(page.url()).searchParams.get("name");
	const stored = (await call(admin, "GET", `/api/resource/Incubator Application/${encodeURIComponent(name)}`)).data;
	assert.deepEqual(stored.incubatees.map((r) => [r.incubatee_name, r.kind]), [
		["西咸光电科技有限公司", "Incubated Firm"], ["智能传感创业团队", "Startup Team"],
	]);
	// the saved form shows the rows again, as typed
	await page.locator(".policy-table .policy-row").first().waitFor();
	assert.equal(await rows.nth(0).getByLabel("在孵对象").inputValue(), "西咸光电科技有限公司");
	assert.equal(await rows.nth(0).getByLabel("成立日期").inputValue(), "2024-03-01");
	await ctx.close();
	await call(admin, "DELETE", `/api/resource/Incubator Application/${encodeURIComponent(name)}`);
});

test("at a desktop width the portal shows the same", async () => {
	const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: "zh-CN" });
	const r = await ctx.request.post(`${BASE}/api/method/login`, { data: { usr: USER, pwd: PASSWORD } });
	assert.equal(r.status(), 200);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/policy`);
	await page.locator(".policy-case").filter({ hasText: app.name }).waitFor({ timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}portal-desktop-cases.png`, fullPage: true });
	// the application made on the phone, at a desktop width: its form read-only, its papers listed
	await page.goto(`${BASE}/policy/form?doctype=Service Institution Application&name=${applied}`);
	await page.locator(".policy-form-locked").waitFor({ timeout: 30000 });
	await page.locator(".policy-paper").filter({ hasText: "签字盖章扫描件" }).waitFor({ timeout: 30000 });
	assert.match(await page.locator(".policy-form").innerText(), /专业服务类机构/);
	await page.screenshot({ path: `${SHOTS}portal-desktop-form.png`, fullPage: true });
	// a website user has no desk
	await page.goto(`${BASE}/app`);
	assert.ok(!(await page.evaluate(() => Boolean(window.frappe?.boot?.user?.can_read))), "the desk opened for a website user");
	await ctx.close();
});
