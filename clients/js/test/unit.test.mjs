// The client's own rules, without a gateway: backoff, close codes, and reading problems.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HuddleClient, HuddleError, backoffDelay, closeVerdict, newClientMsgId } from "../dist/index.js";

test("backoff doubles from the first delay up to the cap, and jitter keeps each within its upper half", () => {
  const options = { minDelayMs: 100, maxDelayMs: 1_000 };
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, () => 1)), [100, 200, 400, 800, 1_000, 1_000]);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, () => 0)), [50, 100, 200, 400, 500, 500]);
});

test("never reconnect after 1000, 1008, 4001, 4004 and 4009; at once after 1001; with backoff otherwise", () => {
  for (const code of [1000, 1008, 4001, 4004, 4009]) assert.equal(closeVerdict(code).reconnect, false, String(code));
  assert.deepEqual(closeVerdict(1001), { reconnect: true, soon: true });
  for (const code of [1006, 1009, 1011, 1013, 4008]) assert.deepEqual(closeVerdict(code), { reconnect: true, soon: false }, String(code));
});

test("a problem body becomes a HuddleError with every detail; Retry-After fills in a missing retryAfter", () => {
  const e = HuddleError.fromProblem(
    429,
    { type: "about:blank", title: "Too many requests", status: 429, code: "rate_limited", detail: "Slow down.", correlationId: "c-1", tier: "join" },
    "7",
  );
  assert.equal(e.code, "rate_limited");
  assert.equal(e.status, 429);
  assert.equal(e.retryAfter, 7);
  assert.equal(e.tier, "join");
  assert.equal(e.message, "Slow down.");
  assert.equal(e.correlationId, "c-1");
  assert.ok(e instanceof Error);
});

test("an error frame becomes a HuddleError with the status its code has over HTTP", () => {
  const e = HuddleError.fromFrame({ type: "error", ref: "r1", code: "version_conflict", message: "stale", currentVersion: 4 });
  assert.equal(e.status, 412);
  assert.equal(e.currentVersion, 4);
});

test("generated clientMsgIds follow the protocol's rules and do not repeat", () => {
  const ids = new Set(Array.from({ length: 1_000 }, newClientMsgId));
  assert.equal(ids.size, 1_000);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9._-]{1,64}$/);
});

test("a gateway that keeps answering 1001 before any welcome gets backoff, not a reconnect every few ms", async () => {
  // What a draining gateway does to a socket upgraded while it stops (docs/api.md, close codes).
  let opened = 0;
  class Draining {
    constructor() {
      opened++;
      this.readyState = 0;
      setTimeout(() => this.onclose?.({ code: 1001, reason: "going away" }), 1);
    }
    send() {}
    close() {}
  }
  const session = new HuddleClient({ baseUrl: "http://127.0.0.1:1", WebSocket: Draining })
    .member("ABCDEF", "hm_x")
    .connect({ reconnect: { minDelayMs: 100, maxDelayMs: 2_000 } });
  const delays = [];
  session.on("status", (s) => s.status === "reconnecting" && delays.push(s.delayMs));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  session.close();
  // The first 1001 is retried at once (another gateway takes it); the ones after it back off: 100, 200, 400, … ms.
  assert.ok(delays[0] <= 100, `first delay ${delays[0]}`);
  for (let i = 1; i < delays.length; i++) assert.ok(delays[i] >= backoffDelay(i, { minDelayMs: 100, maxDelayMs: 2_000 }, () => 0), `delay ${i}: ${delays}`);
  assert.ok(opened <= 7, `${opened} connection attempts in 2 s`);
});

test("a send refused with storage_unavailable waits retryAfter before it goes again, whatever else is sent meanwhile", async () => {
  // A gateway whose PostgreSQL is away for 2.5 s: every message:send meanwhile gets storage_unavailable, retryAfter 1.
  const member = { id: "m_1", displayName: "A", role: "member", online: true, joinedAt: "2026-01-01T00:00:00.000Z", lastSeenAt: "2026-01-01T00:00:00.000Z" };
  const attempts = new Map();
  let seq = 0;
  const storeBackAt = Date.now() + 2_500;
  class Gateway {
    constructor() {
      this.readyState = 0;
      setTimeout(() => {
        this.readyState = 1;
        this.reply({
          type: "welcome", member, members: [member], messages: [], recovered: false, lastSeq: 0, heartbeatSeconds: 25,
          session: { code: "ABCDEF", name: "t", ownerId: "u", status: "active", createdAt: member.joinedAt, expiresAt: member.joinedAt, lastActivityAt: member.joinedAt, maxMembers: 10, memberCount: 1, onlineCount: 1 },
          state: { version: 0, data: null, updatedAt: null, updatedBy: null },
        });
      }, 1);
    }
    reply(frame) {
      setTimeout(() => this.onmessage?.({ data: JSON.stringify(frame) }), 5);
    }
    send(text) {
      const frame = JSON.parse(text);
      if (frame.type !== "message:send") return;
      attempts.set(frame.clientMsgId, [...(attempts.get(frame.clientMsgId) ?? []), Date.now()]);
      if (Date.now() < storeBackAt) {
        this.reply({ type: "error", ref: frame.ref, code: "storage_unavailable", message: "later", retryAfter: 1 });
        return;
      }
      const message = { id: "msg_" + seq, seq: ++seq, sessionCode: "ABCDEF", senderId: member.id, senderName: "A", kind: "text", content: frame.content, data: null, clientMsgId: frame.clientMsgId, sentAt: member.joinedAt };
      this.reply({ type: "message:ack", ref: frame.ref, message });
    }
    close() {}
  }
  const session = new HuddleClient({ baseUrl: "http://127.0.0.1:1", WebSocket: Gateway }).member("ABCDEF", "hm_x").connect();
  let stored;
  try {
    await session.ready;
    const sends = [];
    for (let i = 0; i < 6; i++) {
      sends.push(session.send(`m${i}`));
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    stored = await Promise.all(sends);
  } finally {
    session.close();
  }
  assert.deepEqual(stored.map((m) => m.content), ["m0", "m1", "m2", "m3", "m4", "m5"], "stored once each, in order");
  for (const [id, times] of attempts) {
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 950, `${id} went again after ${times[i] - times[i - 1]} ms`);
  }
});
