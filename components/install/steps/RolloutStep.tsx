import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { useEffect, useEffectEvent } from 'react';
import { toShortText } from '../../../src/features/doctor/format.js';
import type { InstallPlan } from '../../../src/features/install/plan.js';
import { progressLine, warningLine } from '../../../src/features/install/report.js';
import type { RolloutOutcome } from '../../../src/shared/rollout/rollout.js';
import { formatDuration } from '../../../src/platform/validate/index.js';
import type { Kube } from '../../../src/platform/kube/client.js';
import { pasteableFixes } from '../../doctor/pasteableFixes.js';
import { WrappedText } from '../../widgets/WrappedText.js';
import { useRolloutWatch } from '../useRolloutWatch.js';
import { useTerminalColumns } from '../../widgets/useTerminalColumns.js';

export interface RolloutStepProps {
  plan: InstallPlan;
  kube: Kube;
  timeoutMs: number;
  /** Aborted by Ctrl+C: stop watching (the install itself is already applied). */
  signal: AbortSignal;
  kubeconfig?: string;
  context?: string;
  /** Called once: when the rollout completes, or after the doctor has explained why it did not. */
  onFinished(outcome: RolloutOutcome): void;
  /** The doctor's fix commands, when the screen had to wrap one: printed whole after the screen. */
  onPasteable?(text: string): void;
}

const MAX_WARNINGS = 8;

/** Watches the Deployment become available, showing warning events as they arrive. */
export function RolloutStep({ plan, kube, timeoutMs, signal, kubeconfig, context, onFinished, onPasteable }: RolloutStepProps) {
  const watch = useRolloutWatch(plan, kube, { timeoutMs, signal, kubeconfig, context });
  const columns = useTerminalColumns();
  const settled = watch.outcome !== undefined && (watch.outcome.ok || watch.doctor === undefined || watch.doctor.status !== 'running');
  const finish = useEffectEvent(() => {
    if (watch.doctor?.status === 'done') {
      const fixes = pasteableFixes(watch.doctor.outcomes, columns);
      if (fixes) onPasteable?.(fixes.trimStart());
    }
    if (watch.outcome) onFinished(watch.outcome);
  });
  // Called once, when the watch (and any doctor run) is over.
  useEffect(() => {
    if (settled) finish();
  }, [settled]);

  const waiting = !watch.outcome;
  const shown = watch.warnings.slice(-MAX_WARNINGS);
  return (
    <Box flexDirection="column">
      {waiting ? (
        <Spinner
          label={
            watch.progress
              ? progressLine(watch.progress)
              : `Waiting for ${plan.release} in ${plan.namespace} (up to ${formatDuration(timeoutMs)})…`
          }
        />
      ) : watch.outcome?.ok ? (
        <Text color="green">✓ {watch.progress ? progressLine(watch.progress) : 'rolled out'}</Text>
      ) : (
        <Text color="red">
          ×{' '}
          {watch.outcome?.stuck
            ? 'The pro-builder cannot start, and waiting longer would not help'
            : watch.outcome?.timedOut
              ? `The rollout did not finish within ${formatDuration(timeoutMs)}`
              : 'Stopped watching the rollout'}
          {watch.progress ? ` (${watch.progress.message})` : ''}.
        </Text>
      )}
      {watch.error ? <Text color="red">× {watch.error}</Text> : null}
      {shown.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Warnings from the cluster</Text>
          {watch.warnings.length > shown.length ? <Text dimColor> … {watch.warnings.length - shown.length} earlier</Text> : null}
          {shown.map((w, i) => (
            <WrappedText key={w.metadata?.uid ?? i} color="yellow">{`  ${warningLine(w)}`}</WrappedText>
          ))}
        </Box>
      ) : null}
      {watch.doctor?.status === 'running' ? (
        <Box marginTop={1}>
          <Spinner label="Running the doctor's checks to find out why…" />
        </Box>
      ) : null}
      {watch.doctor?.status === 'done' ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>What the doctor found</Text>
          {toShortText(watch.doctor.outcomes)
            .trimEnd()
            .split('\n')
            .map((l, i) => (
              <WrappedText key={i}>{l}</WrappedText>
            ))}
        </Box>
      ) : null}
      {watch.doctor?.status === 'failed' ? <Text color="red">The doctor could not run: {watch.doctor.message}</Text> : null}
    </Box>
  );
}
