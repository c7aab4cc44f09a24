// Reconnect storms: connections cut mid-stream, again and again, while messages flow. What the client
// promises: every message of the session reaches each member once, in seq order, with no gap; every
// send, including those made while disconnected, is stored exactly once.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { startFaultProxy } from "./support/fault-proxy.mjs";
import { NO_LIMITS, clientOf, record, sessionWith, sessions, sleep, startGateway, waitFor } from "./support/setup.mjs";

let gateway;
let proxy;
let proxied;
let direct;
const live = sessions();

before(async () => {
  gateway = await startGateway(NO_LIMITS);
  proxy = await startFaultProxy(gateway.port);
  proxied = clientOf(proxy.baseUrl);
  direct = clientOf(gateway.baseUrl);
});
afterEach(() => live.closeAll());
after(async () => {
  await proxy?.stop();
  await gateway?.stop();
});

/** Asserts that `messages` are exactly seq 1..count, each once, in order. */
function assertGapless(messages, count, who) {
  const seqs = messages.map((m) => m.seq);
  const duplicates = seqs.length - new Set(seqs).size;
  const missing = [];
  const have = new Set(seqs);
  for (let seq = 1; seq <= count; seq++) if (!have.has(seq)) missing.push(seq);
  assert.equal(duplicates, 0, `${who}: ${duplicates} duplicates`);
  assert.deepEqual(missing, [], `${who}: missing seqs`);
  assert.deepEqual(seqs, Array.from({ length: count }, (_, i) => i + 1), `${who}: not in seq order`);
}

test("1,000 messages through 10 forced disconnects: 0 gaps, 0 duplicates, sends while disconnected delivered once", async (t) => {
  const TOTAL = 1_000;
  const { owner, joined } = await sessionWith(proxied, ["Sender", "Watcher"]);
  const sender = live.open(joined[0].api, { responseTimeoutMs: 5_000 });
  const watcher = live.open(joined[1].api, { responseTimeoutMs: 5_000 });
  const senderSaw = record(sender, "message");
  const watcherSaw = record(watcher, "message");
  const welcomes = { sender: record(sender, "welcome"), watcher: record(watcher, "welcome") };
  await Promise.all([sender.ready, watcher.ready]);
  const upgradesBefore = proxy.upgrades.length;

  // Half the messages come from the Sender's socket (which gets cut), half from the owner over HTTP
  // straight to the gateway (which never does), so messages keep flowing while sockets are down.
  const fromOwner = direct.member(owner.api.code, owner.api.token);
  const sends = [];
  let sentWhileDisconnected = 0;
  let cuts = 0;
  for (let i = 0; i < TOTAL / 2; i++) {
    if (sender.status !== "open") sentWhileDisconnected++;
    sends.push(sender.send(`s${i}`, { clientMsgId: `sender-${i}` }));
    await fromOwner.sendMessage(`o${i}`, { clientMsgId: `owner-${i}` });
    if (i % 50 === 25) {
      // Both back from the previous cut, then cut both again, alternately as a dead TCP connection
      // (no close frame at all) and as the gateway "going away" (1001).
      await waitFor(() => sender.status === "open" && watcher.status === "open", 10_000, "both to be connected again");
      const victims = cuts % 2 === 0 ? proxy.cut() : proxy.closeWith(1001);
      assert.equal(victims, 2, "both sockets were cut");
      cuts++;
    }
  }
  const stored = await Promise.all(sends);

  try {
    await waitFor(() => watcherSaw.length >= TOTAL && senderSaw.length >= TOTAL, 30_000, `both to see ${TOTAL} messages`);
  } catch (e) {
    // Say where each one stands: a missing seq (a gap) and a stalled socket look alike from the outside.
    const where = (who, session, saw) =>
      `${who}: ${session.status}, ${saw.length} seen, ${new Set(saw.map((m) => m.seq)).size} distinct, last seq ${saw.at(-1)?.seq}`;
    throw new Error(`${e.message} (${where("sender", sender, senderSaw)}; ${where("watcher", watcher, watcherSaw)})`);
  }
  await fromOwner.sendMessage("last"); // anything still in flight would show up before this one
  await waitFor(() => watcherSaw.at(-1)?.content === "last" && senderSaw.at(-1)?.content === "last", 10_000, "the last message");

  assert.ok(cuts >= 5, `${cuts} forced disconnects`);
  assert.ok(welcomes.watcher.length >= cuts + 1 && welcomes.sender.length >= cuts + 1, "each cut was followed by a new welcome");
  const resumed = proxy.upgrades.slice(upgradesBefore);
  assert.ok(resumed.length >= 2 * cuts && resumed.every((line) => /^GET \/ws\?since=\d+ /.test(line)), "every reconnect resumed with since");
  assert.ok(sentWhileDisconnected > 0, "some sends were made while disconnected");

  t.diagnostic(`${cuts} forced disconnects of both sockets, ${resumed.length} resumed connections, ${sentWhileDisconnected} sends made while disconnected`);
  assertGapless(watcherSaw, TOTAL + 1, "watcher");
  assertGapless(senderSaw, TOTAL + 1, "sender");
  assert.equal(new Set(stored.map((m) => m.seq)).size, TOTAL / 2, "each send resolved with its own message");
  const stats = await fromOwner.messageStats();
  assert.equal(stats.count, TOTAL + 1, "nothing stored twice, nothing lost");
  const ids = new Set(watcherSaw.map((m) => m.clientMsgId));
  for (let i = 0; i < TOTAL / 2; i++) assert.ok(ids.has(`sender-${i}`) && ids.has(`owner-${i}`), `message ${i} of each sender`);
});

test("sends made while the network is down go out once it is back, once each, in order", async () => {
  const { joined } = await sessionWith(proxied, ["Sender", "Watcher"]);
  const sender = live.open(joined[0].api);
  const watcher = live.open(joined[1].api);
  const watcherSaw = record(watcher, "message");
  await Promise.all([sender.ready, watcher.ready]);
  proxy.refuse(true);
  let sends;
  try {
    proxy.cut();
    await waitFor(() => sender.status === "reconnecting", 10_000, "the sender to notice");
    sends = Array.from({ length: 20 }, (_, i) => sender.send(`offline ${i}`));
    await sleep(300); // a few reconnect attempts fail meanwhile (maxDelayMs is 200)
    assert.equal(sender.status, "reconnecting");
  } finally {
    proxy.refuse(false);
  }
  const stored = await Promise.all(sends);
  assert.deepEqual(stored.map((m) => m.seq), Array.from({ length: 20 }, (_, i) => i + 1));
  await waitFor(() => watcherSaw.length === 20, 10_000, "the watcher to get all 20");
  assert.deepEqual(watcherSaw.map((m) => m.content), Array.from({ length: 20 }, (_, i) => `offline ${i}`));
});

test("away for more than the 1,000 messages a welcome recovers: the client fetches the gap, missing nothing", async () => {
  const MISSED = 1_100;
  const { owner, joined } = await sessionWith(proxied, ["Watcher"]);
  const fromOwner = direct.member(owner.api.code, owner.api.token);
  const watcher = live.open(joined[0].api);
  const watcherSaw = record(watcher, "message");
  const welcomes = record(watcher, "welcome");
  await watcher.ready;
  await fromOwner.sendMessage("first");
  await waitFor(() => watcherSaw.length === 1, 10_000, "the first message");
  proxy.refuse(true);
  try {
    proxy.cut();
    await waitFor(() => watcher.status === "reconnecting", 10_000, "the watcher to notice");
    for (let i = 0; i < MISSED; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => fromOwner.sendMessage(`missed ${i + j}`)));
    }
  } finally {
    proxy.refuse(false);
  }
  await waitFor(() => watcherSaw.length >= MISSED + 1 && watcher.status === "open", 20_000, "the watcher to catch up");
  assert.equal(welcomes.at(-1).recovered, false, "the welcome alone could not recover this much");
  assertGapless(watcherSaw, MISSED + 1, "watcher");
});
