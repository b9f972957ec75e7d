import { Box, Text } from 'ink';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { ExitCode } from '../../src/platform/exitCodes.js';
import type { UninstallResult } from '../../src/features/uninstall/apply.js';
import { itemsToRemove, toggleItem, type UninstallPlan } from '../../src/features/uninstall/plan.js';
import { uninstallSummary } from '../../src/features/uninstall/report.js';
import { useCtrlC } from '../hooks/useCtrlC.js';
import { ChecklistScreen } from './ChecklistScreen.js';
import type { CommandStreams } from '../services/commandEnv.js';
import { ConfirmScreen } from './ConfirmScreen.js';
import { uninstallExitCode, type RunUninstall } from './plainUninstall.js';
import { renderUntilExit } from '../renderUntilExit.js';
import { UninstallProgress } from './UninstallProgress.js';
import { WrappedText } from '../widgets/WrappedText.js';

export interface UninstallAppProps {
  plan: UninstallPlan;
  run: RunUninstall;
  /** Called once with the exit code, after the last frame is drawn. */
  onExit(code: number): void;
}

type Phase =
  | { name: 'checklist' }
  | { name: 'confirm' }
  | { name: 'progress' }
  | { name: 'done'; result: UninstallResult }
  | { name: 'closed'; code: number; message: string };

/**
 * checklist → confirm → progress → summary. Nothing changes before "y" on the confirmation; Esc
 * there goes back to the checklist. Ctrl+C quits with 130 before the confirmation, and during the
 * removals stops after the one in progress.
 */
export function UninstallApp({ plan: initial, run, onExit }: UninstallAppProps) {
  const [plan, setPlan] = useState(initial);
  // Toggles and Enter can arrive in one chunk, before a re-render: Enter must see every toggle.
  const planRef = useRef(initial);
  const toggle = (id: string) => {
    planRef.current = toggleItem(planRef.current, id);
    setPlan(planRef.current);
  };
  const [phase, setPhase] = useState<Phase>({ name: 'checklist' });
  const [stopRequested, setStopRequested] = useState(false);
  const close = (code: number, message: string) => setPhase({ name: 'closed', code, message });
  const cancel = () => close(ExitCode.cancelled, 'Cancelled. Nothing was changed.');

  useCtrlC(() => {
    if (phase.name === 'checklist' || phase.name === 'confirm') cancel();
    else if (phase.name === 'progress') setStopRequested(true);
  });

  const exit = useEffectEvent(onExit);
  useEffect(() => {
    if (phase.name === 'closed') exit(phase.code);
    if (phase.name === 'done') exit(uninstallExitCode(phase.result));
  }, [phase]);

  switch (phase.name) {
    case 'checklist':
      return (
        <ChecklistScreen
          plan={plan}
          onToggle={toggle}
          onContinue={() =>
            itemsToRemove(planRef.current).length === 0
              ? close(ExitCode.ok, 'Nothing to remove: nothing was changed.')
              : setPhase({ name: 'confirm' })
          }
          onQuit={cancel}
        />
      );
    case 'confirm':
      return <ConfirmScreen plan={plan} onYes={() => setPhase({ name: 'progress' })} onBack={() => setPhase({ name: 'checklist' })} />;
    case 'progress':
    case 'done':
      // One tree for both phases, so the progress lines stay on screen above the summary.
      return (
        <Box flexDirection="column">
          <UninstallProgress
            plan={plan}
            run={run}
            stopRequested={stopRequested}
            onFinished={(result) => setPhase({ name: 'done', result })}
          />
          {phase.name === 'done' ? <Summary plan={plan} result={phase.result} /> : null}
        </Box>
      );
    case 'closed':
      return <Text>{phase.message}</Text>;
  }
}

function Summary({ plan, result }: { plan: UninstallPlan; result: UninstallResult }) {
  const [first, ...rest] = uninstallSummary(plan, result);
  const code = uninstallExitCode(result);
  return (
    <Box flexDirection="column" marginTop={1}>
      <WrappedText
        color={code === ExitCode.ok ? 'green' : code === ExitCode.cancelled ? 'yellow' : 'red'}
      >{`${code === ExitCode.ok ? '✓' : '×'} ${first}`}</WrappedText>
      {rest.map((l, i) => (
        <WrappedText key={i}>{l}</WrappedText>
      ))}
    </Box>
  );
}

export function renderUninstallApp(plan: UninstallPlan, run: RunUninstall, streams: CommandStreams): Promise<number> {
  return renderUntilExit((exit) => <UninstallApp plan={plan} run={run} onExit={exit} />, streams);
}
