// The annual evaluation in the desk, each step by the person whose step it is, in Chinese (issue 19
// items 3–6, issue 15's browser tier):
//  1. the district officer enters the counts of an XX-BASE evaluation in the rubric grid (judged items
//     too, without the experts' points), sees the section subtotals against their caps, picks two experts
//     from the pool and sends it to them;
//  2. each expert opens it, presses 评分 and fills one figure per unit on their own sheet; the first
//     submission leaves it with the experts, the second sends it to the bureau with the panel's mean;
//  3. the bureau officer confirms it, then previews and publishes an XX-INC round: both buttons put a job
//     on Frappe's queue (run.sh starts a worker), the form follows each job by its own id and reloads.
// Records are prepared through the REST API (set-up only); every field a person fills is found by its
// Chinese label.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, PASSWORD, SHOTS, call, clickAction, closeBrowser, creditCode, ensureUser, exactly, launch, openedDialog, saveForm, session, typeInDialog, waitForState } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const YEAR = 2000 + (Number(RUN) % 90); // a year no other run of this test used

let round, evaluation;
const users = {
	bureau: `e.bureau${RUN}@policy.test`,
	officer: `e.officer${RUN}@policy.test`,
	expertA: `e.experta${RUN}@policy.test`,
	expertB: `e.expertb${RUN}@policy.test`,
	incExpert: `e.incexpert${RUN}@policy.test`,
};
const expertNames = { expertA: `评分专家甲${RUN}`, expertB: `评分专家乙${RUN}`, incExpert: `孵化评审专家${RUN}` };
const scores = [95, 70, 50];

async function expertProfile(admin, key) {
	await ensureUser(admin, users[key], ["Policy Expert"]);
	await call(admin, "POST", "/api/resource/Policy Expert", { user: users[key], expert_name: expertNames[key], active: 1 });
}

async function docMethod(context, doctype, name, method, args = {}) {
	return (await call(context, "POST", "/api/method/run_doc_method", { dt: doctype, dn: name, method, args: JSON.stringify(args) })).message;
}

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	for (const key of ["expertA", "expertB", "incExpert"]) await expertProfile(admin, key);
	await ensureUser(admin, users.bureau, ["Bureau Officer"]);

	// an XX-BASE base of the officer's district, evaluated by clicking
	const baseDistrict = `评估浏览器基地新城${RUN}`;
	await call(admin, "POST", "/api/resource/District", { district_name: baseDistrict, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	await ensureUser(admin, users.officer, ["District Officer"], [["District", baseDistrict]]);
	const baseOrg = (await call(admin, "POST", "/api/resource/Applicant Organization", {
		organization_name: `评估浏览器合作基地${RUN}`, unified_social_credit_code: creditCode("ME", `${RUN.slice(-6)}9`),
		recommending_district: baseDistrict, host_kind: "Enterprise",
	})).data.name;
	const base = (await call(admin, "POST", "/api/resource/Cooperation Base", {
		organization: baseOrg, scheme: "XX-BASE", base_type: "coop_base", status: "Active", certified_on: "1999-06-01", valid_until: "2099-12-31",
	})).data.name;
	const officer = await session(users.officer);
	evaluation = (await call(officer, "POST", "/api/resource/Policy Evaluation", {
		scheme: "XX-BASE", year: YEAR, record_doctype: "Cooperation Base", record_name: base,
	})).data.name;
	await officer.close();

	// an XX-INC round of three carriers, scored by their expert (set-up through the API)
	const district = `评估浏览器新城${RUN}`;
	await call(admin, "POST", "/api/resource/District", { district_name: district, district_type: "Recommending Department", parent_district: "西咸新区科技创新和新经济局" });
	const incExpert = await session(users.incExpert);
	for (const [i, score] of scores.entries()) {
		const org = (await call(admin, "POST", "/api/resource/Applicant Organization", {
			organization_name: `评估浏览器孵化器${RUN}-${i}`, unified_social_credit_code: creditCode("MC", `${RUN.slice(-6)}${i}`),
			recommending_district: district, host_kind: "Enterprise",
		})).data.name;
		const carrier = (await call(admin, "POST", "/api/resource/Incubation Carrier", {
			organization: org, scheme: "XX-INC", base_type: "incubator", status: "Active", certified_on: "1999-06-01", valid_until: "2099-12-31",
		})).data.name;
		let ev = (await call(admin, "POST", "/api/resource/Policy Evaluation", {
			scheme: "XX-INC", year: YEAR, record_doctype: "Incubation Carrier", record_name: carrier,
			experts: [{ expert_user: users.incExpert }],
		})).data;
		ev = (await call(admin, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc: ev, action: "Send to Experts" })).message;
		const sheet = await docMethod(incExpert, "Policy Evaluation", ev.name, "scoring_sheet");
		await docMethod(incExpert, "Policy Evaluation", ev.name, "submit_scores", { sheet: Object.fromEntries(sheet.rows.map((r) => [r.row, String(score)])) });
		ev = (await call(admin, "GET", `/api/resource/Policy Evaluation/${ev.name}`)).data;
		assert.equal(ev.workflow_state, "Bureau Review");
		await call(admin, "POST", "/api/method/frappe.model.workflow.apply_workflow", { doc: ev, action: "Confirm" });
	}
	await incExpert.close();
	round = (await call(admin, "POST", "/api/resource/Evaluation Round", { scheme: "XX-INC", year: YEAR })).data.name;
	await admin.close();
});

after(closeBrowser);


// a cell of a form's table: the row that shows `rowText`, the column headed `column`
async function gridCell(page, table, rowText, column) {
	const grid = page.locator(".frappe-control[data-fieldtype='Table']").filter({ has: page.locator(".control-label", { hasText: exactly(table) }) });
	const fieldname = await grid.locator(".grid-heading-row .grid-static-col").filter({ hasText: exactly(column) }).first().getAttribute("data-fieldname");
	const row = grid.locator(".grid-body .grid-row").filter({ hasText: rowText }).first();
	return row.locator(`.grid-static-col[data-fieldname="${fieldname}"]`);
}

async function typeInCell(page, table, rowText, column, value) {
	const cell = await gridCell(page, table, rowText, column);
	await cell.scrollIntoViewIfNeeded();
	await cell.click();
	const input = cell.locator("input");
	await input.waitFor({ timeout: 10000 });
	await input.fill(String(value));
	await input.press("Tab");
	// the row holds what was typed (Frappe sets it on the change event)
	const fieldname = await cell.getAttribute("data-fieldname");
	await page.waitForFunction(
		([label, f, v]) => cur_frm.doc.items.some((r) => r.label === label && String(r[f]) === v),
		[rowText, fieldname, String(value)],
		{ timeout: 10000 },
	);
}

test("the district counts, two experts each score, the bureau confirms", async () => {
	// 1. the district officer: counts in the rubric grid, experts picked from the pool, sent to them
	const officer = await session(users.officer);
	let page = await officer.newPage();
	await page.goto(`${BASE}/app/policy-evaluation/${evaluation}`);
	await waitForState(page, "草稿");
	const counts = [
		["专职工作人员（名）", 4],
		["组织国际科技创新交流合作活动（每次 1–5 分）", 3],
		["对外宣传推介（每次 0.1–0.5 分）", 10],
		["园区建设：推动园区互访交流（次）", 2],
	];
	for (const [label, qty] of counts) await typeInCell(page, "评分项", label, "数量", qty);
	// the running subtotals against their caps follow the rows before the save
	await page.waitForFunction(() => (cur_frm.doc.section_scores || "").startsWith("运营管理 8 / 30；成果产出 4 / 60"), null, { timeout: 30000 });
	// the experts, picked by name from the pool of active experts
	const grid = page.locator(".frappe-control[data-fieldname='experts']");
	for (const key of ["expertA", "expertB"]) {
		await grid.locator(".grid-add-row").click();
		const rows = grid.locator(".grid-body .grid-row");
		const cell = rows.last().locator(".grid-static-col[data-fieldname='expert_user']");
		await cell.click();
		await cell.locator("input").fill(expertNames[key]);
		await page.locator(".awesomplete [role=option]:visible").filter({ hasText: expertNames[key] }).first().click();
		await page.waitForFunction((u) => cur_frm.doc.experts.some((e) => e.expert_user === u), users[key], { timeout: 10000 });
	}
	await saveForm(page);
	const subtotals = page.locator(".frappe-control[data-fieldname='section_scores']");
	assert.match(await subtotals.innerText(), /运营管理 8 \/ 30；成果产出 4 \/ 60；综合评价 0 \/ 10/);
	await page.screenshot({ path: `${SHOTS}evaluation-1-district-counts.png`, fullPage: true });
	await clickAction(page, "提交专家评分");
	await waitForState(page, "专家评分");
	await officer.close();

	// 2. each expert scores every unit on their own sheet
	const sheets = {
		expertA: { events: "3；4；5", publicity: Array(10).fill("0.5").join("；"), served: "4", authority: "5", highlights: "2" },
		expertB: { events: "2；4；4", publicity: Array(10).fill("0.3").join("；"), served: "5", authority: "4", highlights: "3" },
	};
	for (const [n, key] of ["expertA", "expertB"].entries()) {
		const expert = await session(users[key]);
		page = await expert.newPage();
		await page.goto(`${BASE}/app/policy-evaluation/${evaluation}`);
		await waitForState(page, "专家评分");
		await page.getByRole("button", { name: "评分", exact: true }).click();
		const sheet = await openedDialog(page, "我的评分");
		const s = sheets[key];
		await typeInDialog(sheet, "组织国际科技创新交流合作活动（每次 1–5 分）（共 3 项）", s.events);
		await typeInDialog(sheet, "对外宣传推介（每次 0.1–0.5 分）（共 10 项）", s.publicity);
		await typeInDialog(sheet, "服务对象评价", s.served);
		await typeInDialog(sheet, "主管部门评价", s.authority);
		await typeInDialog(sheet, "特色亮点附加分", s.highlights);
		await page.screenshot({ path: `${SHOTS}evaluation-${2 + n}-expert-${n + 1}-sheet.png`, fullPage: true });
		await sheet.locator(".btn-primary").filter({ hasText: "提交我的评分" }).click();
		await page.locator(".modal.show").waitFor({ state: "hidden", timeout: 30000 });
		await waitForState(page, n === 0 ? "专家评分" : "科技局审核");
		if (n === 0) {
			// the first submission leaves it with the panel: the second expert still has it to score
			await page.getByText("2 位专家中已有 1 位提交评分").first().waitFor({ timeout: 30000 });
		}
		await page.screenshot({ path: `${SHOTS}evaluation-${2 + n}-expert-${n + 1}-submitted.png`, fullPage: true });
		await expert.close();
	}

	// 3. the bureau officer reads the panel's mean and confirms
	const bureau = await session(users.bureau);
	page = await bureau.newPage();
	await page.goto(`${BASE}/app/policy-evaluation/${evaluation}`);
	await waitForState(page, "科技局审核");
	const doc = (await call(bureau, "GET", `/api/resource/Policy Evaluation/${evaluation}`)).data;
	const item = (code) => doc.items.find((r) => r.item_code === code);
	assert.equal(item("events").unit_scores, "2.5；4；4.5");
	assert.equal(item("events").points, 11); // 3 events, the panel's mean per event
	assert.equal(item("publicity").points, 4); // 10 × 0.4
	assert.equal(item("staff_fulltime").points, 8); // 4 × 2
	assert.deepEqual(doc.approval_log.map((e) => [e.action, e.user]), [["Send to Experts", users.officer], ["Submit Scores", users.expertB]]);
	assert.ok(doc.experts.every((e) => e.submitted_on));
	await clickAction(page, "确认");
	await waitForState(page, "已确认");
	await page.screenshot({ path: `${SHOTS}evaluation-4-bureau-confirmed.png`, fullPage: true });

	await bureau.close();
});

async function statusIs(page, text) {
	await page.waitForFunction(
		(t) => document.querySelector('.frappe-control[data-fieldname="status"]')?.innerText.includes(t),
		text,
		{ timeout: 90000 },
	);
}

test("the bureau officer previews then publishes a round, each job run by a real worker", async () => {
	const bureau = await session(users.bureau);
	const page = await bureau.newPage();
	await page.goto(`${BASE}/app/evaluation-round/${round}`);
	await statusIs(page, "草稿");
	await page.getByRole("button", { name: "预览等次" }).click();
	await statusIs(page, "已预览");
	const grid = page.locator('[data-fieldname="results"]');
	await grid.getByText(`评估浏览器孵化器${RUN}-0`).first().waitFor({ timeout: 30000 });
	const text = await page.locator("body").innerText();
	assert.ok(text.includes("优秀 1，合格 1，不合格 1"), "the summary of the preview is on the form");
	await page.screenshot({ path: `${SHOTS}evaluation-5-preview.png`, fullPage: true });
	// the worker ran the preview under its own job id
	const preview = await call(bureau, "GET", `/api/method/policy_app.evaluation.publishing.get_progress?name=${round}&action=preview`);
	assert.equal(preview.message.job, "finished");

	await page.getByRole("button", { name: "发布" }).click();
	await page.locator(".modal.show .btn-primary").filter({ hasText: /是|Yes/ }).click();
	await statusIs(page, "已发布");
	await page.screenshot({ path: `${SHOTS}evaluation-6-published.png`, fullPage: true });
	// published once: the publish button is gone and the rewards exist
	assert.equal(await page.getByRole("button", { name: "发布" }).count(), 0);
	const publish = await call(bureau, "GET", `/api/method/policy_app.evaluation.publishing.get_progress?name=${round}&action=publish`);
	assert.equal(publish.message.job, "finished");
	const rewards = await call(bureau, "GET", `/api/resource/Policy Reward?filters=${encodeURIComponent(JSON.stringify([["evaluation_round", "=", round]]))}&fields=${encodeURIComponent('["rule","amount"]')}`);
	const got = rewards.data.map((r) => `${r.rule}:${r.amount}`).sort();
	assert.deepEqual(got, ["inc_first_excellent:300000", "inc_first_pass:100000"]);
	// a published evaluation shows its grades by their names, not as the scheme's codes (excellent)
	const filters = encodeURIComponent(JSON.stringify([["evaluation_round", "=", round], ["raw_grade", "is", "set"]]));
	const graded = (await call(bureau, "GET", `/api/resource/Policy Evaluation?filters=${filters}&fields=${encodeURIComponent('["name","raw_grade"]')}&limit_page_length=1`)).data[0];
	assert.ok(graded, "the round graded its evaluations");
	await page.goto(`${BASE}/app/policy-evaluation/${graded.name}`);
	await page.waitForFunction((n) => window.cur_frm?.doc?.name === n, graded.name, { timeout: 30000 });
	const shown = await page.evaluate(() => document.querySelector('.frappe-control[data-fieldname="raw_grade"] .control-value')?.textContent.trim());
	assert.ok(shown && shown !== graded.raw_grade, `按分数评定的等级 reads ${shown} for ${graded.raw_grade}`);
	await bureau.close();
});
