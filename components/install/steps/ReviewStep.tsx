import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { InstallAnswers } from '../../../src/features/install/answers.js';
import { equivalentCommandLine, type CommandLineOptions } from '../../../src/features/install/commandLine.js';
import type { InstallPlan, ObjectAction } from '../../../src/features/install/plan.js';
import { fileLine, objectLine, planIsNoop, valueChangeLine } from '../../../src/features/install/report.js';
import { targetLine } from '../../../src/shared/text/targetLine.js';
import type { Kube } from '../../../src/platform/kube/client.js';
import { ErrorMessage } from '../../widgets/ErrorMessage.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { usePlan } from '../useWizardPlan.js';
import { useBackKey, useKeys } from '../useWizardKeys.js';

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
}

const ACTION_COLOR: Record<ObjectAction, string | undefined> = { create: 'green', update: 'yellow', keep: 'gray', unchanged: 'gray' };

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{title}</Text>
      {children}
    </Box>
  );
}

export function PlanView({ plan, commandLine }: { plan: InstallPlan; commandLine?: string }) {
  const valuesVerb = plan.values.existed ? (plan.values.changes.length ? 'changes' : 'no changes') : 'new file';
  return (
    <Box flexDirection="column">
      <Text>{targetLine(plan.target, plan.namespace)}</Text>
      <Text dimColor>
        Chart: {plan.chart.ref} (version {plan.chart.metadata.version})
      </Text>
      <Section title="Kubernetes objects">
        {plan.objects.map((o) => (
          <Text key={`${o.kind}/${o.name}`} color={ACTION_COLOR[o.action]}>
            {'  '}
            {objectLine(o, plan.namespace)}
          </Text>
        ))}
      </Section>
      <Section title="Local files">
        {plan.files.map((f) => (
          <Text key={f.path} color={f.action === 'unchanged' ? 'gray' : f.existed ? 'yellow' : 'green'}>
            {'  '}
            {fileLine(f)}
          </Text>
        ))}
      </Section>
      <Section title={`Values: ${plan.values.path} (${valuesVerb})`}>
        {plan.values.changes.map((c) => (
          <Text key={c.path}>
            {'  '}
            {valueChangeLine(c)}
          </Text>
        ))}
      </Section>
      <Section title="Helm">
        {plan.helm.map((h) => (
          <Box key={h.display} flexDirection="column">
            <Text>
              {'  '}$ {h.display}
            </Text>
            {h.note ? <Text color="yellow">{'    '}! {h.note}</Text> : null}
          </Box>
        ))}
      </Section>
      {commandLine ? (
        <Section title="The same install without questions">
          <Text dimColor>{commandLine}</Text>
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
export function ReviewStep({ answers, kube, commandLine, onConfirm, dryRun, onDryRunDone, onBack, onQuit }: ReviewStepProps) {
  const state = usePlan(answers, kube, commandLine);
  useBackKey(onBack);
  const ready = state.status === 'ready';
  const decline = () => onQuit(130, 'Not applied. Nothing was changed.');
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
  return (
    <Box flexDirection="column">
      <PlanView plan={plan} commandLine={equivalentCommandLine(answers, commandLine)} />
      {planIsNoop(plan) ? <Text dimColor>Everything is already in place; applying re-runs helm only.</Text> : null}
      <Box marginTop={1}>
        {dryRun ? (
          <Text bold>Dry run: nothing will be applied. Press Enter to finish.</Text>
        ) : (
          <Text bold>Nothing has been changed yet. Apply? (y/N) y applies, n or Enter stops. </Text>
        )}
      </Box>
      <KeyHints hints={dryRun ? [['Enter', 'finish'], BACK_HINT, QUIT_HINT] : [['y', 'apply'], ['n/Enter', 'stop'], BACK_HINT, QUIT_HINT]} />
    </Box>
  );
}
