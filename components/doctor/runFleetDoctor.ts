import type { DoctorOptions } from '../../src/cli/args.js';
import type { KubeRequest } from '../../src/cli/kubeRequest.js';
import { problemOf } from '../../src/platform/errors.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { problemText } from '../../src/shared/problem/problemLines.js';
import { ALL_CHECKS } from '../../src/features/doctor/checks/index.js';
import { createDoctorContext, prefetchCommonReads } from '../../src/features/doctor/context.js';
import { fleetExitCode, runFleet, toFleetJson, toFleetTable, type ContextRun } from '../../src/features/doctor/fleet.js';
import { runChecks } from '../../src/features/doctor/runner.js';
import type { Check } from '../../src/features/doctor/types.js';
import { kubeConfigContextNames } from '../../src/platform/kube/config.js';
import { quoteInput } from '../../src/platform/validate/result.js';
import { loadMachineServices, type MachineServices } from '../services/machineServices.js';

export interface FleetEnv {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  services?: MachineServices;
  checks?: readonly Check[];
  /** Which contexts the kubeconfig has; injectable for tests without a kubeconfig file. */
  contextNames?: (kubeconfig: string | undefined) => string[];
}

/** Clusters checked at once: enough for a typical fleet in one wave, few enough for a laptop's sockets and helm processes. */
export const FLEET_CONCURRENCY = 8;

/** True when the flags ask for several clusters. */
export function wantsFleet(options: Pick<DoctorOptions, 'contexts' | 'allContexts'>): boolean {
  return options.contexts !== undefined || Boolean(options.allContexts);
}

/** The contexts to check, or the usage problem with the flags. Validated before any cluster is touched. */
export function fleetContexts(
  options: DoctorOptions,
  known: readonly string[],
  source: string,
): { ok: true; value: string[] } | { ok: false; message: string } {
  if (options.contexts !== undefined && options.allContexts)
    return { ok: false, message: '--contexts and --all-contexts cannot be used together.' };
  if (options.context !== undefined)
    return { ok: false, message: '--context names one cluster; with --contexts or --all-contexts leave it out.' };
  if (options.wait !== undefined)
    return { ok: false, message: '--wait works on one cluster; leave it out with --contexts or --all-contexts.' };
  if (options.allContexts) {
    return known.length ? { ok: true, value: [...known] } : { ok: false, message: `--all-contexts: ${source} has no contexts.` };
  }
  const asked = [
    ...new Set(
      (options.contexts ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  if (!asked.length) return { ok: false, message: '--contexts needs at least one context name, e.g. --contexts prod,staging.' };
  const unknown = asked.filter((c) => !known.includes(c));
  if (unknown.length) {
    return {
      ok: false,
      message: `--contexts: ${unknown.map((c) => quoteInput(c)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in ${source}. Known contexts: ${known.map((k) => quoteInput(k)).join(', ') || 'none'}.`,
    };
  }
  return { ok: true, value: asked };
}

/**
 * `doctor --contexts a,b,c` / `--all-contexts`: every context's doctor at once (at most
 * FLEET_CONCURRENCY), each with its own client and request deadline, then one table (or one JSON
 * document). Exit code: the worst of the contexts'.
 */
export async function runFleetDoctor(options: DoctorOptions, request: KubeRequest, env: FleetEnv): Promise<number> {
  const err = (t: string) => void env.stderr.write(t);
  let known: string[];
  let source: string;
  try {
    if (env.contextNames) {
      known = env.contextNames(options.kubeconfig);
      source = options.kubeconfig ?? 'the kubeconfig';
    } else {
      ({ names: known, source } = kubeConfigContextNames({ kubeconfig: options.kubeconfig }));
    }
  } catch (e) {
    err(problemText(problemOf(e)));
    return ExitCode.usage;
  }
  const contexts = fleetContexts(options, known, source);
  if (!contexts.ok) {
    err(`probuilder-setup: ${contexts.message}\n`);
    return ExitCode.usage;
  }

  const services = env.services ?? (await loadMachineServices());
  const checks = env.checks ?? ALL_CHECKS;
  const now = services.now();
  const runOne = async (context: string): Promise<ContextRun> => {
    const kube = services.makeKube({ kubeconfig: options.kubeconfig, context, timeoutMs: request.timeoutMs });
    const ctx = prefetchCommonReads(
      createDoctorContext({ kube, helm: services.helm, namespace: options.namespace, release: options.release, now }),
    );
    const outcomes = await runChecks(checks, ctx);
    // Both already read (and memoized) by the checks; a failed read leaves the cells empty.
    const release = await ctx.release().catch(() => undefined);
    const generation = await ctx.chartGeneration().catch(() => undefined);
    return {
      meta: { cluster: { context, server: kube.target.server }, namespace: options.namespace, release: options.release },
      clusterName: kube.target.clusterName,
      outcomes,
      chartVersion: release?.chartVersion,
      generation,
    };
  };
  if (options.debug) err(`debug: checking ${contexts.value.length} contexts, at most ${FLEET_CONCURRENCY} at once\n`);
  const rows = await runFleet(contexts.value, runOne, { concurrency: FLEET_CONCURRENCY });
  env.stdout.write(options.output === 'json' ? toFleetJson(rows) : toFleetTable(rows));
  return fleetExitCode(rows);
}
