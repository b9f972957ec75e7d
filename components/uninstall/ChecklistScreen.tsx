import { Box, Text, useInput } from 'ink';
import { useRef, useState } from 'react';
import type { UninstallItem, UninstallPlan } from '../../src/features/uninstall/plan.js';
import { isLocal, itemLabel } from '../../src/features/uninstall/report.js';
import { KeyHints } from '../widgets/KeyHints.js';

export interface ChecklistScreenProps {
  plan: UninstallPlan;
  /** Space on the highlighted item. */
  onToggle(id: string): void;
  onContinue(): void;
  onQuit(): void;
  isActive?: boolean;
}

function Row({ item, focused, namespace }: { item: UninstallItem; focused: boolean; namespace: string }) {
  const box = item.action === 'absent' ? ' · ' : !item.selectable ? '[=]' : item.action === 'remove' ? '[x]' : '[ ]';
  const color = item.action === 'remove' ? 'red' : item.action === 'keep' ? 'green' : undefined;
  const dim = item.action === 'absent' || !item.selectable;
  return (
    <Box flexDirection="column">
      <Text dimColor={dim && !focused} color={focused ? 'cyan' : undefined}>
        {focused ? '❯ ' : '  '}
        {box} <Text color={focused ? 'cyan' : color}>{item.action.padEnd(6)}</Text> {itemLabel(item, namespace)}
        <Text dimColor> — {item.reason}</Text>
      </Text>
      {/* Key names and sizes, chart version, file size: only for the highlighted row, to keep the list short. */}
      {focused && item.detail ? (
        <Text dimColor>
          {'             '}
          {item.detail}
        </Text>
      ) : null}
    </Box>
  );
}

/**
 * Everything the uninstall found, each with keep or remove. Space switches the highlighted item,
 * the arrows move between the items that can be switched, Enter goes on to the confirmation.
 */
export function ChecklistScreen({ plan, onToggle, onContinue, onQuit, isActive = true }: ChecklistScreenProps) {
  const selectable = plan.items.filter((i) => i.selectable);
  const [focusId, setFocusId] = useState(selectable[0]?.id);
  // Keys in one chunk (Down then Space) run before a re-render: read the row from a ref.
  const focusRef = useRef(focusId);
  const index = Math.max(
    0,
    selectable.findIndex((i) => i.id === focusId),
  );

  useInput(
    (input, key) => {
      const move = (step: number) => {
        const at = Math.max(
          0,
          selectable.findIndex((i) => i.id === focusRef.current),
        );
        focusRef.current = selectable[(at + step + selectable.length) % selectable.length]?.id;
        setFocusId(focusRef.current);
      };
      if (key.downArrow || input === 'j') move(1);
      else if (key.upArrow || input === 'k') move(-1);
      else if (input === ' ' && focusRef.current) onToggle(focusRef.current);
      else if (key.return) onContinue();
      else if (key.escape || input === 'q') onQuit();
    },
    { isActive },
  );

  const focused = selectable[index]?.id;
  const section = (items: UninstallItem[]) =>
    items.map((i) => <Row key={i.id} item={i} focused={i.id === focused} namespace={plan.namespace} />);
  return (
    <Box flexDirection="column">
      <Text bold>Uninstall the pro-builder</Text>
      <Text dimColor>
        context {plan.target.contextName} · cluster {plan.target.clusterName} · namespace {plan.namespace} · release {plan.release}
      </Text>
      <Box marginTop={1} flexDirection="column">
        <Text bold>In the cluster</Text>
        {section(plan.items.filter((i) => !isLocal(i)))}
      </Box>
      <Box marginTop={1} flexDirection="column">
        <Text bold>On this machine ({plan.outputDir})</Text>
        {section(plan.items.filter(isLocal))}
      </Box>
      {plan.warnings.length ? (
        <Box marginTop={1} flexDirection="column">
          {plan.warnings.map((w) => (
            <Text key={w} color="yellow">
              ! {w}
            </Text>
          ))}
        </Box>
      ) : null}
      <KeyHints
        hints={[
          ['Space', 'keep/remove'],
          ['↑↓', 'move'],
          ['Enter', 'continue'],
          ['Esc', 'quit'],
        ]}
      />
    </Box>
  );
}
