/** One error type for everything the gateway refuses and everything that goes wrong on the way. */

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Codes the client adds to the gateway's (PROTOCOL.md section 4): the request never got an answer
 * (`network_error`), the answer was not the API's (`unexpected_response`), no answer came in time
 * (`timeout`), or the connection closed for good before an answer (`connection_closed`).
 */
export type ClientErrorCode = "network_error" | "unexpected_response" | "timeout" | "connection_closed";

/** The HTTP status an error frame's code has in PROTOCOL.md section 4; frames carry no status of their own. */
const STATUS_OF_CODE: Record<string, number> = {
  invalid_request: 400,
  unknown_type: 400,
  unauthorized: 401,
  forbidden: 403,
  session_not_found: 404,
  member_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  session_full: 409,
  version_conflict: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  storage_unavailable: 503,
};

export interface HuddleErrorInit {
  code: string;
  status: number;
  message: string;
  retryAfter?: number | undefined;
  errors?: FieldError[] | undefined;
  tier?: string | undefined;
  currentVersion?: number | undefined;
  correlationId?: string | undefined;
  closeCode?: number | undefined;
  cause?: unknown;
}

export class HuddleError extends Error {
  /** The problem's `code` (`session_full`, `rate_limited`, …) or one of {@link ClientErrorCode}. */
  readonly code: string;
  /** The HTTP status; for an error frame, the status its code has over HTTP; 0 when nothing answered. */
  readonly status: number;
  /** Seconds to wait before retrying, on `rate_limited` and `storage_unavailable`. */
  readonly retryAfter: number | undefined;
  /** Every field that broke a rule, on `invalid_request` over HTTP. */
  readonly errors: FieldError[];
  /** The rate-limit tier that refused, on `rate_limited` (when the gateway names it). */
  readonly tier: string | undefined;
  /** On `version_conflict`: the state's version now. */
  readonly currentVersion: number | undefined;
  /** Quote it when reporting a problem. */
  readonly correlationId: string | undefined;
  /** On `connection_closed`: the WebSocket close code that ended the connection for good. */
  readonly closeCode: number | undefined;

  constructor(init: HuddleErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "HuddleError";
    this.code = init.code;
    this.status = init.status;
    this.retryAfter = init.retryAfter;
    this.errors = init.errors ?? [];
    this.tier = init.tier;
    this.currentVersion = init.currentVersion;
    this.correlationId = init.correlationId;
    this.closeCode = init.closeCode;
  }

  /** From an `application/problem+json` body; `retryAfterHeader` is used when the body has none. */
  static fromProblem(status: number, body: unknown, retryAfterHeader?: string | null, correlationId?: string | null): HuddleError {
    const problem = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    const headerSeconds = retryAfterHeader != null && /^\d+$/.test(retryAfterHeader.trim()) ? Number(retryAfterHeader) : undefined;
    return new HuddleError({
      code: typeof problem.code === "string" ? problem.code : "unexpected_response",
      status,
      message: text(problem.detail) ?? text(problem.title) ?? `HTTP ${status}`,
      retryAfter: num(problem.retryAfter) ?? headerSeconds,
      errors: Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [],
      tier: text(problem.tier),
      currentVersion: num(problem.currentVersion),
      correlationId: text(problem.correlationId) ?? correlationId ?? undefined,
    });
  }

  /** From a WebSocket `error` frame. */
  static fromFrame(frame: { code: string; message: string; retryAfter?: number; tier?: string; currentVersion?: number }): HuddleError {
    return new HuddleError({
      code: frame.code,
      status: STATUS_OF_CODE[frame.code] ?? 400,
      message: frame.message,
      retryAfter: num(frame.retryAfter),
      tier: text(frame.tier),
      currentVersion: num(frame.currentVersion),
    });
  }

  static client(code: ClientErrorCode, message: string, cause?: unknown): HuddleError {
    return new HuddleError({ code, status: 0, message, cause });
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
