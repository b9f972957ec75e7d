import { resolve } from 'node:path';
import type { InstallOptions } from '../../src/cli/args.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { kubeRequestFrom } from '../../src/cli/kubeRequest.js';
import { toShortText } from '../../src/features/doctor/format.js';
import { ActionableError, problemOf } from '../../src/platform/errors.js';
import { InstallInputError } from '../../src/features/install/answers.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import { doneSummary, formatMissingAnswers, formatPlan, progressLine, warningLine } from '../../src/features/install/report.js';
import { cleanLine } from '../../src/shared/text/cleanLine.js';
import { stepLine } from '../../src/shared/steps/stepEvent.js';
import type { Kube } from '../../src/platform/kube/client.js';
import { unconfirmedContextProblem } from '../../src/platform/kube/contextGuard.js';
import { KubeConfigFlagError } from '../../src/platform/kube/config.js';
import { assertUsableFolder, UnusablePathError } from '../../src/platform/files/safeRead.js';
import type { Services } from '../services/ServicesContext.js';
import { applyWithStop } from './applyWithStop.js';
import { checkCluster } from './clusterCheck.js';
import { writeManifests } from './writeManifests.js';
import { problemText } from '../../src/shared/problem/problemLines.js';

export interface PlainIo {
  out(text: string): void;
  err(text: string): void;
  /** Subscribes to Ctrl+C (SIGINT); returns the unsubscribe. */
  onInterrupt?(handler: () => void): () => void;
}

type Phase = 'prepare' | 'apply' | 'rollout' | 'finished';

class Interrupted extends Error {}

/**
 * The install without a terminal (or with --yes and every answer): prints the plan and each step
 * as it happens, never prompts and never touches raw mode. Exit codes: 0 done (or dry run), 1 the
 * install failed, 2 missing or invalid flags or no --yes, 130 interrupted.
 */
export async function runPlainInstall(options: InstallOptions, flags: FlagResolution, services: Services, io: PlainIo): Promise<number> {
  if (flags.invalid.length) {
    for (const sentence of flags.invalid) io.err(`probuilder-setup: ${sentence}\n`);
    if (flags.missing.length) io.err(formatMissingAnswers(flags.missing));
    return ExitCode.usage;
  }
  if (!flags.answers) {
    io.err(formatMissingAnswers(flags.missing));
    return ExitCode.usage;
  }
  const answers = flags.answers;

  let phase: Phase = 'prepare';
  let stopRequested = false;
  const abort = new AbortController();
  const stopApply = new AbortController();
  let interrupt: ((e: Interrupted) => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    interrupt = reject;
  });
  interrupted.catch(() => undefined);
  const off = io.onInterrupt?.(() => {
    if (phase === 'apply') {
      if (!stopRequested) io.err('\nStopping after the current step…\n');
      stopRequested = true;
      stopApply.abort();
    } else if (phase === 'rollout') {
      abort.abort();
    } else if (phase === 'prepare') {
      interrupt?.(new Interrupted());
    }
  });
  /** Before the apply nothing has changed, so Ctrl+C may abandon whatever is in flight. */
  const beforeApply = <T>(p: Promise<T>) => Promise.race([p, interrupted]);

  try {
    let kube: Kube;
    let plan: InstallPlan;
    try {
      const request = kubeRequestFrom(options);
      kube = await services.makeKube(request.ok ? request.value : { kubeconfig: options.kubeconfig, context: options.context });
      // --yes skips the screen that shows the cluster: with several contexts, one must be named.
      const unconfirmed = unconfirmedContextProblem(options, kube.target, 'install into');
      if (unconfirmed) {
        io.err(`probuilder-setup: ${unconfirmed}\n`);
        return ExitCode.usage;
      }
      const check = await beforeApply(
        checkCluster(kube, services.helm, answers.namespace, { serviceAccount: answers.registry.kind === 'ecr-irsa' }),
      );
      if (check.status !== 'ready') {
        const items = check.status === 'denied' ? check.denied : undefined;
        const cause = check.status === 'failed' ? check.cause : undefined;
        io.err(problemText({ message: check.message, items, nextStep: check.nextStep, cause }, { debug: options.debug }));
        return ExitCode.failure;
      }
      // --write-manifests at a file: refused with the other unusable paths (exit 2), before the plan.
      if (options.dryRun && options.writeManifests) await assertUsableFolder(resolve(options.writeManifests));
      plan = await beforeApply(services.prepare(answers, { kube, helm: services.helm, now: services.now }));
    } catch (e) {
      if (e instanceof Interrupted) {
        io.err('\nCancelled. Nothing was changed.\n');
        return ExitCode.cancelled;
      }
      // Errors raised on purpose say what to do next; anything else is a bug and goes to main's handler.
      if (!(e instanceof ActionableError)) throw e;
      io.err(problemText(problemOf(e), { debug: options.debug }));
      // A --kubeconfig or --context that cannot be used is a problem with the flags, like a bad answer.
      return e instanceof InstallInputError || e instanceof KubeConfigFlagError || e instanceof UnusablePathError
        ? ExitCode.usage
        : ExitCode.failure;
    }

    io.out(formatPlan(plan));
    if (options.dryRun) {
      if (options.writeManifests) {
        const written = await writeManifests(plan, options.writeManifests);
        io.out(`\nWrote ${written.length} files (secrets redacted to key names and sizes) to ${options.writeManifests}.\n`);
      }
      io.out('\nDry run: nothing was changed.\n');
      return ExitCode.ok;
    }
    if (!options.yes) {
      io.err('\nNothing was changed: pass --yes to apply this plan without a terminal.\n');
      return ExitCode.usage;
    }

    phase = 'apply';
    io.out('\n');
    const { result, stopped } = await applyWithStop(services, plan, kube, {
      signal: stopApply.signal,
      onStep: (e) => e.status !== 'running' && io.out(`${stepLine(e)}\n`),
      onHelmLine: (line) => io.out(`    ${cleanLine(line)}\n`),
    });
    if (stopped) {
      io.err('Stopped. Re-run the same command to finish: every step is safe to repeat.\n');
      return ExitCode.cancelled;
    }
    if (!result.ok) {
      io.err(
        problemText(
          { message: result.error?.message ?? 'The install failed.', nextStep: result.error?.nextStep, cause: result.error?.cause },
          { debug: options.debug },
        ),
      );
      return ExitCode.failure;
    }
    if (stopRequested) {
      io.err('Stopped: every step was applied; the rollout was not watched. Check it with: probuilder-setup doctor\n');
      return ExitCode.cancelled;
    }

    phase = 'rollout';
    io.out(`\nWaiting for the rollout (up to ${options.timeout})…\n`);
    const doctorRequest = {
      kube,
      helm: services.helm,
      namespace: plan.namespace,
      release: plan.release,
      kubeconfig: options.kubeconfig,
      context: options.context,
    };
    const runDoctor = services.runDoctor;
    // The findings that showed waiting cannot help: printed as they are, not read twice.
    let finalFindings: Awaited<ReturnType<NonNullable<typeof runDoctor>>> | undefined;
    const outcome = await services
      .waitForRollout(kube, plan.namespace, plan.release, {
        timeoutMs: answers.timeoutMs,
        signal: abort.signal,
        isStuck: runDoctor
          ? async () => {
              const findings = await runDoctor(doctorRequest).catch(() => []);
              if (!findings.some((f) => f.final && f.status === 'fail')) return false;
              finalFindings = findings;
              return true;
            }
          : undefined,
        onProgress: (p) => io.out(`  ${progressLine(p)}\n`),
        onWarning: (w) => io.out(`  ${warningLine(w)}\n`),
      })
      .catch((e: unknown) => {
        io.err(problemText(problemOf(e), { debug: options.debug }));
        return undefined;
      });
    phase = 'finished';
    if (abort.signal.aborted) {
      io.err(`Stopped watching the rollout. The install was applied; check it with: probuilder-setup doctor -n ${plan.namespace}\n`);
      return ExitCode.cancelled;
    }
    if (!outcome?.ok) {
      if (outcome?.timedOut) io.err(`\nThe pro-builder did not become available within ${options.timeout}.\n`);
      if (finalFindings) {
        io.err('\nThe pro-builder cannot start, and waiting longer would not help:\n');
        io.out(toShortText(finalFindings));
      } else if (services.runDoctor) {
        io.out("\nRunning the doctor's checks…\n");
        const findings = await services
          .runDoctor({ kube, helm: services.helm, namespace: plan.namespace, release: plan.release })
          .catch((e: unknown) => {
            io.err(`The doctor could not run: ${(e as Error).message}\n`);
            return undefined;
          });
        if (findings) io.out(toShortText(findings));
      } else {
        io.out(`Run: probuilder-setup doctor -n ${plan.namespace}\n`);
      }
      return ExitCode.failure;
    }
    io.out(`\n${doneSummary(plan, outcome, result.backups).join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    off?.();
  }
}
