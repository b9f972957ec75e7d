import { Box, Text } from 'ink';
import { formatBytes, keysSummary } from '../../../src/features/install/report.js';
import type { SecretDescription } from '../../../src/shared/secrets/index.js';
import { ChoiceList } from '../../widgets/ChoiceList.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { useBackKey } from '../../hooks/useBackKey.js';

export interface SigningStepProps {
  /** The payload-secret already in the cluster (names and sizes only). */
  existing: SecretDescription;
  rotate?: boolean;
  onAnswer(rotateSigningSecret: boolean): void;
  onBack?: () => void;
}

/**
 * The HMAC secret build clients sign requests with. An existing one is kept by default: rotating
 * it breaks every client until it gets the new payload.txt.
 */
export function SigningStep({ existing, rotate = false, onAnswer, onBack }: SigningStepProps) {
  useBackKey(onBack);
  const bytes = existing.keys.reduce((n, k) => n + k.bytes, 0);
  return (
    <Box flexDirection="column">
      <Text>
        The cluster already has signing secret {existing.name} ({keysSummary(existing.keys) || formatBytes(bytes)}).
      </Text>
      <Box marginTop={1}>
        <ChoiceList<'keep' | 'rotate'>
          defaultValue={rotate ? 'rotate' : 'keep'}
          choices={[
            { value: 'keep', label: 'Keep it', hint: 'build clients keep working' },
            { value: 'rotate', label: 'Rotate it', hint: 'a new random secret; every build client needs the new payload.txt' },
          ]}
          onSubmit={(c) => onAnswer(c === 'rotate')}
        />
      </Box>
      <KeyHints hints={[['↑/↓', 'move'], ['Enter', 'choose'], ...(onBack ? [BACK_HINT] : []), QUIT_HINT]} />
    </Box>
  );
}
