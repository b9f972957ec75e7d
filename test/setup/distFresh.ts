import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The integration tests run the built dist/, not the sources: a dist/ built before the last edit tests
 * old code and its failures (or passes) mislead. This globalSetup stops the integration project with one
 * sentence when dist/cli.js is missing or older than any file the bundle is built from.
 */
const repo = resolve(import.meta.dirname, '../..');
/** What `npm run build` reads: the sources, the build plugins and their config. */
export const BUNDLE_SOURCES = ['src', 'components', 'build', 'tsup.config.ts', 'package.json', 'package-lock.json'];

function newest(path: string): { path: string; mtimeMs: number } | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return { path, mtimeMs: stat.mtimeMs };
  let best: { path: string; mtimeMs: number } | undefined;
  for (const name of readdirSync(path)) {
    // Tests are not bundled: editing one does not make dist/ stale.
    if (/\.test\.tsx?$/.test(name)) continue;
    const found = newest(join(path, name));
    if (found && (!best || found.mtimeMs > best.mtimeMs)) best = found;
  }
  return best;
}

/** Why dist/ cannot be trusted, as one sentence, or undefined when it was built after every source changed. */
export function staleDistReason(root = repo, sources = BUNDLE_SOURCES): string | undefined {
  const entry = join(root, 'dist', 'cli.js');
  let built: number;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    return 'dist/cli.js does not exist: run npm run build before the integration tests (npm run test:integration does both).';
  }
  let latest: { path: string; mtimeMs: number } | undefined;
  for (const source of sources) {
    const found = newest(join(root, source));
    if (found && (!latest || found.mtimeMs > latest.mtimeMs)) latest = found;
  }
  if (latest && latest.mtimeMs > built) {
    return `dist/ is older than ${relative(root, latest.path)}: run npm run build before the integration tests (npm run test:integration does both).`;
  }
  return undefined;
}

export default function setup(): void {
  const reason = staleDistReason();
  if (reason) throw new Error(reason);
}
