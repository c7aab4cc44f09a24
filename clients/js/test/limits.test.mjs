// Refusals over the socket, against a gateway of their own with a small burst limit.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { NO_LIMITS, clientOf, refusal, sessionWith, startGateway } from "./support/setup.mjs";

let gateway;

before(async () => {
  gateway = await startGateway({ ...NO_LIMITS, RATE_LIMIT_BURST: "5/60s" });
});
after(() => gateway?.stop());

test("a leave the gateway refuses rejects with its error, and the connection stays open", async () => {
  const client = clientOf(gateway.baseUrl);
  const { owner, joined } = await sessionWith(client, ["Leaver"]);
  const live = joined[0].api.connect({ reconnect: false });
  try {
    await live.ready;
    // Spend the member's burst allowance, so the gateway answers the leave frame with rate_limited.
    for (let i = 0; i < 10; i++) {
      const e = await live.ping().then(() => undefined, (e) => e);
      if (e?.code === "rate_limited") break;
    }
    let timer;
    const hung = new Promise((resolve) => (timer = setTimeout(() => resolve("still waiting after 3 s"), 3_000)));
    const e = await Promise.race([refusal(live.leave()), hung]);
    clearTimeout(timer);
    assert.equal(e?.code, "rate_limited", String(e));
    assert.equal(e.status, 429);
    assert.equal(e.tier, "burst");
    assert.ok(e.retryAfter >= 1);
    assert.equal(live.status, "open");
    assert.ok((await owner.api.members()).some((m) => m.id === joined[0].member.id), "the member is still in the session");
  } finally {
    live.close();
  }
});
