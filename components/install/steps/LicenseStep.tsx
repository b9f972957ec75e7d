import { Box, Text } from 'ink';
import { defaultLicensePath } from '../../../src/features/install/flags.js';
import { formatBytes } from '../../../src/features/install/report.js';
import { accept, reject, validateReadableFile, type Validation } from '../../../src/platform/validate/index.js';
import { useServices } from '../../services/ServicesContext.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { TextField } from '../../widgets/TextField.js';
import { useBackKey } from '../../hooks/useBackKey.js';

export interface LicenseAnswer {
  licensePath: string;
  license: Buffer;
}

export interface LicenseStepProps {
  /** A license found where OpenFaaS keeps it (~/.openfaas/LICENSE), offered as the default. */
  found?: { path: string; bytes: number };
  onAnswer(a: LicenseAnswer): void;
  onBack?: () => void;
}

/**
 * Where the OpenFaaS Pro license is. The file is read and checked for size only: its content is
 * never shown, not even in part.
 */
export function LicenseStep({ found, onAnswer, onBack }: LicenseStepProps) {
  const { files, flagIo } = useServices();
  useBackKey(onBack);
  const fallback = defaultLicensePath(flagIo.homeDir);

  const validate = async (raw: string): Promise<Validation<LicenseAnswer>> => {
    const v = await validateReadableFile(raw, files, { what: 'the license file', homeDir: flagIo.homeDir });
    if (!v.ok) return v;
    try {
      const license = await flagIo.readFile(v.value.path);
      if (license.toString('utf8').trim() === '') return reject(`The license file ${v.value.path} holds only blank space.`);
      return accept({ licensePath: v.value.path, license });
    } catch (e) {
      return reject(`The license file ${v.value.path} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  };

  return (
    <Box flexDirection="column">
      <Text>The cluster has no openfaas-license secret yet; it will be created from your OpenFaaS Pro license file.</Text>
      {found ? (
        <Text dimColor>
          Found {found.path} ({formatBytes(found.bytes)}). Press Enter to use it.
        </Text>
      ) : (
        <Text dimColor>No license at {fallback}. Give the path to the file you received.</Text>
      )}
      <Box marginTop={1}>
        <TextField<LicenseAnswer>
          label="License file"
          defaultValue={found?.path ?? ''}
          placeholder={found ? undefined : '~/Downloads/LICENSE'}
          validate={validate}
          onSubmit={(a) => onAnswer(a)}
        />
      </Box>
      <KeyHints hints={[['Enter', 'use this file'], ...(onBack ? [BACK_HINT] : []), QUIT_HINT]} />
    </Box>
  );
}
