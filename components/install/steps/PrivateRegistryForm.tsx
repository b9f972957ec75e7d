import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { RegistryAnswer } from '../../../src/shared/registry/answer.js';
import { isLoopbackRegistry, loopbackRegistryWarning } from '../../../src/shared/registry/index.js';
import { validateRegistryPassword, validateRegistryServer, validateRegistryUsername } from '../../../src/platform/validate/index.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { TextField } from '../../widgets/TextField.js';
import { SequenceField } from './SequenceField.js';
import { useFieldSequence } from '../useFieldSequence.js';

export interface PrivateRegistryFormProps {
  initial?: { server?: string; username?: string };
  onDone(r: Extract<RegistryAnswer, { kind: 'private' }>): void;
  onBack(): void;
}

const FIELDS = ['server', 'username', 'password'] as const;

/** Registry host, user name and a masked password or token: written into config.json as docker login would. */
export function PrivateRegistryForm({ initial = {}, onDone, onBack }: PrivateRegistryFormProps) {
  const form = useFieldSequence(FIELDS, onBack);
  const server = useRef(initial.server ?? '');
  const username = useRef(initial.username ?? '');
  return (
    <Box flexDirection="column">
      <Text>A private registry: the builder logs in with these credentials to push images.</Text>
      {form.isDone('server') ? <Text dimColor>Registry server: {server.current}</Text> : null}
      {form.isDone('server') && isLoopbackRegistry(server.current) ? (
        <Text color="yellow">
          ! {loopbackRegistryWarning(server.current).message} {loopbackRegistryWarning(server.current).hint}
        </Text>
      ) : null}
      {form.isDone('username') ? <Text dimColor>User name: {username.current}</Text> : null}
      <Box marginTop={1}>
        {form.current === 'server' ? (
          <SequenceField
            key="server"
            form={form}
            field="server"
            initial={initial.server}
            label="Registry server"
            placeholder="ghcr.io"
            hint="e.g. ghcr.io, registry.example.com:5000 or docker.io"
            validate={validateRegistryServer}
            onValue={(v) => (server.current = v)}
          />
        ) : form.current === 'username' ? (
          <SequenceField
            key="username"
            form={form}
            field="username"
            initial={initial.username}
            label="User name"
            validate={validateRegistryUsername}
            onValue={(v) => (username.current = v)}
          />
        ) : (
          <TextField
            key="password"
            label="Password or token"
            mask
            hint="Shown as * while you type. Prefer a token that may only push images."
            validate={validateRegistryPassword}
            onSubmit={(password) => onDone({ kind: 'private', server: server.current, username: username.current, password })}
          />
        )}
      </Box>
      <KeyHints hints={[['Enter', 'next'], BACK_HINT, QUIT_HINT]} />
    </Box>
  );
}
