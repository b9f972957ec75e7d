import {
  connect as h2connect,
  constants,
  createSecureServer,
  type ClientHttp2Session,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadKubeConfig } from '../../src/platform/kube/config.js';
import { makeTestCa, makeTestLeaf } from '../../src/shared/certs/testSupport.js';

/** One API request as the recorder saw it. Paths and verbs only: bodies (secrets) are never kept. */
export interface RecordedRequest {
  /** 1 + the highest wave among responses the client had fully received before sending it. */
  wave: number;
  method: string;
  path: string;
  userAgent: string;
  status?: number;
}

/** Headers HTTP/2 forbids or that describe one hop only. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'host',
  'http2-settings',
  'te',
]);

function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith(':') && !HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** Requests that stream without end (watches, followed logs) pass straight through and end no wave. */
const isStream = (path: string) => /[?&](watch=(true|1)|follow=true)/.test(path);

/**
 * A TLS-terminating HTTP/2 (and HTTP/1.1) proxy on 127.0.0.1 in front of the REAL API server, for
 * counting the sequential request waves a command makes: what costs it round trips against a far
 * API server, counted without any clock.
 *
 * Each request gets a wave number: 1 + the highest wave among the responses that had COMPLETED
 * before the request arrived (requests sent before any response are wave 1). Timing on a loaded
 * machine would blur that (a fast answer on loopback can complete before the client has sent its
 * next independent request), so responses are HELD: the proxy forwards every request at once, but
 * hands the answers back only after no new request has arrived for `quietMs`. A request that does
 * not wait for any answer is then always sent while its wave is still unanswered, however slowly
 * the client runs, as long as it is sent within `quietMs` of the previous one; a request that
 * needed an answer can only come after that answer, one wave later. A too-small `quietMs` can only
 * count too many waves, never too few.
 *
 * The client authenticates to the proxy by nothing: the proxy reaches the API server with the test
 * bed's own admin credentials (the kubeconfig it was started from), and its kubeconfig() trusts a
 * throwaway CA for 127.0.0.1.
 */
export class WaveRecorder {
  readonly requests: RecordedRequest[] = [];
  /** TLS connections clients opened (each costs a TCP and a TLS round trip far from the server). */
  connections = 0;
  private completedWave = 0;
  /** Bumped by reset(): answers still held for an earlier command must not count for the next. */
  private generation = 0;
  private lastRequestAt = 0;
  private held: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private upstream: ClientHttp2Session | undefined;

  private constructor(
    private readonly source: string,
    private readonly server: Http2SecureServer,
    private readonly upstreamUrl: string,
    private readonly upstreamTls: { ca?: Buffer | string; cert?: Buffer | string; key?: Buffer | string },
    private readonly caPem: string,
    private readonly quietMs: number,
  ) {}

  /** `kubeconfig`: the test bed's (its current context's cluster and user are the upstream). */
  static async start(kubeconfig: string, opts: { quietMs?: number } = {}): Promise<WaveRecorder> {
    const { kc } = loadKubeConfig({ kubeconfig });
    const upstreamUrl = kc.getCurrentCluster()!.server;
    const tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
    await kc.applyToHTTPSOptions(tls as Parameters<typeof kc.applyToHTTPSOptions>[0]);
    const ca = await makeTestCa({ commonName: 'wave recorder CA' });
    const leaf = await makeTestLeaf(ca, { role: 'server', ipSans: ['127.0.0.1'] });
    let recorder: WaveRecorder | undefined;
    const server = createSecureServer({ key: leaf.keyPem, cert: leaf.certPem, allowHTTP1: true }, (req, res) => recorder!.handle(req, res));
    server.on('secureConnection', () => recorder!.connections++);
    recorder = new WaveRecorder(
      kubeconfig,
      server,
      upstreamUrl,
      { ca: tls.ca, cert: tls.cert, key: tls.key },
      ca.certPem,
      opts.quietMs ?? 1_000,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return recorder;
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A copy of the kubeconfig it was started from whose cluster is this proxy (same user, same context name). */
  async kubeconfig(): Promise<string> {
    const doc = parse(await readFile(this.source, 'utf8')) as { clusters: { cluster: Record<string, unknown> }[] };
    doc.clusters[0]!.cluster = { server: this.url, 'certificate-authority-data': Buffer.from(this.caPem).toString('base64') };
    const path = join(await mkdtemp(join(tmpdir(), 'pbs-waves-')), 'kubeconfig');
    await writeFile(path, stringify(doc), { mode: 0o600 });
    return path;
  }

  /** Forgets what was recorded, for the next command. Call once the previous one has exited. */
  reset(): void {
    this.requests.length = 0;
    this.connections = 0;
    this.completedWave = 0;
    this.generation++;
  }

  /** The highest wave of the requests `filter` keeps (0 when none). */
  waves(filter: (r: RecordedRequest) => boolean = () => true): number {
    return this.requests.filter(filter).reduce((m, r) => Math.max(m, r.wave), 0);
  }

  /** One line per request, by wave, for assertion messages. */
  describe(): string {
    return [...this.requests]
      .sort((a, b) => a.wave - b.wave)
      .map((r) => `wave ${r.wave}: ${r.method} ${r.path.replace(/\?.*$/, '')} → ${r.status ?? '…'} (${r.userAgent.split(' ')[0]})`)
      .join('\n');
  }

  private session(): ClientHttp2Session {
    if (!this.upstream || this.upstream.closed || this.upstream.destroyed) {
      this.upstream = h2connect(this.upstreamUrl, this.upstreamTls);
      this.upstream.on('error', () => undefined);
    }
    return this.upstream;
  }

  private handle(req: Http2ServerRequest, res: Http2ServerResponse): void {
    const path = req.url;
    const generation = this.generation;
    const record: RecordedRequest = {
      wave: this.completedWave + 1,
      method: req.method,
      path,
      userAgent: String(req.headers['user-agent'] ?? ''),
    };
    this.requests.push(record);
    this.lastRequestAt = performance.now();
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const payload = Buffer.concat(body);
      const up = this.session().request(
        { [constants.HTTP2_HEADER_METHOD]: req.method, [constants.HTTP2_HEADER_PATH]: path, ...forwardable(req.headers) },
        { endStream: payload.length === 0 },
      );
      up.on('error', (e) => {
        if (process.env['PBS_WAVES_DEBUG']) process.stderr.write(`wave recorder: ${String(e)}\n`);
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      if (payload.length) up.end(payload);
      up.on('response', (headers) => {
        const status = Number(headers[constants.HTTP2_HEADER_STATUS]);
        record.status = status;
        if (isStream(path)) {
          res.writeHead(status, forwardable(headers));
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () =>
          this.hold(() => {
            res.on('finish', () => {
              if (generation === this.generation) this.completedWave = Math.max(this.completedWave, record.wave);
            });
            res.writeHead(status, forwardable(headers));
            res.end(Buffer.concat(chunks));
          }),
        );
      });
    });
  }

  /** Answers go back only once no request has arrived for quietMs. */
  private hold(answer: () => void): void {
    this.held.push(answer);
    this.arm();
  }

  private arm(): void {
    if (this.timer || !this.held.length) return;
    const wait = Math.max(0, this.lastRequestAt + this.quietMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (performance.now() - this.lastRequestAt < this.quietMs) return this.arm();
      const answers = this.held;
      this.held = [];
      for (const a of answers) a();
    }, wait);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    for (const a of this.held) a();
    this.held = [];
    this.upstream?.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
