// The demo page as people use it: Debian's Chromium (headless) driven by playwright-core, against the
// gateway jar, which serves the page itself. Two people in one session chat, see each other online and
// typing, draw on the shared whiteboard; one goes offline and comes back having missed nothing.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join as joinPath } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startGateway } from "../test/support/gateway.mjs";

const CHROMIUM = process.env.HUDDLE_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];
const STEP = 10_000; // the longest any one thing a person would see may take
const SCREENSHOT = process.env.HUDDLE_DEMO_SCREENSHOT ?? joinPath(dirname(fileURLToPath(import.meta.url)), "../build/demo.png");

let gateway;
let browser;
const problems = []; // console errors, page errors and CSP violations of the test's pages

before(async () => {
  // The gateway's default limits, except the two per-IP tiers that every page here shares (all of them
  // come from 127.0.0.1): new sockets and joins.
  gateway = await startGateway({ RATE_LIMIT_CONNECT: "off", RATE_LIMIT_JOIN: "off" });
  // launch() gives Chromium a fresh temporary profile (user data dir) and removes it afterwards.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
});
beforeEach(() => {
  problems.length = 0;
});
after(async () => {
  await browser?.close();
  await gateway?.stop();
});

/** A person: their own browser context (storage, network), one page on the gateway's demo. */
async function person(path = "/", on = gateway) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(on.baseUrl + path);
  await page.evaluate(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP blocked ${e.blockedURI} (${e.violatedDirective})`)),
  );
  return { context, page };
}

async function create(page, name) {
  await page.getByTestId("create-name").fill(name);
  await page.getByTestId("create").click();
  await page.getByTestId("status").filter({ hasText: "open" }).waitFor();
  return (await page.getByTestId("session-code").textContent()).trim();
}

async function join(page, name, role = "member") {
  await page.getByTestId("join-name").fill(name);
  await page.getByTestId("join-role").selectOption(role);
  await page.getByTestId("join").click();
  await page.getByTestId("status").filter({ hasText: "open" }).waitFor();
}

const member = (page, name) => page.locator(`[data-testid=members] li[data-member="${name}"]`);
const messageTexts = (page) => page.locator("[data-testid=messages] li .text").allTextContents();
const messageSeqs = async (page) => (await page.locator("[data-testid=messages] li").evaluateAll((lis) => lis.map((li) => Number(li.dataset.seq))));

/** How many pixels of the whiteboard are not blank. */
const paintedPixels = (page) =>
  page.getByTestId("board").evaluate((canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return painted;
  });

async function draw(page, from, to) {
  const box = await page.getByTestId("board").boundingBox();
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + from[0] + ((to[0] - from[0]) * i) / 10, box.y + from[1] + ((to[1] - from[1]) * i) / 10);
  }
  await page.mouse.up();
}

test("the gateway serves the demo at / with a Content-Security-Policy and no CDN", async () => {
  const response = await fetch(gateway.baseUrl + "/");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-security-policy"), /script-src 'self'/);
  const html = await response.text();
  assert.doesNotMatch(html, /https?:\/\//, "every asset comes from the gateway itself");
});

test("two people in one session: online, typing, messages, search and a shared whiteboard", async () => {
  const alice = await person();
  const code = await create(alice.page, "Alice");
  assert.match(code, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);

  const bob = await person(`/?code=${code}`); // the share link fills in the code
  await join(bob.page, "Bob");

  await member(alice.page, "Bob").and(alice.page.locator("[data-online=true]")).waitFor();
  await member(bob.page, "Alice").and(bob.page.locator("[data-online=true]")).waitFor();

  await alice.page.getByTestId("composer-input").pressSequentially("Hello Bob", { delay: 20 });
  await bob.page.getByTestId("typing").filter({ hasText: "Alice is typing" }).waitFor();
  await alice.page.getByTestId("send").click();
  await bob.page.locator("[data-testid=messages] li .text", { hasText: "Hello Bob" }).waitFor();
  await bob.page.getByTestId("typing").filter({ hasText: /^$/ }).waitFor(); // sending ends typing

  await bob.page.getByTestId("composer-input").fill("Hi Alice, drawing now");
  await bob.page.getByTestId("composer-input").press("Enter");
  await alice.page.locator("[data-testid=messages] li .text", { hasText: "Hi Alice, drawing now" }).waitFor();

  assert.equal(await paintedPixels(alice.page), 0, "the board starts blank");
  await draw(bob.page, [60, 60], [400, 300]);
  await alice.page.getByTestId("board-version").filter({ hasText: "v1" }).waitFor();
  assert.ok((await paintedPixels(alice.page)) > 100, "Bob's stroke shows on Alice's board");
  await draw(alice.page, [500, 80], [120, 360]);
  await bob.page.getByTestId("board-version").filter({ hasText: "v2" }).waitFor();

  await bob.page.getByTestId("search-input").fill("hello");
  await bob.page.getByTestId("search").click();
  await bob.page.locator("[data-testid=search-results] li .text", { hasText: "Hello Bob" }).waitFor();

  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await alice.page.screenshot({ path: SCREENSHOT });

  assert.deepEqual(await messageTexts(alice.page), ["Hello Bob", "Hi Alice, drawing now"]);
  assert.deepEqual(problems, []);
  await alice.context.close();
  await bob.context.close();
});

test("one goes offline and comes back: nothing missed, nothing twice, their own offline message sent once", async () => {
  const alice = await person();
  const code = await create(alice.page, "Alice");
  const bob = await person(`/?code=${code}`);
  await join(bob.page, "Bob");
  await alice.page.getByTestId("composer-input").fill("before");
  await alice.page.getByTestId("send").click();
  await bob.page.locator("[data-testid=messages] li .text", { hasText: "before" }).waitFor();

  await bob.context.setOffline(true);
  await bob.page.getByTestId("status").filter({ hasText: "reconnecting" }).waitFor();
  await member(alice.page, "Bob").and(alice.page.locator("[data-online=false]")).waitFor();
  for (const text of ["while away 1", "while away 2", "while away 3"]) {
    await alice.page.getByTestId("composer-input").fill(text);
    await alice.page.getByTestId("send").click();
    await alice.page.locator("[data-testid=messages] li .text", { hasText: text }).waitFor();
    // At a person's pace: the gateway's default burst limit (10 frames a second per member) refuses a
    // robot's; each message is three frames here (typing start, typing stop, the message).
    await alice.page.waitForTimeout(400);
  }
  await alice.page.locator("[data-testid=messages] li .text", { hasText: "while away 3" }).waitFor();
  await bob.page.getByTestId("composer-input").fill("written offline");
  await bob.page.getByTestId("send").click();

  await bob.context.setOffline(false);
  await bob.page.getByTestId("status").filter({ hasText: "open" }).waitFor();
  await bob.page.locator("[data-testid=messages] li .text", { hasText: "written offline" }).waitFor();
  await alice.page.locator("[data-testid=messages] li .text", { hasText: "written offline" }).waitFor();

  const expected = ["before", "while away 1", "while away 2", "while away 3", "written offline"];
  assert.deepEqual(await messageTexts(bob.page), expected);
  assert.deepEqual(await messageTexts(alice.page), expected);
  assert.deepEqual(await messageSeqs(bob.page), [1, 2, 3, 4, 5]);
  await member(alice.page, "Bob").and(alice.page.locator("[data-online=true]")).waitFor();
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|WebSocket connection/.test(p)), []);
  await alice.context.close();
  await bob.context.close();
});

test("a display watches: messages and drawings arrive, but it has no composer and cannot draw", async () => {
  const alice = await person();
  const code = await create(alice.page, "Alice");
  const wall = await person(`/?code=${code}`);
  await join(wall.page, "Wall", "display");
  assert.equal(await wall.page.getByTestId("composer-input").isVisible(), false, "no composer for a display");
  await draw(wall.page, [50, 50], [300, 300]);
  await alice.page.getByTestId("composer-input").fill("for the wall");
  await alice.page.getByTestId("send").click();
  await wall.page.locator("[data-testid=messages] li .text", { hasText: "for the wall" }).waitFor();
  assert.equal(await paintedPixels(wall.page), 0, "the display's drag drew nothing");
  assert.equal(await wall.page.getByTestId("board-version").textContent(), "v0");
  await draw(alice.page, [50, 50], [300, 300]);
  await wall.page.getByTestId("board-version").filter({ hasText: "v1" }).waitFor();
  assert.ok((await paintedPixels(wall.page)) > 100, "Alice's stroke shows on the wall");
  assert.deepEqual(problems, []);
  await alice.context.close();
  await wall.context.close();
});

test("a leave the gateway refuses says so and keeps the person in the session", async () => {
  // Three frames a minute per member: the sends use them up, so the leave frame is refused (rate_limited).
  const limited = await startGateway({ RATE_LIMIT_CONNECT: "off", RATE_LIMIT_JOIN: "off", RATE_LIMIT_BURST: "3/60s" });
  try {
    const { context, page } = await person("/", limited);
    const code = await create(page, "Limited");
    for (let i = 0; i < 10; i++) {
      await page.getByTestId("composer-input").fill(`message ${i}`);
      await page.getByTestId("composer-input").press("Enter");
      if ((await page.getByTestId("typing").textContent()).startsWith("Not sent")) break;
      await page.waitForTimeout(100);
    }
    await page.getByTestId("typing").filter({ hasText: "Not sent" }).waitFor();

    await page.getByTestId("leave").click();

    await page.getByTestId("typing").filter({ hasText: "Not left" }).waitFor();
    assert.equal((await page.getByTestId("session-code").textContent()).trim(), code);
    await page.getByTestId("status").filter({ hasText: "open" }).waitFor();
    await context.close();
  } finally {
    await limited.stop();
  }
});

test("with HUDDLE_DEMO=off the gateway serves no page", async () => {
  const plain = await startGateway({ HUDDLE_DEMO: "off" });
  try {
    for (const path of ["/", "/demo/app/app.js"]) {
      const response = await fetch(plain.baseUrl + path);
      assert.equal(response.status, 404, path);
      assert.equal((await response.json()).code, "not_found");
    }
  } finally {
    await plain.stop();
  }
});
