import { Box, Text } from 'ink';

/** "Step 3 of 8 · Registry" ("Step 1 · Cluster" while the total is unknown), then one line saying what the step is for. */
export function StepHeader({ number, total, title, subtitle }: { number: number; total?: number; title: string; subtitle?: string }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        <Text dimColor>
          Step {number}
          {total === undefined ? '' : ` of ${total}`} ·{' '}
        </Text>
        <Text bold>{title}</Text>
      </Text>
      {subtitle ? <Text dimColor>{subtitle}</Text> : null}
    </Box>
  );
}
