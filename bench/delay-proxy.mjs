// bench/delay-proxy.mjs LISTEN_PORT TARGET_PORT DELAY_MS: a TCP proxy on 127.0.0.1 that forwards each
// direction's bytes DELAY_MS later, in order, so a store on this machine answers as if it were a network
// hop away (DELAY_MS 1 gives a round trip of about 2.4 ms here: Node's timers fire late, never early).
import net from 'node:net';

const [listenPort, targetPort, delayMs] = process.argv.slice(2).map(Number);
if (!listenPort || !targetPort || !(delayMs >= 0)) {
  console.error('usage: node bench/delay-proxy.mjs LISTEN_PORT TARGET_PORT DELAY_MS');
  process.exit(2);
}
net
  .createServer((client) => {
    const server = net.connect(targetPort, '127.0.0.1');
    client.setNoDelay(true);
    server.setNoDelay(true);
    // Timers of one delay fire in the order they were set: the bytes keep their order.
    const forward = (from, to) => from.on('data', (bytes) => setTimeout(() => to.write(bytes), delayMs));
    forward(client, server);
    forward(server, client);
    const end = () => {
      client.destroy();
      server.destroy();
    };
    for (const side of [client, server]) {
      side.on('error', end);
      side.on('close', end);
    }
  })
  .listen(listenPort, '127.0.0.1');
