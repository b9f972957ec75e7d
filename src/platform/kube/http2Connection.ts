/**
 * One HTTP/2 connection to the API server on node:http2, for the requests KubeClient sends
 * (transport.ts). Why not undici's: until the server's SETTINGS frame arrives, undici allows one
 * stream per connection (its concurrency limit is unknown until then), so the reads a command sends
 * together left one by one: the first with the TLS handshake, the rest a whole round trip later,
 * after the server's SETTINGS. HTTP/2 lets a client send its requests right after its connection
 * preface (RFC 9113, section 3.4); node:http2 does, so a far API server costs TCP + TLS + one round
 * trip per wave of reads, not one more. A server that does not offer h2 in ALPN (a proxy that
 * speaks HTTP/1.1 only) gets the undici dispatcher the KubeConfig would have made.
 */
import { connect as http2Connect, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** What send() asks of a connection: undici's Dispatcher.request and close, narrowed to what it uses. */
export interface AnswerData {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: { arrayBuffer(): Promise<ArrayBuffer> };
}
export interface RequestData {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
export interface Requester {
  request(options: RequestData): Promise<AnswerData>;
  close(): Promise<void>;
}

/** The code of a stream that ended without an answer (transport.ts's closedBeforeAnswer knows it). */
export const CLOSED_BEFORE_ANSWER = 'ERR_KUBE_CLOSED_BEFORE_ANSWER';

/**
 * Flow-control windows, as client-go's (4 MiB a stream; the connection's much larger): with Node's
 * default 64 KiB, a server far away stops after 64 KiB of answers (the wizard's second wave re-reads
 * the release's helm Secrets, ~40 KB each time) and waits a round trip for the client's WINDOW_UPDATE.
 */
const STREAM_WINDOW = 4 * 1024 * 1024;
const CONNECTION_WINDOW = 64 * 1024 * 1024;

/** Headers HTTP/2 forbids (RFC 9113, section 8.2.2); node:http2 refuses a request that carries one. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

function closedBeforeAnswer(why: string): Error {
  return Object.assign(new Error(`the API server closed the stream before answering (${why})`), { code: CLOSED_BEFORE_ANSWER });
}

export class Http2Connection implements Requester {
  private session: ClientHttp2Session | undefined;
  /** The session being set up; resolves undefined when the server does not speak h2. */
  private opening: Promise<ClientHttp2Session | undefined> | undefined;
  /** The socket of a connection still being set up: close() ends it (a server that never finishes TLS would hold the process). */
  private connecting: TLSSocket | undefined;
  private fallback: Requester | undefined;
  private noH2 = false;
  private closed = false;
  private running = 0;

  /**
   * @param origin the API server's origin (https://host:port)
   * @param tls the TLS settings the KubeConfig gives (CA, client certificate and key, servername…)
   * @param makeFallback the dispatcher the KubeConfig would have made, for a server without h2
   */
  constructor(
    private readonly origin: string,
    private readonly tls: ConnectionOptions,
    private readonly makeFallback: () => Requester | undefined,
  ) {}

  /** The undici dispatcher for what this connection does not carry (a server without h2). */
  fallbackDispatcher(): Requester | undefined {
    return (this.fallback ??= this.makeFallback());
  }

  private open(): Promise<ClientHttp2Session | undefined> {
    if (this.session && !this.session.closed && !this.session.destroyed) return Promise.resolve(this.session);
    this.opening ??= new Promise<ClientHttp2Session | undefined>((resolve, reject) => {
      const url = new URL(this.origin);
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const socket = tlsConnect({
        ...this.tls,
        host,
        port: Number(url.port || 443),
        // Like undici: SNI only for a name (an IP address there is an error in Node).
        servername: this.tls.servername ?? (isIP(host) ? undefined : host),
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      socket.setNoDelay(true);
      // As client-node's dispatcher: keep-alive probes after 30 s idle (load balancers drop quiet connections).
      socket.setKeepAlive(true, 30_000);
      this.connecting = socket;
      const failed = (e: Error) => {
        this.opening = undefined;
        this.connecting = undefined;
        reject(e);
      };
      const closedEarly = () => failed(closedBeforeAnswer('the connection closed before TLS was set up'));
      socket.once('error', failed);
      socket.once('close', closedEarly);
      socket.once('secureConnect', () => {
        socket.off('error', failed);
        socket.off('close', closedEarly);
        this.opening = undefined;
        this.connecting = undefined;
        if (socket.alpnProtocol !== 'h2') {
          socket.destroy();
          this.noH2 = true;
          resolve(undefined);
          return;
        }
        const session = http2Connect(this.origin, {
          createConnection: () => socket,
          settings: { enablePush: false, initialWindowSize: STREAM_WINDOW },
        });
        // The connection's own window goes with the preface too (a WINDOW_UPDATE on stream 0).
        session.once('connect', () => {
          try {
            session.setLocalWindowSize(CONNECTION_WINDOW);
          } catch {
            // Best effort: the default window still works, only slower far from the server.
          }
        });
        // A session's failure reaches every stream on it; the session's own event needs a listener.
        session.on('error', () => undefined);
        // After a GOAWAY (or once closed) new requests go to a new connection.
        const drop = () => {
          if (this.session === session) this.session = undefined;
        };
        session.once('goaway', drop);
        session.once('close', drop);
        this.session = session;
        if (this.closed) session.close();
        this.refWhileRunning();
        resolve(session);
      });
    });
    return this.opening;
  }

  /** Like undici: an idle connection never holds the process open; one with requests running does. */
  private refWhileRunning(): void {
    const session = this.session;
    if (!session || session.destroyed) return;
    if (this.running > 0) session.ref();
    else session.unref();
  }

  async request(options: RequestData): Promise<AnswerData> {
    if (this.closed) throw closedBeforeAnswer('the client was closed');
    const session = this.noH2 ? undefined : await this.open();
    if (!session) {
      const fallback = this.fallbackDispatcher();
      if (!fallback) throw new Error(`the API server at ${this.origin} offers no HTTP/2 and no other way to reach it was given`);
      return fallback.request(options);
    }
    options.signal?.throwIfAborted();
    const headers: Record<string, string> = { ':method': options.method, ':path': options.path };
    for (const [name, value] of Object.entries(options.headers))
      if (!CONNECTION_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    this.running++;
    this.refWhileRunning();
    let stream: ClientHttp2Stream;
    try {
      stream = session.request(headers, { endStream: options.body === undefined, signal: options.signal });
    } catch (e) {
      this.running--;
      this.refWhileRunning();
      // A session that received GOAWAY or closed since open() handed it out.
      throw Object.assign(closedBeforeAnswer(String((e as Error).message)), { cause: e });
    }
    // Done once its answer is read, or it failed or closed (whichever comes first: 'close' comes a tick after 'end').
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.running--;
      this.refWhileRunning();
    };
    stream.once('end', finish);
    stream.once('close', finish);
    if (options.body !== undefined) stream.end(options.body);
    return new Promise<AnswerData>((resolve, reject) => {
      let answered = false;
      stream.once('error', (e) => {
        if (!answered) reject(e);
      });
      stream.once('close', () => {
        if (!answered) reject(closedBeforeAnswer(`stream code ${stream.rstCode ?? 'unknown'}`));
      });
      stream.once('response', (raw: IncomingHttpHeaders) => {
        answered = true;
        const out: Record<string, string | string[] | undefined> = {};
        for (const [name, value] of Object.entries(raw)) if (!name.startsWith(':')) out[name] = value;
        const chunks: Buffer[] = [];
        const body = new Promise<ArrayBuffer>((done, fail) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.once('end', () => {
            const all = Buffer.concat(chunks);
            done(all.buffer.slice(all.byteOffset, all.byteOffset + all.length) as ArrayBuffer);
          });
          stream.once('error', fail);
          stream.once('close', () => fail(closedBeforeAnswer('the answer was cut short')));
        });
        // Unread (the caller failed on the status), a failed body must not count as unhandled.
        body.catch(() => undefined);
        resolve({ statusCode: Number(raw[':status']), headers: out, body: { arrayBuffer: () => body } });
      });
    });
  }

  /** Ends the connection once running requests finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.connecting?.destroy();
    const session = this.session;
    this.session = undefined;
    await Promise.all([
      session && !session.destroyed ? new Promise<void>((resolve) => session.close(() => resolve())) : undefined,
      this.fallback?.close().catch(() => undefined),
    ]);
  }
}
