import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeDir, scratchDir } from './daemon.js';
import { BUILD_CONFIG_FILE, NDJSON, SIGNATURE_HEADER, signPayload, type BuildConfig, type BuildResult } from './referenceBuilder.js';

/** A Dockerfile that needs no base image: the default test build depends only on the registry. */
export const SCRATCH_DOCKERFILE = 'FROM scratch\nCOPY hello.txt /hello.txt\n';

/** The files of the smallest useful context: FROM scratch plus one file (its text makes each image distinct). */
export function scratchContext(text = `built by probuilder-setup tests at ${new Date().toISOString()}\n`): Record<string, string> {
  return { Dockerfile: SCRATCH_DOCKERFILE, 'hello.txt': text };
}

/** Writes `files` (relative path → content) into `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** The pro-builder request body: an uncompressed tar of com.openfaas.docker.config and context/. */
export async function makeBuildTar(config: BuildConfig, files: Record<string, string>): Promise<Buffer> {
  const dir = scratchDir('pbs-buildtar');
  try {
    writeFiles(join(dir, 'context'), files);
    writeFileSync(join(dir, BUILD_CONFIG_FILE), JSON.stringify({ buildArgs: {}, platforms: [], skipPush: false, ...config }));
    return await new Promise<Buffer>((resolveTar, reject) => {
      const child = spawn('tar', ['-c', '-f', '-', '-C', dir, BUILD_CONFIG_FILE, 'context'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      child.once('error', reject);
      child.once('close', (code) => (code === 0 ? resolveTar(Buffer.concat(out)) : reject(new Error(`tar failed: ${err}`))));
    });
  } finally {
    removeDir(dir);
  }
}

export interface PostBuildOptions {
  /** Signing key; `signature` overrides the computed header, null sends none. */
  secret?: string;
  signature?: string | null;
  stream?: boolean;
  signal?: AbortSignal;
}

/** POSTs a build tar to `<builderUrl>/build` the way go-sdk's FunctionBuilder does. */
export function postBuild(builderUrl: string, body: Buffer, opts: PostBuildOptions): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', 'User-Agent': 'probuilder-setup-tests' };
  const signature = opts.signature === undefined ? signPayload(body, opts.secret ?? '') : opts.signature;
  if (signature !== null) headers[SIGNATURE_HEADER] = signature;
  if (opts.stream) headers['Accept'] = NDJSON;
  return fetch(new URL('/build', builderUrl), { method: 'POST', body, headers, signal: opts.signal });
}

/** Reads an NDJSON response to the end: every BuildResult, in order, calling `onResult` as each arrives. */
export async function readBuildStream(res: Response, onResult?: (r: BuildResult) => void): Promise<BuildResult[]> {
  const results: BuildResult[] = [];
  const decoder = new TextDecoder();
  let pending = '';
  const take = (line: string) => {
    if (!line.trim()) return;
    const r = JSON.parse(line) as BuildResult;
    results.push(r);
    onResult?.(r);
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(take);
  }
  take(pending + decoder.decode());
  return results;
}
