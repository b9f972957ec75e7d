import type { RotateOptions } from '../../src/cli/args.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { KubeConfigFlagError } from '../../src/platform/kube/config.js';
import { UnusablePathError } from '../../src/platform/files/safeRead.js';
import { applyRotation, type ApplyRotationDeps } from '../../src/features/rotate/apply.js';
import { parseDuration } from '../../src/platform/validate/index.js';
import { planRotation, type RotationPlan } from '../../src/features/rotate/plan.js';
import { formatRotationPlan } from '../../src/features/rotate/report.js';
import { readRotationSnapshot } from '../../src/features/rotate/snapshot.js';
import { isExplained, problemOf } from '../../src/platform/errors.js';
import { problemText } from '../../src/shared/problem/problemLines.js';
import { checkTargetFlags, connectForChange, isTerminal, processEnv, sigintSubscription, type CommandEnv } from '../services/commandEnv.js';
import { loadMachineServices } from '../services/machineServices.js';
import { runPlainRotation, type RunRotation } from './plainRotate.js';

export interface RotateCommandEnv extends CommandEnv {
  /** Fixed material and a quick rollout for tests; the defaults make real keys and watch the cluster. */
  rotation?: Pick<ApplyRotationDeps, 'makeSigningSecret' | 'makeCertificates' | 'waitForRollout'> & {
    rolloutTimeoutMs?: number;
    rolloutIntervalMs?: number;
  };
}

/**
 * `probuilder-setup rotate signing-secret|certs`: shows what changes, asks (or takes --yes), then
 * replaces the secret(s), restarts the Deployment and watches the rollout. --dry-run only shows.
 */
export async function runRotateCommand(options: RotateOptions, env: RotateCommandEnv = processEnv()): Promise<number> {
  // Colour support is decided when chalk is first imported, so this must come before Ink loads.
  if (!options.color) process.env['FORCE_COLOR'] = '0';
  const err = (t: string) => void env.stderr.write(t);
  const out = (t: string) => void env.stdout.write(t);
  const request = checkTargetFlags(options, err);
  if (!request) return ExitCode.usage;
  const services = env.services ?? (await loadMachineServices());
  const timeout = parseDuration(options.timeout ?? '5m');
  if (!timeout.ok) {
    err(`probuilder-setup: --timeout: ${timeout.message}\n`);
    return ExitCode.usage;
  }

  let plan: RotationPlan;
  let run: RunRotation;
  try {
    const kube = await connectForChange(services, options, request, 'rotate secrets in', err);
    if (!kube) return ExitCode.usage;
    const snapshot = await readRotationSnapshot(kube, services.helm, {
      target: options.target,
      namespace: options.namespace,
      release: options.release,
      outputDir: options.outputDir,
    });
    const decision = planRotation(options.target, snapshot);
    if (decision.kind !== 'plan') {
      if (decision.kind === 'nothing-to-rotate') {
        out(`${decision.message}\n`);
        return ExitCode.ok;
      }
      err(problemText(decision));
      return ExitCode.failure;
    }
    plan = decision.plan;
    const extra = env.rotation ?? {};
    const rolloutTimeoutMs = extra.rolloutTimeoutMs ?? timeout.value;
    run = (hooks) =>
      applyRotation(plan, {
        kube,
        now: services.now,
        onStep: hooks.onStep,
        makeSigningSecret: extra.makeSigningSecret,
        makeCertificates: extra.makeCertificates,
        waitForRollout: extra.waitForRollout,
        rollout: { timeoutMs: rolloutTimeoutMs, intervalMs: extra.rolloutIntervalMs, signal: hooks.signal, onProgress: hooks.onProgress },
      });
  } catch (e) {
    if (!isExplained(e)) throw e;
    err(problemText(problemOf(e), { debug: options.debug }));
    // A --kubeconfig or --context that cannot be used is a problem with the flags.
    return e instanceof KubeConfigFlagError || e instanceof UnusablePathError ? ExitCode.usage : ExitCode.failure;
  }

  if (options.dryRun) {
    out(formatRotationPlan(plan));
    out('\nDry run: nothing was changed.\n');
    return ExitCode.ok;
  }
  if (!isTerminal(env) || options.yes) {
    return runPlainRotation(plan, options, run, { out, err, onInterrupt: env.onInterrupt ?? sigintSubscription });
  }
  const { renderRotateApp } = await import('./RotateApp.js');
  return renderRotateApp(plan, run, env);
}
