import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { msSince, paired, summarize } from '../lib/stats.mjs';

/**
 * The test bed's real parts (buildkitd, registry, the reference pro-builder) bundled from
 * test/buildbed into one ESM file, so the bench drives the same code the integration tests do.
 */
export async function loadBuildbed(repo, cacheDir) {
  const entry = join(cacheDir, 'buildbed-entry.ts');
  await writeFile(
    entry,
    [
      `export { startBuildkitd, buildAndPush } from ${JSON.stringify(join(repo, 'test/buildbed/buildkitd.ts'))};`,
      `export { startRegistry } from ${JSON.stringify(join(repo, 'test/buildbed/registry.ts'))};`,
      `export { startReferenceBuilder } from ${JSON.stringify(join(repo, 'test/buildbed/referenceBuilder.ts'))};`,
      `export { buildbedAvailability } from ${JSON.stringify(join(repo, 'test/buildbed/binaries.ts'))};`,
      `export { forwardPodPortTo } from ${JSON.stringify(join(repo, 'test/buildbed/portForward.ts'))};`,
      `export { clusterSecretSource } from ${JSON.stringify(join(repo, 'test/buildbed/clusterSecrets.ts'))};`,
    ].join('\n'),
  );
  const outfile = join(cacheDir, 'buildbed.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'error',
    packages: 'external',
  });
  return import(pathToFileURL(outfile).href);
}

/** The CLI's test build to exit, and the time until its first streamed log line (plain output, indented). */
export function timeTestBuild(cli, args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    let firstLogMs;
    child.stdout.setEncoding('utf8').on('data', (c) => {
      out += c;
      if (firstLogMs === undefined && /\n {2}\S/.test(`\n${out}`)) firstLogMs = msSince(start);
    });
    child.stderr.setEncoding('utf8').on('data', (c) => (err += c));
    child.once('error', reject);
    child.once('close', (code) => {
      const totalMs = msSince(start);
      if (code !== 0) reject(new Error(`test-build exited ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`));
      else resolve({ totalMs, firstLogMs: firstLogMs ?? totalMs });
    });
  });
}

/**
 * `test-build --builder-url` (the whole CLI process: start, archive, signature, HTTP, NDJSON) against
 * `buildctl build` of the same FROM scratch context on the same buildkitd, each pushing a new layer
 * to the same registry. Pairs alternate; every run writes a file with new content.
 */
export async function benchTestBuild({ repo, cli, cacheDir, runs }) {
  const bed = await loadBuildbed(repo, cacheDir);
  const availability = bed.buildbedAvailability();
  if (!availability.available) throw new Error(`the BuildKit test bed is not available: ${availability.reason}`);
  const work = await mkdtemp(join(tmpdir(), 'pbs-bench-tb-'));
  const credentials = { username: 'bench', password: randomBytes(12).toString('hex') };
  const payloadSecret = randomBytes(32).toString('base64');
  const registry = await bed.startRegistry({ auth: credentials });
  const daemon = await bed.startBuildkitd({ transport: 'unix', httpRegistries: [registry.host] });
  const builder = await bed.startReferenceBuilder({
    payloadSecret: async () => payloadSecret,
    dockerConfigJson: async () => registry.dockerConfigJson(),
    buildkit: { addr: daemon.addr },
  });
  const dockerDir = join(work, 'docker');
  const keyFile = join(work, 'payload.txt');
  try {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dockerDir, { mode: 0o700 });
    await writeFile(join(dockerDir, 'config.json'), registry.dockerConfigJson(), { mode: 0o600 });
    await writeFile(keyFile, payloadSecret, { mode: 0o600 });
    let n = 0;
    const firstLog = [];
    const subject = async () => {
      const ctx = join(work, `ctx-${++n}`);
      await mkdir(ctx);
      await writeFile(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY probuilder-test.txt /probuilder-test.txt\n');
      await writeFile(join(ctx, 'probuilder-test.txt'), `bench ${n} ${Date.now()}\n`);
      const r = await timeTestBuild(cli, [
        'test-build',
        '--builder-url',
        builder.url,
        '--payload-secret-file',
        keyFile,
        '--image',
        `${registry.host}/bench/test-build:${n}`,
        '--context-dir',
        ctx,
        '--output',
        'plain',
      ]);
      firstLog.push(r.firstLogMs);
      return r.totalMs;
    };
    const baseline = async () => {
      const ctx = join(work, `ctx-${++n}`);
      await mkdir(ctx);
      await writeFile(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY probuilder-test.txt /probuilder-test.txt\n');
      await writeFile(join(ctx, 'probuilder-test.txt'), `bench ${n} ${Date.now()}\n`);
      const start = process.hrtime.bigint();
      const r = await bed.buildAndPush(daemon.addr, {
        contextDir: ctx,
        image: `${registry.host}/bench/buildctl:${n}`,
        dockerConfigDir: dockerDir,
      });
      if (r.exitCode !== 0) throw new Error(`buildctl build failed: ${r.stderr.trim().split('\n').slice(-2).join(' / ')}`);
      return msSince(start);
    };
    const result = await paired({ runs, subject, baseline });
    // The warm-up pair's first-log time is not part of the summary.
    return { ...result, firstLog: summarize(firstLog.slice(1)) };
  } finally {
    await builder.stop();
    await daemon.stop();
    await registry.stop();
    await rm(work, { recursive: true, force: true });
  }
}
