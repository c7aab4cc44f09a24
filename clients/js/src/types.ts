/** The objects of PROTOCOL.md section 4 and the frames of section 5, as they travel. */

export type Role = "owner" | "controller" | "member" | "display";

/** A session as the API shows it (PROTOCOL.md "Session"). */
export interface SessionInfo {
  code: string;
  name: string;
  ownerId: string;
  status: "active" | "ended";
  createdAt: string;
  expiresAt: string;
  lastActivityAt: string;
  maxMembers: number;
  memberCount: number;
  onlineCount: number;
}

export interface Member {
  id: string;
  displayName: string;
  role: Role;
  online: boolean;
  joinedAt: string;
  lastSeenAt: string;
}

/** The member returned once, by create and join: the only time its token is shown. */
export interface MemberWithToken extends Member {
  token: string;
}

export interface Message<D = unknown> {
  id: string;
  seq: number;
  sessionCode: string;
  /** `null` for a system message published by a backend. */
  senderId: string | null;
  senderName: string | null;
  kind: string;
  content: string;
  data: D | null;
  clientMsgId: string | null;
  sentAt: string;
}

/** The shared state document; never written: version 0 and nulls. */
export interface State<T = unknown> {
  version: number;
  data: T | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The answer of create and join. */
export interface Joined {
  session: SessionInfo;
  member: MemberWithToken;
}

export interface CreateSessionBody {
  name?: string;
  maxMembers?: number;
  ttlSeconds?: number;
  displayName?: string;
}

export interface JoinBody {
  displayName: string;
  role?: Exclude<Role, "owner">;
}

export interface SendOptions<D = unknown> {
  kind?: string;
  data?: D;
  /** Chosen for you when absent; the same id twice from one member stores one message. */
  clientMsgId?: string;
}

export interface SessionList {
  sessions: SessionInfo[];
  nextCursor: string | null;
}

export interface ListSessionsQuery {
  status?: "active" | "ended" | "all";
  limit?: number;
  cursor?: string;
}

export interface HistoryQuery {
  before?: number;
  after?: number;
  limit?: number;
}

export interface HistoryPage {
  messages: Message[];
  hasMore: boolean;
}

export interface RoleCounts {
  owner: number;
  controller: number;
  member: number;
  display: number;
}

export interface PresenceCounts {
  total: number;
  online: number;
  byRole: RoleCounts;
  onlineByRole: RoleCounts;
}

export interface MessageStats {
  count: number;
  lastSeq: number;
  senders: number;
  firstAt: string | null;
  lastAt: string | null;
}

export interface HealthCheck {
  status: "up" | "down" | "disabled";
  latencyMs?: number;
  reason?: string;
}

export interface Health {
  status: "healthy" | "degraded" | "unhealthy";
  checks: Record<string, HealthCheck>;
  version?: string;
  instance?: string;
}

export interface Readiness {
  status: "ready" | "degraded" | "unavailable";
  checks?: Record<string, HealthCheck>;
}

export interface Liveness {
  status: "alive";
  uptimeSeconds: number;
}

// --- frames the server sends (PROTOCOL.md section 5)

export interface WelcomeFrame {
  type: "welcome";
  member: Member;
  session: SessionInfo;
  members: Member[];
  state: State;
  messages: Message[];
  recovered: boolean;
  lastSeq: number;
  heartbeatSeconds: number;
}

export type PresenceKind = "joined" | "left" | "online" | "offline";

export interface PresenceFrame {
  type: "presence";
  event: PresenceKind;
  member: Member;
  online: number;
  total: number;
}

export interface TypingFrame {
  type: "typing";
  memberId: string;
  active: boolean;
}

export type EndReason = "owner" | "inactivity" | "expired";

export interface ErrorFrame {
  type: "error";
  ref: string | null;
  code: string;
  message: string;
  retryAfter?: number;
  currentVersion?: number;
  tier?: string;
}

export type ServerFrame =
  | WelcomeFrame
  | { type: "message:ack"; ref: string | null; message: Message }
  | { type: "message:new"; message: Message }
  | TypingFrame
  | { type: "state:ack"; ref: string | null; version: number }
  | { type: "state:updated"; state: State }
  | { type: "history"; ref: string | null; messages: Message[]; hasMore: boolean }
  | { type: "pong"; ref: string | null; serverTime?: string }
  | PresenceFrame
  | { type: "session:warning"; reason: "inactivity"; endsAt: string }
  | { type: "session:terminated"; reason: EndReason }
  | ErrorFrame;
