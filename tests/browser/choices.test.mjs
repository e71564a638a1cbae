// Codes stay internal (issue #15 item 5): the people pick the scheme's choices by their Chinese labels.
// The applicant picks 类型 (QD-BASE 第四条: 国际示范基地…) and 依托单位类型 (第九条: 企业) on a cooperation
// base application by typing part of the label and clicking the option; the bureau officer picks a
// call's 受理类型 and a public notice's 公示环节 (第十三条第（三）项 认定公示期, 第十四条第（三）项 评估结果公示期)
// the same way. The form keeps the scheme's code (read back from the form's own record) and shows the
// label. Users, the organisation and the applicant's call are prepared through REST as Administrator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, call, closeBrowser, creditCode, ensureUser, launch, saveForm, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const APPLICANT = "b.choices.applicant@policy.test";
const BUREAU = "b.choices.bureau@policy.test";
const ctx = {};

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	// the shipped schemes' effective periods end: keep QD-BASE in force, as the site tests do
	await call(admin, "PUT", "/api/resource/Policy Scheme/QD-BASE", { effective_from: "2023-10-01", effective_years: 10 });
	const district = `选项测试推荐部门${RUN}`;
	await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: "青岛市科学技术局" });
	ctx.organization = `选项测试合作单位${RUN}`;
	const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: ctx.organization, unified_social_credit_code: creditCode("MK", Number(RUN) % 9000000),
		recommending_district: district, host_kind: "Enterprise", registration_date: day(-3 * 365),
	})).data.name;
	await ensureUser(admin, APPLICANT, ["Policy Applicant"], [["Applicant Organization", org]]);
	await ensureUser(admin, BUREAU, ["Bureau Officer"]);
	ctx.call = `选项测试青岛基地申报 ${RUN}`;
	await call(admin, "POST", "/api/resource/Call for Applications", {
		title: ctx.call, scheme: "QD-BASE", year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
	});
	ctx.day = day;
	await admin.close();
});

after(closeBrowser);

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

// the visible form field whose label a person reads
function control(page, label) {
	return page.locator(".frappe-control:visible").filter({ has: page.locator(".control-label", { hasText: exactly(label) }) });
}

async function type(page, label, value) {
	const input = control(page, label).locator("input, textarea").first();
	await input.click();
	await input.fill(String(value));
	await input.press("Tab");
}

// type part of what one is looking for, then click the option offered; returns the options offered.
// `more`: a field of several choices, typed after the ones already picked
async function pick(page, label, typed, option, more = false) {
	const input = control(page, label).locator("input").first();
	await input.click();
	if (more) await input.press("End");
	else await input.fill("");
	await input.pressSequentially(typed);
	// a Link's options are div[role=option], an Autocomplete's (the scheme's choices) li
	const options = page.locator(".awesomplete [role=option]:visible, .awesomplete li:visible");
	const offered = options.filter({ hasText: option }).first();
	try {
		await offered.waitFor({ timeout: 10000 });
	} catch {
		// a loaded machine: the list was not open yet when the keys arrived; type it again, as a person would
		await input.fill("");
		await input.pressSequentially(typed, { delay: 80 });
		await offered.waitFor({ timeout: 20000 });
	}
	// what is offered for the typed text: labels only, never a code
	const shown = await options.allInnerTexts();
	await offered.click();
	return shown.map((s) => s.trim());
}

async function docValue(page, fieldname, expected) {
	await page.waitForFunction(([f, v]) => window.cur_frm?.doc[f] === v, [fieldname, expected], { timeout: 15000 })
		.catch(async (e) => {
			const got = await page.evaluate((f) => cur_frm.doc[f], fieldname);
			throw new Error(`${fieldname}: ${JSON.stringify(got)}, not ${JSON.stringify(expected)} (${e.message})`);
		});
}

async function shown(page, label) {
	return (await control(page, label).locator("input").first().inputValue()).trim();
}

test("QD-BASE 第四条、第九条: the applicant picks 类型 and 依托单位类型 by typing Chinese", async () => {
	const context = await session(APPLICANT);
	const page = await context.newPage();
	await page.goto(`${BASE}/app/cooperation-base-application/new`);
	await control(page, "申报通知").waitFor({ timeout: 30000 });
	await pick(page, "申报通知", RUN, ctx.call);
	await page.waitForFunction(() => window.cur_frm?.doc.scheme === "QD-BASE", null, { timeout: 15000 });
	await pick(page, "申报单位", "选项测试", ctx.organization);
	await page.waitForFunction(() => window.cur_frm?.doc.organization, null, { timeout: 15000 });

	const offered = await pick(page, "类型", "示范", "国际示范基地");
	assert.deepEqual(offered, ["国际示范基地"], "typing 示范 offers 国际示范基地 alone");
	await docValue(page, "base_type", "demo_base");
	assert.equal(await shown(page, "类型"), "国际示范基地");
	const kinds = await pick(page, "依托单位类型", "企业", "企业");
	assert.ok(kinds.every((k) => /[\u4e00-\u9fff]/.test(k)), `host kinds offered as labels: ${kinds}`);
	await docValue(page, "host_kind", "enterprise");
	await page.screenshot({ path: `${SHOTS}choices-1-applicant-type-picked.png` });

	await saveForm(page);
	// stored as the codes the engine reads, shown as the labels the applicant picked
	assert.equal(await page.evaluate(() => cur_frm.doc.base_type), "demo_base");
	assert.equal(await shown(page, "类型"), "国际示范基地");
	assert.equal(await shown(page, "依托单位类型"), "企业");
	const text = await page.locator(".form-layout").innerText();
	assert.ok(!text.includes("demo_base") && !text.includes("innovation_park"), "no type code on the form");
	await page.screenshot({ path: `${SHOTS}choices-2-applicant-saved.png` });
	await context.close();
});

test("QD-BASE 第四条: the bureau officer picks a call's 受理类型 by typing Chinese", async () => {
	const context = await session(BUREAU);
	const page = await context.newPage();
	await page.goto(`${BASE}/app/call-for-applications/new`);
	await control(page, "标题").waitFor({ timeout: 30000 });
	await type(page, "标题", `选项测试受理类型 ${RUN}`);
	await pick(page, "政策方案", "QD", "QD-BASE");
	await page.waitForFunction(() => window.cur_frm?.doc.scheme === "QD-BASE", null, { timeout: 15000 });
	await type(page, "年度", new Date().getFullYear());
	// the window is set-up, not what this test is about
	await page.evaluate(([a, b]) => cur_frm.set_value({ opens_on: a, closes_on: b }), [ctx.day(-1), ctx.day(30)]);

	const first = await pick(page, "受理类型", "示范", "国际示范基地");
	assert.deepEqual(first, ["国际示范基地"]);
	await docValue(page, "types_open", "demo_base");
	await pick(page, "受理类型", "联合", "国际联合实验室", true);
	await docValue(page, "types_open", "demo_base, joint_lab");
	assert.match(await shown(page, "受理类型"), /^国际示范基地, 国际联合实验室/);
	await page.screenshot({ path: `${SHOTS}choices-3-call-types-open-picked.png` });

	await saveForm(page);
	assert.equal(await page.evaluate(() => cur_frm.doc.types_open), "demo_base, joint_lab");
	assert.match(await shown(page, "受理类型"), /^国际示范基地, 国际联合实验室/);
	await page.screenshot({ path: `${SHOTS}choices-4-call-saved.png` });
	await context.close();
});

test("QD-BASE 第十三条、第十四条: the bureau officer picks a public notice's 公示环节 by typing Chinese", async () => {
	const context = await session(BUREAU);
	const page = await context.newPage();
	await page.goto(`${BASE}/app/public-notice/new`);
	await control(page, "标题").waitFor({ timeout: 30000 });
	await type(page, "标题", `选项测试公示 ${RUN}`);
	await pick(page, "政策方案", "QD", "QD-BASE");
	await page.waitForFunction(() => window.cur_frm?.doc.scheme === "QD-BASE", null, { timeout: 15000 });
	// the default stage reads as its label once the scheme is known
	await page.waitForFunction(() => cur_frm.fields_dict.stage.$input.val() === "认定公示期", null, { timeout: 15000 });
	assert.equal(await page.evaluate(() => cur_frm.doc.stage), "recognition");

	const offered = await pick(page, "公示环节", "评估", "评估结果公示期");
	assert.equal(offered.length, 1);
	assert.ok(offered[0].startsWith("评估结果公示期"));
	await docValue(page, "stage", "evaluation");
	assert.ok((await shown(page, "公示环节")).startsWith("评估结果公示期"));
	await page.screenshot({ path: `${SHOTS}choices-5-notice-stage-picked.png` });
	await context.close();
});
