import type { TestBuildOptions } from '../../src/cli/args.js';
import { kubeRequestFrom } from '../../src/cli/kubeRequest.js';
import { ExitCode } from '../../src/platform/exitCodes.js';
import { prepareTestBuild } from '../../src/features/testbuild/prepare.js';
import { invalidTestBuildFlags } from '../../src/features/testbuild/validate.js';
import { realBuilderTestDeps, runBuilderTest, type BuilderTestDeps, type BuilderTestReport } from '../../src/shared/builder/testBuild.js';
import { runJsonTestBuild, runPlainTestBuild } from './plainTestBuild.js';
import { isExplained, problemOf } from '../../src/platform/errors.js';
import { problemText } from '../../src/shared/problem/problemLines.js';
import { isTerminal, processEnv, sigintSubscription, type CommandEnv } from '../services/commandEnv.js';
import { loadMachineServices } from '../services/machineServices.js';
import type { RunTestBuild } from './runTestBuild.js';

export interface TestBuildCommandEnv extends CommandEnv {
  /** The port-forward, HTTP client and clock of a test build; the real ones by default. */
  builderDeps?: BuilderTestDeps;
  now?: () => Date;
}

function jsonProblem(status: 'failed', cause: string, message: string, fix: string): string {
  return `${JSON.stringify({ status, image: null, digest: null, duration: 0, log: [], cause, message, fix }, null, 2)}\n`;
}

/**
 * `probuilder-setup test-build`: checks the flags, reads from the cluster only what the flags
 * leave out, then builds and pushes through the pro-builder with the log streaming. Exit codes:
 * 0 pushed, 1 not pushed (the cause and fix are printed), 2 usage, 130 cancelled.
 */
export async function runTestBuildCommand(options: TestBuildOptions, env: TestBuildCommandEnv = processEnv()): Promise<number> {
  if (!options.color) process.env['FORCE_COLOR'] = '0';
  const err = (t: string) => void env.stderr.write(t);
  const out = (t: string) => void env.stdout.write(t);
  const json = options.output === 'json';

  const plain = !json && (options.output === 'plain' || !isTerminal(env));
  const request = kubeRequestFrom(options);
  const { problems, timeoutMs } = await invalidTestBuildFlags(options);
  if (!request.ok) problems.push(request.message);
  for (const p of problems) err(`probuilder-setup: ${p}\n`);
  if (problems.length || !request.ok) return ExitCode.usage;

  let prepared: Awaited<ReturnType<typeof prepareTestBuild>>;
  try {
    prepared = await prepareTestBuild(options, timeoutMs, {
      kube: async () => {
        const services = env.services ?? (await loadMachineServices());
        return services.makeKube({ kubeconfig: options.kubeconfig, context: options.context, timeoutMs: request.value.timeoutMs });
      },
      now: env.now ?? (() => new Date()),
    });
  } catch (e) {
    if (!isExplained(e)) throw e;
    // KubeConfigFlagError (a --kubeconfig or --context that cannot be used), told by its flag: importing
    // the class would load the Kubernetes client even for --builder-url runs that never need it.
    const usage = ['--kubeconfig', '--context'].includes(String((e as { flag?: unknown }).flag));
    if (json && !usage) out(jsonProblem('failed', 'cluster-unreachable', e.message, e.nextStep));
    else err(problemText(problemOf(e), { debug: options.debug }));
    return usage ? ExitCode.usage : ExitCode.failure;
  }
  if (prepared.kind !== 'ready') {
    if (json && prepared.kind === 'failed') out(jsonProblem('failed', 'not-installed', prepared.message, prepared.nextStep));
    else err(problemText(prepared));
    return prepared.kind === 'usage' ? ExitCode.usage : ExitCode.failure;
  }

  const deps = env.builderDeps ?? realBuilderTestDeps;
  const ready = prepared;
  const run: RunTestBuild = (hooks): Promise<BuilderTestReport> => runBuilderTest({ ...ready.request, ...hooks }, deps);
  const io = { out, err, onInterrupt: env.onInterrupt ?? sigintSubscription };
  if (json) return runJsonTestBuild(run, io);
  if (plain) return runPlainTestBuild(ready.request.image, ready.contextLabel, run, io);
  const { renderTestBuildApp } = await import('./TestBuildApp.js');
  return renderTestBuildApp({ image: ready.request.image, contextLabel: ready.contextLabel, run }, env);
}
