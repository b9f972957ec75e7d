import { parseDuration, quoteInput, validateNamespace, validateReadableFile, validateReleaseName } from '../../platform/validate/index.js';
import { accessSync, statSync } from 'node:fs';
import type { FileProbe } from '../../platform/validate/index.js';
import type { TestBuildOptions } from './options.js';

/**
 * The payload secret file is checked with synchronous calls: an async one waits for Node's thread
 * pool, which starts on first use (~3 ms before the first line of a --builder-url run, which has
 * no other file reads that are async).
 */
const syncProbe: FileProbe = {
  stat: async (path) => statSync(path),
  access: async (path, mode) => accessSync(path, mode),
};

/** An image reference BuildKit accepts: lowercase repository path, optional host[:port], tag or digest. */
const IMAGE_REF =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

export function validateImageReference(raw: string): string | undefined {
  if (raw.length > 512 || !IMAGE_REF.test(raw)) {
    return `--image: ${quoteInput(raw)} is not an image reference; use e.g. registry.example.com/team/probuilder-test:1 (lowercase repository).`;
  }
  return undefined;
}

export function validateBuilderUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `--builder-url: ${quoteInput(raw)} is not a URL; use e.g. http://127.0.0.1:8081.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `--builder-url: ${quoteInput(raw)} must start with http:// or https://.`;
  if (url.username || url.password)
    return '--builder-url: leave user name and password out of the URL; the builder authenticates requests by their signature.';
  if (url.search || url.hash) return `--builder-url: ${quoteInput(raw)} must not have a query or fragment.`;
  return undefined;
}

/**
 * Every flag problem as one sentence naming its flag, found before anything is read from the
 * cluster (the files named are only checked for being readable here).
 */
export async function invalidTestBuildFlags(o: TestBuildOptions): Promise<{ problems: string[]; timeoutMs: number }> {
  const problems: string[] = [];
  const ns = validateNamespace(o.namespace);
  if (!ns.ok) problems.push(`--namespace: ${ns.message}`);
  const release = validateReleaseName(o.release);
  if (!release.ok) problems.push(`--release: ${release.message}`);
  if (o.builderUrl !== undefined) {
    const p = validateBuilderUrl(o.builderUrl);
    if (p) problems.push(p);
  }
  if (o.image !== undefined) {
    const p = validateImageReference(o.image);
    if (p) problems.push(p);
  }
  if (o.payloadSecretFile !== undefined) {
    const f = await validateReadableFile(o.payloadSecretFile, syncProbe, { what: 'the payload secret file', maxBytes: 64 * 1024 });
    if (!f.ok) problems.push(`--payload-secret-file: ${f.message}`);
  }
  const timeout = parseDuration(o.timeout);
  if (!timeout.ok) problems.push(`--timeout: ${timeout.message}`);
  if (o.dryRun) problems.push('--dry-run: a test build has no dry run; leave the flag out.');
  return { problems, timeoutMs: timeout.ok ? timeout.value : 0 };
}
