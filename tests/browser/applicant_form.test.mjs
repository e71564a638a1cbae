// An applicant fills a cooperation base application in the desk, in Chinese, as a person does: every
// field is found by the label the applicant reads, the call and the organisation are picked from the
// link dropdowns, the boxes ticked are what is true of a qualified honest applicant, the numbers are
// typed, and the form is saved with its 保存 button. The test reads the eligibility panel on the page
// (申报条件核验, its 满足 ticks and 原因) and the 全部条件满足 box, never the API. The calls, the
// organisations and the users are prepared through the REST API as Administrator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, call, closeBrowser, control, creditCode, eligibilityPanel, ensureUser, exactly, launch, pick, saveForm, session, tick, type } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
// one applicant per jurisdiction, each with an organisation registered there
const cases = {
	"XX-BASE": { bureau: "西咸新区科技创新和新经济局", user: "b.form.xx@policy.test", host_kind: "Enterprise" },
	"QD-BASE": { bureau: "青岛市科学技术局", user: "b.form.qd@policy.test", host_kind: "Enterprise" },
	"CQ-BASE": { bureau: "重庆市科学技术局", user: "b.form.cq@policy.test", host_kind: "Science Park" },
};

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	const today = new Date();
	const day = (d) => new Date(today.getTime() + d * 86400000).toISOString().slice(0, 10);
	for (const [i, [scheme, c]] of Object.entries(cases).entries()) {
		// the shipped schemes' effective periods end: keep them in force, as the site tests do
		await call(admin, "PUT", `/api/resource/Policy Scheme/${scheme}`, { effective_from: "2023-10-01", effective_years: 10 });
		const district = `表单测试${scheme}推荐部门${RUN}`;
		await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: c.bureau });
		c.organization = `表单测试${scheme}合作单位${RUN}`;
		const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
			organization_name: c.organization, unified_social_credit_code: creditCode("MF", (Number(RUN) % 3000000) * 3 + i),
			recommending_district: district, host_kind: c.host_kind, registration_date: day(-3 * 365),
		})).data.name;
		await ensureUser(admin, c.user, ["Policy Applicant"], [["Applicant Organization", org]]);
		c.call = `国际科技合作基地认定申报 ${scheme} ${RUN}`;
		await call(admin, "POST", "/api/resource/Call for Applications", {
			title: c.call, scheme, year: today.getFullYear(), opens_on: day(-5), closes_on: day(20),
		});
	}
	await admin.close();
});

after(closeBrowser);

// a new application: the call and the organisation picked, then the base type once the form shows the
// scheme's types (after the first save)
async function newApplication(context, c, shot, typeLabel, hostLabel) {
	const page = await context.newPage();
	await page.goto(`${BASE}/app/cooperation-base-application/new`);
	await page.locator(".page-title").filter({ hasText: "新建 国际科技合作基地申请" }).first().waitFor({ timeout: 30000 });
	await control(page, "申报通知").waitFor({ timeout: 30000 });
	await pick(page, "申报通知", RUN, c.call);
	await pick(page, "申报单位", "表单测试", c.organization);
	await page.screenshot({ path: `${SHOTS}applicant-form-${shot}-call-and-organisation-picked.png` });
	await saveForm(page);
	// 类型 and 依托单位类型 offer the scheme's own labels: typed in Chinese and picked, the code stays internal
	await pick(page, "类型", typeLabel, typeLabel);
	if (hostLabel) await pick(page, "依托单位类型", hostLabel, hostLabel);
	return page;
}

// whether the form's 全部条件满足 box is ticked
async function allConditionsMet(page) {
	const box = page.locator(".frappe-control:visible").filter({ has: page.locator(".label-area", { hasText: exactly("全部条件满足") }) });
	// a read-only box is drawn ticked or not by its class, as in the panel's 满足 column
	return (await box.locator(".disp-area input").getAttribute("class")).includes("disabled-selected");
}

// the rows of an "at least one of" group's options (第六条第6项（1）—（4）) show each option; the group's
// own row (第六条第6项) gives the verdict, so an option not ticked is not a failed condition
const optionOf = (row, rows) => rows.some((g) => g !== row && row["条款"].startsWith(g["条款"]) && row["条款"] !== g["条款"]);

function failedConditions(rows) {
	return rows.filter((r) => !r["满足"] && !optionOf(r, rows));
}

async function assertAllPassed(page, rows) {
	assert.deepEqual(failedConditions(rows), [], "every condition is met");
	assert.ok(await allConditionsMet(page), "全部条件满足 is ticked on the form");
	assert.equal(await page.getByText("不满足申报条件").filter({ visible: true }).count(), 0, "no 不满足申报条件 alert");
}

// 第六条 of XX-BASE as a qualified honest applicant answers it; `except` leaves one box unticked
const XX_TICKS = [
	"工商、税务和统计关系均在西咸新区",
	"独立法人单位",
	"无违法失信记录",
	"具备独立开展或依托海外机构开展国际科技交流合作的条件和能力",
	"具有相对稳定的国际科技合作渠道、人才团队和资金来源",
	"具有高水平科学研究或技术开发能力，与国外科研机构长期合作",
	"取得国际科技合作成果并具有引导示范作用",
];

async function fillXX(page, except = null) {
	for (const label of XX_TICKS) await tick(page, label, label !== except);
	await type(page, "近五年引进海外科技成果、高层次人才的成功案例或承办项目业绩（项）", 3);
	await type(page, "国际科技交流合作队伍人数", 6);
}

test("XX-BASE 第六条: a qualified honest applicant fills the form by its labels and meets every condition", async () => {
	const c = cases["XX-BASE"];
	const context = await session(c.user);
	const page = await newApplication(context, c, "0-xx", "国际科技创新交流合作基地");
	await fillXX(page);
	await page.getByLabel("无违法失信记录", { exact: true }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}applicant-form-1-xx-conditions-ticked.png` });
	await saveForm(page);
	const rows = await eligibilityPanel(page);
	await page.screenshot({ path: `${SHOTS}applicant-form-2-xx-all-conditions-met.png` });
	// §6.1 registration, legal person, credit; §6.2 capability; §6.3 channels; §6.4 cases; §6.5 three staff;
	// §6.6 one of four capabilities (two ticked)
	for (const article of ["第六条第1项", "第六条第2项", "第六条第3项", "第六条第4项", "第六条第5项", "第六条第6项"]) {
		assert.ok(rows.some((r) => r["条款"] === article), `the panel lists ${article}: ${JSON.stringify(rows)}`);
	}
	assert.ok(rows.some((r) => r["条件"] === "无违法失信记录" && r["满足"]), "无违法失信记录 is met");
	assert.ok(rows.some((r) => r["条件"].startsWith("国际科技交流合作队伍人数") && r["满足"]), "six staff meet 不少于3人");
	// two of the four capabilities of §6.6 ticked: 具备以下条件之一 is met
	assert.ok(rows.some((r) => r["条款"] === "第六条第6项" && r["条件"] === "在科技创新体系中发挥积极作用并具备以下条件之一" && r["满足"]));
	await assertAllPassed(page, rows);
	await context.close();
});

test("XX-BASE 第六条第2项: the same applicant without the capability to cooperate internationally sees that condition fail, in Chinese", async () => {
	const c = cases["XX-BASE"];
	const context = await session(c.user);
	const page = await newApplication(context, c, "2b-xx", "国际科技创新交流合作基地");
	const capability = "具备独立开展或依托海外机构开展国际科技交流合作的条件和能力";
	await fillXX(page, capability);
	await page.getByLabel(capability, { exact: true }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}applicant-form-3-xx-capability-unticked.png` });
	await saveForm(page);
	const rows = await eligibilityPanel(page);
	await page.screenshot({ path: `${SHOTS}applicant-form-4-xx-capability-fails.png` });
	const failed = failedConditions(rows);
	assert.deepEqual(failed.map((r) => [r["条款"], r["条件"]]), [["第六条第2项", capability]], JSON.stringify(rows));
	assert.equal(failed[0]["原因"], `第六条第2项：${capability}——不满足：否`);
	assert.ok(!(await allConditionsMet(page)), "全部条件满足 is not ticked");
	await page.getByText("不满足申报条件").filter({ visible: true }).first().waitFor();
	await context.close();
});

test("QD-BASE 第八条、第九条: an honest enterprise applicant meets every condition", async () => {
	const c = cases["QD-BASE"];
	const context = await session(c.user);
	const page = await newApplication(context, c, "4b-qd", "国际示范基地", "企业");
	for (const label of [
		"发展方向与本市产业重点方向一致，具有独立开展国际合作的能力",
		"具有相对稳定的国际科技合作渠道、人才团队和资金来源",
		"有明确目标和实施方案，设有国际科技合作管理机构",
		"国际科技合作有创新并取得显著成效",
		"无严重违背科研诚信要求行为",
		"独立法人单位",
		"制定国际化发展布局并取得显著成效",
		"承担过市级及以上科技计划项目，拥有核心技术和产品",
	]) {
		await tick(page, label);
	}
	// 在本市注册满1年 (§9.1): the registration date comes from the organisation; the applicant reads it
	const registered = await control(page, "在本市注册日期").locator("input").inputValue();
	assert.ok(registered, "the form shows the organisation's registration date");
	await page.getByLabel("无严重违背科研诚信要求行为", { exact: true }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}applicant-form-5-qd-conditions-ticked.png` });
	await saveForm(page);
	const rows = await eligibilityPanel(page);
	await page.screenshot({ path: `${SHOTS}applicant-form-6-qd-all-conditions-met.png` });
	for (const article of ["第八条第（一）项", "第八条第（五）项", "第九条第（二）项", "第九条第（三）项"]) {
		assert.ok(rows.some((r) => r["条款"] === article && r["满足"]), `${article} is met: ${JSON.stringify(rows)}`);
	}
	assert.ok(rows.some((r) => r["条件"] === "无严重违背科研诚信要求行为" && r["满足"]));
	await assertAllPassed(page, rows);
	await context.close();
});

test("CQ-BASE 第五条、第六条: an honest 国际创新园 applicant meets every condition", async () => {
	const c = cases["CQ-BASE"];
	const context = await session(c.user);
	const page = await newApplication(context, c, "6b-cq", "国际创新园");
	for (const label of [
		"在本市境内注册的独立法人机构",
		"具有稳定的国际科技合作队伍、资金来源和专职管理机构",
		"近三年未发生环保、安全等责任事故，未出现科研诚信问题",
		"严格遵守科技保密规定",
		"具有技术研发、企业孵化、技术产业化、智力引进等多种功能和条件，是所在领域或地区国际科技创新资源集聚的重要平台",
		"建立完善的国际科技合作管理机构",
		"能有效推动产学研合作，在提高科技创新能力、培育新的经济增长点和推动产业结构升级等方面取得显著成绩",
		// §10: a park is applied for by its district government or development-zone committee
		"国际创新园由所在地区县（自治县）人民政府或两江新区、西部科学城重庆高新区、万盛经开区管委会提出申请",
	]) {
		await tick(page, label);
	}
	// §6(二) 入驻高新技术企业或创新型企业不少于10户, 市级以上创新平台不少于3个, 海外研发机构或团队不少于2个;
	// §6(三) 长期稳定合作的国（境）外政府、企业、研发机构不少于5个
	await type(page, "入驻高新技术企业或创新型企业（户）", 12);
	await type(page, "市级以上创新平台（个）", 3);
	await type(page, "海外研发机构或研发团队（个）", 2);
	await type(page, "长期稳定合作的国（境）外政府、企业、研发机构（个）", 6);
	await page.getByLabel("近三年未发生环保、安全等责任事故，未出现科研诚信问题", { exact: true }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}applicant-form-7-cq-conditions-ticked.png` });
	await saveForm(page);
	const rows = await eligibilityPanel(page);
	await page.screenshot({ path: `${SHOTS}applicant-form-8-cq-all-conditions-met.png` });
	for (const article of ["第五条第（一）项", "第五条第（二）项", "第五条第（三）项", "第五条第（四）项", "第六条第（二）项", "第六条第（三）项"]) {
		assert.ok(rows.some((r) => r["条款"] === article && r["满足"]), `${article} is met: ${JSON.stringify(rows)}`);
	}
	assert.ok(rows.some((r) => r["条件"] === "近三年未发生环保、安全等责任事故，未出现科研诚信问题" && r["满足"]));
	await assertAllPassed(page, rows);
	await context.close();
});
