import { Box, Text } from 'ink';
import { useEffect, useEffectEvent, useMemo, useState, type ReactNode } from 'react';
import type { InstallOptions } from '../../src/cli/args.js';
import type { ApplyResult } from '../../src/features/install/apply.js';
import type { FlagResolution } from '../../src/features/install/flags.js';
import type { InstallPlan } from '../../src/features/install/plan.js';
import type { RolloutOutcome } from '../../src/shared/rollout/rollout.js';
import { useServices } from '../services/ServicesContext.js';
import { equivalentCommandLine } from '../../src/features/install/commandLine.js';
import { useChartDefaults } from './useChartDefaults.js';
import { StepHeader } from '../widgets/StepHeader.js';
import type { ClusterFacts } from './clusterCheck.js';
import { ApplyStep } from './steps/ApplyStep.js';
import { BuildkitStep } from './steps/BuildkitStep.js';
import { ClusterStep } from './steps/ClusterStep.js';
import { DoneStep } from './steps/DoneStep.js';
import { LicenseStep } from './steps/LicenseStep.js';
import { RegistryStep, type RegistryPrefill } from './steps/RegistryStep.js';
import { ReviewStep } from './steps/ReviewStep.js';
import { RolloutStep } from './steps/RolloutStep.js';
import { SigningStep } from './steps/SigningStep.js';
import { TestBuildOffer } from './steps/TestBuildOffer.js';
import { useKubeClient } from './useKubeClient.js';
import { useWizard } from './useWizard.js';
import { useCtrlC } from '../hooks/useCtrlC.js';
import { completeAnswers, previousQuestion, stepPosition, STEP_TITLES, type QuestionStep } from './wizardReducer.js';
import { ExitCode } from '../../src/platform/exitCodes.js';

export interface InstallWizardProps {
  options: InstallOptions;
  flags: FlagResolution;
  /** Called once with the exit code, after the last frame is drawn. */
  onExit(code: number): void;
  /**
   * Text to print whole once the screen is gone (the equivalent command line; the doctor's fix
   * commands and paths the screen had to cut): wrapped by the terminal inside the screen, they could
   * not be copied cleanly. A later call for the same section replaces the earlier one.
   */
  onPasteable?(text: string, section?: 'command-line' | 'fixes' | 'done'): void;
}

function registryPrefill(o: InstallOptions): RegistryPrefill {
  const kind = o.dockerConfig ? 'docker-config' : o.registry;
  return {
    kind,
    server: o.registryServer,
    username: o.registryUsername,
    dockerConfig: o.dockerConfig,
    accountId: o.awsAccountId,
    region: o.awsRegion,
    roleArn: o.awsRoleArn,
    policyFile: o.iamPolicyFile,
    clusterName: o.eksClusterName,
  };
}

/**
 * The install, one question per screen: cluster → license → registry → signing → BuildKit →
 * review → apply → rollout → done. Questions answered by flags are skipped; Esc goes back one
 * question; nothing changes before "y" on the review. Ctrl+C stops at once before the apply, and
 * after the current step during it.
 */
export function InstallWizard({ options, flags, onExit, onPasteable }: InstallWizardProps) {
  const services = useServices();
  const { state, dispatch } = useWizard(options, flags);
  const [facts, setFacts] = useState<ClusterFacts | undefined>();
  const [stopRequested, setStopRequested] = useState(false);
  const abort = useMemo(() => new AbortController(), []);
  const kubeOrError = useKubeClient(services, options);
  const kube = kubeOrError && 'kube' in kubeOrError ? kubeOrError.kube : undefined;

  const a = state.answers;
  const commandLineOptions = {
    kubeconfig: options.kubeconfig,
    context: options.context,
    registryPasswordFile: options.registryPasswordFile,
    awsCredentialsFile: options.awsCredentialsFile,
    cwd: process.cwd(),
  };
  const chartDefaults = useChartDefaults(a.chart, a.chartVersion);
  const namespace = a.namespace ?? options.namespace;
  const quit = (code: number, message?: string) => dispatch({ type: 'exit', code, message });
  const back = (step: QuestionStep) => (previousQuestion(state, step) ? () => dispatch({ type: 'back' }) : undefined);

  // After a real install (not --yes: scripts get no question), the Done screen offers a test build.
  const offerTestBuild = Boolean(services.prepareTestBuild) && !options.yes && !options.dryRun;
  useCtrlC(
    () => {
      if (state.step === 'apply') {
        setStopRequested(true);
      } else if (state.step === 'rollout') {
        abort.abort();
        quit(
          ExitCode.cancelled,
          `Stopped watching the rollout. The install was applied; check it with: probuilder-setup doctor -n ${namespace}`,
        );
      } else if (state.step === 'done') {
        quit(0);
      } else {
        quit(ExitCode.cancelled, 'Cancelled. Nothing was changed.');
      }
    },
    !state.exit && !(state.step === 'done' && offerTestBuild),
  );

  const exit = useEffectEvent(onExit);
  useEffect(() => {
    if (state.exit) exit(state.exit.code);
  }, [state.exit]);

  const finishDryRun = async (plan: InstallPlan) => {
    if (!options.writeManifests) return quit(0, 'Dry run: nothing was changed.');
    try {
      // Only dry runs with --write-manifests need the YAML writer: loaded here, not at start-up.
      const { writeManifests } = await import('./writeManifests.js');
      const written = await writeManifests(plan, options.writeManifests);
      quit(0, `Dry run: nothing was changed. Wrote ${written.length} files (secrets redacted) to ${options.writeManifests}.`);
    } catch (e) {
      quit(1, `Could not write the manifests: ${(e as Error).message}`);
    }
  };

  const onApplied = (result: ApplyResult, stopped: boolean) => {
    if (stopped) {
      const done = result.steps.filter((s) => s.status === 'done').length;
      quit(
        ExitCode.cancelled,
        `Stopped after ${done} completed step${done === 1 ? '' : 's'}. Re-run the same command to finish: every step is safe to repeat.`,
      );
    } else if (!result.ok) {
      quit(1, 'The install stopped at the failed step above. Fix the cause and re-run: completed steps are kept.');
    } else if (stopRequested) {
      quit(ExitCode.cancelled, 'Stopped: every step was applied, but the rollout was not watched. Check it with: probuilder-setup doctor');
    } else {
      dispatch({ type: 'applied', result });
    }
  };

  const onRolledOut = (outcome: RolloutOutcome) => {
    if (abort.signal.aborted) return;
    if (outcome.ok) dispatch({ type: 'rolledOut', outcome });
    else {
      const why = services.runDoctor ? 'See the findings above.' : `Find out why with: probuilder-setup doctor -n ${namespace}`;
      quit(
        1,
        outcome.stuck
          ? `The install was applied but the pro-builder cannot start until the cause above is fixed. ${why}`
          : outcome.timedOut
            ? `The install was applied but the pro-builder is not available yet. ${why}`
            : `The rollout could not be watched. ${why}`,
      );
    }
  };

  let screen: ReactNode;
  switch (state.step) {
    case 'cluster':
      screen = (
        <ClusterStep
          kube={kube}
          kubeError={kubeOrError && 'error' in kubeOrError ? kubeOrError.error : undefined}
          namespace={namespace}
          release={a.release}
          serviceAccount={options.registry === 'ecr-irsa' || options.registry === 'ecr-pod-identity'}
          onQuit={quit}
          onConfirm={(ns, f) => {
            setFacts(f);
            const skip: QuestionStep[] = [];
            if (f.license) skip.push('license');
            if (!f.payload) skip.push('signing');
            dispatch({ type: 'answer', step: 'cluster', patch: { namespace: ns }, skip });
          }}
        />
      );
      break;
    case 'license':
      screen = (
        <LicenseStep
          found={a.licensePath && a.license ? { path: a.licensePath, bytes: a.license.length } : undefined}
          onBack={back('license')}
          onAnswer={(l) => dispatch({ type: 'answer', step: 'license', patch: l })}
        />
      );
      break;
    case 'registry':
      screen = (
        <RegistryStep
          prefill={registryPrefill(options)}
          current={facts?.registry}
          namespace={namespace}
          onBack={back('registry')}
          onAnswer={(registry) => dispatch({ type: 'answer', step: 'registry', patch: { registry } })}
        />
      );
      break;
    case 'signing':
      screen = facts?.payload ? (
        <SigningStep
          existing={facts.payload}
          rotate={a.rotateSigningSecret}
          onBack={back('signing')}
          onAnswer={(rotateSigningSecret) => dispatch({ type: 'answer', step: 'signing', patch: { rotateSigningSecret } })}
        />
      ) : null;
      break;
    case 'buildkit':
      screen = (
        <BuildkitStep
          initial={a}
          chartDefaults={chartDefaults}
          current={facts?.release?.buildkitMode}
          onBack={back('buildkit')}
          onAnswer={(b) => dispatch({ type: 'answer', step: 'buildkit', patch: b })}
        />
      );
      break;
    case 'review': {
      const answers = completeAnswers(a);
      if (answers) onPasteable?.(`The same install without questions:\n${equivalentCommandLine(answers, commandLineOptions)}\n`);
      screen =
        answers && kube ? (
          <ReviewStep
            answers={answers}
            kube={kube}
            commandLine={commandLineOptions}
            onBack={() => dispatch({ type: 'back' })}
            onQuit={quit}
            onConfirm={(plan) => dispatch({ type: 'confirm', plan })}
            dryRun={options.dryRun}
            onDryRunDone={(plan) => void finishDryRun(plan)}
          />
        ) : (
          <Text color="red">Internal: an answer is missing ({Object.keys(a).join(', ')}).</Text>
        );
      break;
    }
    case 'apply':
      screen = state.plan && kube ? <ApplyStep plan={state.plan} kube={kube} stopRequested={stopRequested} onFinished={onApplied} /> : null;
      break;
    case 'rollout':
      screen =
        state.plan && kube ? (
          <RolloutStep
            plan={state.plan}
            kube={kube}
            timeoutMs={a.timeoutMs ?? 300_000}
            signal={abort.signal}
            kubeconfig={options.kubeconfig}
            context={options.context}
            onFinished={onRolledOut}
            onPasteable={(text) => onPasteable?.(text, 'fixes')}
          />
        ) : null;
      break;
    case 'done':
      screen = state.plan ? (
        <Box flexDirection="column">
          <DoneStep
            plan={state.plan}
            rollout={state.rollout}
            backups={state.applyResult?.backups}
            onShown={() => !offerTestBuild && quit(0)}
            onPasteable={(text) => onPasteable?.(text, 'done')}
          />
          {offerTestBuild && kube ? (
            <TestBuildOffer
              prepare={() => services.prepareTestBuild!({ kube, helm: services.helm, namespace, release: options.release })}
              onExit={(code) => quit(code)}
            />
          ) : null}
        </Box>
      ) : null;
      break;
  }

  const { number, total } = stepPosition(state);
  return (
    <Box flexDirection="column">
      <StepHeader number={number} total={total} title={STEP_TITLES[state.step]} />
      {screen}
      {state.exit?.message ? (
        <Box marginTop={1}>
          <Text color={state.exit.code === 0 ? 'green' : state.exit.code === ExitCode.cancelled ? 'yellow' : 'red'}>
            {state.exit.message}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
