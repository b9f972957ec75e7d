import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildAndPush, type ClientTls } from './buildkitd.js';
import { removeDir, scratchDir } from './daemon.js';
import { untarInto } from './untar.js';

/**
 * A reference implementation of the pro-builder HTTP API (the image cannot run here), as documented
 * by openfaas/go-sdk builder and faas-cli's remote builder:
 *   POST /build, body = uncompressed tar of `com.openfaas.docker.config` + `context/`,
 *   X-Build-Signature: sha256=<hex HMAC-SHA256(body)> keyed with the payload secret (trimmed),
 *   Accept: application/x-ndjson → one BuildResult per line; otherwise one BuildResult.
 *   BuildResult = {"log": [...], "image": "...", "status": "in_progress"|"success"|"failed", "error"?: "..."}
 * The build itself runs on a real buildkitd through buildctl, with the registry secret's config.json
 * as DOCKER_CONFIG, as pro-builder does. The status texts of 401/403/429 are this server's own.
 */

export const BUILD_CONFIG_FILE = 'com.openfaas.docker.config';
export const SIGNATURE_HEADER = 'X-Build-Signature';
export const NDJSON = 'application/x-ndjson';

export interface BuildConfig {
  image: string;
  buildArgs?: Record<string, string>;
  platforms?: string[];
  skipPush?: boolean;
}

export interface BuildResult {
  log: string[];
  image: string;
  status: 'in_progress' | 'success' | 'failed';
  error?: string;
}

export interface ReferenceBuilderOptions {
  /** The signing key as stored (it is trimmed here, as pro-builder does); read on every request. */
  payloadSecret: () => Promise<string>;
  /** The registry secret's config.json; read on every request. */
  dockerConfigJson: () => Promise<string>;
  /** The BuildKit daemon to build on, and the client certificate for a TCP one (chart 0.4/0.5). */
  buildkit: { addr: string; tls?: () => Promise<ClientTls | undefined> };
  /** Concurrent builds allowed (values: proBuilder.maxInflight); 0 or absent = unlimited. */
  maxInflight?: number;
}

export interface RunningReferenceBuilder {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** Builds running now. */
  inflight(): number;
  /** Requests answered so far, by HTTP status (for assertions that a request reached it). */
  readonly statusCounts: Map<number, number>;
  stop(): Promise<void>;
}

const MAX_BODY = 256 * 1024 * 1024;

/** sha256=<hex HMAC-SHA256 of body keyed with the secret text> */
export function signPayload(body: Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret.trim()).update(body).digest('hex')}`;
}

function signatureMatches(body: Buffer, header: string, secret: string): boolean {
  const expected = Buffer.from(signPayload(body, secret));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error(`request body larger than ${MAX_BODY} bytes`), { status: 413 });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Unpacked in this process, as pro-builder (a Go server) does: starting GNU tar for every request
 * cost the stand-in a process more than the real builder (~12 ms per build on the bench machine).
 */
function untar(body: Buffer, dir: string): void {
  try {
    untarInto(body, dir);
  } catch (e) {
    throw new Error(`the request body is not a valid tar archive: ${(e as Error).message}`, { cause: e });
  }
}

function parseConfig(dir: string): BuildConfig {
  let raw: string;
  try {
    raw = readFileSync(join(dir, BUILD_CONFIG_FILE), 'utf8');
  } catch {
    throw new Error(`the archive has no ${BUILD_CONFIG_FILE}`);
  }
  let config: BuildConfig;
  try {
    config = JSON.parse(raw) as BuildConfig;
  } catch (e) {
    throw new Error(`${BUILD_CONFIG_FILE} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof config.image !== 'string' || !config.image) throw new Error(`${BUILD_CONFIG_FILE} has no image`);
  return config;
}

/** The line buildctl ends a failed build with ("error: failed to solve: ..."), without "error: ". */
export function buildctlError(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  const last = [...lines].reverse().find((l) => l.startsWith('error: '));
  return last ? last.slice('error: '.length) : (lines.slice(-1)[0] ?? 'buildctl failed');
}

function plain(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

export async function startReferenceBuilder(opts: ReferenceBuilderOptions): Promise<RunningReferenceBuilder> {
  let inflight = 0;
  const statusCounts = new Map<number, number>();
  const count = (s: number) => statusCounts.set(s, (statusCounts.get(s) ?? 0) + 1);
  const active = new Set<AbortController>();

  async function handleBuild(req: IncomingMessage, res: ServerResponse) {
    const stream = (req.headers['accept'] ?? '').includes(NDJSON);
    const body = await readBody(req);
    const signature = req.headers[SIGNATURE_HEADER.toLowerCase()];
    if (typeof signature !== 'string' || !signature) {
      count(401);
      return plain(res, 401, `${SIGNATURE_HEADER} header is missing: sign the body with the payload secret`);
    }
    const secret = (await opts.payloadSecret()).trim();
    if (!signatureMatches(body, signature, secret)) {
      count(403);
      return plain(res, 403, `${SIGNATURE_HEADER} does not match the payload: it was not signed with this builder's payload secret`);
    }
    const dir = scratchDir('pbs-refbuilder');
    const abort = new AbortController();
    active.add(abort);
    // The client went away: stop its build (res, not req: req closes once its body is read).
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    try {
      let config: BuildConfig;
      try {
        untar(body, dir);
        config = parseConfig(dir);
      } catch (e) {
        count(400);
        return plain(res, 400, (e as Error).message);
      }
      const dockerDir = join(dir, '.docker');
      mkdirSync(dockerDir, { mode: 0o700 });
      writeFileSync(join(dockerDir, 'config.json'), await opts.dockerConfigJson(), { mode: 0o600 });
      const log: string[] = [];
      if (stream) {
        count(200);
        res.writeHead(200, { 'Content-Type': NDJSON, 'Cache-Control': 'no-cache' });
      }
      const send = (r: BuildResult) => res.write(`${JSON.stringify(r)}\n`);
      const tls = await opts.buildkit.tls?.();
      const contextDir = join(dir, 'context');
      const result = await buildAndPush(opts.buildkit.addr, {
        tls,
        tlsDir: join(dir, '.tls'),
        contextDir,
        image: config.image,
        push: !config.skipPush,
        buildArgs: config.buildArgs,
        platforms: config.platforms,
        dockerConfigDir: dockerDir,
        signal: abort.signal,
        onLine: (line) => {
          // buildctl separates its steps with blank lines; they carry nothing.
          if (!line.trim()) return;
          log.push(line);
          if (stream) send({ log: [line], image: config.image, status: 'in_progress' });
        },
      }).catch((e: Error) => ({ exitCode: -1, stdout: '', stderr: `error: ${e.message}` }));
      const final: BuildResult =
        result.exitCode === 0
          ? { log: stream ? [] : log, image: config.image, status: 'success' }
          : { log: stream ? [] : log, image: config.image, status: 'failed', error: buildctlError(result.stderr) };
      if (stream) {
        send(final);
        res.end();
      } else {
        const status = final.status === 'success' ? 200 : 500;
        count(status);
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(final));
      }
    } finally {
      active.delete(abort);
      removeDir(dir);
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (path === '/healthz' || path === '/ready')) return plain(res, 200, 'OK');
    if (path !== '/build') return plain(res, 404, 'not found');
    if (req.method !== 'POST') return plain(res, 405, 'method not allowed: use POST /build');
    const limit = opts.maxInflight ?? 0;
    if (limit > 0 && inflight >= limit) {
      count(429);
      req.resume();
      return plain(res, 429, `concurrent build limit reached (maxInflight ${limit}): try again later`);
    }
    inflight += 1;
    handleBuild(req, res)
      .catch((e: Error & { status?: number }) => {
        if (res.headersSent) {
          res.end(`${JSON.stringify({ log: [], image: '', status: 'failed', error: e.message } satisfies BuildResult)}\n`);
        } else {
          count(e.status ?? 500);
          plain(res, e.status ?? 500, e.message);
        }
      })
      .finally(() => {
        inflight -= 1;
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    inflight: () => inflight,
    statusCounts,
    async stop() {
      for (const a of active) a.abort();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
