import { Box, Text } from 'ink';
import { itemsToRemove, type UninstallPlan } from '../../src/features/uninstall/plan.js';
import { confirmQuestion, itemLabel } from '../../src/features/uninstall/report.js';
import { useBackKey } from '../hooks/useBackKey.js';
import { useKeys } from '../hooks/useKeys.js';
import { KeyHints } from '../widgets/KeyHints.js';
import { WrappedText } from '../widgets/WrappedText.js';

export interface ConfirmScreenProps {
  plan: UninstallPlan;
  onYes(): void;
  onBack(): void;
  isActive?: boolean;
}

/** The last look before anything is removed. Only "y" goes on; No is the default. */
export function ConfirmScreen({ plan, onYes, onBack, isActive = true }: ConfirmScreenProps) {
  useKeys({ y: onYes, n: onBack, enter: onBack }, isActive);
  useBackKey(onBack, isActive);
  return (
    <Box flexDirection="column">
      <Text bold>This removes:</Text>
      {itemsToRemove(plan).map((i) => (
        <WrappedText key={i.id} color="red">{`  - ${itemLabel(i, plan.namespace)}`}</WrappedText>
      ))}
      {plan.warnings.map((w) => (
        <WrappedText key={w} color="yellow">{`! ${w}`}</WrappedText>
      ))}
      <Box marginTop={1}>
        <Text bold>
          {confirmQuestion(plan)} <Text dimColor>y/N</Text>
        </Text>
      </Box>
      <KeyHints
        hints={[
          ['y', 'remove'],
          ['N/Enter/Esc', 'back'],
          ['Ctrl+C', 'quit'],
        ]}
      />
    </Box>
  );
}
