import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { RegistryAnswer } from '../../../src/shared/registry/answer.js';
import { awsCredentialsIni, ecrRegistryHost } from '../../../src/shared/registry/index.js';
import { validateAwsAccessKeyId, validateAwsSecretAccessKey } from '../../../src/platform/validate/index.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { TextField } from '../../widgets/TextField.js';
import { AwsLocationField, type AwsLocationFieldName } from './AwsLocationField.js';
import { useFieldSequence } from '../useFieldSequence.js';

export interface EcrFormProps {
  initial?: { accountId?: string; region?: string };
  onDone(r: Extract<RegistryAnswer, { kind: 'ecr' }>): void;
  onBack(): void;
}

const FIELDS = ['accountId', 'region', 'accessKeyId', 'secretKey'] as const;

/**
 * Amazon ECR with a shared credential: account and region give the registry host; an access key
 * pair becomes the AWS credentials file the chart mounts. The secret key is typed masked.
 */
export function EcrForm({ initial = {}, onDone, onBack }: EcrFormProps) {
  const form = useFieldSequence(FIELDS, onBack);
  const account = useRef(initial.accountId ?? '');
  const region = useRef(initial.region ?? '');
  const keyId = useRef('');
  return (
    <Box flexDirection="column">
      <Text>Amazon ECR with an access key: the builder's pod uses it to get push tokens.</Text>
      {form.isDone('accountId') ? <Text dimColor>Account: {account.current}</Text> : null}
      {form.isDone('region') ? <Text dimColor>Registry: {ecrRegistryHost(account.current, region.current)}</Text> : null}
      {form.isDone('accessKeyId') ? <Text dimColor>Access key id: {keyId.current}</Text> : null}
      <Box marginTop={1}>
        {form.current === 'accountId' || form.current === 'region' ? (
          <AwsLocationField
            key={form.current}
            field={form.current}
            defaultValue={form.values[form.current] ?? initial[form.current] ?? ''}
            onSubmit={(v, raw) => {
              const field = form.current as AwsLocationFieldName;
              (field === 'accountId' ? account : region).current = v;
              form.advance(field, raw);
            }}
          />
        ) : form.current === 'accessKeyId' ? (
          <TextField
            key="accessKeyId"
            label="AWS access key id"
            defaultValue={form.values.accessKeyId ?? ''}
            placeholder="AKIA…"
            hint="The key needs a policy that allows pushing to ECR."
            validate={validateAwsAccessKeyId}
            onSubmit={(v, raw) => {
              keyId.current = v;
              form.advance('accessKeyId', raw);
            }}
          />
        ) : (
          <TextField
            key="secretKey"
            label="AWS secret access key"
            mask
            hint="Shown as * while you type."
            validate={validateAwsSecretAccessKey}
            onSubmit={(secret) =>
              onDone({
                kind: 'ecr',
                accountId: account.current,
                region: region.current,
                credentialsIni: awsCredentialsIni(keyId.current, secret),
              })
            }
          />
        )}
      </Box>
      <KeyHints hints={[['Enter', 'next'], BACK_HINT, QUIT_HINT]} />
    </Box>
  );
}
