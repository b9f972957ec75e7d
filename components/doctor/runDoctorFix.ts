import { createInterface } from 'node:readline/promises';
import type { DoctorOptions } from '../../src/cli/args.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { KubeConfigFlagError } from '../../src/platform/kube/config.js';
import { validateRoleArn } from '../../src/platform/validate/aws.js';
import { validateChartRepoUrl } from '../../src/platform/validate/chartReference.js';
import { validateOutputPath } from '../../src/platform/validate/index.js';
import { parseChartVersion } from '../../src/shared/chart/version.js';
import { stepLine } from '../../src/shared/steps/stepEvent.js';
import { ALL_CHECKS } from '../../src/features/doctor/checks/index.js';
import { createDoctorContext, prefetchCommonReads } from '../../src/features/doctor/context.js';
import { toPlainText, toShortText, type ReportMeta } from '../../src/features/doctor/format.js';
import { exitCodeFor, runChecks } from '../../src/features/doctor/runner.js';
import { applyFixes, type ApplyFixDeps, type FixApplyResult } from '../../src/features/doctor/fix/apply.js';
import { readFixFacts } from '../../src/features/doctor/fix/facts.js';
import { affectedChecks, planFixes } from '../../src/features/doctor/fix/plan.js';
import { formatFixPlan, formatTransitions, toFixJson, transitions } from '../../src/features/doctor/fix/report.js';
import type { PlannedFix } from '../../src/features/doctor/fix/types.js';
import type { Check } from '../../src/features/doctor/types.js';
import { checkTargetFlags, connectForChange, isTerminal, type CommandServices } from '../services/commandEnv.js';
import { loadMachineServices } from '../services/machineServices.js';
import { isExplained, problemOf } from '../../src/platform/errors.js';
import { problemText } from '../../src/shared/problem/problemLines.js';

export interface DoctorFixEnv {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  services?: CommandServices;
  checks?: readonly Check[];
  /** Answers instead of a terminal prompt (tests of the interactive path). */
  ask?: (question: string) => Promise<boolean>;
  fix?: Pick<ApplyFixDeps, 'makeSigningSecret' | 'rolloutTimeoutMs'>;
}

/** Flags --fix alone takes, each problem naming its flag. */
export function fixFlagProblems(o: DoctorOptions): string[] {
  const problems: string[] = [];
  if (o.contexts !== undefined || o.allContexts)
    problems.push('--fix works on one cluster: leave out --contexts / --all-contexts (or run it per --context).');
  if (o.wait !== undefined) problems.push('--fix re-checks by itself: leave out --wait.');
  if (o.build) problems.push('--fix and --build cannot be combined: run the test build after the fix.');
  const out = validateOutputPath(o.outputDir ?? '.', 'the output folder');
  if (!out.ok) problems.push(`--output-dir: ${out.message}`);
  const values = validateOutputPath(o.valuesFile ?? 'custom-values.yaml', 'the values file');
  if (!values.ok) problems.push(`--values-file: ${values.message}`);
  if (o.awsRoleArn !== undefined) {
    const arn = validateRoleArn(o.awsRoleArn);
    if (!arn.ok) problems.push(`--aws-role-arn: ${arn.message}`);
  }
  if (o.chartRepo !== undefined) {
    const repo = validateChartRepoUrl(o.chartRepo);
    if (!repo.ok) problems.push(`--chart-repo: ${repo.message}`);
  }
  if (o.chartVersion !== undefined) {
    try {
      parseChartVersion(o.chartVersion);
    } catch (e) {
      problems.push(`--chart-version: ${(e as Error).message}`);
    }
  }
  return problems;
}

class Cancelled extends Error {}

/** A y/N question on the terminal (stderr, so stdout stays the report); Ctrl+C cancels the whole fix. */
async function terminalQuestion(env: DoctorFixEnv, question: string): Promise<boolean> {
  const rl = createInterface({ input: env.stdin, output: env.stderr, terminal: true });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: abort.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch (e) {
    if (abort.signal.aborted) throw new Cancelled();
    throw e;
  } finally {
    rl.close();
  }
}

/**
 * `doctor --fix`: the doctor's checks, a plan of the safe remedies for what fails, a confirmation
 * (a terminal prompt, or --yes; anything that replaces a secret this tool did not make or lowers
 * requests is asked separately), the apply through the install's own code, and the checks again.
 * Exit codes: those of the re-check (0, 3, 4); 2 for bad flags, or for a plan with nobody to
 * confirm it (no terminal and no --yes); 1 when the doctor cannot start.
 */
export async function runDoctorFix(options: DoctorOptions, env: DoctorFixEnv): Promise<number> {
  const out = (t: string) => void env.stdout.write(t);
  const err = (t: string) => void env.stderr.write(t);
  const json = options.output === 'json';
  // Progress goes to stdout in text formats; JSON keeps stdout for the one document.
  const say = json ? () => undefined : out;
  const color = options.color && process.env['FORCE_COLOR'] !== '0';

  const outputDir = options.outputDir ?? '.';
  const valuesFile = options.valuesFile ?? 'custom-values.yaml';
  const problems = fixFlagProblems(options);
  const request = checkTargetFlags({ ...options, outputDir }, err);
  for (const p of problems) err(`probuilder-setup: ${p}\n`);
  if (!request || problems.length) return ExitCode.usage;

  let services: CommandServices;
  try {
    services = env.services ?? (await loadMachineServices());
    const kube = await connectForChange(services, { ...options, outputDir }, request, 'fix problems in', err);
    if (!kube) return ExitCode.usage;
    const checks = env.checks ?? ALL_CHECKS;
    const meta: ReportMeta = {
      cluster: { context: kube.target.contextName, server: kube.target.server },
      namespace: options.namespace,
      release: options.release,
    };
    const context = () =>
      prefetchCommonReads(
        createDoctorContext({ kube, helm: services.helm, namespace: options.namespace, release: options.release, now: services.now() }),
      );

    const ctx = context();
    const before = await runChecks(checks, ctx);
    say(toPlainText(before, { color }));
    const facts = await readFixFacts(ctx, before, {
      outputDir,
      valuesFile,
      dockerConfig: options.dockerConfig,
      roleArn: options.awsRoleArn,
    });
    const plan = planFixes(before, facts);
    say(`\n${formatFixPlan(plan)}`);

    const finish = (after: typeof before, r: { declined: PlannedFix[]; declineReason: string; applied?: FixApplyResult }) => {
      const affected = affectedChecks(r.applied?.applied ?? []);
      if (json) out(`${JSON.stringify(toFixJson(before, after, meta, { ...r, unfixable: plan.unfixable, affected }), null, 2)}\n`);
      return exitCodeFor(after);
    };

    if (!plan.fixes.length) return finish(before, { declined: [], declineReason: '' });
    if (options.dryRun) {
      say('\nDry run: nothing was changed.\n');
      return finish(before, { declined: plan.fixes, declineReason: 'dry run' });
    }

    let accepted: PlannedFix[];
    let declined: PlannedFix[] = [];
    if (options.yes) {
      accepted = plan.fixes;
    } else if (env.ask || isTerminal(env)) {
      const ask = env.ask ?? ((q: string) => terminalQuestion(env, q));
      try {
        const plain = plan.fixes.filter((f) => !f.needsConsent);
        const yesToPlain = plain.length
          ? await ask(
              `Apply ${plain.length === 1 ? 'this fix' : `these ${plain.length} fixes`}${plain.length < plan.fixes.length ? ' (the others are asked one by one)' : ''}?`,
            )
          : true;
        accepted = yesToPlain ? plain : [];
        declined = yesToPlain ? [] : plain;
        for (const f of plan.fixes.filter((x) => x.needsConsent)) {
          if (await ask(`${f.title}: this ${f.needsConsent}. Apply it?`)) accepted.push(f);
          else declined.push(f);
        }
        accepted = plan.fixes.filter((f) => accepted.includes(f));
      } catch (e) {
        if (!(e instanceof Cancelled)) throw e;
        err('\nCancelled: nothing was changed.\n');
        return ExitCode.cancelled;
      }
    } else {
      const review = json ? 'Run it without --output json to see the plan, and' : 'Review the plan above, and';
      err(
        `\nprobuilder-setup: nothing was changed: doctor --fix asks before it changes anything, and there is no terminal to ask in. ${review} pass --yes to apply it.\n`,
      );
      return ExitCode.usage;
    }
    if (!accepted.length) {
      say('\nNothing was changed.\n');
      return finish(before, { declined, declineReason: 'declined' });
    }

    say('\n');
    const applied = await applyFixes(accepted, facts, {
      kube,
      helm: services.helm,
      chart: { ref: 'openfaas/pro-builder', repo: options.chartRepo, version: options.chartVersion },
      now: () => services.now(),
      onStep: (e) => e.status !== 'running' && say(`${stepLine(e)}\n`),
      ...env.fix,
    });
    for (const f of applied.failed) err(problemText({ message: `${f.fix.title} did not finish: ${f.message}`, nextStep: f.nextStep }));

    const after = await runChecks(checks, context());
    const ts = transitions(before, after, affectedChecks(accepted));
    say(`\n${formatTransitions(ts)}\n${toShortText(after)}`);
    return finish(after, { declined, declineReason: 'declined', applied });
  } catch (e) {
    if (!isExplained(e)) throw e;
    err(problemText(problemOf(e), { debug: options.debug }));
    return e instanceof KubeConfigFlagError ? ExitCode.usage : ExitCode.failure;
  }
}
