import { appendFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';

/**
 * PBS_BENCH_PROXY_TRACE=FILE: every proxy appends one line per event to FILE, "<conn> <ms since the
 * connection opened> <open|up|down|end-up|end-down> <bytes> <first bytes in hex>", times as the
 * chunk reached the proxy (before its delay). TLS records start 16 (handshake), 14 (change cipher
 * spec) or 17 (application data); reading the bursts shows TCP, TLS and each request wave.
 */
function envTrace() {
  const file = process.env.PBS_BENCH_PROXY_TRACE;
  if (!file) return undefined;
  const opened = new Map();
  return (e) => {
    if (e.event === 'open') opened.set(e.conn, e.at);
    const t = (e.at - (opened.get(e.conn) ?? e.at)).toFixed(1);
    const what = e.event === 'data' ? e.dir : e.event === 'end' ? `end-${e.dir}` : e.event;
    appendFileSync(file, `${e.conn} ${t} ${what} ${e.bytes ?? ''} ${e.head ? e.head.subarray(0, 6).toString('hex') : ''}\n`);
  };
}

/**
 * A TCP proxy on 127.0.0.1 that puts a far network between a client and an upstream on loopback:
 * every chunk waits half the round trip in each direction, and a new connection waits one round
 * trip before its first byte leaves (the TCP handshake a far server costs). Order within a
 * direction is kept. `rttMs` can change between runs; connections made after the change use it.
 * TLS passes through untouched (the proxy never looks inside), so certificates for 127.0.0.1 fit.
 * `trace(event)`, if given (else PBS_BENCH_PROXY_TRACE, above), sees each connection's open, chunks
 * (direction, size, first bytes) and ends as they arrive, with performance.now() times.
 */
export async function startDelayProxy({ upstreamHost = '127.0.0.1', upstreamPort, rttMs = 0, trace = envTrace() }) {
  const sockets = new Set();
  const state = { rttMs, connections: 0 };
  const server = createServer({ noDelay: true }, (client) => {
    const id = ++state.connections;
    const t0 = performance.now();
    trace?.({ conn: id, at: t0, event: 'open' });
    const rtt = state.rttMs;
    const oneWay = rtt / 2;
    // In a real network the client's first data leaves once the SYN-ACK is back: one round trip.
    const openAt = performance.now() + rtt;
    const upstream = connect({ host: upstreamHost, port: upstreamPort, noDelay: true });
    sockets.add(client);
    sockets.add(upstream);
    const pipe = (from, to, startAt, dir) => {
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
      from.on('data', (chunk) => {
        trace?.({ conn: id, at: performance.now(), event: 'data', dir, bytes: chunk.length, head: chunk.subarray(0, 16) });
        later(() => to.destroyed || to.write(chunk));
      });
      from.on('end', () => {
        trace?.({ conn: id, at: performance.now(), event: 'end', dir });
        later(() => to.destroyed || to.end());
      });
    };
    pipe(client, upstream, () => openAt, 'up');
    pipe(upstream, client, () => 0, 'down');
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
