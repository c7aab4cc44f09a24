// A TCP proxy on 127.0.0.1 in front of the gateway that can break WebSocket connections on demand:
// cut the TCP connection dead (what a lost network looks like), or end it with a close frame the
// gateway could have sent (1001 "going away"), always at a frame boundary.
import net from "node:net";

/**
 * @param {number} targetPort the gateway's port on 127.0.0.1
 */
export async function startFaultProxy(targetPort) {
  /** @type {Set<Connection>} */
  const open = new Set();
  /** Request lines of every WebSocket upgrade seen, in order ("GET /ws?since=12 HTTP/1.1"). */
  const upgrades = [];

  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy(); // as if the network were down
      return;
    }
    const upstream = net.connect(targetPort, "127.0.0.1");
    const connection = new Connection(client, upstream, upgrades);
    open.add(connection);
    const forget = () => open.delete(connection);
    client.once("close", forget);
    upstream.once("close", forget);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;

  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    upgrades,
    /** WebSocket connections open through the proxy now. */
    sockets: () => [...open].filter((c) => c.websocket),
    /** Destroys every open WebSocket connection (or those `which` picks); returns how many. */
    cut(which = () => true) {
      const victims = [...open].filter((c) => c.websocket && which(c));
      for (const c of victims) c.destroy();
      return victims.length;
    },
    /** Ends every open WebSocket connection with a close frame of `code` after the last whole frame. */
    closeWith(code, which = () => true) {
      const victims = [...open].filter((c) => c.websocket && which(c));
      for (const c of victims) c.closeWith(code);
      return victims.length;
    },
    /** Holds back what the gateway sends on the open WebSocket connections (or those `which` picks); returns a release function. */
    hold(which = () => true) {
      const held = [...open].filter((c) => c.websocket && which(c));
      for (const c of held) c.holding = [];
      return () => {
        for (const c of held) c.release();
      };
    },
    /** While true, every new connection is dropped at once (open ones are left alone). */
    refuse(value) {
      refusing = value;
    },
    async stop() {
      for (const c of open) c.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

class Connection {
  constructor(client, upstream, upgrades) {
    this.client = client;
    this.upstream = upstream;
    this.websocket = false;
    this.requestLine = "";
    this.serverBuffer = Buffer.alloc(0);
    this.headersDone = false;
    this.closed = false;
    this.holding = undefined; // frames held back from the client, while holding
    let sawRequest = false;
    client.on("data", (chunk) => {
      if (!sawRequest) {
        sawRequest = true;
        this.requestLine = chunk.toString("latin1").split("\r\n", 1)[0];
        if (/^GET \/ws[ ?]/.test(this.requestLine) && /upgrade: websocket/i.test(chunk.toString("latin1"))) {
          upgrades.push(this.requestLine);
          this.websocket = true;
        }
      }
      if (!this.closed) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => this.fromServer(chunk));
    const end = () => this.destroy();
    client.on("error", end);
    upstream.on("error", end);
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
  }

  /** Forwards whole frames only, so a close frame can be put between any two of them. */
  fromServer(chunk) {
    if (this.closed) return;
    if (!this.websocket) {
      this.client.write(chunk);
      return;
    }
    this.serverBuffer = Buffer.concat([this.serverBuffer, chunk]);
    if (!this.headersDone) {
      const end = this.serverBuffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      this.client.write(this.serverBuffer.subarray(0, end + 4));
      this.serverBuffer = this.serverBuffer.subarray(end + 4);
      this.headersDone = true;
    }
    for (;;) {
      const length = frameLength(this.serverBuffer);
      if (length === undefined || this.serverBuffer.length < length) return;
      const frame = this.serverBuffer.subarray(0, length);
      if (this.holding) this.holding.push(frame);
      else this.client.write(frame);
      this.serverBuffer = this.serverBuffer.subarray(length);
    }
  }

  release() {
    const held = this.holding ?? [];
    this.holding = undefined;
    if (!this.closed) for (const frame of held) this.client.write(frame);
  }

  closeWith(code) {
    if (this.closed || !this.headersDone) return this.destroy();
    const frame = Buffer.from([0x88, 0x02, code >> 8, code & 0xff]);
    this.closed = true;
    this.client.end(frame);
    this.upstream.destroy();
  }

  destroy() {
    this.closed = true;
    this.client.destroy();
    this.upstream.destroy();
  }
}

/** The length of the server frame at the start of `buf` (servers do not mask), or undefined if not all of its header is there. */
function frameLength(buf) {
  if (buf.length < 2) return undefined;
  const short = buf[1] & 0x7f;
  if (short < 126) return 2 + short;
  if (short === 126) return buf.length < 4 ? undefined : 4 + buf.readUInt16BE(2);
  return buf.length < 10 ? undefined : 10 + Number(buf.readBigUInt64BE(2));
}
