import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { InstallPlan, ObjectAction } from '../../../src/features/install/plan.js';
import { fileLine, objectLine, valueChangeLine } from '../../../src/features/install/report.js';
import { continuedCommand } from '../../../src/shared/text/continuedCommand.js';
import { targetLine } from '../../../src/shared/text/targetLine.js';

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
