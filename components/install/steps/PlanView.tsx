import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { InstallPlan, ObjectAction } from '../../../src/features/install/plan.js';
import { fileLine, objectLine, valueChangeLine } from '../../../src/features/install/report.js';
import { continuedCommand } from '../../../src/shared/text/continuedCommand.js';
import { hangingWrap } from '../../../src/shared/text/hangingWrap.js';
import { targetLine } from '../../../src/shared/text/targetLine.js';
import { WrappedText } from '../../widgets/WrappedText.js';

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

/** Lines the full plan takes on a terminal `columns` wide (wrapped lines count): to decide whether it fits. */
export function planLineCount(plan: InstallPlan, columns = Infinity, commandLine = ''): number {
  const rows = (lines: readonly string[], offset = 2) => lines.reduce((n, l) => n + hangingWrap(l, columns - offset).lines.length, 0);
  const helmLines = plan.helm.reduce((n, h) => n + continuedCommand(h.display).split('\n').length + (h.note ? 1 : 0), 0);
  return (
    rows([targetLine(plan.target, plan.namespace)], 0) +
    1 +
    rows(plan.objects.map((o) => objectLine(o, plan.namespace))) +
    rows(plan.files.map(fileLine)) +
    rows(plan.values.changes.map(valueChangeLine)) +
    helmLines +
    (commandLine ? commandLine.split('\n').length : 0) +
    5 * 2 +
    2
  );
}

export function PlanView({ plan, commandLine, collapsed }: { plan: InstallPlan; commandLine?: string; collapsed?: boolean }) {
  const valuesVerb = plan.values.existed ? (plan.values.changes.length ? 'changes' : 'no changes') : 'new file';
  return (
    <Box flexDirection="column">
      <WrappedText>{targetLine(plan.target, plan.namespace)}</WrappedText>
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
      <Section
        title="Kubernetes objects"
        collapsed={collapsed}
        summary={countBy(plan.objects, (o) => (o.action === 'unchanged' ? 'keep' : o.action))}
      >
        {plan.objects.map((o) => (
          <Box key={`${o.kind}/${o.name}`} paddingLeft={2}>
            <WrappedText color={ACTION_COLOR[o.action]} offset={2}>
              {objectLine(o, plan.namespace)}
            </WrappedText>
          </Box>
        ))}
      </Section>
      <Section
        title="Local files"
        collapsed={collapsed}
        summary={countBy(plan.files, (f) => (f.action === 'unchanged' ? 'unchanged' : f.existed ? 'replace' : 'write'))}
      >
        {plan.files.map((f) => (
          <Box key={f.path} paddingLeft={2}>
            <WrappedText color={f.action === 'unchanged' ? 'gray' : f.existed ? 'yellow' : 'green'} offset={2}>
              {fileLine(f)}
            </WrappedText>
          </Box>
        ))}
      </Section>
      <Section
        title={`Values: ${plan.values.path} (${valuesVerb})`}
        collapsed={collapsed}
        summary={plan.values.changes.length ? `${plan.values.changes.length} changed` : undefined}
      >
        {plan.values.changes.map((c) => (
          <Box key={c.path} paddingLeft={2}>
            <WrappedText offset={2}>{valueChangeLine(c)}</WrappedText>
          </Box>
        ))}
      </Section>
      <Section title="Helm" collapsed={collapsed} summary={plan.helm.map((h) => h.args[0]).join(', ')}>
        {plan.helm.map((h) => (
          <Box key={h.display} flexDirection="column">
            <Box paddingLeft={2}>
              <Text>$ {continuedCommand(h.display)}</Text>
            </Box>
            {h.note ? (
              <Text color="yellow">
                {'    '}! {h.note}
              </Text>
            ) : null}
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
