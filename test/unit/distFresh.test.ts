import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleDistReason } from '../setup/distFresh.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A repository with one source file, a test and (optionally) dist/cli.js, each with its own modification time. */
function repo(times: { source: number; test?: number; dist?: number }): string {
  root = mkdtempSync(join(tmpdir(), 'pbs-dist-fresh-'));
  mkdirSync(join(root, 'src', 'features'), { recursive: true });
  const file = (path: string, seconds: number) => {
    writeFileSync(join(root, path), 'x');
    utimesSync(join(root, path), seconds, seconds);
  };
  file('src/features/plan.ts', times.source);
  if (times.test !== undefined) file('src/features/plan.test.ts', times.test);
  if (times.dist !== undefined) {
    mkdirSync(join(root, 'dist'));
    file('dist/cli.js', times.dist);
  }
  return root;
}

describe("the integration tests' stale dist/ guard", () => {
  it('passes a dist/ built after the last source change', () => {
    expect(staleDistReason(repo({ source: 1_000, dist: 2_000 }), ['src'])).toBeUndefined();
  });

  it('names the newer source and tells to run npm run build', () => {
    expect(staleDistReason(repo({ source: 3_000, dist: 2_000 }), ['src'])).toBe(
      'dist/ is older than src/features/plan.ts: run npm run build before the integration tests (npm run test:integration does both).',
    );
  });

  it('says so when there is no dist/ at all', () => {
    expect(staleDistReason(repo({ source: 1_000 }), ['src'])).toMatch(/^dist\/cli\.js does not exist: run npm run build/);
  });

  it('ignores edited tests: they are not in the bundle', () => {
    expect(staleDistReason(repo({ source: 1_000, test: 3_000, dist: 2_000 }), ['src'])).toBeUndefined();
  });
});
