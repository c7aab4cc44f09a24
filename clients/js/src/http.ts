import { HuddleError } from "./errors.js";
import { newClientMsgId } from "./ids.js";
import { pagesBackwards } from "./pages.js";
import { Session, type SessionOptions } from "./session.js";
import type {
  CreateSessionBody,
  Health,
  HistoryPage,
  HistoryQuery,
  JoinBody,
  Joined,
  ListSessionsQuery,
  Liveness,
  Member,
  Message,
  MessageStats,
  PresenceCounts,
  Readiness,
  SendOptions,
  SessionInfo,
  SessionList,
  State,
} from "./types.js";

/** A user token, or a function that returns a fresh one for each request (JWTs expire). */
export type TokenSource = string | (() => string | Promise<string>);

export interface ClientOptions {
  /** Where the gateway is, e.g. `https://huddle.example` or, in a page it serves, `location.origin`. */
  baseUrl: string;
  /** The user token (a JWT) for create, list, and the owner's reads and deletes; not needed in open mode. */
  userToken?: TokenSource;
  /** Defaults to the global `fetch` (browsers, Node 18+). */
  fetch?: typeof fetch;
  /** A WebSocket class; defaults to the global one, else the `ws` package (Node 20). */
  WebSocket?: unknown;
}

interface Request {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** `user`: the client's user token (if any); a string: that member token; `none`: no credential. */
  auth: "user" | "none" | { member: string };
  headers?: Record<string, string>;
}

interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** The gateway's HTTP API (PROTOCOL.md section 4). Every refusal is thrown as a {@link HuddleError}. */
export class HuddleClient {
  readonly baseUrl: string;
  private readonly userToken: TokenSource | undefined;
  private readonly fetchImpl: typeof fetch;
  /** @internal */
  readonly webSocketClass: unknown;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.userToken = options.userToken;
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== "function") throw new TypeError("no fetch: pass options.fetch");
    this.fetchImpl = f.bind(globalThis);
    this.webSocketClass = options.WebSocket;
  }

  /** `POST /api/sessions`: the new session and its owner, with the owner's member token. */
  async createSession(body: CreateSessionBody = {}): Promise<Joined> {
    return (await this.request<Joined>({ method: "POST", path: "/api/sessions", body, auth: "user" })).body;
  }

  /** `GET /api/sessions`: one page of the caller's own sessions, newest first (needs a user token). */
  async listSessions(query: ListSessionsQuery = {}): Promise<SessionList> {
    return (await this.request<SessionList>({ method: "GET", path: "/api/sessions", query: { ...query }, auth: "user" })).body;
  }

  /** Every session of the caller, page after page. */
  async *sessions(query: Omit<ListSessionsQuery, "cursor"> = {}): AsyncGenerator<SessionInfo, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.listSessions({ ...query, ...(cursor === undefined ? {} : { cursor }) });
      yield* page.sessions;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** `GET /api/sessions/{code}` with the owner's user token. */
  async getSession(code: string): Promise<SessionInfo> {
    return (await this.request<SessionInfo>({ method: "GET", path: sessionPath(code), auth: "user" })).body;
  }

  /** `DELETE /api/sessions/{code}` with the owner's user token. */
  async endSession(code: string): Promise<void> {
    await this.request({ method: "DELETE", path: sessionPath(code), auth: "user" });
  }

  /** `DELETE /api/sessions/{code}/messages` with the owner's user token. */
  async clearHistory(code: string): Promise<void> {
    await this.request({ method: "DELETE", path: sessionPath(code) + "/messages", auth: "user" });
  }

  /** `POST /api/sessions/{code}/members`: anyone with the code may join. */
  async joinSession(code: string, body: JoinBody): Promise<Joined> {
    return (await this.request<Joined>({ method: "POST", path: sessionPath(code) + "/members", body, auth: "none" })).body;
  }

  /** The API as one member of one session sees it, with that member's token. */
  member(code: string, token: string): MemberClient {
    return new MemberClient(this, code, token);
  }

  /** `GET /ping`: `"pong"`. */
  async ping(): Promise<string> {
    return (await this.request<string>({ method: "GET", path: "/ping", auth: "none" })).body;
  }

  /** `GET /health/live`. */
  async live(): Promise<Liveness> {
    return (await this.request<Liveness>({ method: "GET", path: "/health/live", auth: "none" })).body;
  }

  /** `GET /health/ready`; a `503` (starting, draining) is returned, not thrown. */
  async ready(): Promise<Readiness> {
    return (await this.request<Readiness>({ method: "GET", path: "/health/ready", auth: "none" }, [503])).body;
  }

  /** `GET /health`, the deep check; a `503` (unhealthy) is returned, not thrown. */
  async health(): Promise<Health> {
    return (await this.request<Health>({ method: "GET", path: "/health", auth: "none" }, [503])).body;
  }

  /** `GET /metrics`: Prometheus text. */
  async metrics(): Promise<string> {
    return (await this.request<string>({ method: "GET", path: "/metrics", auth: "none" })).body;
  }

  /** @internal One request; a status of 400 or more throws, except those in `accept`. */
  async request<T = unknown>(req: Request, accept: number[] = []): Promise<Answer<T>> {
    const headers: Record<string, string> = { Accept: "application/json", ...req.headers };
    const credential = req.auth === "none" ? undefined : req.auth === "user" ? await this.user() : req.auth.member;
    if (credential !== undefined) headers.Authorization = "Bearer " + credential;
    let body: string | undefined;
    if (req.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(req.body);
    }
    const url = this.baseUrl + req.path + queryString(req.query);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method: req.method, headers, ...(body === undefined ? {} : { body }) });
    } catch (e) {
      throw HuddleError.client("network_error", `${req.method} ${req.path} got no answer`, e);
    }
    const type = response.headers.get("Content-Type") ?? "";
    const raw = await response.text();
    let parsed: unknown = raw;
    if (raw !== "" && /json/i.test(type)) {
      try {
        parsed = JSON.parse(raw);
      } catch (e) {
        throw HuddleError.client("unexpected_response", `${req.method} ${req.path}: the body is not JSON`, e);
      }
    }
    if (response.status >= 400 && !accept.includes(response.status)) {
      if (!/problem\+json|json/i.test(type)) {
        throw new HuddleError({ code: "unexpected_response", status: response.status, message: `HTTP ${response.status}` });
      }
      throw HuddleError.fromProblem(
        response.status,
        parsed,
        response.headers.get("Retry-After"),
        response.headers.get("X-Correlation-Id"),
      );
    }
    return { status: response.status, body: (response.status === 204 ? undefined : parsed) as T, headers: response.headers };
  }

  private async user(): Promise<string | undefined> {
    if (this.userToken === undefined) return undefined;
    return typeof this.userToken === "string" ? this.userToken : await this.userToken();
  }
}

/** A state together with the `ETag` it was served with. */
export interface PutStateOptions {
  /** Write only if the state is still at this version (`If-Match`); a stale one throws `version_conflict`. */
  ifMatch?: number;
}

/** The session-scoped endpoints with one member's token. */
export class MemberClient {
  constructor(
    readonly client: HuddleClient,
    readonly code: string,
    readonly token: string,
  ) {}

  /** `GET /api/sessions/{code}`. */
  async getSession(): Promise<SessionInfo> {
    return (await this.req<SessionInfo>("GET", "")).body;
  }

  /** `DELETE /api/sessions/{code}` (owner). */
  async endSession(): Promise<void> {
    await this.req("DELETE", "");
  }

  /** `GET …/members`, ordered by `joinedAt`. */
  async members(): Promise<Member[]> {
    return (await this.req<{ members: Member[] }>("GET", "/members")).body.members;
  }

  /** `DELETE …/members/{id}`: kick (owner), or leave when `memberId` is this member's. */
  async removeMember(memberId: string): Promise<void> {
    await this.req("DELETE", "/members/" + encodeURIComponent(memberId));
  }

  /** `GET …/presence`. */
  async presence(): Promise<PresenceCounts> {
    return (await this.req<PresenceCounts>("GET", "/presence")).body;
  }

  /**
   * `POST …/messages`. A `clientMsgId` is chosen when none is given, a new one each call: to retry a
   * send without storing it twice, pass your own `clientMsgId`; `duplicate` says the gateway had it already.
   */
  async sendMessage<D = unknown>(content: string, options: SendOptions<D> = {}): Promise<Message<D> & { duplicate: boolean }> {
    const body = { content, ...options, clientMsgId: options.clientMsgId ?? newClientMsgId() };
    const answer = await this.req<Message<D>>("POST", "/messages", { body });
    return Object.assign(answer.body, { duplicate: answer.status === 200 });
  }

  /** `GET …/messages`: the latest page, or a page `before`/`after` a seq; ascending. */
  async messages(query: HistoryQuery = {}): Promise<HistoryPage> {
    return (await this.req<HistoryPage>("GET", "/messages", { query: { ...query } })).body;
  }

  /** Pages of history from the newest back to the first message still kept, each page ascending. */
  historyPages(options: { before?: number; limit?: number } = {}): AsyncGenerator<Message[], void, undefined> {
    return pagesBackwards((before) => this.messages({ ...(before === undefined ? {} : { before }), ...(options.limit === undefined ? {} : { limit: options.limit }) }), options.before);
  }

  /** `GET …/messages/search`: newest first. */
  async searchMessages(q: string, limit?: number): Promise<Message[]> {
    return (await this.req<{ messages: Message[] }>("GET", "/messages/search", { query: { q, limit } })).body.messages;
  }

  /** `GET …/messages/stats`. */
  async messageStats(): Promise<MessageStats> {
    return (await this.req<MessageStats>("GET", "/messages/stats")).body;
  }

  /** `DELETE …/messages` (owner); `seq` goes on from where it was. */
  async clearHistory(): Promise<void> {
    await this.req("DELETE", "/messages");
  }

  /** `GET …/state`. */
  async getState<T = unknown>(): Promise<State<T>> {
    return (await this.req<State<T>>("GET", "/state")).body;
  }

  /** `PUT …/state`; with `ifMatch`, only over that version. */
  async putState<T = unknown>(data: T, options: PutStateOptions = {}): Promise<State<T>> {
    const headers: Record<string, string> = options.ifMatch === undefined ? {} : { "If-Match": `"${options.ifMatch}"` };
    return (await this.req<State<T>>("PUT", "/state", { body: { data }, headers })).body;
  }

  /** Opens a live {@link Session} for this member. */
  connect(options: SessionOptions = {}): Session {
    return new Session(this, options);
  }

  private req<T>(
    method: Request["method"],
    suffix: string,
    extra: { body?: unknown; query?: Request["query"]; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    return this.client.request<T>({ method, path: sessionPath(this.code) + suffix, auth: { member: this.token }, ...extra });
  }
}

function sessionPath(code: string): string {
  return "/api/sessions/" + encodeURIComponent(code.trim());
}

function queryString(query: Request["query"]): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const s = params.toString();
  return s === "" ? "" : "?" + s;
}
