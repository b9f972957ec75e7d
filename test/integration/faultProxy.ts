import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { kubeconfigVariant, readTestbedKubeconfig } from './cliHarness.js';

/**
 * A TCP relay on 127.0.0.1 in front of the API server, for faults the real server will not make on
 * request. TLS passes through untouched (the server's certificate is issued for 127.0.0.1, so any
 * port on it verifies), which is why it can only act on timing, never on content:
 * - `delayMs`: every chunk from the client reaches the server this much later. A test that sees an
 *   object appear can cut() before the client's next request arrives, so "kill after step N" is exact.
 * - `blackhole`: connections are accepted and never answered, like a hung API server or a firewall
 *   that swallows packets.
 */
export class FaultProxy {
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  delayMs = 0;
  blackhole = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly upstream: { host: string; port: number },
  ) {}

  static async start(upstream: string, opts: { delayMs?: number; blackhole?: boolean } = {}): Promise<FaultProxy> {
    const url = new URL(upstream);
    const target = { host: url.hostname, port: Number(url.port || 443) };
    let proxy: FaultProxy | undefined;
    const server = createServer((client) => proxy!.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultProxy(server, (server.address() as AddressInfo).port, target);
    proxy.delayMs = opts.delayMs ?? 0;
    proxy.blackhole = opts.blackhole ?? false;
    return proxy;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.blackhole) {
      client.on('data', () => undefined); // read and drop: the client waits for an answer that never comes
      return;
    }
    const server = connect(this.upstream);
    this.track(server);
    server.on('data', (chunk) => client.write(chunk));
    server.on('end', () => client.end());
    client.on('end', () => this.later(() => server.end()));
    client.on('data', (chunk) => this.later(() => server.write(chunk)));
    client.on('close', () => this.later(() => server.destroy()));
    server.on('close', () => client.destroy());
  }

  /** Order is kept: timers of equal delay fire in the order they were set. */
  private later(fn: () => void): void {
    if (this.delayMs <= 0) return fn();
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, this.delayMs);
    this.timers.add(t);
  }

  /** Drops every byte still held back and closes every connection: nothing more reaches the server. */
  cut(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A FaultProxy in front of the test bed's API server and a kubeconfig whose server is that proxy. */
export interface SlowTestbedApi {
  proxy: FaultProxy;
  kubeconfig: string;
}

/**
 * For the describe() it is called in: the test bed's API server behind a FaultProxy that holds each
 * request back `delayMs`, started before the tests and closed after them. The fields are set once
 * beforeAll has run.
 */
export function slowTestbedApi(delayMs: number): SlowTestbedApi {
  const slow = {} as SlowTestbedApi;
  beforeAll(async () => {
    slow.proxy = await FaultProxy.start(readTestbedKubeconfig().clusters[0]!.cluster['server'] as string, { delayMs });
    slow.kubeconfig = await kubeconfigVariant({ server: slow.proxy.url });
  });
  afterAll(async () => {
    await slow.proxy?.close();
  });
  return slow;
}
