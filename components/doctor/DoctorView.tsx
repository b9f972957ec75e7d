import { Box, Text } from 'ink';
import { CATEGORIES } from '../../src/features/doctor/types.js';
import type { ReportMeta } from '../../src/features/doctor/format.js';
import { CategoryGroup } from './CategoryGroup.js';
import { progressOf, type DoctorState } from './checkStates.js';
import { Summary } from './Summary.js';

export interface DoctorViewProps {
  state: DoctorState;
  meta: ReportMeta;
  /** The --wait budget as typed, e.g. "2m". */
  waitFor?: string;
}

/** The whole report: where it looked, the checks grouped by category, and the summary line. */
export function DoctorView({ state, meta, waitFor }: DoctorViewProps) {
  return (
    <Box flexDirection="column">
      <Box marginBottom={1}>
        <Text>
          <Text bold>Doctor</Text>
          <Text dimColor>
            {' '}
            · release {meta.release} in namespace {meta.namespace} · context {meta.cluster.context} ({meta.cluster.server})
          </Text>
        </Text>
      </Box>
      {CATEGORIES.map((category) => {
        const rows = state.rows.filter((r) => r.category === category);
        return rows.length ? <CategoryGroup key={category} category={category} rows={rows} /> : null;
      })}
      <Summary
        result={state.result}
        progress={progressOf(state)}
        attempt={state.attempt}
        waitFor={waitFor}
        lastAttempt={state.lastAttempt}
      />
    </Box>
  );
}
