import { backoffDelay, closeVerdict, type ReconnectOptions } from "./backoff.js";
import { Emitter } from "./emitter.js";
import { HuddleError } from "./errors.js";
import type { MemberClient } from "./http.js";
import { newClientMsgId } from "./ids.js";
import { pagesBackwards } from "./pages.js";
import type {
  EndReason,
  ErrorFrame,
  HistoryPage,
  HistoryQuery,
  Member,
  Message,
  PresenceFrame,
  SendOptions,
  ServerFrame,
  SessionInfo,
  State,
  WelcomeFrame,
} from "./types.js";

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface StatusChange {
  status: ConnectionStatus;
  /** While reconnecting: which attempt comes next (0 for the first) and how long until it. */
  attempt?: number;
  delayMs?: number;
  /** The close code of the socket that just closed, when one did. */
  code?: number;
  /** Why the connection closed for good (`left`, `unauthorized`, `ended`, `kicked`, `origin`, `closed`). */
  reason?: string;
}

export interface SessionEvents {
  /** Each (re)connection's first frame; `message` events for its messages follow. */
  welcome: WelcomeFrame;
  /** Every message of the session, once each, in `seq` order, across reconnects; your own sends too. */
  message: Message;
  presence: PresenceFrame;
  /** The live member list changed (welcome or presence). */
  members: Member[];
  typing: { memberId: string; active: boolean };
  /** The shared state changed (welcome, someone's write, or your own acknowledged write). */
  state: State;
  warning: { reason: "inactivity"; endsAt: string };
  terminated: { reason: EndReason };
  /** An error the gateway sent that answers none of your calls, or a problem while recovering. */
  error: HuddleError;
  status: StatusChange;
}

export interface SessionOptions {
  /** Resume after this seq on the first connect (a seq you kept from an earlier visit). */
  since?: number;
  /** Backoff settings, or `false` to never reconnect. */
  reconnect?: ReconnectOptions | false;
  /** How often to ping the gateway; default the welcome's `heartbeatSeconds`. */
  pingIntervalMs?: number;
  /** A socket that leaves a frame unanswered this long is taken for dead and replaced (default 10 000). */
  responseTimeoutMs?: number;
  /** Sends in flight on one socket at most; the rest wait their turn, in order (default 32). */
  maxInFlight?: number;
  /** After this long without a `typing()` call, typing stops by itself (default 3 000). */
  typingIdleMs?: number;
  /** While typing goes on, `typing:start` is renewed this often; the gateway ends it after 5 s (default 3 000). */
  typingRenewMs?: number;
  /** A WebSocket class; defaults to the client's, the global one, else the `ws` package. */
  WebSocket?: unknown;
}

/** What `ping()` measured. */
export interface PingResult {
  rttMs: number;
  /** The gateway's clock, when its pong carries it. */
  serverTime?: string;
  /** Estimated `server clock − local clock` in ms, when the pong carries `serverTime`. */
  clockOffsetMs?: number;
}

/** The part of the WebSocket API used here; the browser's and the `ws` package's both have it. */
interface Socket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onopen: ((event: unknown) => void) | null;
}
type SocketClass = new (url: string, protocols: string[]) => Socket;

interface PendingSend {
  frame: { type: "message:send"; content: string; kind?: string; data?: unknown; clientMsgId: string };
  resolve: (message: Message) => void;
  reject: (error: HuddleError) => void;
  /** The ref and socket generation it was last sent with; unset while waiting its turn. */
  ref?: string | undefined;
  generation?: number | undefined;
  unavailableRetries: number;
  /** After storage_unavailable: not sent again before this time (ms since the epoch). */
  retryAt?: number | undefined;
  timer?: ReturnType<typeof setTimeout> | undefined;
}

interface PendingUpdate {
  change: (current: unknown, state: State) => unknown;
  resolve: (state: State) => void;
  reject: (error: unknown) => void;
  maxAttempts: number;
}

interface PendingRequest {
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The socket closed before the answer came: the request's outcome is unknown. */
class Lost extends Error {}

const OPEN = 1;
const MAX_FRAME_BYTES = 64 * 1024;
const UNAVAILABLE_RETRIES = 5;

/**
 * One member's live connection to one session (PROTOCOL.md section 5). It connects at once and keeps
 * connected: after a lost connection it reconnects with backoff, resumes with `since` the last seq it
 * delivered, and drops what it has already delivered, so `message` events come once each, in order.
 * Sends wait in an outbox until acknowledged and are sent again, with the same `clientMsgId`, after a
 * reconnect, so a send is stored once however often the network drops.
 */
export class Session extends Emitter<SessionEvents> {
  readonly api: MemberClient;
  /** The last seq delivered as a `message` event (or covered by a welcome); the resume point. */
  lastSeq = 0;
  /** The shared state as last confirmed by the gateway. */
  state: State = { version: 0, data: null, updatedAt: null, updatedBy: null };
  /** This member, from the latest welcome. */
  me: Member | undefined;
  /** The session, from the latest welcome, with counts kept from presence events. */
  info: SessionInfo | undefined;
  /** A promise of the first welcome; rejected when the very first connection is refused for good. */
  readonly ready: Promise<WelcomeFrame>;

  private readonly options: SessionOptions;
  private statusValue: ConnectionStatus = "connecting";
  private readonly memberMap = new Map<string, Member>();
  private readonly typingNow = new Set<string>();
  private socket: Socket | undefined;
  private generation = 0;
  private attempt = 0;
  private resuming: boolean;
  private welcomed = false;
  private closedFor: HuddleError | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextRef = 0;
  private readonly outbox: PendingSend[] = [];
  private readonly requests = new Map<string, PendingRequest>();
  private filling = false;
  private buffered: string[] = [];
  private typingActive = false;
  private typingSentAt = 0;
  private typingIdleTimer: ReturnType<typeof setTimeout> | undefined;
  private stateQueue: Promise<unknown> = Promise.resolve();
  private readonly updates: PendingUpdate[] = [];
  private updatesScheduled = false;
  private readyResolve!: (welcome: WelcomeFrame) => void;
  private readyReject!: (error: HuddleError) => void;
  private readonly openWaiters: { resolve: () => void; reject: (e: HuddleError) => void }[] = [];
  private readonly detachNetworkEvents: () => void;

  constructor(api: MemberClient, options: SessionOptions = {}) {
    super();
    this.api = api;
    this.options = options;
    this.resuming = options.since !== undefined;
    if (options.since !== undefined) this.lastSeq = options.since;
    this.ready = new Promise((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    this.ready.catch(() => {}); // an unobserved refusal is also reported by status and the calls that fail
    this.detachNetworkEvents = this.watchNetwork();
    void this.connect();
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** The session's members, ordered by `joinedAt`, each with `online` kept live. */
  get members(): Member[] {
    return [...this.memberMap.values()].sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : a.id < b.id ? -1 : 1));
  }

  /** Ids of the other members typing now. */
  get typingMembers(): string[] {
    return [...this.typingNow];
  }

  /** Resolves when the connection is open (at once if it is); rejects if it closes for good first. */
  whenOpen(): Promise<void> {
    if (this.closedFor !== undefined) return Promise.reject(this.closedFor);
    if (this.statusValue === "open") return Promise.resolve();
    return new Promise((resolve, reject) => this.openWaiters.push({ resolve, reject }));
  }

  /**
   * Sends a message; resolves with the stored Message once the gateway acknowledged it. Works while
   * disconnected too: the message waits and goes out after the reconnect, once.
   */
  send<D = unknown>(content: string, options: SendOptions<D> = {}): Promise<Message<D>> {
    if (this.closedFor !== undefined) return Promise.reject(this.closedFor);
    const frame: PendingSend["frame"] = { type: "message:send", content, clientMsgId: options.clientMsgId ?? newClientMsgId() };
    if (options.kind !== undefined) frame.kind = options.kind;
    if (options.data !== undefined) frame.data = options.data;
    if (utf8Length(JSON.stringify({ ...frame, ref: "r0000000000" })) > MAX_FRAME_BYTES) {
      return Promise.reject(new HuddleError({ code: "payload_too_large", status: 413, message: "the message frame would be over 64 KiB" }));
    }
    this.stopTyping();
    return new Promise<Message<D>>((resolve, reject) => {
      this.outbox.push({ frame, resolve: resolve as (m: Message) => void, reject, unavailableRetries: 0 });
      this.pump();
    });
  }

  /** Call on every keystroke: starts typing, renews it while it goes on, and stops it after a pause. */
  typing(): void {
    if (this.statusValue !== "open" || this.me?.role === "display") return;
    const now = Date.now();
    const renewMs = this.options.typingRenewMs ?? 3_000;
    if (!this.typingActive || now - this.typingSentAt >= renewMs) {
      this.typingActive = true;
      this.typingSentAt = now;
      this.write({ type: "typing:start" });
    }
    clearTimeout(this.typingIdleTimer);
    this.typingIdleTimer = setTimeout(() => this.stopTyping(), this.options.typingIdleMs ?? 3_000);
  }

  /** Stops typing now (sending does this too). */
  stopTyping(): void {
    clearTimeout(this.typingIdleTimer);
    if (!this.typingActive) return;
    this.typingActive = false;
    if (this.statusValue === "open") this.write({ type: "typing:stop" });
  }

  /**
   * Writes the state, over the socket (`state:update`), or over HTTP when the frame would be over the
   * 64 KiB frame limit. With `baseVersion`, only over that version: else `version_conflict`.
   */
  setState<T = unknown>(data: T, options: { baseVersion?: number } = {}): Promise<State<T>> {
    return this.serialized(() => this.writeState(data, options.baseVersion)) as Promise<State<T>>;
  }

  /**
   * Optimistic compare-and-set: `change` gets the current data and returns the new data, which is
   * written with `baseVersion` = the version it was computed from; on `version_conflict` the newer
   * state is fetched and `change` runs again (at most `maxAttempts` times, default 10, with a growing
   * random pause after the second conflict, so competing writers take turns). Calls made while a write
   * is in flight are applied together, in call order, in the next write, which resolves them all.
   * `change` must be a pure function of its argument.
   */
  updateState<T = unknown>(change: (current: T | null, state: State<T>) => T, options: { maxAttempts?: number } = {}): Promise<State<T>> {
    return new Promise<State<T>>((resolve, reject) => {
      this.updates.push({
        change: change as PendingUpdate["change"],
        resolve: resolve as PendingUpdate["resolve"],
        reject,
        maxAttempts: options.maxAttempts ?? 10,
      });
      if (this.updatesScheduled) return;
      this.updatesScheduled = true;
      void this.serialized(() => {
        this.updatesScheduled = false;
        return this.applyUpdates(this.updates.splice(0));
      });
    });
  }

  /** One `history:fetch`: a page before or after a seq, or the latest. */
  async fetchHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    const reply = await this.request({ type: "history:fetch", ...query });
    if (reply.type !== "history") throw HuddleError.client("unexpected_response", "expected a history frame");
    return { messages: reply.messages, hasMore: reply.hasMore };
  }

  /** Pages of history over the socket, from the newest back to the first message kept; each ascending. */
  historyPages(options: { before?: number; limit?: number } = {}): AsyncGenerator<Message[], void, undefined> {
    return pagesBackwards(
      (before) => this.fetchHistory({ ...(before === undefined ? {} : { before }), ...(options.limit === undefined ? {} : { limit: options.limit }) }),
      options.before,
    );
  }

  /** A `ping` and its `pong`: the round trip, and the clock offset when the gateway sends its time. */
  async ping(): Promise<PingResult> {
    const started = Date.now();
    const reply = await this.request({ type: "ping" });
    const ended = Date.now();
    const result: PingResult = { rttMs: ended - started };
    if (reply.type === "pong" && typeof reply.serverTime === "string") {
      result.serverTime = reply.serverTime;
      const server = Date.parse(reply.serverTime);
      if (!Number.isNaN(server)) result.clockOffsetMs = server - (started + ended) / 2;
    }
    return result;
  }

  /**
   * Leaves the session for good (`leave`): the member is removed and its token stops working. Rejects
   * with the gateway's error when it refuses (`rate_limited`, `storage_unavailable`, …); the connection
   * then stays open.
   */
  async leave(): Promise<void> {
    if (this.closedFor !== undefined) return;
    if (this.statusValue === "open" && this.socket !== undefined) {
      // The gateway answers a leave by closing with 1000, or refuses it with an error frame carrying its ref.
      let stop = () => {};
      const closed = new Promise<boolean>((resolve) => {
        stop = this.on("status", (s) => {
          if (s.status === "closed" || s.status === "reconnecting") resolve(s.status === "closed");
        });
      });
      try {
        await this.requestOnce({ type: "leave" });
      } catch (e) {
        if (!(e instanceof Lost)) {
          stop();
          throw e;
        }
      }
      const left = await closed;
      stop();
      if (left) return;
      // The connection was lost before the answer: leave over HTTP instead.
    }
    if (this.me !== undefined) await this.api.removeMember(this.me.id);
    this.shutDown(1000, "left");
  }

  /** Closes the connection and stops reconnecting; unacknowledged sends fail with `connection_closed`. */
  close(): void {
    this.shutDown(1000, "closed");
  }

  // --- connecting

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    let SocketImpl: SocketClass;
    try {
      SocketImpl = await this.socketClass();
    } catch (e) {
      this.shutDown(0, "closed", HuddleError.client("connection_closed", "no WebSocket: pass options.WebSocket, or install the ws package", e));
      return;
    }
    if (generation !== this.generation || this.closedFor !== undefined) return;
    const base = this.api.client.baseUrl.replace(/^http/i, "ws");
    const since = this.welcomed || this.resuming ? `?since=${this.lastSeq}` : "";
    let socket: Socket;
    try {
      socket = new SocketImpl(`${base}/ws${since}`, ["huddle.v1", "bearer." + this.api.token]);
    } catch (e) {
      this.emit("error", HuddleError.client("network_error", "the WebSocket could not be opened", e));
      this.lost(generation, 1006);
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => {
      if (generation === this.generation) this.received(String(event.data), generation);
    };
    socket.onclose = (event) => {
      if (generation === this.generation) this.lost(generation, event.code, event.reason);
    };
    socket.onerror = () => {}; // a close event follows
    socket.onopen = () => {};
  }

  private async socketClass(): Promise<SocketClass> {
    const given = this.options.WebSocket ?? this.api.client.webSocketClass ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (given !== undefined) return given as SocketClass;
    const name = "ws"; // not a literal, so bundlers for browsers leave it alone
    const mod = (await import(/* @vite-ignore */ name)) as { WebSocket?: unknown; default?: unknown };
    return (mod.WebSocket ?? mod.default) as SocketClass;
  }

  /** The socket of `generation` is gone: decide from its close code whether and when to come back. */
  private lost(generation: number, code: number, reason = ""): void {
    if (generation !== this.generation || this.closedFor !== undefined) return;
    this.dropSocket();
    const verdict = closeVerdict(code);
    if (!verdict.reconnect || this.options.reconnect === false) {
      const why = verdict.reconnect ? "closed" : verdict.reason;
      this.shutDown(code, why, closedError(code, why, reason));
      return;
    }
    const max = this.options.reconnect?.maxAttempts;
    if (max !== undefined && this.attempt >= max) {
      this.shutDown(code, "closed", HuddleError.client("connection_closed", `gave up after ${max} reconnect attempts`));
      return;
    }
    // After 1001 the first attempt goes at once (another gateway takes it); a 1001 again before any welcome
    // (a socket upgraded while that gateway drains, or a balancer still sending there) backs off as usual.
    const delayMs = verdict.soon && this.attempt === 0
      ? Math.round(Math.random() * (this.options.reconnect?.minDelayMs ?? 500))
      : backoffDelay(this.attempt, this.options.reconnect || {});
    const attempt = this.attempt++;
    this.setStatus({ status: "reconnecting", attempt, delayMs, code });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delayMs);
  }

  /** Forgets the current socket: its in-flight requests fail as lost, its sends wait for the next one. */
  private dropSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    this.filling = false;
    this.buffered = [];
    clearInterval(this.pingTimer);
    this.typingActive = false;
    clearTimeout(this.typingIdleTimer);
    if (this.typingNow.size > 0) {
      for (const memberId of this.typingNow) this.emit("typing", { memberId, active: false });
      this.typingNow.clear();
    }
    for (const send of this.outbox) {
      clearTimeout(send.timer);
      send.ref = undefined;
      send.generation = undefined;
    }
    for (const [ref, request] of this.requests) {
      clearTimeout(request.timer);
      this.requests.delete(ref);
      request.reject(new Lost());
    }
    if (socket !== undefined) {
      socket.onmessage = socket.onclose = socket.onopen = null;
      socket.onerror = () => {}; // the ws package throws an error event that has no listener
      try {
        if (socket.readyState <= OPEN) socket.close(1000, "reconnecting");
      } catch {
        // already closing
      }
      (socket as { terminate?: () => void }).terminate?.();
    }
  }

  /** Takes the socket for dead (no answer in time): close it and reconnect as after a lost connection. */
  private unresponsive(generation: number): void {
    if (generation !== this.generation) return;
    this.emit("error", HuddleError.client("timeout", "the gateway did not answer in time; reconnecting"));
    this.lost(generation, 1006, "no answer");
  }

  private shutDown(code: number, reason: string, error?: HuddleError): void {
    if (this.closedFor !== undefined) return;
    this.dropSocket();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.retryTimer);
    this.detachNetworkEvents();
    this.closedFor = error ?? HuddleError.client("connection_closed", `the connection is closed (${reason})`);
    for (const send of this.outbox.splice(0)) send.reject(this.closedFor);
    this.setStatus({ status: "closed", code, reason });
    this.readyReject(this.closedFor);
    for (const waiter of this.openWaiters.splice(0)) waiter.reject(this.closedFor);
  }

  private setStatus(change: StatusChange): void {
    this.statusValue = change.status;
    this.emit("status", change);
  }

  /** Browsers say when the network goes and comes back: drop a dead socket at once, retry at once. */
  private watchNetwork(): () => void {
    const target = globalThis as { addEventListener?: (t: string, l: () => void) => void; removeEventListener?: (t: string, l: () => void) => void };
    if (typeof target.addEventListener !== "function" || typeof (globalThis as { document?: unknown }).document === "undefined") return () => {};
    const offline = () => {
      if (this.socket !== undefined) this.lost(this.generation, 1006, "offline");
    };
    const online = () => {
      if (this.reconnectTimer !== undefined) {
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = undefined;
        void this.connect();
      }
    };
    target.addEventListener("offline", offline);
    target.addEventListener("online", online);
    return () => {
      target.removeEventListener?.("offline", offline);
      target.removeEventListener?.("online", online);
    };
  }

  // --- receiving

  private received(text: string, generation: number): void {
    if (this.filling) {
      this.buffered.push(text);
      return;
    }
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch (e) {
      this.emit("error", HuddleError.client("unexpected_response", "a frame that is not JSON", e));
      return;
    }
    if (frame.type === "welcome") {
      void this.welcome(frame, generation);
      return;
    }
    this.handle(frame);
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case "message:ack": {
        const send = this.outbox.find((s) => (frame.ref !== null && s.ref === frame.ref) || s.frame.clientMsgId === frame.message.clientMsgId);
        this.deliver(frame.message);
        if (send !== undefined) this.settle(send, frame.message);
        break;
      }
      case "message:new":
        this.deliver(frame.message);
        break;
      case "typing":
        if (frame.active) this.typingNow.add(frame.memberId);
        else this.typingNow.delete(frame.memberId);
        this.emit("typing", { memberId: frame.memberId, active: frame.active });
        break;
      case "state:updated":
        this.acceptState(frame.state);
        break;
      case "presence":
        this.presence(frame);
        break;
      case "session:warning":
        this.emit("warning", { reason: frame.reason, endsAt: frame.endsAt });
        break;
      case "session:terminated":
        this.emit("terminated", { reason: frame.reason });
        break;
      case "error":
        this.errorFrame(frame);
        break;
      case "state:ack":
      case "history":
      case "pong":
        this.answer(frame.ref, frame);
        break;
      default:
        break; // a frame type from a later protocol version: ignored
    }
  }

  private async welcome(frame: WelcomeFrame, generation: number): Promise<void> {
    const first = !this.welcomed;
    this.me = frame.member;
    this.info = frame.session;
    this.memberMap.clear();
    for (const member of frame.members) this.memberMap.set(member.id, member);
    this.emit("welcome", frame);
    this.emit("members", this.members);
    if (first || frame.state.version > this.state.version) {
      this.state = frame.state;
      this.emit("state", this.state);
    }
    const messages = frame.messages;
    const resumed = this.welcomed || this.resuming;
    if (resumed && !frame.recovered && messages.length > 0 && messages[0]!.seq > this.lastSeq + 1) {
      // More was missed than a welcome recovers: fetch the gap over HTTP, holding what the socket says meanwhile.
      this.filling = true;
      try {
        await this.fillGap(messages[0]!.seq - 1);
      } catch (e) {
        this.emit("error", e instanceof HuddleError ? e : HuddleError.client("network_error", "could not fetch missed messages", e));
      }
      if (generation !== this.generation) return;
      this.filling = false;
    }
    for (const message of messages) this.deliver(message);
    this.lastSeq = Math.max(this.lastSeq, frame.lastSeq);
    this.welcomed = true;
    this.attempt = 0;
    this.setStatus({ status: "open" });
    if (first) this.readyResolve(frame);
    for (const waiter of this.openWaiters.splice(0)) waiter.resolve();
    this.startHeartbeat(frame.heartbeatSeconds);
    this.pump();
    const held = this.buffered;
    this.buffered = [];
    for (const text of held) this.received(text, generation);
  }

  private async fillGap(until: number): Promise<void> {
    while (this.lastSeq < until) {
      const page = await this.api.messages({ after: this.lastSeq, limit: 100 });
      for (const message of page.messages) if (message.seq <= until) this.deliver(message);
      const last = page.messages[page.messages.length - 1];
      if (!page.hasMore || last === undefined) return;
      this.lastSeq = Math.max(this.lastSeq, Math.min(last.seq, until));
    }
  }

  /** Emits a message unless it was delivered already; settles a waiting send it answers. */
  private deliver(message: Message): void {
    if (message.seq <= this.lastSeq) return;
    this.lastSeq = message.seq;
    if (message.clientMsgId !== null && message.senderId === this.me?.id) {
      const send = this.outbox.find((s) => s.frame.clientMsgId === message.clientMsgId);
      if (send !== undefined) this.settle(send, message);
    }
    this.emit("message", message);
  }

  private presence(frame: PresenceFrame): void {
    if (frame.event === "left") this.memberMap.delete(frame.member.id);
    else this.memberMap.set(frame.member.id, frame.member);
    if (!frame.member.online && this.typingNow.delete(frame.member.id)) {
      this.emit("typing", { memberId: frame.member.id, active: false });
    }
    if (this.info !== undefined) this.info = { ...this.info, onlineCount: frame.online, memberCount: frame.total };
    this.emit("presence", frame);
    this.emit("members", this.members);
  }

  private acceptState(state: State): void {
    if (state.version <= this.state.version) return; // versions only rise
    this.state = state;
    this.emit("state", state);
  }

  private errorFrame(frame: ErrorFrame): void {
    const error = HuddleError.fromFrame(frame);
    const send = frame.ref === null ? undefined : this.outbox.find((s) => s.ref === frame.ref);
    if (send !== undefined) {
      clearTimeout(send.timer);
      if (error.code === "storage_unavailable" && send.unavailableRetries < UNAVAILABLE_RETRIES) {
        // Nothing was stored: the same frame again, after the wait the gateway asks for.
        send.unavailableRetries++;
        send.ref = undefined;
        send.generation = undefined;
        send.retryAt = Date.now() + (error.retryAfter ?? 1) * 1000;
        this.pump();
        return;
      }
      this.outbox.splice(this.outbox.indexOf(send), 1);
      send.reject(error);
      this.pump();
      return;
    }
    if (frame.ref !== null && this.requests.has(frame.ref)) {
      this.answer(frame.ref, frame);
      return;
    }
    this.emit("error", error);
  }

  // --- sending

  /** Sends what waits in the outbox, in order, up to `maxInFlight` unacknowledged on this socket. */
  private pump(): void {
    if (this.statusValue !== "open" || this.socket === undefined) return;
    // While a send waits out storage_unavailable, one at a time: what follows it must not be stored before it.
    const recovering = this.outbox.some((s) => s.unavailableRetries > 0);
    const max = recovering ? 1 : (this.options.maxInFlight ?? 32);
    let inFlight = this.outbox.filter((s) => s.generation === this.generation).length;
    for (const send of this.outbox) {
      if (inFlight >= max) return;
      if (send.generation === this.generation) continue;
      if (send.retryAt !== undefined) {
        // Waiting out a storage_unavailable: neither it nor the sends after it go before then (order is kept).
        const wait = send.retryAt - Date.now();
        if (wait > 0) {
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => this.pump(), wait);
          return;
        }
        send.retryAt = undefined;
      }
      send.ref = this.ref();
      send.generation = this.generation;
      inFlight++;
      const generation = this.generation;
      send.timer = setTimeout(() => {
        if (send.generation === generation && this.outbox.includes(send)) this.unresponsive(generation);
      }, this.options.responseTimeoutMs ?? 10_000);
      this.write({ ...send.frame, ref: send.ref });
    }
  }

  private settle(send: PendingSend, message: Message): void {
    const index = this.outbox.indexOf(send);
    if (index < 0) return;
    clearTimeout(send.timer);
    this.outbox.splice(index, 1);
    send.resolve(message);
    this.pump();
  }

  /** A frame that expects one answer with its ref; rejects with `Lost` if the socket goes first. */
  private async request(frame: Record<string, unknown>): Promise<ServerFrame> {
    for (;;) {
      await this.whenOpen();
      try {
        return await this.requestOnce(frame);
      } catch (e) {
        if (!(e instanceof Lost)) throw e;
        // reads are safe to ask again on the next socket
      }
    }
  }

  private requestOnce(frame: Record<string, unknown>): Promise<ServerFrame> {
    const ref = this.ref();
    const generation = this.generation;
    return new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.requests.has(ref)) this.unresponsive(generation);
      }, this.options.responseTimeoutMs ?? 10_000);
      this.requests.set(ref, { resolve, reject, timer });
      this.write({ ...frame, ref });
    });
  }

  private answer(ref: string | null, frame: ServerFrame): void {
    if (ref === null) return;
    const request = this.requests.get(ref);
    if (request === undefined) return;
    this.requests.delete(ref);
    clearTimeout(request.timer);
    if (frame.type === "error") request.reject(HuddleError.fromFrame(frame));
    else request.resolve(frame);
  }

  private write(frame: Record<string, unknown>): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== OPEN) return; // the close event is on its way
    socket.send(JSON.stringify(frame));
  }

  private ref(): string {
    return "r" + (++this.nextRef).toString(36);
  }

  private startHeartbeat(heartbeatSeconds: number): void {
    clearInterval(this.pingTimer);
    const interval = this.options.pingIntervalMs ?? Math.max(1, heartbeatSeconds) * 1000;
    this.pingTimer = setInterval(() => {
      if (this.statusValue === "open") this.requestOnce({ type: "ping" }).catch(() => {});
    }, interval);
  }

  // --- state

  private serialized<R>(work: () => Promise<R>): Promise<R> {
    const run = this.stateQueue.then(work, work);
    this.stateQueue = run.catch(() => {});
    return run;
  }

  private async writeState(data: unknown, baseVersion: number | undefined): Promise<State> {
    const frame: Record<string, unknown> = { type: "state:update", data };
    if (baseVersion !== undefined) frame.baseVersion = baseVersion;
    if (utf8Length(JSON.stringify({ ...frame, ref: "r0000000000" })) > MAX_FRAME_BYTES) {
      // Too big for a frame, not for the state (256 KiB): HTTP takes it, with the same condition.
      const state = await this.api.putState(data, baseVersion === undefined ? {} : { ifMatch: baseVersion });
      this.acceptState(state);
      return state;
    }
    for (;;) {
      await this.whenOpen();
      const before = this.state;
      let reply: ServerFrame;
      try {
        reply = await this.requestOnce(frame);
      } catch (e) {
        if (!(e instanceof Lost)) throw e;
        // The socket went before the answer: the write may or may not have happened. The welcome tells.
        await this.whenOpen();
        const now = this.state;
        if (now.version > before.version && now.updatedBy === this.me?.id && sameJson(now.data, data)) return now;
        if (baseVersion !== undefined && now.version !== baseVersion) {
          throw new HuddleError({ code: "version_conflict", status: 412, message: "the state changed while reconnecting", currentVersion: now.version });
        }
        continue;
      }
      if (reply.type !== "state:ack") throw HuddleError.client("unexpected_response", "expected state:ack");
      const state: State = { version: reply.version, data, updatedAt: new Date().toISOString(), updatedBy: this.me?.id ?? null };
      this.acceptState(state);
      return state;
    }
  }

  private async applyUpdates(batch: PendingUpdate[]): Promise<void> {
    const maxAttempts = Math.max(...batch.map((u) => u.maxAttempts));
    let lastError: unknown;
    for (let attempt = 0; attempt < maxAttempts && batch.length > 0; attempt++) {
      const base = this.state;
      let data = base.data;
      for (const update of [...batch]) {
        try {
          data = update.change(data, { ...base, data });
        } catch (e) {
          batch.splice(batch.indexOf(update), 1);
          update.reject(e);
        }
      }
      if (batch.length === 0) return;
      try {
        const state = await this.writeState(data, base.version);
        for (const update of batch) update.resolve(state);
        return;
      } catch (e) {
        if (!(e instanceof HuddleError) || e.code !== "version_conflict") {
          for (const update of batch) update.reject(e);
          return;
        }
        lastError = e;
        await this.catchUpState(e.currentVersion ?? base.version + 1);
        if (attempt >= 1) await pause(Math.random() * Math.min(500, 10 * 2 ** attempt));
      }
    }
    for (const update of batch) update.reject(lastError);
  }

  /** After a conflict: wait briefly for the newer state's event, else read it over HTTP. */
  private async catchUpState(version: number): Promise<void> {
    if (this.state.version >= version) return;
    const arrived = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(false);
      }, 1_000);
      const stop = this.on("state", (state) => {
        if (state.version >= version) {
          clearTimeout(timer);
          stop();
          resolve(true);
        }
      });
    });
    if (!arrived) this.acceptState(await this.api.getState());
  }
}

function closedError(code: number, why: string, reason: string): HuddleError {
  const base = { closeCode: code, message: `the connection closed for good: ${code} ${reason || why}` };
  switch (why) {
    case "unauthorized":
      return new HuddleError({ ...base, code: "unauthorized", status: 401 });
    case "ended":
      return new HuddleError({ ...base, code: "session_not_found", status: 404 });
    default:
      return new HuddleError({ ...base, code: "connection_closed", status: 0 });
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
