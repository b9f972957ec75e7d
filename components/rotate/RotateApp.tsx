import { OutcomeSummary } from '../widgets/OutcomeSummary.js';
import { Box, Text } from 'ink';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { ExitCode } from '../../src/platform/exitCodes.js';
import type { StepEvent } from '../../src/shared/steps/stepEvent.js';
import { progressLine } from '../../src/features/install/report.js';
import { targetLine } from '../../src/shared/text/targetLine.js';
import { cleanLine } from '../../src/shared/text/cleanLine.js';
import { withStepEvent } from '../../src/shared/steps/stepEvent.js';
import type { RolloutProgress } from '../../src/shared/rollout/rollout.js';
import type { RotationPlan } from '../../src/features/rotate/plan.js';
import { changeLine, confirmRotationQuestion, rotationSummary } from '../../src/features/rotate/report.js';
import type { RotationResult } from '../../src/features/rotate/result.js';
import { useBackKey } from '../hooks/useBackKey.js';
import { useCtrlC } from '../hooks/useCtrlC.js';
import { useKeys } from '../hooks/useKeys.js';
import { KeyHints } from '../widgets/KeyHints.js';
import { StatusLine } from '../widgets/StatusLine.js';
import type { CommandStreams } from '../services/commandEnv.js';
import { renderUntilExit } from '../renderUntilExit.js';
import { rotationExitCode, type RunRotation } from './plainRotate.js';

export interface RotateAppProps {
  plan: RotationPlan;
  run: RunRotation;
  onExit(code: number): void;
}

type Phase =
  { name: 'confirm' } | { name: 'running' } | { name: 'done'; result: RotationResult } | { name: 'closed'; code: number; message: string };

/**
 * confirm → progress → result. Nothing changes before "y"; N, Enter or Esc leave with nothing
 * changed. Ctrl+C during the rotation lets the steps finish and stops watching the rollout.
 */
export function RotateApp({ plan, run, onExit }: RotateAppProps) {
  const [phase, setPhase] = useState<Phase>({ name: 'confirm' });
  const [steps, setSteps] = useState<StepEvent[]>([]);
  const [progress, setProgress] = useState<RolloutProgress | undefined>();
  const abort = useMemo(() => new AbortController(), []);
  const started = useRef(false);
  const cancel = () => setPhase({ name: 'closed', code: ExitCode.cancelled, message: 'Cancelled. Nothing was changed.' });

  useCtrlC(() => {
    if (phase.name === 'confirm') cancel();
    else if (phase.name === 'running') abort.abort();
  });
  useKeys({ y: () => setPhase({ name: 'running' }), n: cancel, enter: cancel }, phase.name === 'confirm');
  useBackKey(cancel, phase.name === 'confirm');

  const phaseChanged = useEffectEvent((phase: Phase) => {
    if (phase.name === 'running' && !started.current) {
      started.current = true;
      void run({
        onStep: (e) => setSteps((s) => withStepEvent(s, e)),
        onProgress: setProgress,
        signal: abort.signal,
      }).then(
        (result) => setPhase({ name: 'done', result }),
        (e: unknown) => setPhase({ name: 'done', result: { ok: false, steps: [], backups: [], error: { message: (e as Error).message } } }),
      );
    }
    if (phase.name === 'done') onExit(rotationExitCode(phase.result));
    if (phase.name === 'closed') onExit(phase.code);
  });
  useEffect(() => phaseChanged(phase), [phase]);

  if (phase.name === 'closed') return <Text>{phase.message}</Text>;
  if (phase.name === 'confirm') {
    return (
      <Box flexDirection="column">
        <Text dimColor>{targetLine(plan.target, plan.namespace)}</Text>
        <Box marginTop={1} flexDirection="column">
          {plan.changes.map((c) => (
            <Text key={`${c.kind}/${c.name}`}> {changeLine(c, plan.namespace)}</Text>
          ))}
        </Box>
        {plan.warnings.map((w) => (
          <Text key={w} color="yellow">
            ! {w}
          </Text>
        ))}
        {plan.rotate === 'signing-secret' ? (
          <Text color="yellow">! Build clients signing with the old secret are refused once the new pods run.</Text>
        ) : null}
        <Box marginTop={1}>
          <Text bold>
            {confirmRotationQuestion(plan)} <Text dimColor>y/N</Text>
          </Text>
        </Box>
        <KeyHints
          hints={[
            ['y', 'rotate'],
            ['N/Enter/Esc', 'cancel'],
          ]}
        />
      </Box>
    );
  }
  const result = phase.name === 'done' ? phase.result : undefined;
  return (
    <Box flexDirection="column">
      {steps.map((s) => (
        <StatusLine key={s.id} status={s.status} text={s.title} detail={s.detail ? cleanLine(s.detail) : undefined} />
      ))}
      {progress && !result ? <Text dimColor> {progressLine(progress)}</Text> : null}
      {abort.signal.aborted && !result ? (
        <Text color="yellow">Stopping: the step in progress finishes; the rollout is not watched.</Text>
      ) : null}
      {result ? (
        <OutcomeSummary
          lines={rotationSummary(plan, result)}
          ok={result.ok}
          color={result.ok ? 'green' : result.watchStopped ? 'yellow' : 'red'}
          marginTop={1}
        />
      ) : null}
    </Box>
  );
}

export function renderRotateApp(plan: RotationPlan, run: RunRotation, streams: CommandStreams): Promise<number> {
  return renderUntilExit((exit) => <RotateApp plan={plan} run={run} onExit={exit} />, streams);
}
