// Issue #16 item 2: the Policy Administrator renames a state of the XX-SVC recognition workflow and adds
// a 形式审查 state in the Workflow form, by clicking, with no code; the bureau officer then walks a case
// through both with the workflow buttons, and the app's rules follow the states' 办理阶段, not their
// names. The workflow is put back as it was shipped afterwards (the other browser tests share it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
	ADMIN_PASSWORD, BASE, SHOTS, call, clickAction, closeBrowser, ensureUser, exactly, launch, saveForm,
	openedDialog, openGridRow, rowField, serviceCaseBeforeTheDistrict, session, typeInDialog, waitForState,
} from "./support.mjs";

const RUN = Date.now().toString().slice(-7);
const RUN2 = String((Number(RUN) + 1) % 10000000).padStart(7, "0"); // the second case's own district
const WORKFLOW = "Service Institution Application Recognition";
const ADMIN = "wfedit.admin@policy.test";
const RENAMED = "审核中"; // the bureau's own name for 已受理 (Accepted)
const FORMAL_CHECK = "形式审查";
const PASS_CHECK = "通过形式审查";

let app, users, shipped, standing;

// a step of the case's people taken before the test, through the REST API as that person
async function move(user, doc, action) {
	const ctx = await session(user);
	await call(ctx, "POST", "/api/method/frappe.model.workflow.apply_workflow", {
		doc: (await call(ctx, "GET", `/api/resource/Service Institution Application/${doc.name}`)).data, action,
	});
	await ctx.close();
}

async function stateOf(ctx, doc) {
	return (await call(ctx, "GET", `/api/resource/Service Institution Application/${doc.name}`)).data.workflow_state;
}

async function removeIfUnused(admin, doctype, name) {
	const r = await admin.request.delete(`${BASE}/api/resource/${doctype}/${encodeURIComponent(name)}`);
	assert.ok([202, 200, 404].includes(r.status()), `${doctype} ${name} left from an earlier run could not be removed: ${r.status()}`);
}

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	shipped = (await call(admin, "GET", `/api/resource/Workflow/${encodeURIComponent(WORKFLOW)}`)).data;
	// what an earlier, interrupted run made is made again by clicking here
	for (const name of [FORMAL_CHECK, RENAMED]) await removeIfUnused(admin, "Workflow State", name);
	await removeIfUnused(admin, "Workflow Action Master", PASS_CHECK);
	await ensureUser(admin, ADMIN, ["Policy Administrator"]);
	({ app, users } = await serviceCaseBeforeTheDistrict(RUN, "MX", "wfe"));
	await move(users.officer, app, "Recommend");
	// a second case already accepted: it stands in 已受理 when the administrator renames it
	const other = await serviceCaseBeforeTheDistrict(RUN2, "MY", "wfs");
	standing = other.app;
	await move(other.users.officer, standing, "Recommend");
	await move(other.users.bureau, standing, "Accept");
	await admin.close();
});

after(async () => {
	// the shipped states and transitions, as they were before the test
	const admin = await session("Administrator", ADMIN_PASSWORD);
	// each row by its name, so that the renamed row takes the name it shipped with, and its records with it
	const strip = (rows) => rows.map(({ creation, modified, modified_by, owner, ...row }) => row);
	await call(admin, "PUT", `/api/resource/Workflow/${encodeURIComponent(WORKFLOW)}`, {
		states: strip(shipped.states), transitions: strip(shipped.transitions),
	});
	// the row renamed back takes its case back
	if (standing) assert.equal(await stateOf(admin, standing), "Accepted");
	await admin.close();
	await closeBrowser();
});

// ---- the Workflow form's two tables, as a person edits them: a row's own form (the grid's edit
// button), its fields found by the labels Frappe's Chinese gives them

function grid(page, fieldname) {
	return page.locator(`.frappe-control[data-fieldname='${fieldname}']`);
}

async function openRow(page, table, match) {
	const idx = await page.evaluate(([t, m]) => rowsOf(t).find((r) => Object.entries(m).every(([k, v]) => r[k] === v)).idx, [table, match]);
	return openGridRow(page, table, idx);
}

async function closeRow(page) {
	const open = page.locator(".grid-row-open");
	if (!(await open.count())) return;
	await open.locator(".grid-collapse-row").first().click();
	await page.locator(".grid-row-open").waitFor({ state: "detached", timeout: 15000 });
}

async function addRow(page, table) {
	const count = await page.evaluate((t) => rowsOf(t).length, table);
	const button = grid(page, table).locator(".grid-add-row").filter({ hasText: "添加行" });
	await button.scrollIntoViewIfNeeded();
	await button.click();
	await page.waitForFunction(([t, n]) => rowsOf(t).length === n + 1, [table, count]);
	return openGridRow(page, table, count + 1);
}

// the row the open row form edits: its table and its record
async function openRowDoc(form) {
	return form.evaluate((el) => {
		const t = el.closest(".frappe-control[data-fieldtype='Table']").dataset.fieldname;
		const idx = Number(el.closest(".grid-row").dataset.idx);
		return { table: t, idx, doc: rowsOf(t)[idx - 1] };
	});
}

// a Link of the open row: typed, then the option offered clicked (the value is what was typed; the
// option reads its Chinese). A field Frappe has already filled with it is left as it is
async function pickInRow(form, label, typed, option = typed) {
	const page = form.page();
	const control = rowField(form, label);
	const fieldname = await control.getAttribute("data-fieldname");
	if ((await openRowDoc(form)).doc[fieldname] === typed) return;
	const input = control.locator("input").first();
	await input.click();
	await input.fill(typed);
	const offered = page.locator(".awesomplete [role=option]:visible").filter({ has: page.locator("strong", { hasText: exactly(option) }) }).first();
	await offered.click({ timeout: 15000 });
	await input.press("Tab");
	await page.waitForFunction(
		([t, idx, f, v]) => rowsOf(t)[idx - 1][f] === v,
		await openRowDoc(form).then(({ table, idx }) => [table, idx, fieldname, typed]),
		{ timeout: 15000 },
	);
}

// a Link of the open row to a record not made yet: typed, then 创建一个新的… clicked; the quick entry
// dialog Frappe opens holds what was typed and is saved, and the row holds the new record. Frappe
// closes the row's form when the dialog saves; it is opened again, as a person does to go on with it
async function createInRow(form, label, typed, doctypeZh) {
	const page = form.page();
	const { table, idx } = await openRowDoc(form);
	const input = rowField(form, label).locator("input").first();
	await input.click();
	await input.fill(typed);
	await page.locator(".awesomplete [role=option]:visible").filter({ hasText: `创建一个新的${doctypeZh}` }).first().click({ timeout: 15000 });
	const dialog = page.locator(".modal.show").filter({ has: page.locator(".modal-title", { hasText: doctypeZh }) }).last();
	await dialog.waitFor({ timeout: 15000 });
	await dialog.locator(".btn-modal-primary").filter({ hasText: "保存" }).click();
	await dialog.waitFor({ state: "hidden", timeout: 15000 });
	await page.waitForFunction(([t, i, v]) => rowsOf(t)[i - 1].state === v, [table, idx, typed], { timeout: 15000 });
	// Frappe then routes to the form again (frappe._from_link is cleared as it does) and redraws its grid;
	// the row's form is opened afresh once that is over, not used while it is being drawn again
	await page.waitForFunction(() => !frappe._from_link && window.cur_frm?.doc?.doctype === "Workflow", null, { timeout: 15000 });
	await page.waitForLoadState("networkidle").catch(() => {});
	await page.waitForTimeout(500);
	await closeRow(page);
	return openGridRow(page, table, idx);
}

// a new Workflow State or Workflow Action Master, made from its list with 添加 (Frappe's quick entry
// dialog) before it is used in the workflow
async function newRecord(page, doctype, doctypeZh, label, value) {
	await page.goto(`${BASE}/app/${doctype.toLowerCase().replaceAll(" ", "-")}`);
	// the list of that DocType is the page shown, and its 添加 button the one clicked
	await page.waitForFunction((dt) => window.cur_list?.doctype === dt && frappe.get_route_str() === `List/${dt}/List`, doctype, { timeout: 30000 });
	await page.locator(".page-container:visible .page-actions .primary-action").filter({ hasText: "添加" }).first().click({ timeout: 30000 });
	const modal = await openedDialog(page, doctypeZh);
	await typeInDialog(modal, label, value);
	await modal.locator(".btn-modal-primary").filter({ hasText: "保存" }).click();
	await modal.waitFor({ state: "hidden", timeout: 15000 });
	const r = await page.request.get(`${BASE}/api/resource/${doctype}/${encodeURIComponent(value)}`);
	assert.equal(r.status(), 200, `${value} was made`);
}

async function selectInRow(form, label, optionText) {
	await rowField(form, label).locator("select").selectOption({ label: optionText });
}

test("the administrator renames 已受理 and adds 形式审查 in the Workflow form, by clicking", async () => {
	const ctx = await session(ADMIN);
	const page = await ctx.newPage();
	// the bureau's name for 已受理 and the new action, each from its list (形式审查 is made from the row)
	await newRecord(page, "Workflow State", "工作流状态", "州", RENAMED);
	await newRecord(page, "Workflow Action Master", "工作流操作", "工作流操作名称", PASS_CHECK);
	await page.goto(`${BASE}/app/workflow/${encodeURIComponent(WORKFLOW)}`);
	await page.waitForFunction((n) => window.cur_frm?.doc?.name === n, WORKFLOW, { timeout: 30000 });
	// the rows as the form's tables show them
	await page.evaluate(() => {
		window.rowsOf = (t) => cur_frm.fields_dict[t].grid.grid_rows.map((r) => r.doc);
	});

	// the state 已受理 (Accepted) gets the bureau's own name
	let form = await openRow(page, "states", { state: "Accepted" });
	await pickInRow(form, "州", RENAMED);
	await closeRow(page);
	// a new state 形式审查, editable by the bureau officer, in the stage 科技局受理
	form = await addRow(page, "states");
	form = await createInRow(form, "州", FORMAL_CHECK, "工作流状态");
	await pickInRow(form, "只允许编辑", "Bureau Officer", "科技局经办人");
	await selectInRow(form, "办理阶段", "科技局受理");
	await closeRow(page);

	// 受理 now leads to 形式审查; the renamed state is where 开始专家评审 starts from
	form = await openRow(page, "transitions", { state: "Awaiting Acceptance", action: "Accept" });
	await pickInRow(form, "下一状态", FORMAL_CHECK);
	await closeRow(page);
	form = await openRow(page, "transitions", { state: "Accepted", action: "Start Expert Review" });
	await pickInRow(form, "州", RENAMED);
	await closeRow(page);
	// and 通过形式审查, a new action, leads from 形式审查 to it
	form = await addRow(page, "transitions");
	await pickInRow(form, "州", FORMAL_CHECK);
	await pickInRow(form, "行动", PASS_CHECK);
	await pickInRow(form, "下一状态", RENAMED);
	await pickInRow(form, "已允许", "Bureau Officer", "科技局经办人");
	await closeRow(page);
	await page.screenshot({ path: `${SHOTS}workflow-edit-states.png`, fullPage: true });
	// the case standing in 已受理 goes along with the rename: Frappe's warning of records left in a state
	// the workflow no longer has is not shown, and saving needs nothing more
	await saveForm(page);
	assert.equal(await page.locator(".modal.show").filter({ hasText: "仍然保存" }).count(), 0);
	const admin = await session("Administrator", ADMIN_PASSWORD);
	assert.equal(await stateOf(admin, standing), RENAMED, "the case standing in 已受理 is now in the renamed state");
	await admin.close();

	// what is stored, read back as the administrator
	const stored = (await call(ctx, "GET", `/api/resource/Workflow/${encodeURIComponent(WORKFLOW)}`)).data;
	const saved = {
		states: stored.states.map((s) => [s.state, s.policy_stage]),
		transitions: stored.transitions.map((t) => [t.state, t.action, t.next_state]),
	};
	assert.ok(saved.states.some(([s, stage]) => s === RENAMED && stage === "Bureau Review"), JSON.stringify(saved.states));
	assert.ok(saved.states.some(([s, stage]) => s === FORMAL_CHECK && stage === "Bureau Acceptance"), JSON.stringify(saved.states));
	assert.ok(!saved.states.some(([s]) => s === "Accepted"));
	assert.ok(saved.transitions.some(([s, a, n]) => s === FORMAL_CHECK && a === PASS_CHECK && n === RENAMED));
	await ctx.close();
});

test("the bureau officer walks a case through 形式审查 and the renamed state with the workflow buttons", async () => {
	const ctx = await session(users.bureau);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/service-institution-application/${app.name}`);
	await waitForState(page, "待科技局受理");
	await clickAction(page, "受理");
	await waitForState(page, FORMAL_CHECK);
	await page.screenshot({ path: `${SHOTS}workflow-edit-formal-check.png` });
	await clickAction(page, PASS_CHECK);
	await waitForState(page, RENAMED);
	// the state's stage, not its name, tells the app where the case is: the bureau's review goes on
	await clickAction(page, "组织专家评审");
	await waitForState(page, "专家评审");
	const log = await page.evaluate(() => cur_frm.doc.approval_log.map((r) => [r.from_state, r.action, r.to_state]));
	assert.deepEqual(log.slice(-3), [
		["Awaiting Acceptance", "Accept", FORMAL_CHECK],
		[FORMAL_CHECK, PASS_CHECK, RENAMED],
		[RENAMED, "Start Expert Review", "Expert Review"],
	]);
	await page.getByText("审批记录").first().scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}workflow-edit-walked.png`, fullPage: true });
	await ctx.close();
});
