import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { cleanLine } from '../../src/shared/text/cleanLine.js';
import type { CheckOutcome } from '../../src/features/doctor/types.js';
import type { CheckRowState } from './checkStates.js';
import { SKIP_TAG, STATUS_COLOR, STATUS_GLYPH } from './glyphs.js';

/** More evidence than this is summarised as "… N more": the screen is for reading, JSON has all. */
export const MAX_EVIDENCE_LINES = 8;

function needsAttention(o: CheckOutcome): boolean {
  return o.status === 'fail' || o.status === 'warn' || (o.status === 'skipped' && o.skipReason === 'forbidden');
}

function OutcomeLine({ outcome: o }: { outcome: CheckOutcome }) {
  const explain = needsAttention(o);
  const evidence = o.status === 'fail' || o.status === 'warn' ? o.evidence : [];
  return (
    <Box flexDirection="column">
      <Box>
        <Box width={2} flexShrink={0}>
          <Text color={STATUS_COLOR[o.status]}>{STATUS_GLYPH[o.status]}</Text>
        </Box>
        <Text>
          <Text dimColor={o.status === 'skipped'}>{o.description}: </Text>
          {o.subject ? <Text bold>{cleanLine(o.subject)}: </Text> : null}
          <Text dimColor={o.status === 'skipped'}>{cleanLine(o.summary)}</Text>
          {o.skipReason ? <Text dimColor> ({SKIP_TAG[o.skipReason]})</Text> : null}
        </Text>
      </Box>
      {evidence.length || (explain && (o.hint || o.fix)) ? (
        <Box flexDirection="column" paddingLeft={4}>
          {evidence.slice(0, MAX_EVIDENCE_LINES).map((e, i) => (
            <Text key={i} dimColor>
              {cleanLine(e)}
            </Text>
          ))}
          {evidence.length > MAX_EVIDENCE_LINES ? (
            <Text dimColor>… {evidence.length - MAX_EVIDENCE_LINES} more (--output json shows all)</Text>
          ) : null}
          {explain && o.hint ? <Text>→ {cleanLine(o.hint)}</Text> : null}
          {explain && o.fix ? (
            <Text>
              fix: <Text bold>{cleanLine(o.fix)}</Text>
            </Text>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}

/**
 * One check: a spinner while it runs, then one line per result (a per-pod check has several), with
 * the evidence dimmed and the hint and fix command under failures and warnings.
 */
export function CheckRow({ row }: { row: CheckRowState }) {
  if (row.phase === 'running') {
    return (
      <Box>
        <Spinner label={row.description} />
      </Box>
    );
  }
  if (!row.outcomes.length) {
    return (
      <Box>
        <Box width={2} flexShrink={0}>
          <Text dimColor>·</Text>
        </Box>
        <Text dimColor>{row.description}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {row.outcomes.map((o) => (
        <OutcomeLine key={o.id} outcome={o} />
      ))}
    </Box>
  );
}
