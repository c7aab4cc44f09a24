// Starts the real gateway jar in embedded mode on a free loopback port, and stops it by its PID.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_JAR = resolve(here, "../../../../gateway-app/target/huddle-gateway.jar");
const START_DEADLINE_MS = 60_000;
const STOP_DEADLINE_MS = 10_000;

/** Every tier off: the tests send faster than people do; the limits have their own tests in Java. */
export const NO_LIMITS = Object.fromEntries(
  ["MESSAGE", "MESSAGE_IP", "BURST", "CONNECT", "JOIN", "JOIN_FAIL", "API", "STRICT"].map((t) => [`RATE_LIMIT_${t}`, "off"]),
);

function javaCommand() {
  if (process.env.HUDDLE_JAVA) return process.env.HUDDLE_JAVA;
  if (process.env.JAVA_HOME) return join(process.env.JAVA_HOME, "bin", "java");
  return "java";
}

/**
 * @param {Record<string,string>} env extra settings, e.g. { HUDDLE_AUTH_MODE: "jwt" }
 * @returns {Promise<{ baseUrl: string, port: number, pid: number, logs: () => string, stop: () => Promise<void> }>}
 */
export async function startGateway(env = {}) {
  const jar = process.env.HUDDLE_GATEWAY_JAR ?? DEFAULT_JAR;
  if (!existsSync(jar)) {
    throw new Error(`no gateway jar at ${jar}: build it first (./mvnw -q -B package -DskipTests), or set HUDDLE_GATEWAY_JAR`);
  }
  const childEnv = { ...process.env };
  // Embedded mode: a test must never talk to the developer's (or CI's) Redis and PostgreSQL.
  delete childEnv.REDIS_URL;
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_CLUSTER_NODES;
  Object.assign(childEnv, { PORT: "0", HOST: "127.0.0.1", LOG_FORMAT: "text", LOG_LEVEL: "INFO", ...env });
  const child = spawn(javaCommand(), ["-jar", jar], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within ${START_DEADLINE_MS} ms:\n${output}`)), START_DEADLINE_MS);
    const onData = (chunk) => {
      output += chunk.toString();
      const started = / listening on \S+:(\d+) /.exec(output);
      if (started) {
        clearTimeout(timer);
        resolve(Number(started[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${javaCommand()}: ${e.message} (set JAVA_HOME to a JDK 21 or newer)`));
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      const hint = /UnsupportedClassVersionError/.test(output) ? ` (${javaCommand()} is too old: set JAVA_HOME to a JDK 21 or newer)` : "";
      reject(new Error(`the gateway exited (${code}) before it started${hint}:\n${output}`));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(baseUrl + "/health/ready")).status === 200, 20_000, "the gateway to be ready");

  return {
    baseUrl,
    port,
    pid: child.pid,
    logs: () => output,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      let timer;
      const deadline = new Promise((resolve) => (timer = setTimeout(() => resolve(null), STOP_DEADLINE_MS)));
      const stopped = await Promise.race([exited, deadline]);
      clearTimeout(timer);
      if (stopped === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it is true; fails after `deadlineMs` saying what it waited for. */
export async function waitFor(check, deadlineMs, what) {
  const end = Date.now() + deadlineMs;
  let lastError;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    await sleep(25);
  }
  throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms${lastError ? ": " + lastError.message : ""}`);
}
