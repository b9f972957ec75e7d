import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { run, timedSync, userEnv } from '../lib/proc.mjs';
import { firstWizardFrameDone, timeInPty } from '../lib/pty.mjs';
import { paired } from '../lib/stats.mjs';

/** The baseline of the pty rows: bare Node writing one byte, timed by the same harness. */
const bareNodeInPty = (env) =>
  timeInPty([process.execPath, '-e', "process.stdout.write('ready')"], { env, isDone: (t) => t.includes('ready') });

/** `--version` to exit, against `node -e 0` to exit. Both are synchronous spawns with output discarded. */
export async function benchVersion({ cli, runs }) {
  const env = userEnv();
  return paired({
    runs,
    warmup: 2,
    subject: async () => timedSync(process.execPath, [cli, '--version'], { env }),
    baseline: async () => timedSync(process.execPath, ['-e', '0'], { env }),
  });
}

/**
 * The wizard's first complete frame in a real pty, against bare Node writing one byte in the same
 * pty harness (so `script`'s own start-up is on both sides). The wizard gets a kubeconfig for the
 * running test bed, so the frame is the one every user sees first: "Checking the cluster…".
 */
export async function benchFirstFrame({ cli, runs, kubeconfig, namespace, helm }) {
  const env = userEnv({ HELM: helm });
  const wizardArgs = kubeconfig ? ['--kubeconfig', kubeconfig, '-n', namespace] : [];
  // Without a cluster the first frame is the kubeconfig error screen, just as deterministic.
  const wizardEnv = kubeconfig ? env : { ...env, KUBECONFIG: '/nonexistent/bench-kubeconfig' };
  return paired({
    runs,
    warmup: 2,
    subject: () => timeInPty([process.execPath, cli, ...wizardArgs], { env: wizardEnv, isDone: firstWizardFrameDone }),
    baseline: () => bareNodeInPty(env),
  });
}

/**
 * The floor under the first-frame figure: a one-line Ink program (bench/fixtures/ink-floor) built
 * with the project's tsup config into outDir and timed exactly like the wizard.
 */
export async function benchInkFloor({ repo, outDir, runs }) {
  await rm(outDir, { recursive: true, force: true });
  await run(join(repo, 'node_modules/.bin/tsup'), ['bench/fixtures/ink-floor/main.ts', '--out-dir', outDir], {
    cwd: repo,
    timeoutMs: 120_000,
  });
  const env = userEnv();
  return paired({
    runs,
    warmup: 2,
    subject: () => timeInPty([process.execPath, join(outDir, 'main.js')], { env, isDone: firstWizardFrameDone }),
    baseline: () => bareNodeInPty(env),
  });
}
