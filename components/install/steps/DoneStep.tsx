import { Box } from 'ink';
import { useEffect, useEffectEvent } from 'react';
import type { InstallPlan } from '../../../src/features/install/plan.js';
import { doneSummary } from '../../../src/features/install/report.js';
import type { RolloutOutcome } from '../../../src/shared/rollout/rollout.js';
import { hangingWrap } from '../../../src/shared/text/hangingWrap.js';
import { CommandText, commandLines } from '../../widgets/CommandText.js';
import { WrappedText } from '../../widgets/WrappedText.js';
import { useTerminalColumns } from '../../widgets/useTerminalColumns.js';

export interface DoneStepProps {
  plan: InstallPlan;
  rollout?: RolloutOutcome;
  backups?: readonly string[];
  /** Called once the summary is on screen: it stays there when the wizard ends. */
  onShown(): void;
  /** Lines the terminal is too narrow to show whole (a path wider than it): printed again after the screen. */
  onPasteable?(text: string): void;
}

/** doneSummary's lines indented by two are a command, or a path on its own (one word). */
const isCommand = (line: string) => /^ {2}\S/.test(line) && line.trim().includes(' ');

/** What was created, where payload.txt is, and how to send the builder its first build. */
export function DoneStep({ plan, rollout, backups = [], onShown, onPasteable }: DoneStepProps) {
  const columns = useTerminalColumns();
  const [first, ...rest] = doneSummary(plan, rollout, backups);
  const shown = useEffectEvent(() => {
    // A path or command wider than the whole terminal is cut by it: repeat those lines whole.
    const cut = rest.flatMap((l) =>
      isCommand(l)
        ? commandLines(l.trim(), 2, columns).some((c) => c.length > columns)
          ? [l.trim()]
          : []
        : hangingWrap(l, columns).tooWide,
    );
    if (cut.length) onPasteable?.(`Shown whole for copying:\n${cut.join('\n')}\n`);
    onShown();
  });
  useEffect(() => {
    shown();
  }, []);
  return (
    <Box flexDirection="column">
      <WrappedText color="green">{`✓ ${first}`}</WrappedText>
      {rest.map((l, i) =>
        isCommand(l) ? (
          <CommandText key={i} command={l.trim()} />
        ) : (
          <WrappedText key={i} bold={/^[A-Z]/.test(l) && l.endsWith(':')}>
            {l || ' '}
          </WrappedText>
        ),
      )}
    </Box>
  );
}
