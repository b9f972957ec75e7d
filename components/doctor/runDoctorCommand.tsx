import type { DoctorOptions } from '../../src/cli/args.js';
import { problemOf } from '../../src/platform/errors.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { debugStacks } from '../../src/shared/problem/debugStacks.js';
import { problemText } from '../../src/shared/problem/problemLines.js';
import { kubeRequestFrom } from '../../src/cli/kubeRequest.js';
import { ALL_CHECKS } from '../../src/features/doctor/checks/index.js';
import { createDoctorContext, prefetchCommonReads } from '../../src/features/doctor/context.js';
import { toJson, toPlainText, toShortText, type ReportMeta } from '../../src/features/doctor/format.js';
import type { Check } from '../../src/features/doctor/types.js';
import type { Kube } from '../../src/platform/kube/client.js';
import { KubeConfigFlagError } from '../../src/platform/kube/config.js';
import { parseDuration, validateNamespace, validateReleaseName } from '../../src/platform/validate/index.js';
import { loadMachineServices, type MachineServices } from '../services/machineServices.js';
import { doctorErrorJson, progressLine } from './commandText.js';
import { runDoctorSession, type SessionHooks, type WaitSettings } from './doctorSession.js';
import { runFleetDoctor, wantsFleet } from './runFleetDoctor.js';
import { bundleFlagProblems } from './bundleFlagProblems.js';

/** What the doctor needs from the machine; tests pass fakes or the real client on the test bed. */
export type DoctorServices = MachineServices;

export interface DoctorCommandEnv {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  services?: DoctorServices;
  /** Pause between --wait attempts (default 5s) and the clock; injectable so tests need no real time. */
  wait?: Partial<Omit<WaitSettings, 'timeoutMs'>>;
  checks?: readonly Check[];
}

const DEFAULT_WAIT_INTERVAL_MS = 5_000;

function processDoctorEnv(): DoctorCommandEnv {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** The test build as the doctor's last check; loaded only with --build. */
async function buildCheck(options: DoctorOptions): Promise<Check> {
  const { buildEndToEnd } = await import('../../src/features/doctor/checks/build.js');
  return buildEndToEnd({ kubeconfig: { kubeconfig: options.kubeconfig, context: options.context }, timeoutMs: BUILD_CHECK_TIMEOUT_MS });
}

const BUILD_CHECK_TIMEOUT_MS = 5 * 60_000;

/** Flag values the doctor passes to the API and to helm, each problem naming its flag. */
function flagProblems(options: DoctorOptions): string[] {
  const problems: string[] = [];
  const ns = validateNamespace(options.namespace);
  if (!ns.ok) problems.push(`--namespace: ${ns.message}`);
  const release = validateReleaseName(options.release);
  if (!release.ok) problems.push(`--release: ${release.message}`);
  const request = kubeRequestFrom(options);
  if (!request.ok) problems.push(request.message);
  if (options.wait !== undefined) {
    const wait = parseDuration(options.wait);
    if (!wait.ok) problems.push(`--wait: ${wait.message}`);
  }
  problems.push(...bundleFlagProblems(options));
  return problems;
}

/**
 * `probuilder-setup doctor`. Exit codes are the same in every format: 0 all passed, 3 a check
 * failed, 4 warnings only (or a check could not run for lack of permission), 2 bad flags (including
 * a --kubeconfig or --context that cannot be used), 1 the doctor itself could not start (e.g. a
 * kubeconfig without a current context).
 *
 * --output json writes exactly one JSON document to stdout — the report, or `{ "error": … }` when the
 * doctor could not start — and writes to stderr only with --debug. Usage errors (exit 2) are
 * reported on stderr in every format, as for every other command.
 */
export async function runDoctorCommand(options: DoctorOptions, env: DoctorCommandEnv = processDoctorEnv()): Promise<number> {
  // Colour support is decided when chalk is first imported, so this must come before Ink loads.
  if (!options.color) process.env['FORCE_COLOR'] = '0';
  const out = (t: string) => void env.stdout.write(t);
  const err = (t: string) => void env.stderr.write(t);
  const format = options.output ?? 'tui';
  // While the live screen draws on the terminal, --debug lines wait until it is done.
  const held: string[] = [];
  let holdDebug = false;
  const debug = (t: string) => {
    if (!options.debug) return;
    if (holdDebug) held.push(`debug: ${t}\n`);
    else err(`debug: ${t}\n`);
  };

  const problems = flagProblems(options);
  const request = kubeRequestFrom(options);
  const waitFor = options.wait === undefined ? undefined : parseDuration(options.wait);
  if (problems.length || !request.ok || (waitFor && !waitFor.ok)) {
    for (const p of problems) err(`probuilder-setup: ${p}\n`);
    return ExitCode.usage;
  }
  const waitMs = waitFor?.value;
  if (options.fix) {
    const { runDoctorFix } = await import('./runDoctorFix.js');
    return runDoctorFix(options, env);
  }
  if (wantsFleet(options)) return runFleetDoctor(options, request.value, env);

  let kube: Kube;
  let services: DoctorServices;
  try {
    services = env.services ?? (await loadMachineServices());
    kube = services.makeKube({ kubeconfig: options.kubeconfig, context: options.context, timeoutMs: request.value.timeoutMs });
  } catch (e) {
    // A --kubeconfig or --context that cannot be used is a problem with the flags (exit 2, stderr,
    // like every usage error); a kubeconfig that cannot be used is the doctor failing to start.
    if (e instanceof KubeConfigFlagError) {
      err(problemText(problemOf(e), { debug: options.debug }));
      return ExitCode.usage;
    }
    if (format === 'json') {
      out(doctorErrorJson(e, options));
      if (options.debug) for (const stack of debugStacks(e)) err(`${stack}\n`);
    } else {
      err(problemText(problemOf(e), { debug: options.debug }));
    }
    return ExitCode.failure;
  }

  const checks = env.checks ?? ALL_CHECKS;
  // --build --wait: the test build waits for a healthy install and then runs once, not every attempt.
  const afterWait = options.build ? [await buildCheck(options)] : [];
  const meta: ReportMeta = {
    cluster: { context: kube.target.contextName, server: kube.target.server },
    namespace: options.namespace,
    release: options.release,
  };
  const makeContext = () =>
    prefetchCommonReads(
      createDoctorContext({
        kube,
        helm: services.helm,
        namespace: options.namespace,
        release: options.release,
        now: services.now(),
      }),
    );
  const wait: WaitSettings | undefined =
    waitMs === undefined
      ? undefined
      : {
          timeoutMs: waitMs,
          intervalMs: env.wait?.intervalMs ?? DEFAULT_WAIT_INTERVAL_MS,
          now: env.wait?.now ?? (() => Date.now()),
          sleep: env.wait?.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
        };
  debug(`context ${meta.cluster.context} at ${meta.cluster.server}, namespace ${meta.namespace}, release ${meta.release}`);
  if (options.bundle !== undefined) {
    // Loaded only for --bundle: the collector brings yaml and zlib.
    const { runBundleDoctor } = await import('./runBundleDoctor.js');
    return runBundleDoctor({
      options,
      checks,
      meta,
      makeContext,
      helm: services.helm,
      now: services.now(),
      stdout: env.stdout,
      stderr: env.stderr,
    });
  }
  const session = (hooks: SessionHooks) =>
    runDoctorSession({
      checks,
      afterWait,
      makeContext,
      wait,
      onAttemptStarted: hooks.onAttemptStarted,
      onAttemptFinished: hooks.onAttemptFinished,
      onUpdate: (id, s) => {
        if (s.state === 'done') for (const o of s.outcomes) debug(`${o.id}: ${o.status} in ${o.durationMs}ms`);
        hooks.onUpdate?.(id, s);
      },
    });

  if (format === 'tui' && env.stdout.isTTY) {
    const { renderDoctorApp } = await import('./renderDoctorApp.js');
    holdDebug = true;
    const code = await renderDoctorApp({ checks: [...checks, ...afterWait], meta, waitFor: options.wait, run: session }, env);
    for (const line of held) err(line);
    return code;
  }

  // Between --wait attempts, say what is still wrong; json keeps stderr quiet unless --debug.
  const onAttemptFinished =
    wait && (format !== 'json' || options.debug)
      ? (attempt: number, outcomes: Parameters<typeof progressLine>[1]) => err(progressLine(attempt, outcomes))
      : undefined;
  const result = await session({ onAttemptFinished });
  if (wait) debug(`--wait ended: ${result.waitReason} after ${result.attempts} attempts`);
  switch (format) {
    case 'json':
      out(toJson(result.outcomes, meta));
      break;
    case 'short':
      out(toShortText(result.outcomes));
      break;
    default:
      out(
        toPlainText(result.outcomes, {
          color: options.color && process.env['FORCE_COLOR'] !== undefined && process.env['FORCE_COLOR'] !== '0',
        }),
      );
  }
  return result.exitCode;
}
