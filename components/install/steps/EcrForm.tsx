import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { RegistryAnswer } from '../../../src/shared/registry/answer.js';
import { awsCredentialsIni, ecrRegistryHost } from '../../../src/shared/registry/index.js';
import { validateAwsAccessKeyId, validateAwsSecretAccessKey } from '../../../src/platform/validate/index.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { TextField } from '../../widgets/TextField.js';
import { AwsLocationField } from './AwsLocationField.js';
import { useAwsLocation } from './useAwsLocation.js';
import { SequenceField } from './SequenceField.js';
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
  const aws = useAwsLocation(initial);
  const { accountId, region } = aws;
  const keyId = useRef('');
  return (
    <Box flexDirection="column">
      <Text>Amazon ECR with an access key: the builder's pod uses it to get push tokens.</Text>
      {form.isDone('accountId') ? <Text dimColor>Account: {accountId}</Text> : null}
      {form.isDone('region') ? <Text dimColor>Registry: {ecrRegistryHost(accountId, region)}</Text> : null}
      {form.isDone('accessKeyId') ? <Text dimColor>Access key id: {keyId.current}</Text> : null}
      <Box marginTop={1}>
        {form.current === 'accountId' || form.current === 'region' ? (
          <AwsLocationField key={form.current} form={form} field={form.current} initial={initial[form.current]} onValue={aws.set} />
        ) : form.current === 'accessKeyId' ? (
          <SequenceField
            key="accessKeyId"
            form={form}
            field="accessKeyId"
            label="AWS access key id"
            placeholder="AKIA…"
            hint="The key needs a policy that allows pushing to ECR."
            validate={validateAwsAccessKeyId}
            onValue={(v) => (keyId.current = v)}
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
                accountId,
                region,
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
