import { Box, Text } from 'ink';
import { useEffect, useEffectEvent } from 'react';
import type { InstallPlan } from '../../../src/features/install/plan.js';
import { doneSummary } from '../../../src/features/install/report.js';
import type { RolloutOutcome } from '../../../src/shared/rollout/rollout.js';

export interface DoneStepProps {
  plan: InstallPlan;
  rollout?: RolloutOutcome;
  backups?: readonly string[];
  /** Called once the summary is on screen: it stays there when the wizard ends. */
  onShown(): void;
}

/** What was created, where payload.txt is, and how to send the builder its first build. */
export function DoneStep({ plan, rollout, backups = [], onShown }: DoneStepProps) {
  const shown = useEffectEvent(onShown);
  useEffect(() => {
    shown();
  }, []);
  const [first, ...rest] = doneSummary(plan, rollout, backups);
  return (
    <Box flexDirection="column">
      <Text color="green">✓ {first}</Text>
      {rest.map((l, i) => (
        <Text key={i} bold={/^[A-Z]/.test(l) && l.endsWith(':')}>
          {l || ' '}
        </Text>
      ))}
    </Box>
  );
}
