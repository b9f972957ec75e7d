import { Box, Text } from 'ink';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { StepEvent } from '../../src/shared/steps/stepEvent.js';
import { cleanLine } from '../../src/shared/text/cleanLine.js';
import { withStepEvent } from '../../src/shared/steps/stepEvent.js';
import type { UninstallResult } from '../../src/features/uninstall/apply.js';
import { itemsToRemove, type UninstallPlan } from '../../src/features/uninstall/plan.js';
import { StatusLine } from '../widgets/StatusLine.js';
import type { RunUninstall } from './plainUninstall.js';

export interface UninstallProgressProps {
  plan: UninstallPlan;
  run: RunUninstall;
  /** Ctrl+C was pressed: finish the removal in progress, start no other. */
  stopRequested: boolean;
  onFinished(result: UninstallResult): void;
}

/** Runs the confirmed plan once, one line per item: a spinner, then ✓, × or –. */
export function UninstallProgress({ plan, run, stopRequested, onFinished }: UninstallProgressProps) {
  const [steps, setSteps] = useState<StepEvent[]>([]);
  const stopRef = useRef(stopRequested);
  stopRef.current = stopRequested;
  const started = useRef(false);

  const start = useEffectEvent(() => {
    void run(plan, {
      onStep: (e) => setSteps((s) => withStepEvent(s, e)),
      onHelmLine: () => undefined,
      shouldStop: () => stopRef.current,
    }).then(onFinished, (e: unknown) => {
      // The engine reports failures per item; a rejection is unexpected, so every removal counts as failed.
      const detail = (e as Error)?.message ?? String(e);
      onFinished({
        ok: false,
        stopped: false,
        steps: [],
        outcomes: itemsToRemove(plan).map((item) => ({ id: item.id, item, outcome: 'failed', detail })),
      });
    });
  });
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, []);

  return (
    <Box flexDirection="column">
      {steps.map((s) => (
        <StatusLine key={s.id} status={s.status} text={s.title} detail={s.detail ? cleanLine(s.detail) : undefined} />
      ))}
      {stopRequested ? <Text color="yellow">Stopping after the current step…</Text> : null}
    </Box>
  );
}
