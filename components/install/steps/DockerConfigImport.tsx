import { Box, Text } from 'ink';
import { useState } from 'react';
import type { RegistryAnswer } from '../../../src/shared/registry/answer.js';
import { readDockerConfigFile, type DockerConfigFileAnalysis, type RegistryProblem } from '../../../src/shared/registry/index.js';
import { accept, reject, type Validation } from '../../../src/platform/validate/index.js';
import { useServices } from '../../services/ServicesContext.js';
import { ChoiceList } from '../../widgets/ChoiceList.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { TextField } from '../../widgets/TextField.js';
import { useBackKey } from '../../hooks/useBackKey.js';

export interface DockerConfigImportProps {
  initialPath?: string;
  onDone(r: Extract<RegistryAnswer, { kind: 'docker-config' }>): void;
  onBack(): void;
}

interface Imported {
  analysis: DockerConfigFileAnalysis;
  text: string;
}

const problemText = (p: RegistryProblem) => `${p.message} ${p.hint}`;

/**
 * Imports a config.json written by docker login or faas-cli registry-login. A file whose
 * credentials live in a credential store (Docker Desktop, keychain) is refused with the reason:
 * the builder's pod has no such store, so pushes would fail.
 */
export function DockerConfigImport({ initialPath, onDone, onBack }: DockerConfigImportProps) {
  const { files, flagIo } = useServices();
  const [imported, setImported] = useState<Imported | undefined>();
  const [path, setPath] = useState(initialPath ?? '~/.docker/config.json');
  useBackKey(() => (imported ? setImported(undefined) : onBack()));

  const validate = async (raw: string): Promise<Validation<Imported>> => {
    const analysis = await readDockerConfigFile(raw, {}, files, flagIo.homeDir);
    const fails = analysis.problems.filter((p) => p.severity === 'fail');
    if (fails.length) return reject(fails.map(problemText).join('\n  '));
    try {
      return accept({ analysis, text: await files.readFile(analysis.path, 'utf8') });
    } catch (e) {
      return reject(`The registry config could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  };

  if (!imported) {
    return (
      <Box flexDirection="column">
        <Text>Import the config.json that docker login or faas-cli registry-login wrote.</Text>
        <Box marginTop={1}>
          <TextField<Imported>
            label="config.json path"
            defaultValue={path}
            hint="A folder means the config.json inside it, e.g. ./credentials for faas-cli."
            validate={validate}
            onSubmit={(i, raw) => {
              setPath(raw);
              setImported(i);
            }}
          />
        </Box>
        <KeyHints hints={[['Enter', 'check this file'], BACK_HINT, QUIT_HINT]} />
      </Box>
    );
  }

  const { analysis, text } = imported;
  const warnings = analysis.problems.filter((p) => p.severity === 'warn');
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="green">✓</Text> {analysis.path} ({analysis.source === 'other' ? 'config.json' : `written by ${analysis.source}`})
        covers: {analysis.hosts.join(', ') || 'no registries'}
      </Text>
      {warnings.map((w) => (
        <Text key={w.code} color="yellow">
          ! {problemText(w)}
        </Text>
      ))}
      <Box marginTop={1}>
        <ChoiceList<'use' | 'other'>
          choices={[
            { value: 'use', label: 'Use this file' },
            { value: 'other', label: 'Choose another file' },
          ]}
          onSubmit={(c) => (c === 'use' ? onDone({ kind: 'docker-config', path: analysis.path, text }) : setImported(undefined))}
        />
      </Box>
      <KeyHints hints={[['Enter', 'choose'], BACK_HINT, QUIT_HINT]} />
    </Box>
  );
}
