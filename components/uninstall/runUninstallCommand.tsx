import type { UninstallOptions } from '../../src/cli/args.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { KubeConfigFlagError } from '../../src/platform/kube/config.js';
import { UnusablePathError } from '../../src/platform/files/safeRead.js';
import { uninstallAccessProblem } from '../../src/features/uninstall/access.js';
import { applyUninstallPlan } from '../../src/features/uninstall/apply.js';
import { buildUninstallPlan, knownItemIds, type UninstallPlan } from '../../src/features/uninstall/plan.js';
import { resolveSelectors } from '../../src/features/uninstall/selectors.js';
import { readUninstallSnapshot } from '../../src/features/uninstall/snapshot.js';
import { isExplained, problemOf } from '../../src/platform/errors.js';
import { problemText } from '../../src/shared/problem/problemLines.js';
import { checkTargetFlags, connectForChange, isTerminal, processEnv, sigintSubscription, type CommandEnv } from '../services/commandEnv.js';
import { loadMachineServices } from '../services/machineServices.js';
import { runPlainUninstall, type RunUninstall } from './plainUninstall.js';

/**
 * `probuilder-setup uninstall`: a checklist in a terminal, the plain runner otherwise (or with
 * --yes or --dry-run). Returns the exit code; never calls process.exit.
 */
export async function runUninstallCommand(options: UninstallOptions, env: CommandEnv = processEnv()): Promise<number> {
  // Colour support is decided when chalk is first imported, so this must come before Ink loads.
  if (!options.color) process.env['FORCE_COLOR'] = '0';
  const err = (t: string) => void env.stderr.write(t);
  const out = (t: string) => void env.stdout.write(t);

  const selection = resolveSelectors(options.keep ?? [], options.include ?? [], knownItemIds(options.release, options.namespace));
  if (selection.problems.length) {
    for (const p of selection.problems) err(`probuilder-setup: ${p}\n`);
    return ExitCode.usage;
  }

  const request = checkTargetFlags(options, err);
  if (!request) return ExitCode.usage;
  const services = env.services ?? (await loadMachineServices());
  let plan: UninstallPlan;
  let run: RunUninstall;
  try {
    const kube = await connectForChange(services, options, request, 'uninstall from', err);
    if (!kube) return ExitCode.usage;
    const snapshot = await readUninstallSnapshot(kube, services.helm, {
      namespace: options.namespace,
      release: options.release,
      outputDir: options.outputDir,
    });
    plan = buildUninstallPlan(snapshot, {
      keep: selection.keep,
      include: selection.include,
      removeLicense: options.removeLicense,
      removeNamespace: options.removeNamespace,
      removeFiles: options.removeFiles,
    });
    if (!options.dryRun) {
      const refused = await uninstallAccessProblem(kube, plan);
      if (refused) {
        err(problemText(refused));
        return ExitCode.failure;
      }
    }
    run = (p, hooks) => applyUninstallPlan(p, { kube, helm: services.helm, ...hooks });
  } catch (e) {
    if (!isExplained(e)) throw e;
    err(problemText(problemOf(e), { debug: options.debug }));
    // A --kubeconfig or --context that cannot be used is a problem with the flags.
    return e instanceof KubeConfigFlagError || e instanceof UnusablePathError ? ExitCode.usage : ExitCode.failure;
  }

  if (!isTerminal(env) || options.yes || options.dryRun) {
    return runPlainUninstall(plan, options, run, { out, err, onInterrupt: env.onInterrupt ?? sigintSubscription });
  }
  const { renderUninstallApp } = await import('./UninstallApp.js');
  return renderUninstallApp(plan, run, env);
}
