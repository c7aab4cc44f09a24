/**
 * `@huddle/client`: the Huddle gateway's HTTP API ({@link HuddleClient}, {@link MemberClient}) and a
 * live connection to one session ({@link Session}). No runtime dependency in browsers; in Node 20 the
 * `ws` package supplies WebSocket.
 */
export { HuddleClient, MemberClient } from "./http.js";
export { newClientMsgId } from "./ids.js";
export type { ClientOptions, PutStateOptions, TokenSource } from "./http.js";
export { Session } from "./session.js";
export type { ConnectionStatus, PingResult, SessionEvents, SessionOptions, StatusChange } from "./session.js";
export { HuddleError } from "./errors.js";
export type { ClientErrorCode, FieldError } from "./errors.js";
export { backoffDelay, closeVerdict } from "./backoff.js";
export type { CloseVerdict, ReconnectOptions } from "./backoff.js";
export type * from "./types.js";
