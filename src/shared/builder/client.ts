import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { BuildResult } from './buildResult.js';
import { asBuildResult } from './buildResult.js';
import { cleanLine } from '../text/cleanLine.js';
import { readBuildResults } from './ndjson.js';
import { buildSignature, SIGNATURE_HEADER } from './signature.js';

export const NDJSON = 'application/x-ndjson';
const MAX_ERROR_BODY = 4000;

/** How one POST /build ended, before any interpretation. */
export type BuildOutcome =
  | { kind: 'success'; image: string; log: string[] }
  | { kind: 'failed'; image: string; error: string; log: string[] }
  /** The builder answered with an HTTP error before building (signature, limit, bad archive). */
  | { kind: 'rejected'; status: number; body: string }
  /** No HTTP answer at all: refused, reset, DNS, TLS to the builder URL. */
  | { kind: 'unreachable'; code?: string; message: string }
  /** The answer ended without a final success or failed result. */
  | { kind: 'incomplete'; message: string; log: string[] }
  | { kind: 'timeout'; log: string[] }
  | { kind: 'cancelled'; log: string[] };

export interface BuildRequest {
  /** The builder's base URL, e.g. http://127.0.0.1:8081 (POST goes to <url>/build). */
  url: string;
  body: Uint8Array;
  /** The signing key as stored; never sent, only used for the signature. */
  payloadSecret: string;
  /** Each log line as the builder streams it. */
  onLog?: (line: string) => void;
  /** Ends the build: `timeoutMs` gives "timeout", an abort of `signal` gives "cancelled". */
  signal?: AbortSignal;
  timeoutMs?: number;
}

function buildUrl(base: string): URL {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/build`;
  return url;
}

/**
 * node:https is loaded only for an https:// builder URL: it brings TLS and the whole of node:crypto
 * with it (~25 ms on a slow machine), which a plain http:// port-forward or --builder-url never uses.
 */
async function requestFor(url: URL): Promise<typeof httpRequest> {
  return url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
}

async function send(req: BuildRequest, signal: AbortSignal): Promise<IncomingMessage> {
  const url = buildUrl(req.url);
  const request = await requestFor(url);
  return new Promise((resolve, reject) => {
    const r = request(url, {
      method: 'POST',
      agent: false,
      signal,
      headers: {
        [SIGNATURE_HEADER]: buildSignature(req.body, req.payloadSecret),
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(req.body.byteLength),
        Accept: NDJSON,
        'User-Agent': 'probuilder-setup',
      },
    });
    r.once('response', resolve);
    r.once('error', reject);
    r.end(req.body);
  });
}

async function readAll(res: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    if (text.length < limit) text += (chunk as Buffer).toString('utf8');
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * Sends one signed build and follows its NDJSON stream to the end. Never throws for what the
 * builder or the network does: every ending is a BuildOutcome.
 */
export async function postBuild(req: BuildRequest): Promise<BuildOutcome> {
  const timeout = new AbortController();
  const timer = req.timeoutMs ? setTimeout(() => timeout.abort(), req.timeoutMs) : undefined;
  timer?.unref?.();
  const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
  const log: string[] = [];
  const ended = (): BuildOutcome | undefined =>
    timeout.signal.aborted ? { kind: 'timeout', log } : req.signal?.aborted ? { kind: 'cancelled', log } : undefined;
  const addLog = (lines: string[]) => {
    for (const raw of lines) {
      // The log is shown in a terminal: it must never drive it.
      const line = cleanLine(raw);
      log.push(line);
      req.onLog?.(line);
    }
  };
  try {
    let res: IncomingMessage;
    try {
      res = await send(req, signal);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return ended() ?? { kind: 'unreachable', code: err.code, message: err.message };
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      return { kind: 'rejected', status, body: cleanLine((await readAll(res, MAX_ERROR_BODY).catch(() => '')).trim()) };
    }
    const contentType = String(res.headers['content-type'] ?? '');
    let final: BuildResult | undefined;
    try {
      if (contentType.includes(NDJSON)) {
        for await (const item of readBuildResults(res)) {
          if (item.kind === 'unreadable') {
            addLog([item.line]);
            continue;
          }
          addLog(item.result.log);
          if (item.result.status !== 'in_progress') final = item.result;
        }
      } else {
        // A builder that does not stream answers one BuildResult for the whole build.
        const text = await readAll(res, 64 * 1024 * 1024);
        let parsed: BuildResult | undefined;
        try {
          parsed = asBuildResult(JSON.parse(text));
        } catch {
          parsed = undefined;
        }
        if (!parsed)
          return {
            kind: 'incomplete',
            message: `the builder answered ${status} with something that is not a build result: ${text.slice(0, 300)}`,
            log,
          };
        addLog(parsed.log);
        final = parsed;
      }
    } catch (e) {
      return (
        ended() ?? { kind: 'incomplete', message: `the connection to the builder broke during the build: ${(e as Error).message}`, log }
      );
    }
    const over = ended();
    if (over) return over;
    if (!final) return { kind: 'incomplete', message: 'the builder ended its answer without saying whether the build succeeded', log };
    if (final.status === 'success') return { kind: 'success', image: final.image, log };
    return {
      kind: 'failed',
      image: final.image,
      error: cleanLine(final.error ?? 'the builder reported a failed build without an error text'),
      log,
    };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
