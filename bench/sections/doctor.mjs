import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed, userEnv } from '../lib/proc.mjs';
import { paired, repeat, summarize } from '../lib/stats.mjs';

const GNU_TIME = '/usr/bin/time';

/** True when this build dispatches `doctor` (it prints "not available" while the command is unwired). */
export async function doctorAvailable(cli) {
  const r = await timed(process.execPath, [cli, 'doctor', '--output', 'json', '--kubeconfig', '/nonexistent/kubeconfig'], {
    timeoutMs: 30_000,
  });
  return !/not available in this build/.test(r.stderr + r.stdout);
}

/** Peak RSS of a running process, polled from VmHWM until it exits: for machines without GNU time. */
async function pollPeakRss(pid, stop) {
  let peakKb = 0;
  while (!stop.done) {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      if (kb > peakKb) peakKb = kb;
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return peakKb;
}

/**
 * One full doctor run, JSON output, as a user would start it. Returns wall time (spawn to exit)
 * and the process's peak RSS. Findings may make the exit code non-zero; a run counts when it
 * printed a JSON report.
 */
export async function runDoctor({ cli, kubeconfig, namespace, helm }, extraArgs = []) {
  const args = [cli, 'doctor', '--output', 'json', '--kubeconfig', kubeconfig, '-n', namespace, ...extraArgs];
  const env = userEnv({ HELM: helm, NO_COLOR: '1' });
  let r;
  let peakKb;
  if (existsSync(GNU_TIME)) {
    const dir = await mkdtemp(join(tmpdir(), 'pbs-bench-time-'));
    const out = join(dir, 'rss');
    r = await timed(GNU_TIME, ['-f', '%M', '-o', out, process.execPath, ...args], { env });
    peakKb = Number((await readFile(out, 'utf8')).trim().split('\n').at(-1));
    await rm(dir, { recursive: true, force: true });
  } else {
    const { spawn } = await import('node:child_process');
    const stop = { done: false };
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const peak = pollPeakRss(child.pid, stop);
    r = await new Promise((resolve) => {
      const start = process.hrtime.bigint();
      const out = [];
      const err = [];
      child.stdout.on('data', (c) => out.push(c));
      child.stderr.on('data', (c) => err.push(c));
      child.on('close', (code) =>
        resolve({
          ms: Number(process.hrtime.bigint() - start) / 1e6,
          code,
          stdout: Buffer.concat(out).toString(),
          stderr: Buffer.concat(err).toString(),
        }),
      );
    });
    stop.done = true;
    peakKb = await peak;
  }
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`doctor printed no JSON report (exit ${r.code}):\n${(r.stderr || r.stdout).slice(-1500)}`);
  }
  return { ms: r.ms, peakKb, code: r.code, report };
}

/**
 * What a user types to see the same things, one after another. Each must succeed, or the
 * comparison would be against an error message.
 */
export function kubectlSequence({ kubectl, helm, kubeconfig, namespace, release = 'pro-builder' }) {
  const k = (...args) => [kubectl, ['--kubeconfig', kubeconfig, ...args]];
  return [
    k('get', 'events', '-n', namespace),
    k('get', 'pods', '-n', namespace, '-o', 'yaml'),
    k('describe', 'nodes'),
    k('get', 'secrets', '-n', namespace, '-o', 'yaml'),
    k('logs', '-n', namespace, `deploy/${release}`, '-c', 'pro-builder'),
    k('logs', '-n', namespace, `deploy/${release}`, '-c', 'buildkit'),
    [helm, ['status', release, '-n', namespace, '--kubeconfig', kubeconfig]],
  ];
}

export async function runSequence(commands) {
  let total = 0;
  for (const [cmd, args] of commands) {
    const r = await timed(cmd, args);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr.trim().slice(-500)}`);
    total += r.ms;
  }
  return total;
}

/** Doctor and the kubectl sequence alternately; the ratio is doctor / sequence per pair. */
export async function benchDoctor(opts, runs) {
  const rss = [];
  let summary;
  const result = await paired({
    runs,
    subject: async () => {
      const d = await runDoctor(opts);
      rss.push(d.peakKb);
      summary = d.report?.summary;
      return d.ms;
    },
    baseline: () => runSequence(kubectlSequence(opts)),
  });
  // The warm-up run's RSS is as valid as any other: memory does not warm up.
  return { ...result, rssKb: summarize(rss), summary };
}

/** The sequence alone (at scale, where it is context, not a goal). */
export async function benchSequence(opts, runs) {
  return summarize(await repeat(runs, () => runSequence(kubectlSequence(opts))));
}

/**
 * `doctor --bundle FILE` against the doctor alone, alternately; the ratio is bundle / doctor per
 * pair. Each bundle goes to a new file (an existing one is refused); its size is kept.
 */
export async function benchBundle(opts, runs) {
  const dir = await mkdtemp(join(tmpdir(), 'pbs-bench-bundle-'));
  let n = 0;
  const sizes = [];
  try {
    const result = await paired({
      runs,
      subject: async () => {
        const file = join(dir, `b${n++}.tar.gz`);
        const d = await runDoctor(opts, ['--bundle', file]);
        sizes.push((await readFile(file)).length);
        return d.ms;
      },
      baseline: async () => (await runDoctor(opts)).ms,
    });
    return { ...result, bytes: summarize(sizes) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
