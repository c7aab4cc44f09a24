// The demo page the gateway serves at /: everything it does goes through @huddle/client.
import { HuddleClient, HuddleError, type Member, type Message, type Session } from "../dist/index.js";

interface Stroke {
  color: string;
  points: [number, number][];
}
interface Board {
  strokes: Stroke[];
}

/** Strokes kept on the board; older ones fall off, so the state stays far below its 256 KiB. */
const MAX_STROKES = 150;
const STORAGE_KEY = "huddle.demo.member";

const client = new HuddleClient({ baseUrl: location.origin });
let session: Session | undefined;
let oldest: AsyncGenerator<Message[], void, undefined> | undefined;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// --- start: create or join

const params = new URLSearchParams(location.search);
const codeFromLink = params.get("code");
if (codeFromLink !== null) (($("join-form") as HTMLFormElement).elements.namedItem("code") as HTMLInputElement).value = codeFromLink;

$("create-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  void start(() => client.createSession({ name: String(form.get("name")), displayName: String(form.get("displayName")) }));
});

$("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const role = String(form.get("role")) as "member" | "controller" | "display";
  void start(() => client.joinSession(String(form.get("code")), { displayName: String(form.get("displayName")), role }));
});

async function start(getMember: () => Promise<{ session: { code: string }; member: { token: string } }>): Promise<void> {
  $("start-error").textContent = "";
  try {
    const { session: info, member } = await getMember();
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ code: info.code, token: member.token }));
    enter(info.code, member.token);
  } catch (e) {
    $("start-error").textContent = describe(e);
  }
}

function describe(e: unknown): string {
  if (e instanceof HuddleError) {
    if (e.code === "session_not_found") return "No session has this code.";
    if (e.code === "rate_limited") return `Too many tries; wait ${e.retryAfter ?? 1} s.`;
    const fields = e.errors.map((f) => `${f.field} ${f.message}`).join("; ");
    return fields || e.message;
  }
  return String(e);
}

// --- the room

function enter(code: string, token: string): void {
  $("start").hidden = true;
  $("room").hidden = false;
  $("status").hidden = false;
  const live = client.member(code, token).connect();
  session = live;
  oldest = undefined;

  live.on("status", (s) => {
    const el = $("status");
    el.className = "status " + s.status;
    el.textContent = s.status === "reconnecting" ? `reconnecting (${s.attempt! + 1})` : s.status;
    if (s.status === "closed") {
      setComposer(false);
      if (s.reason !== "closed") sessionStorage.removeItem(STORAGE_KEY);
      if (s.reason === "unauthorized" || s.reason === "left") backToStart("You are no longer a member of this session.");
      if (s.reason === "kicked") backToStart("The owner removed you from the session.");
    }
  });
  let firstWelcome = true;
  live.on("welcome", (w) => {
    $("session-name").textContent = w.session.name;
    $("session-code").textContent = w.session.code;
    $("me").textContent = `${w.member.displayName} · ${w.member.role}`;
    const canWrite = w.member.role !== "display";
    setComposer(canWrite);
    $("board").classList.toggle("readonly", !canWrite);
    ($("clear-board") as HTMLButtonElement).disabled = !canWrite;
    // Older history exists before the first welcome's messages; later welcomes only bring what was missed.
    if (firstWelcome) $("older").hidden = w.messages.length === 0 || w.messages[0]!.seq <= 1;
    firstWelcome = false;
  });
  live.on("message", (m) => addMessage(m));
  live.on("members", () => renderMembers());
  live.on("typing", () => renderMembers());
  live.on("state", () => drawBoard());
  live.on("terminated", (t) => backToStart(`The session ended (${t.reason}).`));
  live.on("error", (e) => console.warn("huddle:", e.code, e.message));
  live.ready.catch((e) => backToStart(describe(e)));
}

function backToStart(why: string): void {
  sessionStorage.removeItem(STORAGE_KEY);
  session?.close();
  session = undefined;
  ($("messages") as HTMLOListElement).replaceChildren();
  $("room").hidden = true;
  $("status").hidden = true;
  $("start").hidden = false;
  $("start-error").textContent = why;
}

function setComposer(enabled: boolean): void {
  $("composer").hidden = !enabled;
}

// --- chat

function messageItem(m: Message): HTMLLIElement {
  const li = document.createElement("li");
  li.dataset.seq = String(m.seq);
  if (m.senderId === session?.me?.id) li.classList.add("mine");
  const seq = document.createElement("span");
  seq.className = "seq";
  seq.textContent = "#" + m.seq;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = m.senderName ?? "system";
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = m.content;
  li.append(seq, who, text);
  return li;
}

function addMessage(m: Message): void {
  const list = $("messages");
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 30;
  list.append(messageItem(m));
  if (atBottom) list.scrollTop = list.scrollHeight;
}

$("older").addEventListener("click", async () => {
  if (session === undefined) return;
  const list = $("messages");
  const first = Number((list.firstElementChild as HTMLElement | null)?.dataset.seq ?? session.lastSeq + 1);
  oldest ??= session.api.historyPages({ before: first, limit: 20 });
  const page = await oldest.next();
  if (page.done || page.value.length === 0) {
    $("older").hidden = true;
    return;
  }
  list.prepend(...page.value.map(messageItem));
  if (page.value[0]!.seq <= 1) $("older").hidden = true;
});

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = (event.target as HTMLFormElement).elements.namedItem("content") as HTMLInputElement;
  const content = input.value.trim();
  if (content === "" || session === undefined) return;
  input.value = "";
  session.send(content).catch((e) => {
    input.value = content;
    $("typing").textContent = "Not sent: " + describe(e);
  });
});

$("composer").addEventListener("input", () => session?.typing());

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const q = String(new FormData(event.target as HTMLFormElement).get("q")).trim();
  const results = $("search-results");
  if (session === undefined || q.length < 2) {
    results.hidden = true;
    return;
  }
  try {
    const found = await session.api.searchMessages(q, 10);
    results.replaceChildren(...(found.length === 0 ? [textItem("Nothing found.")] : found.map(messageItem)));
  } catch (e) {
    results.replaceChildren(textItem(describe(e)));
  }
  results.hidden = false;
});

$("copy-link").addEventListener("click", () => {
  const code = $("session-code").textContent ?? "";
  void navigator.clipboard?.writeText(`${location.origin}/?code=${code}`);
});

$("leave").addEventListener("click", async () => {
  try {
    await session?.leave();
  } catch (e) {
    // Gone already (kicked, the session ended): there is nothing left to leave. Anything else (rate
    // limited, storage unavailable) left the member in the session with its connection open: say so, stay.
    const gone = e instanceof HuddleError && (e.code === "unauthorized" || e.code === "session_not_found");
    if (!gone) {
      $("typing").textContent = "Not left: " + describe(e);
      return;
    }
  }
  backToStart("You left the session.");
});

function textItem(text: string): HTMLLIElement {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}

// --- members, presence, typing

function renderMembers(): void {
  if (session === undefined) return;
  const typing = new Set(session.typingMembers);
  const items = session.members.map((m: Member) => {
    const li = document.createElement("li");
    li.classList.toggle("online", m.online);
    li.dataset.member = m.displayName;
    li.dataset.online = String(m.online);
    const dot = document.createElement("span");
    dot.className = "dot";
    const name = document.createElement("span");
    name.textContent = m.displayName + (m.id === session!.me?.id ? " (you)" : "");
    li.append(dot, name);
    if (typing.has(m.id)) {
      const t = document.createElement("span");
      t.className = "is-typing";
      t.textContent = "typing…";
      li.append(t);
    }
    const role = document.createElement("span");
    role.className = "role";
    role.textContent = m.role;
    li.append(role);
    return li;
  });
  $("members").replaceChildren(...items);
  const online = session.members.filter((m) => m.online).length;
  $("online-count").textContent = `${online} online of ${session.members.length}`;
  const names = session.members.filter((m) => typing.has(m.id)).map((m) => m.displayName);
  $("typing").textContent = names.length === 0 ? "" : `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…`;
}

// --- whiteboard on the shared state document

const canvas = $("board") as HTMLCanvasElement;
const pen = canvas.getContext("2d")!;
let drawing: Stroke | undefined;

function boardOf(data: unknown): Board {
  const strokes = (data as Board | null)?.strokes;
  return { strokes: Array.isArray(strokes) ? strokes : [] };
}

function drawBoard(): void {
  if (session === undefined) return;
  pen.clearRect(0, 0, canvas.width, canvas.height);
  const strokes = [...boardOf(session.state.data).strokes, ...(drawing ? [drawing] : [])];
  pen.lineWidth = 3;
  pen.lineCap = pen.lineJoin = "round";
  for (const stroke of strokes) {
    pen.strokeStyle = stroke.color;
    pen.beginPath();
    stroke.points.forEach(([x, y], i) => (i === 0 ? pen.moveTo(x, y) : pen.lineTo(x, y)));
    if (stroke.points.length === 1) pen.lineTo(stroke.points[0]![0] + 0.1, stroke.points[0]![1]);
    pen.stroke();
  }
  $("board-version").textContent = `v${session.state.version}`;
}

function point(event: PointerEvent): [number, number] {
  const box = canvas.getBoundingClientRect();
  return [Math.round(((event.clientX - box.left) * canvas.width) / box.width), Math.round(((event.clientY - box.top) * canvas.height) / box.height)];
}

function canDraw(): boolean {
  return session !== undefined && session.status === "open" && session.me?.role !== "display";
}

canvas.addEventListener("pointerdown", (event) => {
  if (!canDraw()) return;
  canvas.setPointerCapture(event.pointerId);
  drawing = { color: ($("pen") as HTMLSelectElement).value, points: [point(event)] };
  drawBoard();
});

canvas.addEventListener("pointermove", (event) => {
  if (drawing === undefined) return;
  const [x, y] = point(event);
  const [lx, ly] = drawing.points[drawing.points.length - 1]!;
  if (Math.abs(x - lx) + Math.abs(y - ly) < 3) return; // fewer points, smaller state
  drawing.points.push([x, y]);
  drawBoard();
});

canvas.addEventListener("pointerup", () => {
  const stroke = drawing;
  drawing = undefined;
  if (stroke === undefined || session === undefined) return;
  // Compare-and-set: if someone else drew meanwhile, the stroke is added to their newer board.
  session
    .updateState<Board>((data) => ({ strokes: [...boardOf(data).strokes, stroke].slice(-MAX_STROKES) }))
    .catch((e) => console.warn("stroke not saved:", describe(e)))
    .finally(drawBoard);
});

$("clear-board").addEventListener("click", () => {
  void session?.updateState<Board>(() => ({ strokes: [] })).catch((e) => console.warn(describe(e)));
});

// --- back in after a reload

const saved = sessionStorage.getItem(STORAGE_KEY);
if (saved !== null) {
  const { code, token } = JSON.parse(saved) as { code: string; token: string };
  enter(code, token);
}
