import { Box, Text } from 'ink';
import { useEffect, useEffectEvent } from 'react';
import type { ApplyResult } from '../../../src/features/install/apply.js';
import type { InstallPlan } from '../../../src/features/install/plan.js';
import { cleanLine } from '../../../src/shared/text/cleanLine.js';
import type { Kube } from '../../../src/platform/kube/client.js';
import { ErrorMessage } from '../../widgets/ErrorMessage.js';
import { StatusLine } from '../../widgets/StatusLine.js';
import { useApplyRun } from '../useApplyRun.js';

export interface ApplyStepProps {
  plan: InstallPlan;
  kube: Kube;
  /** Ctrl+C was pressed: finish the step in progress, start no other. */
  stopRequested: boolean;
  onFinished(result: ApplyResult, stopped: boolean): void;
}

/** Carries out the reviewed plan: each step with a spinner, then ✓ / × / –, and helm's output live. */
export function ApplyStep({ plan, kube, stopRequested, onFinished }: ApplyStepProps) {
  const run = useApplyRun(plan, kube, stopRequested);
  const finish = useEffectEvent((result: ApplyResult) => onFinished(result, run.stopped));
  // onFinished is called once, when the result arrives.
  useEffect(() => {
    if (run.result) finish(run.result);
  }, [run.result]);

  const helmRunning = run.steps.some((s) => s.status === 'running' && s.id.startsWith('helm/'));
  const error = run.result && !run.result.ok && !run.stopped ? run.result.error : undefined;
  return (
    <Box flexDirection="column">
      {run.steps.map((s) => (
        <StatusLine key={s.id} status={s.status} text={s.title} detail={s.detail ? cleanLine(s.detail) : undefined} />
      ))}
      {run.helmLines.length > 0 && (helmRunning || error) ? (
        <Box flexDirection="column" marginLeft={4}>
          {run.helmLines.map((l, i) => (
            <Text key={i} dimColor>
              {cleanLine(l)}
            </Text>
          ))}
        </Box>
      ) : null}
      {stopRequested && !run.result ? <Text color="yellow">Stopping after the current step…</Text> : null}
      {error ? (
        <Box marginTop={1} flexDirection="column">
          <ErrorMessage message={error.message} nextStep={error.nextStep} />
          {error.helmOutput ? <Text dimColor>{cleanLine(error.helmOutput.split('\n').slice(-8).join('\n'))}</Text> : null}
        </Box>
      ) : null}
    </Box>
  );
}
