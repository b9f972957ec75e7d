import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What each start-up path parses before it can answer: the production build (the project's tsup
 * config) with esbuild's metafile, walked along static imports only. A static import of the
 * Kubernetes client or node-forge from anything the first frame needs would add tens of
 * milliseconds to every start; this catches it when it happens, not at the next benchmark.
 */
interface Metafile {
  outputs: Record<
    string,
    { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown>; entryPoint?: string }
  >;
}

const repo = resolve(import.meta.dirname, '../..');
let outDir: string;
let meta: Metafile;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'pbs-startup-build-'));
  await execa(join(repo, 'node_modules/.bin/tsup'), ['--out-dir', outDir, '--metafile'], { cwd: repo });
  meta = JSON.parse(await readFile(join(outDir, 'metafile-esm.json'), 'utf8')) as Metafile;
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** The chunk whose file name starts with `prefix` (tsup appends a content hash). */
function chunk(prefix: string): string {
  const found = Object.keys(meta.outputs).find((k) => basename(k).startsWith(prefix) && k.endsWith('.js'));
  if (!found) throw new Error(`no output file starting with ${prefix}`);
  return found;
}

/** The chunk a dynamic import() of `source` loads (several chunks share a name such as prepare-). */
function chunkOf(source: string): string {
  const found = Object.keys(meta.outputs).find((k) => meta.outputs[k]?.entryPoint === source);
  if (!found) throw new Error(`no output file for ${source}`);
  return found;
}

/** The output files that load when `starts` load: their static-import closure. */
function outputsLoadedWith(...starts: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of meta.outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) stack.push(i.path);
  }
  return [...seen];
}

/** Every source file that loads when `starts` load. */
function sourcesLoadedWith(...starts: string[]): string[] {
  return outputsLoadedWith(...starts).flatMap((f) => Object.keys(meta.outputs[f]?.inputs ?? {}));
}

/** The Node built-ins imported statically by the output files that load when `starts` load. */
function builtinsLoadedWith(...starts: string[]): Set<string> {
  const imports = outputsLoadedWith(...starts).flatMap((f) => meta.outputs[f]?.imports ?? []);
  return new Set(imports.filter((i) => i.kind === 'import-statement' && i.external).map((i) => i.path.replace(/^node:/, '')));
}

const packages = (sources: string[]) => new Set(sources.flatMap((s) => s.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? []));

describe('start-up import graph of the built binary', () => {
  it('--version and --help load only the entry: no Ink, React, Kubernetes client, helm runner or forge', () => {
    const loaded = packages(sourcesLoadedWith(chunk('cli.js')));
    for (const heavy of ['ink', 'react', '@kubernetes/client-node', 'node-forge', 'execa', 'yaml']) expect(loaded).not.toContain(heavy);
    expect(loaded).toContain('commander');
  });

  it("the wizard's first frame loads Ink and React but not the Kubernetes client, forge, execa or yaml", () => {
    const sources = sourcesLoadedWith(chunk('cli.js'), chunk('runInstallCommand-'), chunk('defaultServices-'), chunk('renderWizard-'));
    const loaded = packages(sources);
    expect(loaded).toContain('ink');
    expect(loaded).toContain('react');
    for (const heavy of ['@kubernetes/client-node', 'undici', 'node-forge', 'execa', 'yaml']) expect(loaded).not.toContain(heavy);
    expect(sources).toContain('components/install/steps/ClusterStep.tsx');
  });

  it('neither --version nor the first frame loads node:crypto or node:child_process (~3 ms and ~2 ms; both load on first use)', () => {
    const version = builtinsLoadedWith(chunk('cli.js'));
    const firstFrame = builtinsLoadedWith(chunk('cli.js'), chunk('runInstallCommand-'), chunk('defaultServices-'), chunk('renderWizard-'));
    expect(firstFrame).toContain('tty');
    for (const late of ['crypto', 'child_process']) {
      expect(version).not.toContain(late);
      expect(firstFrame).not.toContain(late);
    }
  });

  it("no file imports node:http as an ES module (that loads Node's fetch and WebSocket through http.WebSocket)", () => {
    const esImports = Object.entries(meta.outputs).flatMap(([file, o]) =>
      o.imports.filter((i) => i.external && /^(node:)?http$/.test(i.path) && i.kind === 'import-statement').map(() => basename(file)),
    );
    expect(esImports).toEqual([]);
  });

  it('test-build --builder-url with plain output loads no Ink, React, Kubernetes client, forge, execa, yaml, https or tls', () => {
    // Everything runTestBuildCommand imports on that path (TestBuildApp and the port-forward only load for a TTY or a cluster).
    const chunks = [chunk('cli.js'), chunkOf('components/testbuild/runTestBuildCommand.tsx')];
    const sources = sourcesLoadedWith(...chunks);
    // One load of the module graph: what the run needs is imported statically, not by import()
    // after import() (each a graph load of its own; ~10 ms more before the request was sent).
    for (const needed of [
      'src/features/testbuild/validate.ts',
      'src/features/testbuild/prepare.ts',
      'src/shared/builder/testBuild.ts',
      'components/testbuild/plainTestBuild.ts',
      'src/shared/builder/client.ts',
    ])
      expect(sources).toContain(needed);
    const loaded = packages(sources);
    for (const heavy of ['ink', 'react', '@kubernetes/client-node', 'undici', 'node-forge', 'execa', 'yaml', 'ws'])
      expect(loaded).not.toContain(heavy);
    // node:https brings TLS and all of node:crypto (~25 ms here); only an https:// builder URL loads it, on use.
    // node:crypto itself (~10 ms) loads only for a random image name or a large body to sign; node:fs/promises
    // brings readline and the REPL history.
    const builtins = builtinsLoadedWith(...chunks);
    for (const late of ['https', 'tls', 'child_process', 'crypto', 'fs/promises']) expect(builtins).not.toContain(late);
  });

  it("test-build's run is joined into few files (mergeCommandChunks): the entry's, its own, and what its screen shares", async () => {
    const { chunkImports } = await import('../../build/mergeCommandChunks.js');
    const command = basename(chunkOf('components/testbuild/runTestBuildCommand.tsx'));
    const loaded = new Set<string>();
    const stack = ['cli.js', `chunks/${command}`];
    while (stack.length) {
      const file = stack.pop()!;
      if (loaded.has(file)) continue;
      loaded.add(file);
      stack.push(...chunkImports(await readFile(join(outDir, file), 'utf8'), outDir, file).static);
    }
    // Before the join: 27 files. The entry's own six, the joined command, and the chunks it shares with
    // its Ink screen and the error renderer (which must stay single: their classes meet in instanceof).
    expect(loaded.size).toBeLessThanOrEqual(13);
    expect(outputsLoadedWith(chunk('cli.js'), chunkOf('components/testbuild/runTestBuildCommand.tsx')).length).toBeGreaterThan(loaded.size);
  });

  it('the Kubernetes client is still in the build, in a chunk of its own loaded on demand', () => {
    const all = packages(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)));
    expect(all).toContain('@kubernetes/client-node');
    expect(all).toContain('node-forge');
  });
});
