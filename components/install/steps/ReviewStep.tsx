import { Spinner } from '@inkjs/ui';
import { Box, Text, useStdout } from 'ink';
import { useState } from 'react';
import type { InstallAnswers } from '../../../src/features/install/answers.js';
import { equivalentCommandLine, type CommandLineOptions } from '../../../src/features/install/commandLine.js';
import type { InstallPlan } from '../../../src/features/install/plan.js';
import { planIsNoop } from '../../../src/features/install/report.js';
import { targetLine } from '../../../src/shared/text/targetLine.js';
import type { Kube } from '../../../src/platform/kube/client.js';
import { ErrorMessage } from '../../widgets/ErrorMessage.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { WrappedText } from '../../widgets/WrappedText.js';
import { PlanView, planLineCount } from './PlanView.js';
import { usePlan } from '../usePlan.js';
import { useBackKey } from '../../hooks/useBackKey.js';
import { useKeys } from '../../hooks/useKeys.js';
import { ExitCode } from '../../../src/platform/exitCodes.js';

export interface ReviewStepProps {
  answers: InstallAnswers;
  kube: Kube;
  /** For helm and the equivalent command line: the cluster selection as given. */
  commandLine: CommandLineOptions;
  onConfirm(plan: InstallPlan): void;
  /** --dry-run: the plan is shown and nothing is applied; Enter ends the wizard. */
  dryRun?: boolean;
  onDryRunDone?(plan: InstallPlan): void;
  onBack(): void;
  onQuit(code: number, message?: string): void;
  /** Rows of the terminal; read from stdout when not given (tests pass it). */
  terminalRows?: number;
}

/**
 * Everything the install will do, read from the cluster but not yet done: objects with + (create),
 * ~ (update, with a backup) or = (kept), the values changes, the helm commands and the flags that
 * repeat this install. Secrets show key names and sizes only. Nothing happens without "y".
 */
export function ReviewStep({ answers, kube, commandLine, onConfirm, dryRun, onDryRunDone, onBack, onQuit, terminalRows }: ReviewStepProps) {
  const state = usePlan(answers, kube);
  const { stdout } = useStdout();
  const rows = terminalRows ?? (stdout as NodeJS.WriteStream).rows;
  // undefined: follow the terminal's height; true/false once the user pressed d.
  const [expanded, setExpanded] = useState<boolean | undefined>();
  useBackKey(onBack);
  const ready = state.status === 'ready';
  // The wizard's header (3 lines), the prompt and key hints (4) and the plan must fit on one screen.
  const tooTall =
    ready &&
    rows !== undefined &&
    rows > 0 &&
    planLineCount(state.plan, (stdout as NodeJS.WriteStream).columns || 80, equivalentCommandLine(answers, commandLine)) + 7 > rows;
  useKeys({ d: ready ? () => setExpanded((e) => !(e ?? !tooTall)) : undefined }, ready);
  const decline = () => onQuit(ExitCode.cancelled, 'Not applied. Nothing was changed.');
  useKeys(
    dryRun
      ? { enter: ready ? () => onDryRunDone?.(state.plan) : undefined }
      : { y: ready ? () => onConfirm(state.plan) : undefined, n: ready ? decline : undefined, enter: ready ? decline : undefined },
    ready,
  );

  if (state.status === 'loading') return <Spinner label="Reading the chart, the cluster and local files (nothing is changed)…" />;
  if (state.status === 'failed') {
    return (
      <Box flexDirection="column">
        <ErrorMessage message={state.message} nextStep={state.nextStep} />
        <KeyHints hints={[['Esc', 'go back and change an answer'], QUIT_HINT]} />
      </Box>
    );
  }
  const { plan } = state;
  const collapsed = !(expanded ?? !tooTall);
  return (
    <Box flexDirection="column">
      <PlanView plan={plan} commandLine={equivalentCommandLine(answers, commandLine)} collapsed={collapsed} />
      {/* Expanded on a short terminal the top scrolls away: the target is repeated beside the question. */}
      {tooTall && !collapsed ? (
        <Box marginTop={1}>
          <WrappedText>{targetLine(plan.target, plan.namespace)}</WrappedText>
        </Box>
      ) : null}
      {planIsNoop(plan) ? <Text dimColor>Everything is already in place; applying re-runs helm only.</Text> : null}
      <Box marginTop={1}>
        {dryRun ? (
          <Text bold>Dry run: nothing will be applied. Press Enter to finish.</Text>
        ) : (
          <Text bold>Nothing has been changed yet. Apply? (y/N) y applies, n or Enter stops. </Text>
        )}
      </Box>
      <KeyHints
        hints={[
          ...(dryRun
            ? [['Enter', 'finish'] as [string, string]]
            : [['y', 'apply'] as [string, string], ['n/Enter', 'stop'] as [string, string]]),
          ...(tooTall ? [['d', collapsed ? 'show details' : 'hide details'] as [string, string]] : []),
          BACK_HINT,
          QUIT_HINT,
        ]}
      />
    </Box>
  );
}
