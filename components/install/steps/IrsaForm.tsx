import { Box, Text } from 'ink';
import { useRef } from 'react';
import { resolve } from 'node:path';
import type { RegistryAnswer } from '../../../src/shared/registry/answer.js';
import { awsPartitionForRegion, ecrIamPolicyJson, ecrRegistryHost } from '../../../src/shared/registry/index.js';
import {
  podIdentityAssociationCommand,
  podIdentityTrustPolicyJson,
  validateEksClusterName,
} from '../../../src/shared/registry/podIdentity.js';
import { IRSA_SERVICE_ACCOUNT } from '../../../src/shared/secrets/index.js';
import { accept, expandHome, reject, validateRoleArn, type Validation } from '../../../src/platform/validate/index.js';
import { useServices } from '../../services/ServicesContext.js';
import { ChoiceList } from '../../widgets/ChoiceList.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { TextField } from '../../widgets/TextField.js';
import { AwsLocationField } from './AwsLocationField.js';
import { useAwsLocation } from './useAwsLocation.js';
import { SequenceField } from './SequenceField.js';
import { useFieldSequence } from '../useFieldSequence.js';

export interface IrsaFormProps {
  initial?: { accountId?: string; region?: string; roleArn?: string; policyFile?: string; clusterName?: string };
  namespace: string;
  /** EKS Pod Identity instead of IRSA: asks for the cluster name and shows the association command. */
  podIdentity?: boolean;
  onDone(r: Extract<RegistryAnswer, { kind: 'ecr-irsa' }>): void;
  onBack(): void;
}

const IRSA_FIELDS = ['accountId', 'region', 'roleArn', 'policy', 'policyFile'] as const;
const POD_IDENTITY_FIELDS = ['accountId', 'region', 'roleArn', 'clusterName', 'policy', 'policyFile'] as const;
type Field = (typeof POD_IDENTITY_FIELDS)[number];

/**
 * Amazon ECR through IRSA: no keys at all, the pod's service account assumes an IAM role. Shows
 * the policy that role needs and offers to save it, since the role must exist before pushes work.
 */
export function IrsaForm({ initial = {}, namespace, podIdentity = false, onDone, onBack }: IrsaFormProps) {
  const { flagIo } = useServices();
  const form = useFieldSequence<Field>(podIdentity ? POD_IDENTITY_FIELDS : IRSA_FIELDS, onBack);
  const cluster = useRef(initial.clusterName ?? '');
  const aws = useAwsLocation(initial);
  const { accountId, region } = aws;
  const role = useRef<{ arn: string; accountId: string }>({ arn: initial.roleArn ?? '', accountId: '' });
  const policy = ecrIamPolicyJson();

  const finish = (policyFile?: string) =>
    onDone({
      kind: 'ecr-irsa',
      accountId,
      region,
      roleArn: role.current.arn,
      policyFile,
      ...(podIdentity ? { podIdentity: { clusterName: cluster.current } } : {}),
    });

  // Only the path is checked here: the file is written at apply, after the review showed it.
  const choosePolicyFile = (raw: string): Validation<string> => {
    if (raw.trim() === '') return reject('The policy file path is empty; give a path such as ./pro-builder-ecr-policy.json.');
    return accept(resolve(expandHome(raw.trim(), flagIo.homeDir)));
  };

  const otherAccount = role.current.accountId && role.current.accountId !== accountId;
  return (
    <Box flexDirection="column">
      {podIdentity ? (
        <Text>
          Amazon ECR with EKS Pod Identity: an association gives service account {namespace}/{IRSA_SERVICE_ACCOUNT} an IAM role; no keys are
          stored.
        </Text>
      ) : (
        <Text>
          Amazon ECR with IRSA: service account {namespace}/{IRSA_SERVICE_ACCOUNT} is annotated with an IAM role; no keys are stored.
        </Text>
      )}
      {form.isDone('accountId') ? <Text dimColor>Account: {accountId}</Text> : null}
      {form.isDone('region') ? <Text dimColor>Registry: {ecrRegistryHost(accountId, region)}</Text> : null}
      {form.isDone('roleArn') ? <Text dimColor>Role: {role.current.arn}</Text> : null}
      {podIdentity && form.isDone('clusterName') ? <Text dimColor>EKS cluster: {cluster.current}</Text> : null}
      {form.isDone('roleArn') && otherAccount ? (
        <Text color="yellow">
          ! The role is in account {role.current.accountId}, not {accountId}; it then needs cross-account access to the registry.
        </Text>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        {form.current === 'accountId' || form.current === 'region' ? (
          <AwsLocationField key={form.current} form={form} field={form.current} initial={initial[form.current]} onValue={aws.set} />
        ) : form.current === 'roleArn' ? (
          <SequenceField
            key="roleArn"
            form={form}
            field="roleArn"
            initial={initial.roleArn}
            label="IAM role ARN"
            placeholder={`arn:${awsPartitionForRegion(region)}:iam::${accountId || '123456789012'}:role/pro-builder-ecr`}
            validate={validateRoleArn}
            onValue={(v) => (role.current = { arn: v.arn, accountId: v.accountId })}
          />
        ) : form.current === 'clusterName' ? (
          <SequenceField
            key="clusterName"
            form={form}
            field="clusterName"
            initial={initial.clusterName}
            label="EKS cluster name"
            hint="The cluster the pod identity association is made in (aws eks list-clusters)."
            validate={validateEksClusterName}
            onValue={(v) => (cluster.current = v)}
          />
        ) : form.current === 'policy' ? (
          <>
            {podIdentity ? (
              <>
                <Text>The role needs this policy:</Text>
                <Text dimColor>{policy.trimEnd()}</Text>
                <Text>and this trust policy, so the EKS Pod Identity agent may assume it:</Text>
                <Text dimColor>{podIdentityTrustPolicyJson().trimEnd()}</Text>
                <Text>Then associate it with the service account (the EKS Pod Identity Agent add-on must be installed):</Text>
                <Text color="cyan">
                  {podIdentityAssociationCommand({
                    clusterName: cluster.current,
                    namespace,
                    serviceAccount: IRSA_SERVICE_ACCOUNT,
                    roleArn: role.current.arn,
                    region,
                  })}
                </Text>
              </>
            ) : (
              <>
                <Text>
                  The role needs this policy, and a trust policy for {namespace}/{IRSA_SERVICE_ACCOUNT} on the cluster's OIDC provider:
                </Text>
                <Text dimColor>{policy.trimEnd()}</Text>
              </>
            )}
            <Box marginTop={1}>
              <ChoiceList<'continue' | 'write'>
                choices={[
                  { value: 'continue', label: 'Continue without saving the policy' },
                  { value: 'write', label: 'Save the policy to a file (written when you apply)' },
                ]}
                onSubmit={(c) => (c === 'continue' ? finish() : form.advance('policy', ''))}
              />
            </Box>
          </>
        ) : (
          <TextField
            key="policyFile"
            label="Save the policy as"
            defaultValue={form.values.policyFile ?? initial.policyFile ?? './pro-builder-ecr-policy.json'}
            hint="Written when you apply, after the review lists it."
            validate={choosePolicyFile}
            onSubmit={(path) => finish(path)}
          />
        )}
      </Box>
      <KeyHints hints={[['Enter', 'next'], BACK_HINT, QUIT_HINT]} />
    </Box>
  );
}
