import { Box, Text } from 'ink';
import type { Category } from '../../src/features/doctor/types.js';
import type { CheckRowState } from './checkStates.js';
import { CheckRow } from './CheckRow.js';

/** A category heading and its checks, in report order. */
export function CategoryGroup({ category, rows }: { category: Category; rows: readonly CheckRowState[] }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold underline>
        {category}
      </Text>
      {rows.map((r) => (
        <CheckRow key={r.id} row={r} />
      ))}
    </Box>
  );
}
