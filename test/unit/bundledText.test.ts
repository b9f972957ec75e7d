// build/startupPlugins.ts patches Ink's text libraries for start-up time (string-width, wrap-ansi, slice-ansi,
// ansi-tokenize, Ink's line-update) and package.json pins every patched package to one exact version. This
// bundles a frame of the doctor's check row with the project's tsup config (the same plugins as dist/) and
// holds what the bundle draws to what the unpatched libraries in node_modules draw: CJK, emoji (ZWJ
// sequences, flags, skin tones), combining marks and full-width forms must measure and wrap the same.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCHED_PACKAGES } from '../../build/startupPlugins.js';
import { SAMPLES, textFrames } from './fixtures/textFrames.js';

const repo = resolve(import.meta.dirname, '../..');
const entry = 'test/unit/fixtures/textFrames.tsx';
let outDir: string;
let bundled: { textFrames: typeof textFrames };
let bundledSources: string[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'pbs-bundled-text-'));
  // The project's tsup config with only the entry replaced, as `npm run build` runs it.
  await execa(join(repo, 'node_modules/.bin/tsup'), [entry, '--out-dir', outDir, '--metafile'], { cwd: repo });
  const file = join(outDir, 'textFrames.js');
  const meta = JSON.parse(await readFile(join(outDir, 'metafile-esm.json'), 'utf8')) as { inputs: Record<string, unknown> };
  bundledSources = Object.keys(meta.inputs);
  bundled = (await import(pathToFileURL(file).href)) as typeof bundled;
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('text drawn through the patched bundle', () => {
  it('is a bundle the plugins changed: string-width and the Intl.Segmenters swapped for build/runtime/', () => {
    expect(bundledSources).toContain('build/runtime/stringWidth.ts');
    expect(bundledSources).toContain('build/runtime/graphemeSegmenter.ts');
    expect(bundledSources.some((s) => /node_modules\/wrap-ansi\//.test(s))).toBe(true);
  });

  it('measures CJK, emoji, ZWJ sequences and combining marks as string-width from node_modules does', () => {
    const { widths } = bundled.textFrames();
    expect(widths).toEqual(textFrames().widths);
    // The samples are not all single-column: the comparison covers wide and zero-width text.
    expect(widths.some((w, i) => w !== SAMPLES[i]!.length)).toBe(true);
  });

  it('draws the same frames (borders, wrapping, truncation) at 80, 37 and 19 columns', () => {
    const ours = bundled.textFrames().frames;
    const theirs = textFrames().frames;
    expect(ours).toHaveLength(3);
    for (const [i, frame] of theirs.entries()) expect(ours[i], `frame ${i}`).toBe(frame);
    expect(theirs[0]).toContain('👨‍👩‍👧‍👦');
  });
});

describe('packages the build plugins patch', () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

  it.each(PATCHED_PACKAGES)('%s is a devDependency pinned to the exact version installed', async (name) => {
    const pinned = pkg.devDependencies[name];
    expect(pinned, `${name} must be listed in package.json devDependencies`).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(await readFile(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(pinned);
  });

  it('every devDependency has an exact version (no ^, ~ or ranges)', () => {
    const ranged = Object.entries(pkg.devDependencies).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v));
    expect(ranged).toEqual([]);
  });
});
