// The user-token endpoints (HUDDLE_AUTH_MODE=jwt) and rate-limit refusals, against a gateway of their own.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, test } from "node:test";
import { NO_LIMITS, clientOf, refusal, startGateway } from "./support/setup.mjs";

const SECRET = "a-test-secret-of-at-least-32-bytes-long";
let gateway;

/** An HS256 JWT for `sub`, valid for 10 minutes. */
function userToken(sub) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub, exp: Math.floor(Date.now() / 1000) + 600 })}`;
  return `${body}.${createHmac("sha256", SECRET).update(body).digest("base64url")}`;
}

before(async () => {
  gateway = await startGateway({ ...NO_LIMITS, HUDDLE_AUTH_MODE: "jwt", HUDDLE_JWT_SECRET: SECRET, RATE_LIMIT_JOIN: "2/15m" });
});
after(() => gateway?.stop());

test("in jwt mode creating needs a user token", async () => {
  const e = await refusal(clientOf(gateway.baseUrl).createSession());
  assert.equal(e.status, 401);
  assert.equal(e.code, "unauthorized");
});

test("a user lists their own sessions page by page, newest first, and the iterator visits each once", async () => {
  const alice = clientOf(gateway.baseUrl, { userToken: userToken("alice") });
  const bob = clientOf(gateway.baseUrl, { userToken: () => userToken("bob") });
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await alice.createSession({ name: `s${i}` })).session.code);
  await bob.createSession({ name: "not alice's" });
  const page = await alice.listSessions({ limit: 2 });
  assert.deepEqual(page.sessions.map((s) => s.code), [codes[4], codes[3]]);
  assert.equal(typeof page.nextCursor, "string");
  const all = [];
  for await (const s of alice.sessions({ limit: 2 })) all.push(s.code);
  assert.deepEqual(all, [...codes].reverse());
});

test("the owner's user token reads, clears and ends a session; ended ones are listed as ended", async () => {
  const carol = clientOf(gateway.baseUrl, { userToken: userToken("carol") });
  const { session, member } = await carol.createSession({ name: "Band" });
  assert.equal((await carol.getSession(session.code)).ownerId, "carol");
  const owner = carol.member(session.code, member.token);
  await owner.sendMessage("one");
  await carol.clearHistory(session.code);
  assert.equal((await owner.messageStats()).count, 0);
  await carol.endSession(session.code);
  const ended = await carol.listSessions({ status: "ended" });
  assert.deepEqual(ended.sessions.map((s) => [s.code, s.status]), [[session.code, "ended"]]);
  const stranger = clientOf(gateway.baseUrl, { userToken: userToken("mallory") });
  assert.equal((await refusal(stranger.getSession(session.code))).code, "session_not_found");
});

test("a rate-limited request is a HuddleError with retryAfter in whole seconds", async () => {
  const dave = clientOf(gateway.baseUrl, { userToken: userToken("dave") });
  const { session } = await dave.createSession();
  const anyone = clientOf(gateway.baseUrl);
  // RATE_LIMIT_JOIN=2/15m and the earlier tests joined nobody: the third join is refused.
  await anyone.joinSession(session.code, { displayName: "A" });
  await anyone.joinSession(session.code, { displayName: "B" });
  const e = await refusal(anyone.joinSession(session.code, { displayName: "C" }));
  assert.equal(e.status, 429);
  assert.equal(e.code, "rate_limited");
  assert.ok(Number.isInteger(e.retryAfter) && e.retryAfter >= 1, `retryAfter ${e.retryAfter}`);
});

test("a 429 names its tier (PROTOCOL.md section 7)", async () => {
  const anyone = clientOf(gateway.baseUrl);
  const e = await refusal(anyone.joinSession("ZZZZZZ", { displayName: "D" }));
  assert.equal(e.code, "rate_limited");
  assert.equal(e.tier, "join");
});
