// The REST helpers against the real gateway (embedded mode, open auth): every endpoint of
// PROTOCOL.md section 4 that a member token reaches, and the errors as HuddleError.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { HuddleError } from "../dist/index.js";
import { NO_LIMITS, clientOf, refusal, sessionWith, startGateway } from "./support/setup.mjs";

let gateway;
let client;

before(async () => {
  gateway = await startGateway(NO_LIMITS);
  client = clientOf(gateway.baseUrl);
});
after(() => gateway?.stop());

describe("sessions and members", () => {
  test("creating a session returns it with its owner and the owner's member token", async () => {
    const { session, member } = await client.createSession({ name: "Math study", maxMembers: 3, displayName: "Alice" });
    assert.match(session.code, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
    assert.equal(session.name, "Math study");
    assert.equal(session.status, "active");
    assert.equal(session.maxMembers, 3);
    assert.equal(member.role, "owner");
    assert.equal(member.displayName, "Alice");
    assert.match(member.token, /^hm_[A-Za-z0-9_-]{43}$/);
  });

  test("a create that breaks the rules is a HuddleError naming every field", async () => {
    const e = await refusal(client.createSession({ maxMembers: 0, displayName: "" }));
    assert.ok(e instanceof HuddleError);
    assert.equal(e.status, 400);
    assert.equal(e.code, "invalid_request");
    assert.deepEqual(e.errors.map((f) => f.field).sort(), ["displayName", "maxMembers"]);
    assert.ok(e.correlationId, "a correlation id to quote");
  });

  test("anyone with the code joins, in any case and with spaces around it", async () => {
    const { session } = await client.createSession();
    const joined = await client.joinSession(`  ${session.code.toLowerCase()} `, { displayName: "Bob", role: "controller" });
    assert.equal(joined.session.code, session.code);
    assert.equal(joined.member.role, "controller");
    assert.equal(joined.session.memberCount, 2);
  });

  test("an unknown code and a full session are refused with their codes", async () => {
    const missing = await refusal(client.joinSession("ZZZZZZ", { displayName: "Bob" }));
    assert.equal(missing.status, 404);
    assert.equal(missing.code, "session_not_found");
    const { session } = await client.createSession({ maxMembers: 1 });
    const full = await refusal(client.joinSession(session.code, { displayName: "Bob" }));
    assert.equal(full.status, 409);
    assert.equal(full.code, "session_full");
  });

  test("a member reads the session, the members in join order and the presence counts", async () => {
    const { code, owner, joined } = await sessionWith(client, ["Bob", { displayName: "Wall", role: "display" }]);
    const info = await joined[0].api.getSession();
    assert.equal(info.code, code);
    assert.equal(info.memberCount, 3);
    const members = await joined[1].api.members();
    assert.deepEqual(members.map((m) => m.displayName), ["Owner", "Bob", "Wall"]);
    assert.ok(members.every((m) => m.online === false && !("token" in m)));
    const presence = await owner.api.presence();
    assert.equal(presence.total, 3);
    assert.equal(presence.online, 0);
    assert.deepEqual(presence.byRole, { owner: 1, controller: 0, member: 1, display: 1 });
  });

  test("a kicked member's token stops working; a member who leaves is gone from the list", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob", "Carol"]);
    await owner.api.removeMember(joined[0].member.id);
    const kicked = await refusal(joined[0].api.members());
    assert.equal(kicked.status, 401);
    assert.equal(kicked.code, "unauthorized");
    await joined[1].api.removeMember(joined[1].member.id);
    assert.deepEqual((await owner.api.members()).map((m) => m.displayName), ["Owner"]);
  });

  test("only the owner kicks; a stranger's id is member_not_found", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob", "Carol"]);
    const forbidden = await refusal(joined[0].api.removeMember(joined[1].member.id));
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.code, "forbidden");
    const unknown = await refusal(owner.api.removeMember("m_nobody"));
    assert.equal(unknown.code, "member_not_found");
  });

  test("a token of another session gets session_not_found", async () => {
    const a = await sessionWith(client);
    const b = await sessionWith(client);
    const foreign = client.member(b.code, a.owner.member.token);
    const e = await refusal(foreign.getSession());
    assert.equal(e.status, 404);
    assert.equal(e.code, "session_not_found");
  });

  test("the owner ends the session: its tokens stop working", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const notOwner = await refusal(joined[0].api.endSession());
    assert.equal(notOwner.code, "forbidden");
    await owner.api.endSession();
    const after = await refusal(joined[0].api.getSession());
    assert.equal(after.status, 401);
  });
});

describe("messages", () => {
  test("a sent message is stored with the next seq, and the same clientMsgId again stores nothing", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const first = await joined[0].api.sendMessage("Hello", { kind: "chat.text", data: { mood: "happy" }, clientMsgId: "bob-1" });
    assert.equal(first.seq, 1);
    assert.equal(first.duplicate, false);
    assert.equal(first.senderName, "Bob");
    assert.deepEqual(first.data, { mood: "happy" });
    const again = await joined[0].api.sendMessage("Hello", { clientMsgId: "bob-1" });
    assert.equal(again.duplicate, true);
    assert.equal(again.id, first.id);
    const second = await owner.api.sendMessage("Hi Bob");
    assert.equal(second.seq, 2);
    assert.match(second.clientMsgId, /^[A-Za-z0-9._-]{1,64}$/, "a clientMsgId is chosen when none is given");
    assert.equal((await owner.api.messageStats()).count, 2);
  });

  test("a display cannot send", async () => {
    const { joined } = await sessionWith(client, [{ displayName: "Wall", role: "display" }]);
    const e = await refusal(joined[0].api.sendMessage("hi"));
    assert.equal(e.status, 403);
    assert.equal(e.code, "forbidden");
  });

  test("history pages before and after a seq, and the page iterator walks back through all of it once", async () => {
    const { owner } = await sessionWith(client);
    for (let i = 1; i <= 23; i++) await owner.api.sendMessage(`m${i}`);
    const latest = await owner.api.messages({ limit: 5 });
    assert.deepEqual(latest.messages.map((m) => m.seq), [19, 20, 21, 22, 23]);
    assert.equal(latest.hasMore, true);
    const older = await owner.api.messages({ before: 19, limit: 5 });
    assert.deepEqual(older.messages.map((m) => m.seq), [14, 15, 16, 17, 18]);
    const newer = await owner.api.messages({ after: 20 });
    assert.deepEqual(newer.messages.map((m) => m.seq), [21, 22, 23]);
    const seen = [];
    for await (const page of owner.api.historyPages({ limit: 7 })) seen.push(...page.map((m) => m.seq));
    assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: 23 }, (_, i) => i + 1));
  });

  test("search finds content case-insensitively, newest first", async () => {
    const { owner } = await sessionWith(client);
    await owner.api.sendMessage("The Quick fox");
    await owner.api.sendMessage("nothing here");
    await owner.api.sendMessage("quickly now");
    const found = await owner.api.searchMessages("QUICK");
    assert.deepEqual(found.map((m) => m.content), ["quickly now", "The Quick fox"]);
    const tooShort = await refusal(owner.api.searchMessages("q"));
    assert.equal(tooShort.code, "invalid_request");
  });

  test("clearing history empties it, and seq goes on from where it was", async () => {
    const { owner } = await sessionWith(client);
    await owner.api.sendMessage("one");
    await owner.api.sendMessage("two");
    await owner.api.clearHistory();
    assert.deepEqual((await owner.api.messages()).messages, []);
    const stats = await owner.api.messageStats();
    assert.equal(stats.count, 0);
    assert.equal(stats.lastSeq, 2);
    assert.equal((await owner.api.sendMessage("three")).seq, 3);
  });
});

describe("state", () => {
  test("a state never written is version 0; writes raise the version; a stale If-Match is version_conflict", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    assert.deepEqual(await owner.api.getState(), { version: 0, data: null, updatedAt: null, updatedBy: null });
    const one = await owner.api.putState({ tempo: 120 }, { ifMatch: 0 });
    assert.equal(one.version, 1);
    assert.equal(one.updatedBy, owner.member.id);
    const two = await joined[0].api.putState({ tempo: 96 });
    assert.equal(two.version, 2);
    const stale = await refusal(owner.api.putState({ tempo: 60 }, { ifMatch: 1 }));
    assert.equal(stale.status, 412);
    assert.equal(stale.code, "version_conflict");
    assert.equal(stale.currentVersion, 2);
    assert.deepEqual((await owner.api.getState()).data, { tempo: 96 });
  });
});

describe("operations endpoints", () => {
  test("ping, liveness, readiness, health and metrics answer", async () => {
    assert.equal(await client.ping(), "pong");
    assert.equal((await client.live()).status, "alive");
    assert.equal((await client.ready()).status, "ready");
    const health = await client.health();
    assert.equal(health.status, "healthy");
    assert.equal(health.checks.redis.status, "disabled");
    assert.match(await client.metrics(), /^# (HELP|TYPE) /m);
  });

  test("nothing answering is a network_error with status 0", async () => {
    const nowhere = clientOf("http://127.0.0.1:9"); // the discard port: nothing listens there
    const e = await refusal(nowhere.ping());
    assert.equal(e.code, "network_error");
    assert.equal(e.status, 0);
  });
});
