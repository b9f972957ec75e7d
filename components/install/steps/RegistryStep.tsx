import { Box, Text } from 'ink';
import { useState } from 'react';
import type { RegistryAnswer } from '../../../src/shared/registry/answer.js';
import type { RecoveredRegistry } from '../../../src/shared/registry/recover.js';
import { ChoiceList, type Choice } from '../../widgets/ChoiceList.js';
import { BACK_HINT, KeyHints, QUIT_HINT } from '../../widgets/KeyHints.js';
import { useBackKey } from '../../hooks/useBackKey.js';
import { DockerConfigImport } from './DockerConfigImport.js';
import { EcrForm } from './EcrForm.js';
import { IrsaForm } from './IrsaForm.js';
import { PrivateRegistryForm } from './PrivateRegistryForm.js';

/** Values given as flags that were not enough on their own: they pre-fill the forms. */
export interface RegistryPrefill {
  kind?: Kind;
  server?: string;
  username?: string;
  dockerConfig?: string;
  accountId?: string;
  region?: string;
  roleArn?: string;
  policyFile?: string;
  clusterName?: string;
}

export interface RegistryStepProps {
  prefill?: RegistryPrefill;
  /** What the cluster's current install uses: highlighted, and its values fill the forms flags leave empty. */
  current?: RecoveredRegistry;
  namespace: string;
  onAnswer(r: RegistryAnswer): void;
  onBack?: () => void;
}

/** The answer kinds, and ecr-pod-identity: an ecr-irsa answer whose role comes from EKS Pod Identity. */
type Kind = RegistryAnswer['kind'] | 'ecr-pod-identity';

const CHOICES: Choice<Kind>[] = [
  { value: 'ttlsh', label: 'ttl.sh', hint: 'anonymous and free; images expire (for trying it out)' },
  { value: 'private', label: 'A private registry', hint: 'server, user name and password or token' },
  { value: 'docker-config', label: 'Import a Docker config.json', hint: 'from docker login or faas-cli registry-login' },
  { value: 'ecr', label: 'Amazon ECR with an access key', hint: 'a shared AWS credential' },
  { value: 'ecr-irsa', label: 'Amazon ECR with IRSA', hint: 'an IAM role for the service account, on EKS' },
  { value: 'ecr-pod-identity', label: 'Amazon ECR with EKS Pod Identity', hint: 'an IAM role associated with the service account, on EKS' },
];

/** Flags first; the current install's values where no flag was given. */
function formValues(flags: RegistryPrefill, current: RecoveredRegistry | undefined): RegistryPrefill {
  const { kind: _kind, ...fromCluster } = current ?? {};
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return { ...fromCluster, ...given };
}

/** The choices, the current install's marked "in use now" (with its server, for a private registry). */
function choicesFor(current: RecoveredRegistry | undefined): Choice<Kind>[] {
  if (!current) return CHOICES;
  return CHOICES.map((c) =>
    c.value === current.kind ? { ...c, hint: `in use now${current.server ? `: ${current.server}` : ''} · ${c.hint}` } : c,
  );
}

/**
 * Where built images are pushed. ttl.sh needs nothing more; each other choice opens its form. A
 * choice given by flags opens its form at once; the current install's choice is only highlighted.
 */
export function RegistryStep({ prefill = {}, current, namespace, onAnswer, onBack }: RegistryStepProps) {
  const [kind, setKind] = useState<Kind | undefined>(prefill.kind && prefill.kind !== 'ttlsh' ? prefill.kind : undefined);
  useBackKey(onBack, kind === undefined);
  const leave = () => setKind(undefined);
  const values = formValues(prefill, current);

  switch (kind) {
    case 'private':
      return <PrivateRegistryForm initial={values} onDone={onAnswer} onBack={leave} />;
    case 'docker-config':
      return <DockerConfigImport initialPath={values.dockerConfig} onDone={onAnswer} onBack={leave} />;
    case 'ecr':
      return <EcrForm initial={values} onDone={onAnswer} onBack={leave} />;
    case 'ecr-irsa':
      return <IrsaForm initial={values} namespace={namespace} onDone={onAnswer} onBack={leave} />;
    case 'ecr-pod-identity':
      return <IrsaForm initial={values} namespace={namespace} podIdentity onDone={onAnswer} onBack={leave} />;
    default:
      return (
        <Box flexDirection="column">
          <Text bold>Which registry should the builder push images to?</Text>
          <ChoiceList<Kind>
            choices={choicesFor(current)}
            defaultValue={prefill.kind ?? current?.kind}
            onSubmit={(k) => (k === 'ttlsh' ? onAnswer({ kind: 'ttlsh' }) : setKind(k))}
          />
          <KeyHints hints={[['↑/↓', 'move'], ['Enter', 'choose'], ...(onBack ? [BACK_HINT] : []), QUIT_HINT]} />
        </Box>
      );
  }
}
