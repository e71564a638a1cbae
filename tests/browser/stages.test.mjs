// Issue #16 item 2: what a workflow state means to the app is a column of the Workflow form's states
// (办理阶段), in Chinese, that the Policy Administrator reads and sets there; the site tier walks a
// case through renamed and added states (tests/site/test_workflow_stages.py). The form is only read
// here: the browser tier's other tests share the site's workflows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, closeBrowser, ensureUser, launch, session } from "./support.mjs";

const ADMIN = "stages.admin@policy.test";
const WORKFLOW = "Cooperation Base Application Recognition";

before(async () => {
	await launch();
	const admin = await session("Administrator", ADMIN_PASSWORD);
	await ensureUser(admin, ADMIN, ["Policy Administrator"]);
	await admin.close();
});

after(closeBrowser);

test("the administrator reads each state's 办理阶段 in the recognition workflow's form, in Chinese", async () => {
	const ctx = await session(ADMIN);
	const page = await ctx.newPage();
	await page.goto(`${BASE}/app/workflow/${encodeURIComponent(WORKFLOW)}`);
	await page.waitForFunction((n) => window.cur_frm?.doc?.name === n, WORKFLOW, { timeout: 30000 });
	const grid = page.locator(".frappe-control[data-fieldname='states']");
	await grid.scrollIntoViewIfNeeded();
	const header = grid.locator(".grid-heading-row");
	await header.getByText("办理阶段", { exact: true }).waitFor({ timeout: 15000 });
	// the state a case is in during its notice reads 公示中, the review 专家评审阶段
	const row = (state) => grid.locator(".grid-body .grid-row").filter({ has: page.locator(".grid-static-col[data-fieldname='state']", { hasText: state }) }).first();
	const stageOf = async (state) => (await row(state).locator(".grid-static-col[data-fieldname='policy_stage']").innerText()).trim();
	assert.equal(await stageOf("公示"), "公示中");
	assert.equal(await stageOf("专家评审"), "专家评审阶段");
	assert.equal(await stageOf("退回"), "填报中");
	await page.screenshot({ path: `${SHOTS}workflow-stages.png`, fullPage: true });
	// the row's own form offers every stage in Chinese
	await row("公示").locator(".grid-static-col[data-fieldname='policy_stage']").click();
	const select = grid.locator(".grid-body .grid-row .grid-static-col[data-fieldname='policy_stage'] select").first();
	await select.waitFor({ timeout: 15000 });
	const options = await select.locator("option").allInnerTexts();
	for (const want of ["填报中", "推荐部门审查", "科技局受理", "异议处理", "通过（办结）", "不予通过（办结）"]) {
		assert.ok(options.includes(want), `the stage ${want} is offered (${options.join("、")})`);
	}
	assert.ok(!options.some((o) => /[A-Za-z]{4,}/.test(o)), `no English option: ${options.join("、")}`);
	await ctx.close();
});
