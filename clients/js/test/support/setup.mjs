// Shared by the test files: one gateway per file, clients that speak to it, and small helpers.
import { WebSocket } from "ws";
import { HuddleClient } from "../../dist/index.js";
import { startGateway, NO_LIMITS, waitFor, sleep } from "./gateway.mjs";

export { waitFor, sleep, NO_LIMITS, startGateway };

/** A client of `baseUrl` that uses the ws package (Node 20 has no global WebSocket). */
export function clientOf(baseUrl, options = {}) {
  return new HuddleClient({ baseUrl, WebSocket, ...options });
}

/** A new session with its owner, and `members` joined to it: `{ code, owner, joined: [{member, api}] }`. */
export async function sessionWith(client, displayNames = [], body = {}) {
  const created = await client.createSession({ name: "test", ...body });
  const code = created.session.code;
  const owner = { member: created.member, api: client.member(code, created.member.token) };
  const joined = [];
  for (const entry of displayNames) {
    const { displayName, role } = typeof entry === "string" ? { displayName: entry } : entry;
    const j = await client.joinSession(code, { displayName, ...(role ? { role } : {}) });
    joined.push({ member: j.member, api: client.member(code, j.member.token) });
  }
  return { code, session: created.session, owner, joined };
}

/** Collects the `type` events of a Session in an array. */
export function record(session, type) {
  const seen = [];
  session.on(type, (value) => seen.push(value));
  return seen;
}

/** Every session opened through `open` is closed by `closeAll`, so no socket outlives its test. */
export function sessions() {
  const opened = [];
  return {
    open(api, options = {}) {
      const s = api.connect({ reconnect: { minDelayMs: 20, maxDelayMs: 200 }, ...options });
      opened.push(s);
      return s;
    },
    closeAll() {
      for (const s of opened.splice(0)) s.close();
    },
  };
}

/** Asserts nothing but returns whether `promise` settles to a HuddleError with `code`, else rethrows the surprise. */
export async function refusal(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected a refusal, but it succeeded");
}
