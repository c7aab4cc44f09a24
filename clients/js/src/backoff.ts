/** How long to wait before reconnect attempt `attempt` (0 for the first), and whether to try at all. */

export interface ReconnectOptions {
  /** The first delay, in ms (default 500). */
  minDelayMs?: number;
  /** No delay is longer than this, in ms (default 15 000). */
  maxDelayMs?: number;
  /** Each attempt waits this many times longer than the one before (default 2). */
  factor?: number;
  /** Give up after this many attempts in a row without a welcome (default: never). */
  maxAttempts?: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, the other half random,
 * so a crowd of clients cut off at once (a gateway restart) does not come back in one wave, and none
 * retries sooner than half its delay.
 */
export function backoffDelay(attempt: number, options: ReconnectOptions = {}, random: () => number = Math.random): number {
  const min = options.minDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, min * Math.pow(factor, Math.max(0, attempt)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What a close code means for the client (PROTOCOL.md section 5, close codes). */
export type CloseVerdict =
  | { reconnect: false; reason: "left" | "unauthorized" | "ended" | "kicked" | "origin" | "closed" }
  | { reconnect: true; soon: boolean };

/**
 * Never again after 1000 (left, or closed by us), 1008 (this origin is refused), 4001 (the token no
 * longer works), 4004 (the session ended) and 4009 (kicked); at once, with a little jitter, after 1001
 * (that gateway is going away: another one takes the reconnect; the Session backs off when 1001 comes again
 * before a welcome); with backoff after anything else
 * (1006 lost connection, 1011 store failure, 1013 too slow, 4008 too many sockets, …).
 */
export function closeVerdict(code: number): CloseVerdict {
  switch (code) {
    case 1000:
      return { reconnect: false, reason: "left" };
    case 1008:
      return { reconnect: false, reason: "origin" };
    case 4001:
      return { reconnect: false, reason: "unauthorized" };
    case 4004:
      return { reconnect: false, reason: "ended" };
    case 4009:
      return { reconnect: false, reason: "kicked" };
    case 1001:
      return { reconnect: true, soon: true };
    default:
      return { reconnect: true, soon: false };
  }
}
