import { connect, createServer } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that puts a far network between a client and an upstream on loopback:
 * every chunk waits half the round trip in each direction, and a new connection waits one round
 * trip before its first byte leaves (the TCP handshake a far server costs). Order within a
 * direction is kept. `rttMs` can change between runs; connections made after the change use it.
 * TLS passes through untouched (the proxy never looks inside), so certificates for 127.0.0.1 fit.
 */
export async function startDelayProxy({ upstreamHost = '127.0.0.1', upstreamPort, rttMs = 0 }) {
  const sockets = new Set();
  const state = { rttMs, connections: 0 };
  const server = createServer({ noDelay: true }, (client) => {
    state.connections++;
    const rtt = state.rttMs;
    const oneWay = rtt / 2;
    // In a real network the client's first data leaves once the SYN-ACK is back: one round trip.
    const openAt = performance.now() + rtt;
    const upstream = connect({ host: upstreamHost, port: upstreamPort, noDelay: true });
    sockets.add(client);
    sockets.add(upstream);
    const pipe = (from, to, startAt) => {
      // One FIFO per direction drained by one timer: a timer per chunk can fire out of order (Node truncates
      // fractional delays), and a reordered TLS record ends the connection with "bad record MAC".
      const queue = [];
      let timer;
      const pump = () => {
        timer = undefined;
        while (queue.length && queue[0].at <= performance.now()) queue.shift().fn();
        if (queue.length) timer = setTimeout(pump, Math.max(1, Math.ceil(queue[0].at - performance.now())));
      };
      const later = (fn) => {
        const at = Math.max(performance.now(), startAt()) + oneWay;
        queue.push({ at: Math.max(at, queue.at(-1)?.at ?? 0), fn });
        if (timer === undefined) pump();
      };
      from.on('data', (chunk) => later(() => to.destroyed || to.write(chunk)));
      from.on('end', () => later(() => to.destroyed || to.end()));
    };
    pipe(client, upstream, () => openAt);
    pipe(upstream, client, () => 0);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', () => setTimeout(close, rtt));
    upstream.on('close', () => setTimeout(close, rtt));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    get rttMs() {
      return state.rttMs;
    },
    set rttMs(v) {
      state.rttMs = v;
    },
    get connections() {
      return state.connections;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
