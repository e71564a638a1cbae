// Issue #16 item 1: a programme whose two forms were made in the desk (西咸新区新型研发机构认定). The
// Policy Administrator registers them as a programme family on the 政策类别 form and makes its workflow
// with 创建审批流程, by clicking; an applicant then fills the desk-made form by its own labels, picks
// its type by the scheme's label, and reads the eligibility panel of the scheme's conditions on the
// form's own fields, submits it with the workflow button, and the district officer and the bureau officer
// recommend and accept it with theirs; experts review it, the leader approves, a notice runs and the
// officer certifies it into the desk-made record; that record's evaluation of the year is then graded by
// an expert, confirmed, published in the year's round, and its reward approved by the leader. The bureau's site administrator (System Manager: Frappe lets no other role make a
// DocType) builds the two forms in the desk — 新建 DocType, then each field in the Form Builder by its
// type's Chinese name, its 标签 and 名称. The scheme is a copy of XX-SVC (⋯ → 复制) with its conditions
// replaced by three typed in their rows, each 填报项 picked from the desk-made form's own fields by its
// label; its call is opened from the call form. Everything made is removed afterwards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
	ADMIN_PASSWORD, BASE, SHOTS, call, clickAction, closeBrowser, control, creditCode, dialogControl, ensureUser, eligibilityPanel,
	exactly, launch, openedDialog, openGridRow, pick, rowField, saveForm, session, setDate, submitReview, tick, type, typeInDialog,
	waitForState,
} from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const SITE = process.env.SITE;
const BENCH = process.env.FRAPPE_BENCH || resolve(process.cwd(), "..");
const APP = "RD Institution Application";
const RECORD = "RD Institution";
const FAMILY = "rd_institution_b";
const SCHEME = "XX-RDB";
const ADMIN = "desk.made.admin@policy.test";
const BUILDER = "desk.made.builder@policy.test"; // the bureau's site administrator
const APPLICANT = `desk.made.applicant${RUN}@policy.test`;
const OFFICER = `desk.made.officer${RUN}@policy.test`;
const BUREAU = `desk.made.bureau${RUN}@policy.test`;
const LEADER = `desk.made.leader${RUN}@policy.test`;
const EXPERTS = [0, 1, 2].map((i) => `desk.made.expert${i}.${RUN}@policy.test`);
// a field of this run's experts only, so that no other expert joins the panel
const FIELD = `研发机构评审${RUN}`;
let admin, callTitle, orgName, orgId, appName, recordName;

async function desk(method, path) {
	const r = await admin.request.fetch(`${BASE}${path}`, { method, headers: { Accept: "application/json" } });
	return r.status();
}

// the cases of the desk-made forms, their expert reviews and draws, straight from the site's tables: a
// certified case, its certificate and a submitted review are kept by design (nobody deletes them in the
// desk), and they link the scheme, the call and the forms that the removal below takes away
function removeCases() {
	const script = `
import json, sys
import frappe
frappe.init(site=sys.argv[1], sites_path="."); frappe.connect()
app, record, scheme = json.loads(sys.argv[2])
for dt in (app, record):
	if frappe.db.exists("DocType", dt):
		for df in frappe.get_meta(dt).get_table_fields():
			frappe.db.delete(df.options, {"parenttype": dt})
		frappe.db.delete(dt, {"name": ["is", "set"]})
reviews = frappe.get_all("Expert Review", filters={"reference_doctype": app}, pluck="name")
for df in frappe.get_meta("Expert Review").get_table_fields():
	frappe.db.delete(df.options, {"parenttype": "Expert Review", "parent": ["in", reviews or [""]]})
frappe.db.delete("Expert Review", {"reference_doctype": app})
frappe.db.delete("Expert Draw", {"scheme": scheme})
# the certified record's annual report
for name in frappe.get_all("Annual Report", filters={"record_doctype": record}, pluck="name"):
	for df in frappe.get_meta("Annual Report").get_table_fields():
		frappe.db.delete(df.options, {"parenttype": "Annual Report", "parent": name})
	frappe.db.delete("Annual Report", {"name": name})
# next year's evaluation of the certified record, its round and the reward it granted
for dt in ("Policy Reward", "Policy Evaluation", "Evaluation Round"):
	names = frappe.get_all(dt, filters={"scheme": scheme}, pluck="name")
	for df in frappe.get_meta(dt).get_table_fields():
		frappe.db.delete(df.options, {"parenttype": dt, "parent": ["in", names or [""]]})
	frappe.db.delete(dt, {"scheme": scheme})
frappe.db.commit()
`;
	assert.ok(SITE && existsSync(`${BENCH}/env/bin/python`), "the bench of the site (FRAPPE_BENCH)");
	execFileSync(`${BENCH}/env/bin/python`, ["-c", script, SITE, JSON.stringify([APP, RECORD, SCHEME])], { cwd: `${BENCH}/sites`, stdio: "pipe" });
}

// what an interrupted earlier run left, and what this run made
async function removeAll() {
	const list = async (doctype, filters) =>
		(await call(admin, "GET", `/api/resource/${encodeURIComponent(doctype)}?filters=${encodeURIComponent(JSON.stringify(filters))}&limit_page_length=0`)).data.map((r) => r.name);
	const known = async (doctype) => (await desk("GET", `/api/resource/DocType/${encodeURIComponent(doctype)}`)) === 200;
	removeCases();
	for (const n of await list("Public Notice", [["scheme", "=", SCHEME]])) {
		await desk("POST", `/api/method/frappe.client.cancel?doctype=Public%20Notice&name=${encodeURIComponent(n)}`);
		await desk("DELETE", `/api/resource/Public Notice/${n}`);
	}
	for (const n of await list("Call for Applications", [["scheme", "=", SCHEME]])) await desk("DELETE", `/api/resource/Call for Applications/${encodeURIComponent(n)}`);
	for (const n of await list("Policy Expert", [["technical_fields", "like", "研发机构评审%"]])) await desk("DELETE", `/api/resource/Policy Expert/${n}`);
	await desk("DELETE", `/api/resource/Policy Scheme/${SCHEME}`);
	for (const n of await list("Workflow", [["document_type", "=", APP]])) await desk("DELETE", `/api/resource/Workflow/${encodeURIComponent(n)}`);
	for (const dt of [APP, RECORD]) await desk("DELETE", `/api/resource/Client Script/${encodeURIComponent(`policy_app: ${dt}`)}`);
	await desk("DELETE", `/api/resource/Programme Family/${FAMILY}`);
	for (const n of await list("Translation", [["context", "in", [APP, RECORD]]])) await desk("DELETE", `/api/resource/Translation/${n}`);
	for (const dt of [APP, RECORD]) {
		if (!(await known(dt))) continue;
		const status = await desk("DELETE", `/api/resource/DocType/${encodeURIComponent(dt)}`);
		assert.ok([200, 202].includes(status), `the DocType ${dt} is removed (${status})`);
	}
}

before(async () => {
	await launch();
	admin = await session("Administrator", ADMIN_PASSWORD);
	await removeAll();
	await ensureUser(admin, ADMIN, ["Policy Administrator"]);
	await ensureUser(admin, BUILDER, ["System Manager", "Policy Administrator"]);
	const district = `研发机构测试新城${RUN}`;
	await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	orgName = `研发机构测试单位${RUN}`;
	const org = orgId = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: orgName, unified_social_credit_code: creditCode("MN", RUN), recommending_district: district, host_kind: "Enterprise",
	})).data.name;
	await ensureUser(admin, APPLICANT, ["Policy Applicant"], [["Applicant Organization", org]]);
	await ensureUser(admin, OFFICER, ["District Officer"], [["District", district]]);
	await ensureUser(admin, BUREAU, ["Bureau Officer"]);
	await ensureUser(admin, LEADER, ["Bureau Leader"]);
	for (const [i, email] of EXPERTS.entries()) {
		await ensureUser(admin, email, ["Policy Expert"]);
		await call(admin, "POST", "/api/resource/Policy Expert", { user: email, expert_name: `研发评审专家${"甲乙丙"[i]}${RUN}`, active: 1, technical_fields: FIELD });
	}
});

after(async () => {
	if (admin) {
		await removeAll();
		await admin.close();
	}
	await closeBrowser();
});

// ---- the Form Builder, as a person uses it

// 新建 DocType: its 名称 and 模块 in Frappe's dialog, then Create & Continue
async function newDocType(page, name) {
	await page.goto(`${BASE}/app/doctype/new`);
	const modal = page.locator(".modal.show").filter({ has: page.locator("input[data-fieldname='module']") }).last();
	await modal.waitFor({ timeout: 30000 });
	await typeInDialog(modal, "名称", name);
	const module = dialogControl(modal, "模").locator("input");
	await module.click();
	await module.pressSequentially("Recogn", { delay: 30 });
	await page.locator(".awesomplete [role=option]:visible").filter({ hasText: "Recognition" }).first().click();
	await modal.locator(".btn-primary").click();
	await page.waitForFunction((n) => window.cur_frm?.doctype === "DocType" && cur_frm.docname === n, name, { timeout: 30000 });
	await page.locator(".form-builder-container").waitFor({ timeout: 30000 });
}

// a field added in the Form Builder: Add field, its type by the name the desk shows, then its 标签 and
// 名称 in the sidebar
async function addField(page, typeZh, label, fieldname) {
	const builder = page.locator(".form-builder-container");
	if (!(await builder.locator(".field").count())) {
		const section = builder.getByRole("button", { name: "添加新部分" });
		if (await section.count()) await section.first().click();
	}
	await builder.getByRole("button", { name: "Add field" }).last().click();
	const search = page.locator("input[placeholder='Search fieldtypes...']:visible");
	await search.fill(typeZh);
	await search.locator("xpath=../..").getByText(typeZh, { exact: true }).first().click();
	const sidebar = page.locator(".sidebar-container");
	const prop = (name) => sidebar.locator(".frappe-control").filter({ has: page.locator(".control-label", { hasText: exactly(name) }) }).first().locator("input");
	await prop("标签").fill(label);
	await prop("名称").fill(fieldname);
	await prop("名称").press("Tab");
}

async function buildDocType(page, name, fields) {
	await newDocType(page, name);
	for (const [typeZh, label, fieldname] of fields) await addField(page, typeZh, label, fieldname);
	await page.screenshot({ path: `${SHOTS}desk-made-form-builder-${name.toLowerCase().replaceAll(" ", "-")}.png` });
	await saveForm(page);
	const meta = (await call(admin, "GET", `/api/resource/DocType/${encodeURIComponent(name)}`)).data;
	for (const [, label, fieldname] of fields) {
		assert.ok(meta.fields.some((f) => f.fieldname === fieldname && f.label === label), `${name} has ${label} (${fieldname})`);
	}
	assert.equal(meta.custom, 1);
}

test("the site administrator builds the application form and the certified record in the Form Builder", async () => {
	const ctx = await session(BUILDER);
	const page = await ctx.newPage();
	await buildDocType(page, APP, [
		["数据", "机构名称", "institution_name"],
		["整数", "研发人员数", "rd_staff"],
		["百分之", "研发投入占营业收入比例", "rd_spend_share"],
		["校验", "具有独立法人资格", "independent_legal_person"],
	]);
	await buildDocType(page, RECORD, [["数据", "机构名称", "institution_name"]]);
	await ctx.close();
});

test("the administrator registers the two desk-made forms as a programme family and makes its workflow, by clicking", async () => {
	const ctx = await session(ADMIN);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/programme-family/new`);
	await page.waitForFunction(() => window.cur_frm?.doc?.__islocal && cur_frm.doctype === "Programme Family", null, { timeout: 30000 });
	await type(page, "代码", FAMILY);
	await type(page, "名称（中文）", "新型研发机构");
	await pick(page, "申请表", APP, APP);
	await pick(page, "认定记录", RECORD, RECORD);
	await type(page, "证书编号规则", "{scheme}-{year}-.####");
	await type(page, "公示名称字段", "institution_name");
	await page.screenshot({ path: `${SHOTS}desk-made-family.png`, fullPage: true });
	await saveForm(page);
	await page.getByRole("button", { name: "创建审批流程" }).click();
	await page.waitForFunction((dt) => window.cur_frm?.doctype === "Workflow" && cur_frm.doc.document_type === dt, APP, { timeout: 30000 });
	const states = await page.evaluate(() => cur_frm.doc.states.map((s) => [s.state, s.policy_stage]));
	assert.ok(states.length >= 10 && states.every(([, stage]) => stage), `every state has its stage: ${JSON.stringify(states)}`);
	await page.screenshot({ path: `${SHOTS}desk-made-workflow.png` });
	await ctx.close();
});

test("the administrator makes the programme's scheme from a copy of XX-SVC, types its three conditions, and opens its call, by clicking", async () => {
	const ctx = await session(ADMIN);
	const page = await ctx.newPage();
	try {
		await makeScheme(ctx, page);
	} catch (e) {
		await page.screenshot({ path: `${SHOTS}desk-made-scheme-failed.png`, fullPage: true });
		throw e;
	}
	await ctx.close();
});

async function makeScheme(ctx, page) {
	await page.goto(`${BASE}/app/policy-scheme/XX-SVC`);
	await page.waitForFunction(() => window.cur_frm?.doc?.name === "XX-SVC" && cur_frm.doc.__onload, null, { timeout: 60000 });
	// ⋯ → 复制: a new scheme with XX-SVC's types, grades, rewards and review rules
	await page.locator(".page-head .menu-btn-group button:visible").first().click();
	await page.locator(".dropdown-menu.show .dropdown-item").filter({ hasText: /^\s*复制(\s|$)/ }).first().click();
	await page.waitForFunction(() => window.cur_frm?.doc?.__islocal && cur_frm.doctype === "Policy Scheme", null, { timeout: 30000 });
	await type(page, "代码", SCHEME);
	await type(page, "名称（中文）", `西咸新区新型研发机构认定办法 ${RUN}`);
	await pick(page, "政策类别", FAMILY, "新型研发机构");
	await setDate(page, "施行日期", "2023-10-01");
	await type(page, "有效期（年）", 10);
	// XX-SVC's own print of its application form is not this form's
	const print = control(page, "申请书打印格式").locator("input").first();
	if (await print.count()) await print.fill("");
	// XX-SVC's conditions ask the service institution's form: all taken off, three of this form's own typed
	await page.locator(".form-tabs .nav-link:visible").filter({ hasText: /^\s*类型与申报条件\s*$/ }).first().click();
	const grid = page.locator(".frappe-control[data-fieldname='eligibility_conditions']");
	await grid.locator(".grid-heading-row input.grid-row-check").first().check();
	await grid.locator(".grid-remove-rows").filter({ hasText: "删除" }).click();
	await page.waitForFunction(() => cur_frm.doc.eligibility_conditions.length === 0, null, { timeout: 15000 });
	const conditions = [
		["rd1", "第四条第（一）项", "具有独立法人资格", "独立法人", "具有独立法人资格", "是", null],
		["rd2", "第四条第（二）项", "研发人员不少于10人", "研发人员", "研发人员数", "不少于", 10],
		["rd3", "第四条第（三）项", "研发投入占营业收入比例不低于3%", "研发投入", "研发投入占营业收入比例", "不少于", 3],
	];
	for (const [i, [code, article, label, typed, field, operator, value]] of conditions.entries()) {
		await grid.locator(".grid-add-row").filter({ hasText: "添加行" }).click();
		await page.waitForFunction((n) => cur_frm.doc.eligibility_conditions.length === n, i + 1, { timeout: 15000 });
		const form = await openGridRow(page, "eligibility_conditions", i + 1);
		await rowField(form, "代码").locator("input").fill(code);
		await rowField(form, "条款").locator("input").fill(article);
		await rowField(form, "名称（中文）").locator("input").fill(label);
		// 填报项: the desk-made form's own fields, offered by their labels
		const fact = rowField(form, "填报项").locator("input");
		await fact.click();
		await fact.fill(typed);
		await page.locator(".awesomplete li:visible").filter({ hasText: field }).first().click();
		await rowField(form, "判断方式").locator("select").selectOption({ label: operator });
		if (value !== null) await rowField(form, "值").locator("input").fill(String(value));
		await page.keyboard.press("Tab");
		await form.locator(".grid-collapse-row").first().click();
		await page.locator(".grid-row-open").waitFor({ state: "detached", timeout: 15000 });
	}
	const typedRows = await page.evaluate(() => cur_frm.doc.eligibility_conditions.map((r) => [r.code, r.fact, r.operator, r.value || null]));
	assert.deepEqual(typedRows, [
		["rd1", "independent_legal_person", "is_true", null],
		["rd2", "rd_staff", "gte", 10],
		["rd3", "rd_spend_share", "gte", 3],
	]);
	await page.screenshot({ path: `${SHOTS}desk-made-scheme-conditions.png`, fullPage: true });
	await saveForm(page);
	await page.waitForFunction((c) => cur_frm.doc.name === c && !cur_frm.is_dirty(), SCHEME, { timeout: 30000 });
	// the copy keeps XX-SVC's grade bands and types; the stored conditions are the three typed
	const stored = (await call(ctx, "GET", `/api/resource/Policy Scheme/${SCHEME}`)).data;
	assert.equal(stored.family, FAMILY);
	assert.deepEqual(stored.eligibility_conditions.map((r) => r.code), ["rd1", "rd2", "rd3"]);
	assert.ok(stored.grade_bands.length >= 3 && stored.categories.some((c) => c.code === "professional"));

	// the call for applications, open from five days ago for twenty days
	callTitle = `新型研发机构认定申报 ${RUN}`;
	await page.goto(`${BASE}/app/call-for-applications/new`);
	await control(page, "标题").waitFor({ timeout: 30000 });
	await type(page, "标题", callTitle);
	await pick(page, "政策方案", SCHEME, SCHEME);
	const day = (d) => page.evaluate((n) => frappe.datetime.add_days(frappe.datetime.get_today(), n), d);
	await type(page, "年度", await page.evaluate(() => Number(frappe.datetime.get_today().slice(0, 4))));
	await setDate(page, "开始日期", await day(-5));
	await setDate(page, "截止日期", await day(20));
	await saveForm(page);
	await page.waitForFunction(() => !cur_frm.is_new(), null, { timeout: 30000 });
}

test("an applicant fills the desk-made form by its labels and reads its own conditions in the panel", async () => {
	const ctx = await session(APPLICANT);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/${APP.toLowerCase().replaceAll(" ", "-")}/new`);
	await control(page, "申报通知").waitFor({ timeout: 30000 });
	await pick(page, "申报通知", RUN, callTitle);
	await pick(page, "申报单位", "研发机构测试", orgName);
	await type(page, "机构名称", "秦创原新型研发机构");
	await type(page, "研发人员数", 8);
	await type(page, "研发投入占营业收入比例", 5);
	await tick(page, "具有独立法人资格");
	await saveForm(page);
	// the type is picked by the scheme's label, as on the shipped forms
	await pick(page, "类型", "专业服务", "专业服务类机构");
	await saveForm(page);
	let rows = await eligibilityPanel(page);
	const byArticle = (article) => rows.find((r) => r["条款"] === article);
	assert.equal(byArticle("第四条第（二）项")?.["条件"], "研发人员不少于10人", JSON.stringify(rows));
	assert.equal(byArticle("第四条第（二）项")["满足"], false, "8 research staff are fewer than 10");
	assert.equal(byArticle("第四条第（一）项")["满足"], true);
	assert.equal(byArticle("第四条第（三）项")["满足"], true);
	await page.screenshot({ path: `${SHOTS}desk-made-applicant-8-staff.png`, fullPage: true });
	await type(page, "研发人员数", 12);
	await saveForm(page);
	rows = await eligibilityPanel(page);
	assert.ok(rows.filter((r) => r["条款"].startsWith("第四条")).every((r) => r["满足"]), JSON.stringify(rows));
	// the type field reads its label, not the code the engine reads
	assert.equal(await control(page, "类型").locator("input").inputValue(), "专业服务类机构");
	assert.equal(await page.evaluate(() => cur_frm.doc.base_type), "professional");
	await page.screenshot({ path: `${SHOTS}desk-made-applicant-12-staff.png`, fullPage: true });
	appName = await page.evaluate(() => cur_frm.docname);
	await ctx.close();
});

// the desk-made case opened by `user`, once it stands in the state `zh`
async function openCase(user, zh) {
	const ctx = await session(user);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/${APP.toLowerCase().replaceAll(" ", "-")}/${appName}`);
	await waitForState(page, zh);
	return { ctx, page };
}

test("the applicant submits the desk-made application, the district recommends it and the bureau accepts it, by clicking", async () => {
	assert.ok(appName, "the applicant's application of the test before");
	// the applicant makes the pledge and submits with the workflow button
	let { ctx, page } = await openCase(APPLICANT, "草稿");
	await tick(page, "我单位作出上述承诺");
	await saveForm(page);
	await clickAction(page, "提交");
	await waitForState(page, "已提交推荐部门");
	await page.screenshot({ path: `${SHOTS}desk-made-submitted.png`, fullPage: true });
	// the signed and sealed scan of the frozen copy, uploaded with the form's button
	await page.getByRole("button", { name: "上传签章扫描件" }).click();
	const uploader = page.locator(".modal.show").last();
	await uploader.locator("input[type=file]").setInputFiles({ name: `${appName}-signed.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 signed") });
	await uploader.getByRole("button", { name: "上传" }).click();
	await page.waitForFunction(() => cur_frm.doc.signed_scan, null, { timeout: 30000 });
	await ctx.close();
	// the district officer of its district ticks each item of the formal-review checklist, writes the
	// opinion and recommends
	({ ctx, page } = await openCase(OFFICER, "已提交推荐部门"));
	const checklist = control(page, "形式审查清单").and(page.locator('[data-fieldtype="Table"]'));
	const items = await checklist.locator(".grid-body .grid-row").count();
	assert.ok(items > 0, "the scheme's formal-review items are on the form");
	for (let i = 1; i <= items; i++) {
		const cell = checklist.locator(`.grid-row[data-idx="${i}"] .grid-static-col[data-fieldname="result"]`);
		await cell.click();
		await cell.locator("select").selectOption({ label: "通过" });
	}
	await page.waitForFunction(() => cur_frm.doc.formal_review.every((r) => r.result === "Pass"), null, { timeout: 15000 });
	await type(page, "推荐意见", "经审查，研发机构材料齐全，同意推荐。");
	await saveForm(page);
	await clickAction(page, "推荐");
	await waitForState(page, "待科技局受理");
	await ctx.close();
	// the bureau officer accepts it; the approval log on the form holds both steps and the opinion
	({ ctx, page } = await openCase(BUREAU, "待科技局受理"));
	await clickAction(page, "受理");
	await waitForState(page, "已受理");
	await page.getByText("审批记录").first().scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}desk-made-accepted.png`, fullPage: true });
	// the district's opinion as the bureau officer reads it (in the box, or as text where it is read-only)
	const opinion = control(page, "推荐意见");
	const box = opinion.locator("textarea:visible");
	const shown = (await box.count()) ? await box.inputValue() : await opinion.locator(".control-value").innerText();
	assert.equal(shown.trim(), "经审查，研发机构材料齐全，同意推荐。");
	// the approval log: each role's step by its user, the scan's upload between them
	const log = (await call(ctx, "GET", `/api/resource/${encodeURIComponent(APP)}/${appName}`)).data.approval_log;
	const steps = log.filter((r) => ["Submit", "Recommend", "Accept"].includes(r.action)).map((r) => [r.action, r.user]);
	assert.deepEqual(steps, [["Submit", APPLICANT], ["Recommend", OFFICER], ["Accept", BUREAU]]);
	await ctx.close();
});

test("the bureau officer draws the panel, three experts score from their own pages, the leader approves, by clicking", async () => {
	assert.ok(appName, "the accepted application of the test before");
	let { ctx, page } = await openCase(BUREAU, "已受理");
	await clickAction(page, "组织专家评审");
	await waitForState(page, "专家评审");
	await page.getByRole("button", { name: "抽取评审专家" }).click();
	const draw = await openedDialog(page, "抽取评审专家");
	await dialogControl(draw, "抽取人数").locator("input").fill("3");
	await dialogControl(draw, "专业领域").locator("input").fill(FIELD);
	await page.locator(".modal.show .btn-primary", { hasText: "抽取" }).click();
	await page.waitForFunction(() => document.querySelectorAll(".expert-panel-table tbody tr").length === 3, null, { timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}desk-made-panel.png` });
	await ctx.close();
	// each expert opens the review waiting on their own page, scores the criteria the scheme copied
	// from XX-SVC (40, 30, 30), recommends and submits
	for (const [i, email] of EXPERTS.entries()) {
		ctx = await session(email);
		page = await ctx.newPage();
		await page.goto(`${BASE}/app/my-expert-reviews`);
		const item = page.locator(".quick-list-item").first();
		await item.waitFor({ timeout: 30000 });
		await item.click();
		await page.waitForURL(/\/app\/expert-review\//, { timeout: 30000 });
		await submitReview(page, [36, 25, 27 - i], "支持", "研发能力较强，同意支持。", 88 - i);
		await ctx.close();
	}
	// the panel's mean on the case; the bureau officer sends it to the leadership
	({ ctx, page } = await openCase(BUREAU, "专家评审"));
	await page.waitForFunction(() => document.querySelector(".expert-panel")?.innerText.includes("已提交评审意见：3 份"), null, { timeout: 30000 });
	assert.match(await page.locator(".expert-panel").innerText(), /得分：87(\.00)?（平均分）/);
	await clickAction(page, "报领导审定");
	await waitForState(page, "领导审定");
	await ctx.close();
	({ ctx, page } = await openCase(LEADER, "领导审定"));
	await clickAction(page, "批准");
	await waitForState(page, "已批准");
	await page.screenshot({ path: `${SHOTS}desk-made-approved.png`, fullPage: true });
	await ctx.close();
});

test("the bureau officer lists it in a public notice, and certifies it once the notice has run; the certificate is the desk-made record", async () => {
	assert.ok(appName, "the approved application of the test before");
	const ctx = await session(BUREAU);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/public-notice/new`);
	await control(page, "标题").waitFor({ timeout: 30000 });
	await type(page, "标题", `新型研发机构认定名单公示 ${RUN}`);
	await pick(page, "政策方案", SCHEME, SCHEME);
	// the list went up on the bureau's website a month ago: recorded with the day it was posted
	const posted = await page.evaluate(() => frappe.datetime.add_days(frappe.datetime.get_today(), -30));
	await setDate(page, "发布日期", posted);
	const grid = control(page, "明细").and(page.locator('[data-fieldtype="Table"]'));
	await grid.locator(".grid-add-row").click();
	const typeCell = grid.locator('.grid-row[data-idx="1"] .grid-static-col[data-fieldname="reference_doctype"]');
	await typeCell.click();
	await typeCell.locator("input").fill("RD Institution App");
	await page.locator(".awesomplete [role=option]:visible").filter({ hasText: APP }).first().click();
	const recordCell = grid.locator('.grid-row[data-idx="1"] .grid-static-col[data-fieldname="reference_name"]');
	await recordCell.click();
	await recordCell.locator("input").fill(appName);
	await page.locator(".awesomplete [role=option]:visible").filter({ hasText: appName }).first().click();
	await page.waitForFunction((n) => cur_frm.doc.items?.[0]?.reference_name === n, appName, { timeout: 15000 });
	await saveForm(page);
	await page.locator(".page-actions .primary-action").filter({ hasText: "提交" }).first().click();
	await page.locator(".modal.show .btn-primary").filter({ hasText: /是|确定|Yes/ }).first().click();
	await page.waitForFunction(() => window.cur_frm && cur_frm.doc.docstatus === 1, null, { timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}desk-made-notice.png`, fullPage: true });
	// the case is on notice; its working days have run, so the officer certifies it
	await page.goto(`${BASE}/app/${APP.toLowerCase().replaceAll(" ", "-")}/${appName}`);
	await waitForState(page, "公示");
	await clickAction(page, "认定");
	await waitForState(page, "已认定");
	// the case's 认定记录 leads to the certificate
	const link = control(page, "认定记录").locator("a").first();
	await link.waitFor({ timeout: 30000 });
	const record = (await link.innerText()).trim();
	assert.ok(record, "the case names its certified record");
	await link.click();
	await page.waitForFunction((dt) => window.cur_frm?.doctype === dt && !cur_frm.is_new(), RECORD, { timeout: 30000 });
	// the certificate number is the record's name: the form's title, as Frappe shows a record named by a field
	const number = (await page.locator(".page-head:visible .title-text").first().innerText()).trim();
	assert.match(number, new RegExp(`^${SCHEME}-\\d{4}-\\d{4}$`));
	assert.equal(number, record);
	recordName = record;
	// its own question, asked by the application form too, keeps the applicant's answer
	const answer = control(page, "机构名称").locator("input");
	assert.equal(await answer.inputValue(), "秦创原新型研发机构");
	// the type it was certified as, by the scheme's label, as on the application
	const certifiedAs = control(page, "类型").locator(".control-value");
	await certifiedAs.filter({ hasText: "专业服务类机构" }).waitFor({ timeout: 15000 });
	assert.equal((await certifiedAs.innerText()).trim(), "专业服务类机构");
	await page.screenshot({ path: `${SHOTS}desk-made-certified-record.png`, fullPage: true });
	await ctx.close();
});

async function statusIs(page, text) {
	await page.waitForFunction((t) => document.querySelector('.frappe-control[data-fieldname="status"]')?.innerText.includes(t), text, { timeout: 90000 });
}

test("the year's evaluation of the certified record: the district sends it to an expert, the expert grades it 优秀, the bureau confirms and publishes the round, the leader approves its reward", async () => {
	assert.ok(recordName, "the certified record of the test before");
	const year = new Date().getFullYear();
	const expertName = `研发评审专家甲${RUN}`;
	// the district officer opens the record's evaluation, picks the expert from the pool and sends it
	let ctx = await session(OFFICER);
	let page = await ctx.newPage();
	await page.goto(`${BASE}/app/policy-evaluation/new`);
	await control(page, "政策方案").waitFor({ timeout: 30000 });
	await pick(page, "政策方案", SCHEME, SCHEME);
	await type(page, "评估年度", year);
	await pick(page, "认定记录类型", "RD Institution", RECORD);
	await pick(page, "认定记录", recordName, recordName);
	const experts = control(page, "评审专家").and(page.locator('[data-fieldtype="Table"]'));
	await experts.locator(".grid-add-row").click();
	const cell = experts.locator(".grid-body .grid-row").last().locator(".grid-static-col[data-fieldname='expert_user']");
	await cell.click();
	await cell.locator("input").fill(expertName);
	await page.locator(".awesomplete [role=option]:visible").filter({ hasText: expertName }).first().click();
	await page.waitForFunction((u) => cur_frm.doc.experts?.some((e) => e.expert_user === u), EXPERTS[0], { timeout: 15000 });
	await saveForm(page);
	// the organisation comes with the record
	assert.equal(await page.evaluate(() => cur_frm.doc.organization), orgId);
	const evaluation = await page.evaluate(() => cur_frm.docname);
	await clickAction(page, "提交专家评分");
	await waitForState(page, "专家评分");
	await ctx.close();

	// the expert awards the grade on the form (XX-SVC §8, copied: the experts grade it) and submits
	ctx = await session(EXPERTS[0]);
	page = await ctx.newPage();
	await page.goto(`${BASE}/app/policy-evaluation/${evaluation}`);
	await waitForState(page, "专家评分");
	await pick(page, "专家评定等次", "优秀", "优秀");
	await saveForm(page);
	await page.getByRole("button", { name: "评分", exact: true }).click();
	const sheet = await openedDialog(page, "我的评分");
	await sheet.locator(".btn-primary").filter({ hasText: "提交我的评分" }).click();
	await page.locator(".modal.show").waitFor({ state: "hidden", timeout: 30000 });
	await waitForState(page, "科技局审核");
	await page.screenshot({ path: `${SHOTS}desk-made-evaluation-graded.png`, fullPage: true });
	await ctx.close();

	// the bureau officer confirms it, then previews and publishes the year's round (on the queue)
	ctx = await session(BUREAU);
	page = await ctx.newPage();
	await page.goto(`${BASE}/app/policy-evaluation/${evaluation}`);
	await waitForState(page, "科技局审核");
	await clickAction(page, "确认");
	await waitForState(page, "已确认");
	await page.goto(`${BASE}/app/evaluation-round/new`);
	await control(page, "政策方案").waitFor({ timeout: 30000 });
	await pick(page, "政策方案", SCHEME, SCHEME);
	await type(page, "评估年度", year);
	await saveForm(page);
	await statusIs(page, "草稿");
	await page.getByRole("button", { name: "预览等次" }).click();
	await statusIs(page, "已预览");
	await page.getByRole("button", { name: "发布" }).click();
	await page.locator(".modal.show .btn-primary").filter({ hasText: /是|Yes/ }).click();
	await statusIs(page, "已发布");
	await page.screenshot({ path: `${SHOTS}desk-made-round-published.png`, fullPage: true });
	const round = await page.evaluate(() => cur_frm.docname);
	// the evaluation reads its final grade by its name
	await page.goto(`${BASE}/app/policy-evaluation/${evaluation}`);
	await page.waitForFunction((n) => window.cur_frm?.doc?.name === n && cur_frm.doc.published, evaluation, { timeout: 30000 });
	const grade = await page.evaluate(() => document.querySelector('.frappe-control[data-fieldname="final_grade"] .control-value')?.textContent.trim());
	assert.equal(grade, "优秀");
	await ctx.close();

	// the reward the scheme grants a first 优秀 (XX-SVC §8's rules, copied), approved by the leader
	const filters = encodeURIComponent(JSON.stringify([["evaluation_round", "=", round], ["organization", "=", orgId]]));
	const rewards = (await call(admin, "GET", `/api/resource/Policy Reward?filters=${filters}&fields=${encodeURIComponent('["name","rule","amount","year"]')}`)).data;
	assert.deepEqual(rewards.map((r) => [r.rule, Number(r.amount), r.year]), [["svc_medal_bronze", 100000, year]]);
	ctx = await session(LEADER);
	page = await ctx.newPage();
	await page.goto(`${BASE}/app/policy-reward/${rewards[0].name}`);
	await waitForState(page, "拟奖补");
	await clickAction(page, "批准");
	await waitForState(page, "已批准");
	await page.screenshot({ path: `${SHOTS}desk-made-reward-approved.png`, fullPage: true });
	await ctx.close();
});

test("the organisation files the desk-made record's annual report: 认定记录类型 offers the families' certified records, the desk-made one included", async () => {
	assert.ok(recordName, "the certified record of the test before");
	const year = new Date().getFullYear();
	const ctx = await session(APPLICANT);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/annual-report/new`);
	await control(page, "认定记录类型").waitFor({ timeout: 30000 });
	// the box's list, as a click shows it, offers the certified records, the desk-made one among them,
	// and no application form
	const input = control(page, "认定记录类型").locator("input").first();
	await input.click();
	const list = page.locator(".awesomplete [role=option]:visible");
	await list.filter({ hasText: RECORD }).first().waitFor({ timeout: 15000 });
	const offered = await list.allInnerTexts();
	assert.ok(offered.some((t) => t.includes("国际科技合作基地")), `the shipped kinds are offered: ${offered}`);
	assert.ok(!offered.some((t) => t.includes(APP) || t.includes("申报")), `no application form is offered: ${offered}`);
	await input.press("Escape");
	await page.waitForTimeout(1000);
	await pick(page, "认定记录类型", "RD Institution", RECORD);
	await pick(page, "认定记录", recordName, recordName);
	await type(page, "报告年度", year);
	await saveForm(page);
	// the organisation and the scheme come from the record
	const doc = await page.evaluate(() => ({ organization: cur_frm.doc.organization, scheme: cur_frm.doc.scheme, record: cur_frm.doc.record_name }));
	assert.deepEqual(doc, { organization: orgId, scheme: SCHEME, record: recordName });
	await page.screenshot({ path: `${SHOTS}desk-made-annual-report.png`, fullPage: true });
	await ctx.close();
});
