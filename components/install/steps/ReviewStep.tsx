import { Spinner } from '@inkjs/ui';
import { Box, Text, useStdout } from 'ink';
import { useState, type ReactNode } from 'react';
import type { InstallAnswers } from '../../../src/features/install/answers.js';
import { equivalentCommandLine, type CommandLineOptions } from '../../../src/features/install/commandLine.js';
import type { InstallPlan, ObjectAction } from '../../../src/features/install/plan.js';
import { fileLine, objectLine, planIsNoop, valueChangeLine } from '../../../src/features/install/report.js';
import { continuedCommand } from '../../../src/shared/text/continuedCommand.js';
import { targetLine } from '../../../src/shared/text/targetLine.js';
import type { Kube } from '../../../src/platform/kube/client.js';
import { ErrorMessage } from '../../widgets/ErrorMessage.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { usePlan } from '../useWizardPlan.js';
import { useBackKey, useKeys } from '../useWizardKeys.js';
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

const ACTION_COLOR: Record<ObjectAction, string | undefined> = { create: 'green', update: 'yellow', keep: 'gray', unchanged: 'gray' };

/** A section: its title and lines, or when collapsed the title and a one-line count. */
function Section({ title, summary, collapsed, children }: { title: string; summary?: string; collapsed?: boolean; children: ReactNode }) {
  return (
    <Box flexDirection="column" marginTop={collapsed ? 0 : 1}>
      <Text>
        <Text bold>{title}</Text>
        {collapsed && summary ? <Text dimColor>: {summary}</Text> : null}
      </Text>
      {collapsed ? null : children}
    </Box>
  );
}

function countBy<T>(items: readonly T[], word: (i: T) => string): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(word(i), (counts.get(word(i)) ?? 0) + 1);
  return [...counts].map(([w, n]) => `${n} ${w}`).join(', ') || 'none';
}

/** Lines the full plan takes (without wrapping): to decide whether it fits the terminal. */
export function planLineCount(plan: InstallPlan): number {
  const helmLines = plan.helm.reduce((n, h) => n + (h.note ? 3 : 2), 0);
  return 2 + plan.objects.length + plan.files.length + plan.values.changes.length + helmLines + 5 * 2 + 2;
}

export function PlanView({ plan, commandLine, collapsed }: { plan: InstallPlan; commandLine?: string; collapsed?: boolean }) {
  const valuesVerb = plan.values.existed ? (plan.values.changes.length ? 'changes' : 'no changes') : 'new file';
  return (
    <Box flexDirection="column">
      <Text>{targetLine(plan.target, plan.namespace)}</Text>
      <Text dimColor>
        Chart: {plan.chart.ref} (version {plan.chart.metadata.version})
      </Text>
      {plan.chartChange ? (
        <Section title={`Upgrade: chart ${plan.chartChange.from} → ${plan.chartChange.to}`}>
          {plan.chartChange.notes.map((n) => (
            <Text key={n} color="yellow">
              {'  ! '}
              {n}
            </Text>
          ))}
        </Section>
      ) : null}
      {collapsed ? <Box marginTop={1} /> : null}
      <Section title="Kubernetes objects" collapsed={collapsed} summary={countBy(plan.objects, (o) => (o.action === 'unchanged' ? 'keep' : o.action))}>
        {plan.objects.map((o) => (
          <Box key={`${o.kind}/${o.name}`} paddingLeft={2}>
            <Text color={ACTION_COLOR[o.action]}>{objectLine(o, plan.namespace)}</Text>
          </Box>
        ))}
      </Section>
      <Section title="Local files" collapsed={collapsed} summary={countBy(plan.files, (f) => (f.action === 'unchanged' ? 'unchanged' : f.existed ? 'replace' : 'write'))}>
        {plan.files.map((f) => (
          <Box key={f.path} paddingLeft={2}>
            <Text color={f.action === 'unchanged' ? 'gray' : f.existed ? 'yellow' : 'green'}>{fileLine(f)}</Text>
          </Box>
        ))}
      </Section>
      <Section title={`Values: ${plan.values.path} (${valuesVerb})`} collapsed={collapsed} summary={plan.values.changes.length ? `${plan.values.changes.length} changed` : undefined}>
        {plan.values.changes.map((c) => (
          <Box key={c.path} paddingLeft={2}>
            <Text>{valueChangeLine(c)}</Text>
          </Box>
        ))}
      </Section>
      <Section title="Helm" collapsed={collapsed} summary={plan.helm.map((h) => h.args[0]).join(', ')}>
        {plan.helm.map((h) => (
          <Box key={h.display} flexDirection="column">
            <Box paddingLeft={2}>
              <Text>$ {continuedCommand(h.display)}</Text>
            </Box>
            {h.note ? <Text color="yellow">{'    '}! {h.note}</Text> : null}
          </Box>
        ))}
      </Section>
      {commandLine ? (
        <Section title="The same install without questions" collapsed={collapsed} summary="printed in full after you apply or stop">
          <Box paddingLeft={2}>
            <Text dimColor>{commandLine}</Text>
          </Box>
        </Section>
      ) : null}
    </Box>
  );
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
  const tooTall = ready && rows !== undefined && rows > 0 && planLineCount(state.plan) + 7 > rows;
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
          <Text>{targetLine(plan.target, plan.namespace)}</Text>
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
          ...(dryRun ? [['Enter', 'finish'] as [string, string]] : [['y', 'apply'] as [string, string], ['n/Enter', 'stop'] as [string, string]]),
          ...(tooTall ? [['d', collapsed ? 'show details' : 'hide details'] as [string, string]] : []),
          BACK_HINT,
          QUIT_HINT,
        ]}
      />
    </Box>
  );
}
