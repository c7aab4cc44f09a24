// The Session connection against the real gateway: every frame of PROTOCOL.md section 5 that a
// client sends or receives, the live member list, typing, state, and what each close code does.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { HuddleError } from "../dist/index.js";
import { startFaultProxy } from "./support/fault-proxy.mjs";
import { NO_LIMITS, clientOf, record, refusal, sessionWith, sessions, sleep, startGateway, waitFor } from "./support/setup.mjs";

let gateway;
let proxy;
let client; // straight to the gateway
let proxied; // through the fault proxy
const live = sessions();

before(async () => {
  gateway = await startGateway(NO_LIMITS);
  proxy = await startFaultProxy(gateway.port);
  client = clientOf(gateway.baseUrl);
  proxied = clientOf(proxy.baseUrl);
});
afterEach(() => live.closeAll());
after(async () => {
  await proxy?.stop();
  await gateway?.stop();
});

/** Longer than any reconnect delay these tests allow (maxDelayMs 200): long enough to see one that should not happen. */
const LONGER_THAN_A_RECONNECT = 600;

describe("welcome and messages", () => {
  test("the welcome carries me, the members, the state and the latest messages, delivered as message events in order", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    await owner.api.putState({ board: [] });
    for (const text of ["one", "two", "three"]) await owner.api.sendMessage(text);
    const bob = live.open(joined[0].api);
    const messages = record(bob, "message");
    const welcome = await bob.ready;
    assert.equal(welcome.member.id, joined[0].member.id);
    assert.equal(bob.me.displayName, "Bob");
    assert.equal(welcome.lastSeq, 3);
    assert.equal(welcome.heartbeatSeconds > 0, true);
    assert.deepEqual(bob.members.map((m) => m.displayName), ["Owner", "Bob"]);
    assert.deepEqual(bob.state.data, { board: [] });
    assert.deepEqual(messages.map((m) => m.content), ["one", "two", "three"]);
    assert.equal(bob.lastSeq, 3);
    assert.equal(bob.status, "open");
  });

  test("send resolves with the stored message; everyone, the sender included, gets it once", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const alice = live.open(owner.api);
    const bob = live.open(joined[0].api);
    const aliceSaw = record(alice, "message");
    const bobSaw = record(bob, "message");
    await Promise.all([alice.ready, bob.ready]);
    const stored = await alice.send("Hello", { kind: "chat", data: { color: "red" } });
    assert.equal(stored.seq, 1);
    assert.equal(stored.senderId, owner.member.id);
    assert.deepEqual(stored.data, { color: "red" });
    assert.match(stored.clientMsgId, /^[A-Za-z0-9._-]{1,64}$/);
    await waitFor(() => bobSaw.length === 1, 10_000, "Bob to get the message");
    assert.equal(bobSaw[0].id, stored.id);
    assert.deepEqual(aliceSaw.map((m) => m.id), [stored.id]);
  });

  test("the sender's other socket gets its message as message:new", async () => {
    const { owner } = await sessionWith(client);
    const phone = live.open(owner.api);
    const laptop = live.open(owner.api);
    const laptopSaw = record(laptop, "message");
    await Promise.all([phone.ready, laptop.ready]);
    const stored = await phone.send("from the phone");
    await waitFor(() => laptopSaw.length === 1, 10_000, "the laptop to get it");
    assert.equal(laptopSaw[0].id, stored.id);
  });

  test("the same clientMsgId twice is stored once and both sends resolve with that message", async () => {
    const { owner } = await sessionWith(client);
    const alice = live.open(owner.api);
    await alice.ready;
    const first = await alice.send("once", { clientMsgId: "alice-42" });
    const second = await alice.send("once", { clientMsgId: "alice-42" });
    assert.equal(second.id, first.id);
    assert.equal((await owner.api.messageStats()).count, 1);
  });

  test("a refused send rejects with the frame's error code and the status it has over HTTP", async () => {
    const { joined } = await sessionWith(client, ["Bob", { displayName: "Wall", role: "display" }]);
    const bob = live.open(joined[0].api);
    const wall = live.open(joined[1].api);
    await Promise.all([bob.ready, wall.ready]);
    const empty = await refusal(bob.send("   "));
    assert.ok(empty instanceof HuddleError);
    assert.equal(empty.code, "invalid_request");
    assert.equal(empty.status, 400);
    const display = await refusal(wall.send("hi"));
    assert.equal(display.code, "forbidden");
    assert.equal(display.status, 403);
    assert.equal(bob.status, "open", "the socket stays open after an error");
    assert.equal((await bob.send("still works")).content, "still works");
  });

  test("a message too big for a frame is refused before it is sent", async () => {
    const { owner } = await sessionWith(client);
    const alice = live.open(owner.api);
    await alice.ready;
    const e = await refusal(alice.send("x", { data: "y".repeat(70_000) }));
    assert.equal(e.code, "payload_too_large");
    assert.equal((await owner.api.messageStats()).count, 0);
  });
});

describe("history and ping over the socket", () => {
  test("history:fetch pages back and forth, and the page iterator walks all of it once", async () => {
    const { owner } = await sessionWith(client);
    for (let i = 1; i <= 12; i++) await owner.api.sendMessage(`m${i}`);
    const alice = live.open(owner.api);
    await alice.ready;
    const before = await alice.fetchHistory({ before: 6, limit: 3 });
    assert.deepEqual(before.messages.map((m) => m.seq), [3, 4, 5]);
    assert.equal(before.hasMore, true);
    const afterPage = await alice.fetchHistory({ after: 10 });
    assert.deepEqual(afterPage.messages.map((m) => m.seq), [11, 12]);
    const seqs = [];
    for await (const page of alice.historyPages({ limit: 5 })) seqs.unshift(...page.map((m) => m.seq));
    assert.deepEqual(seqs, Array.from({ length: 12 }, (_, i) => i + 1));
  });

  test("a history:fetch out of its rules rejects with invalid_request", async () => {
    const { owner } = await sessionWith(client);
    const alice = live.open(owner.api);
    await alice.ready;
    const e = await refusal(alice.fetchHistory({ limit: 1000 }));
    assert.equal(e.code, "invalid_request");
  });

  test("ping is answered by pong", async () => {
    const { owner } = await sessionWith(client);
    const alice = live.open(owner.api);
    await alice.ready;
    const result = await alice.ping();
    assert.equal(typeof result.rttMs, "number");
  });

  test("the pong carries serverTime for a clock offset", async () => {
    const { owner } = await sessionWith(client);
    const alice = live.open(owner.api);
    await alice.ready;
    const result = await alice.ping();
    assert.match(result.serverTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(typeof result.clockOffsetMs, "number");
  });
});

describe("presence and typing", () => {
  test("the member list follows joins, sockets opening and closing, and leaves", async () => {
    const { code, owner } = await sessionWith(client);
    const alice = live.open(owner.api);
    const presence = record(alice, "presence");
    await alice.ready;
    const bobJoined = await client.joinSession(code, { displayName: "Bob" });
    await waitFor(() => alice.members.some((m) => m.displayName === "Bob"), 10_000, "Bob in the list");
    assert.equal(alice.members.find((m) => m.displayName === "Bob").online, false);
    const bob = live.open(client.member(code, bobJoined.member.token));
    await bob.ready;
    await waitFor(() => alice.members.find((m) => m.displayName === "Bob")?.online === true, 10_000, "Bob online");
    assert.equal(alice.info.onlineCount, 2);
    bob.close();
    await waitFor(() => alice.members.find((m) => m.displayName === "Bob")?.online === false, 10_000, "Bob offline");
    await client.member(code, bobJoined.member.token).removeMember(bobJoined.member.id);
    await waitFor(() => !alice.members.some((m) => m.displayName === "Bob"), 10_000, "Bob gone");
    assert.deepEqual(
      presence.filter((p) => p.member.displayName === "Bob").map((p) => p.event),
      ["joined", "online", "offline", "left"],
    );
  });

  test("typing shows to the others, is renewed while it goes on past the gateway's 5 s, and stops", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const alice = live.open(owner.api, { typingIdleMs: 2_000, typingRenewMs: 2_000 });
    const bob = live.open(joined[0].api);
    const typing = record(bob, "typing");
    await Promise.all([alice.ready, bob.ready]);
    const typingUntil = Date.now() + 7_000;
    while (Date.now() < typingUntil) {
      alice.typing();
      await sleep(250);
    }
    assert.deepEqual(typing, [{ memberId: owner.member.id, active: true }], "one start, never ended while renewed");
    assert.deepEqual(bob.typingMembers, [owner.member.id]);
    alice.stopTyping();
    await waitFor(() => typing.length === 2, 10_000, "typing to stop");
    assert.deepEqual(typing[1], { memberId: owner.member.id, active: false });
    assert.deepEqual(bob.typingMembers, []);
  });

  test("a typist who stops without saying so is stopped after a pause", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const alice = live.open(owner.api, { typingIdleMs: 300 });
    const bob = live.open(joined[0].api);
    const typing = record(bob, "typing");
    await Promise.all([alice.ready, bob.ready]);
    alice.typing();
    await waitFor(() => typing.length === 2, 8_000, "the start and its end");
    assert.deepEqual(typing.map((t) => t.active), [true, false]);
  });

  test("a display does not type", async () => {
    const { joined } = await sessionWith(client, ["Bob", { displayName: "Wall", role: "display" }]);
    const bob = live.open(joined[0].api);
    const wall = live.open(joined[1].api);
    const typing = record(bob, "typing");
    const errors = record(wall, "error");
    await Promise.all([bob.ready, wall.ready]);
    wall.typing();
    await wall.ping(); // anything the display had sent is answered before this pong
    assert.deepEqual(typing, []);
    assert.deepEqual(errors, []);
  });
});

describe("state", () => {
  test("a write reaches the others as a state event with the new version", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const alice = live.open(owner.api);
    const bob = live.open(joined[0].api);
    await Promise.all([alice.ready, bob.ready]);
    const written = await alice.setState({ strokes: [[0, 0, 5, 5]] });
    assert.equal(written.version, 1);
    await waitFor(() => bob.state.version === 1, 10_000, "Bob to see version 1");
    assert.deepEqual(bob.state.data, { strokes: [[0, 0, 5, 5]] });
    assert.equal(bob.state.updatedBy, owner.member.id);
  });

  test("concurrent updates from two writers lose none: 2 writers x 15 increments make 30", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const alice = live.open(owner.api);
    const bob = live.open(joined[0].api);
    await Promise.all([alice.ready, bob.ready]);
    const increment = (s) => s.updateState((data) => ({ count: (data?.count ?? 0) + 1 }));
    const results = await Promise.all([
      ...Array.from({ length: 15 }, () => increment(alice)),
      ...Array.from({ length: 15 }, () => increment(bob)),
    ]);
    const final = await owner.api.getState();
    assert.equal(final.data.count, 30);
    // Updates made while a write is in flight go out together: fewer versions than updates, never more.
    assert.ok(final.version <= 30, `version ${final.version}`);
    assert.ok(results.every((state) => state.version >= 1 && state.version <= final.version));
  });

  test("an update that lost the race runs its change again on the newer state", async () => {
    const { owner, joined } = await sessionWith(proxied, ["Bob"]);
    const alice = live.open(owner.api);
    await alice.ready;
    // Alice does not hear of Bob's write before hers reaches the gateway: hers is based on version 0.
    const release = proxy.hold();
    await joined[0].api.putState({ count: 10 });
    const bases = [];
    const update = alice.updateState((data, state) => {
      bases.push(state.version);
      return { count: (data?.count ?? 0) + 1 };
    });
    release();
    const written = await update;
    assert.deepEqual(bases, [0, 1], "computed on version 0, refused, computed again on version 1");
    assert.equal(written.version, 2);
    assert.deepEqual((await owner.api.getState()).data, { count: 11 });
  });

  test("a write based on a stale version rejects with version_conflict and the current version", async () => {
    const { owner } = await sessionWith(client);
    const alice = live.open(owner.api);
    await alice.ready;
    await owner.api.putState({ v: 1 });
    await owner.api.putState({ v: 2 });
    const e = await refusal(alice.setState({ v: 3 }, { baseVersion: 0 }));
    assert.equal(e.code, "version_conflict");
    assert.equal(e.status, 412);
    assert.equal(e.currentVersion, 2);
  });

  test("a state too big for a frame is written over HTTP with the same condition", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const alice = live.open(owner.api);
    const bob = live.open(joined[0].api);
    await Promise.all([alice.ready, bob.ready]);
    const big = { blob: "z".repeat(100_000) };
    const written = await alice.setState(big, { baseVersion: 0 });
    assert.equal(written.version, 1);
    await waitFor(() => bob.state.version === 1, 10_000, "Bob to see it");
    assert.equal(bob.state.data.blob.length, 100_000);
  });
});

describe("close codes", () => {
  test("the owner ending the session: terminated, closed with 4004, and no reconnect", async () => {
    const { owner, joined } = await sessionWith(proxied, ["Bob"]);
    const bob = live.open(joined[0].api);
    const terminated = record(bob, "terminated");
    const statuses = record(bob, "status");
    await bob.ready;
    const upgradesBefore = proxy.upgrades.length;
    await owner.api.endSession();
    await waitFor(() => bob.status === "closed", 10_000, "Bob's connection to close");
    assert.deepEqual(terminated, [{ reason: "owner" }]);
    assert.deepEqual(statuses.at(-1), { status: "closed", code: 4004, reason: "ended" });
    assert.ok(!statuses.some((s) => s.status === "reconnecting"), "the client decided not to reconnect");
    await sleep(LONGER_THAN_A_RECONNECT);
    assert.equal(proxy.upgrades.length, upgradesBefore, "no reconnect attempt");
    const late = await refusal(bob.send("too late"));
    assert.equal(late.code, "session_not_found");
  });

  test("kicked: closed with 4009, no reconnect, and sends fail from then on", async () => {
    const { owner, joined } = await sessionWith(proxied, ["Bob"]);
    const bob = live.open(joined[0].api);
    const statuses = record(bob, "status");
    await bob.ready;
    const upgradesBefore = proxy.upgrades.length;
    await owner.api.removeMember(joined[0].member.id);
    await waitFor(() => bob.status === "closed", 10_000, "Bob's connection to close");
    assert.deepEqual(statuses.at(-1), { status: "closed", code: 4009, reason: "kicked" });
    assert.ok(!statuses.some((s) => s.status === "reconnecting"), "the client decided not to reconnect");
    await sleep(LONGER_THAN_A_RECONNECT);
    assert.equal(proxy.upgrades.length, upgradesBefore, "no reconnect attempt");
    assert.equal((await refusal(bob.send("hi"))).code, "connection_closed");
  });

  test("a bad token: ready rejects with unauthorized (4001), and no reconnect", async () => {
    const { code } = await sessionWith(proxied);
    const upgradesBefore = proxy.upgrades.length;
    const stranger = live.open(proxied.member(code, "hm_" + "A".repeat(43)));
    const statuses = record(stranger, "status");
    const e = await refusal(stranger.ready);
    assert.deepEqual(statuses.map((s) => s.status), ["closed"], "the client decided not to reconnect");
    assert.equal(e.code, "unauthorized");
    assert.equal(e.closeCode, 4001);
    await sleep(LONGER_THAN_A_RECONNECT);
    assert.equal(proxy.upgrades.length, upgradesBefore + 1, "one attempt only");
  });

  test("leave removes the member and closes with 1000, for good", async () => {
    const { owner, joined } = await sessionWith(client, ["Bob"]);
    const alice = live.open(owner.api);
    const bob = live.open(joined[0].api);
    await Promise.all([alice.ready, bob.ready]);
    await waitFor(() => alice.members.find((m) => m.id === joined[0].member.id)?.online, 10_000, "Bob online");
    await bob.leave();
    assert.equal(bob.status, "closed");
    await waitFor(() => !alice.members.some((m) => m.id === joined[0].member.id), 10_000, "Bob gone from Alice's list");
    assert.equal((await refusal(joined[0].api.getSession())).status, 401);
  });

  test("1001 (the gateway going away): reconnects at once with since, and misses nothing", async () => {
    const { owner, joined } = await sessionWith(proxied, ["Bob"]);
    const bob = live.open(joined[0].api);
    const seen = record(bob, "message");
    const statuses = record(bob, "status");
    await bob.ready;
    await owner.api.sendMessage("before");
    await waitFor(() => seen.length === 1, 10_000, "the first message");
    const upgradesBefore = proxy.upgrades.length;
    assert.equal(proxy.closeWith(1001, () => true) > 0, true);
    await owner.api.sendMessage("while away");
    await waitFor(() => seen.length === 2 && bob.status === "open", 10_000, "the second message after the reconnect");
    assert.ok(statuses.some((s) => s.status === "reconnecting" && s.code === 1001));
    assert.match(proxy.upgrades[upgradesBefore], /^GET \/ws\?since=1 /);
    assert.deepEqual(seen.map((m) => m.content), ["before", "while away"]);
  });

  test("close() stops for good: waiting sends fail with connection_closed", async () => {
    const { owner } = await sessionWith(proxied);
    const alice = live.open(owner.api);
    await alice.ready;
    proxy.refuse(true);
    try {
      proxy.cut();
      await waitFor(() => alice.status === "reconnecting", 10_000, "the cut to be noticed");
      const waiting = alice.send("never sent");
      alice.close();
      assert.equal((await refusal(waiting)).code, "connection_closed");
      assert.equal(alice.status, "closed");
    } finally {
      proxy.refuse(false);
    }
    assert.equal((await owner.api.messageStats()).count, 0);
  });
});
