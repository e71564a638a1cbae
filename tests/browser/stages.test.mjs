// Issue #16 item 2: what a workflow state means to the app is a column of the Workflow form's states
// (办理阶段), in Chinese, that the Policy Administrator reads in each state's row; the site tier walks a
// case through renamed and added states (tests/site/test_workflow_stages.py). The form is only read
// here: the browser tier's other tests share the site's workflows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ADMIN_PASSWORD, BASE, SHOTS, closeBrowser, ensureUser, exactly, launch, session } from "./support.mjs";

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
	// the state's row opens its own form (the grid's edit button), where the stage is a field by its label
	async function openRow(state) {
		const idx = await page.evaluate((s) => cur_frm.doc.states.find((r) => r.state === s).idx, state);
		const row = grid.locator(`.grid-body .grid-row[data-idx='${idx}']`);
		await row.scrollIntoViewIfNeeded();
		await row.locator(".btn-open-row").click();
		const form = page.locator(".grid-row-open");
		await form.waitFor({ timeout: 15000 });
		return form;
	}
	const stageSelect = (form) =>
		form.locator(".frappe-control").filter({ has: page.locator(".control-label", { hasText: exactly("办理阶段") }) }).locator("select");
	let form = await openRow("Public Notice");
	const select = stageSelect(form);
	await select.waitFor({ timeout: 15000 });
	assert.equal(await select.evaluate((el) => el.options[el.selectedIndex].text), "公示中");
	await page.screenshot({ path: `${SHOTS}workflow-stages.png`, fullPage: true });
	// every stage is offered in Chinese
	const options = (await select.locator("option").allInnerTexts()).filter((o) => o.trim());
	for (const want of ["填报中", "推荐部门审查", "科技局受理", "专家评审阶段", "异议处理", "通过（办结）", "不予通过（办结）"]) {
		assert.ok(options.includes(want), `the stage ${want} is offered (${options.join("、")})`);
	}
	assert.ok(!options.some((o) => /[A-Za-z]{4,}/.test(o)), `no English option: ${options.join("、")}`);
	// the expert review's row reads 专家评审阶段
	await form.locator(".grid-collapse-row").first().click().catch(() => page.keyboard.press("Escape"));
	form = await openRow("Expert Review");
	assert.equal(await stageSelect(form).evaluate((el) => el.options[el.selectedIndex].text), "专家评审阶段");
	await ctx.close();
});
