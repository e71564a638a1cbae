// A district officer and a bureau officer move one XX-SVC application with the workflow buttons of
// the desk; the test reads the new state on the page. The case is prepared through the REST API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE, SHOTS, clickAction, closeBrowser, launch, serviceCaseBeforeTheDistrict, session } from "./support.mjs";

const RUN = Date.now().toString().slice(-7);

let app, users;

before(async () => {
	await launch();
	({ app, users } = await serviceCaseBeforeTheDistrict(RUN, "MB", "b"));
});

after(closeBrowser);

async function stateOnPage(page) {
	return (await page.locator(".indicator-pill").first().innerText()).trim();
}

test("the district officer recommends and the bureau officer accepts, by clicking", async () => {
	const officer = await session(users.officer);
	let page = await officer.newPage();
	await page.goto(`${BASE}/app/service-institution-application/${app.name}`);
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("已提交推荐部门"), null, { timeout: 30000 });
	await page.screenshot({ path: `${SHOTS}workflow-1-district-before.png` });
	await clickAction(page, "推荐");
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("待科技局受理"), null, { timeout: 30000 });
	assert.match(await stateOnPage(page), /待科技局受理/);
	await page.screenshot({ path: `${SHOTS}workflow-2-district-after.png` });
	await officer.close();

	const bureau = await session(users.bureau);
	page = await bureau.newPage();
	await page.goto(`${BASE}/app/service-institution-application/${app.name}`);
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("待科技局受理"), null, { timeout: 30000 });
	await clickAction(page, "受理");
	await page.waitForFunction(() => document.querySelector(".indicator-pill")?.innerText.includes("已受理"), null, { timeout: 30000 });
	assert.match(await stateOnPage(page), /已受理/);
	await page.getByText("审批记录").first().scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}workflow-3-bureau-accepted.png`, fullPage: true });
	const body = await page.locator("body").innerText();
	assert.ok(body.includes("经审查，材料齐全，同意推荐。"), "the district's opinion is on the form");
	await bureau.close();
});
