import { IRSA_FS_GROUP } from '../../../shared/chart/generations.js';
import { IRSA_ROLE_ANNOTATION } from '../../../shared/secrets/index.js';
import { validateRoleArn } from '../../../platform/validate/aws.js';
import { helmSetCommand, restartCommand } from '../commands.js';
import { chartTooOldFor } from '../generation.js';
import type { DoctorContext } from '../context.js';
import { audiences, decodeJwtClaims, EKS_ISSUER } from '../jwt.js';
import { podName } from '../kubeShapes.js';
import { stringValue } from '../../../shared/release/release.js';
import { fail, notApplicable, pass, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';
import { shellCommand, shellQuote } from '../../../platform/shellQuote.js';
import type { V1Pod } from '@kubernetes/client-node';

export const ROLE_ARN_ANNOTATION = IRSA_ROLE_ANNOTATION;
/** The pod identity webhook mints the projected token for this audience instead of sts.amazonaws.com. */
export const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';
const STS_AUDIENCE = 'sts.amazonaws.com';
/** EKS Pod Identity (IRSA's successor): the agent's token audience, and the env its webhook injects. */
const POD_IDENTITY_AUDIENCE = 'pods.eks.amazonaws.com';
const POD_IDENTITY_ENV = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'];

/** Whether EKS Pod Identity injected credentials into the pod: its env, or a projected token for the agent's audience. */
export function usesPodIdentity(p: V1Pod): boolean {
  const c = p.spec?.containers.find((x) => x.name === 'pro-builder') ?? p.spec?.containers[0];
  if ((c?.env ?? []).some((e) => e.name === 'AWS_CONTAINER_CREDENTIALS_FULL_URI')) return true;
  return (p.spec?.volumes ?? []).some((v) =>
    (v.projected?.sources ?? []).some((s) => s.serviceAccountToken?.audience === POD_IDENTITY_AUDIENCE),
  );
}

async function podIdentityInUse(ctx: DoctorContext): Promise<boolean> {
  return (await ctx.pods().catch(() => [] as V1Pod[])).some(usesPodIdentity);
}

async function irsaServiceAccount(ctx: DoctorContext): Promise<string | undefined> {
  return stringValue(await ctx.releaseValues().catch(() => undefined), 'serviceAccount');
}

const NOT_USED = 'Not used: the release does not set serviceAccount (IRSA).';

export const irsaServiceAccountCheck: Check = {
  id: 'irsa.service-account',
  category: 'IRSA',
  description: 'service account and IAM role annotation',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const name = await irsaServiceAccount(ctx);
    if (!name) return notApplicable(NOT_USED);
    const sa = await ctx.serviceAccount(name);
    // Quoted: unquoted, a shell reads <account-id> as a redirect from a file and runs nothing.
    const annotate = shellCommand([
      'kubectl',
      'annotate',
      'serviceaccount',
      name,
      '-n',
      ctx.namespace,
      `${ROLE_ARN_ANNOTATION}=arn:aws:iam::<account-id>:role/<role-name>`,
      '--overwrite',
    ]);
    if (!sa) {
      return fail(`Service account ${name} (values.serviceAccount) does not exist in namespace ${ctx.namespace}.`, [], {
        hint: `Pods cannot be created without it. Create it and annotate it with the IAM role (or use eksctl create iamserviceaccount --name ${name} --namespace ${ctx.namespace} ...).`,
        fix: `kubectl create serviceaccount ${shellQuote(name)} -n ${shellQuote(ctx.namespace)}`,
      });
    }
    const arn = sa.metadata?.annotations?.[ROLE_ARN_ANNOTATION];
    if (!arn && (await podIdentityInUse(ctx))) {
      return pass(`Service account ${name} gets its AWS role from EKS Pod Identity (no ${ROLE_ARN_ANNOTATION} annotation needed).`, [], {
        hint: 'The role is set by a pod identity association (aws eks list-pod-identity-associations), which the Kubernetes API does not show.',
      });
    }
    if (!arn) {
      return fail(`Service account ${name} has no ${ROLE_ARN_ANNOTATION} annotation, so the pod gets no AWS role.`, [], {
        hint: 'Annotate it with the ARN of the IAM role that may push to ECR, then restart the pro-builder (or associate the role with EKS Pod Identity: aws eks create-pod-identity-association).',
        fix: annotate,
      });
    }
    const parsed = validateRoleArn(arn);
    if (!parsed.ok)
      return fail(`The ${ROLE_ARN_ANNOTATION} annotation on ${name} is not a valid role ARN: ${parsed.message}`, [], { fix: annotate });
    return pass(`Service account ${name} is annotated with role ${parsed.value.roleName} in account ${parsed.value.accountId}.`, [
      `${ROLE_ARN_ANNOTATION}: ${parsed.value.arn}`,
    ]);
  },
};

export const irsaToken: Check = {
  id: 'irsa.token',
  category: 'IRSA',
  description: 'projected token claims',
  needs: ['irsa.service-account'],
  async run(ctx) {
    const name = await irsaServiceAccount(ctx);
    if (!name) return notApplicable(NOT_USED);
    const sa = await ctx.serviceAccount(name);
    if (!sa?.metadata?.annotations?.[ROLE_ARN_ANNOTATION] && (await podIdentityInUse(ctx))) {
      return notApplicable(
        'EKS Pod Identity is in use: its agent exchanges the pods.eks.amazonaws.com token, no OIDC identity provider is involved.',
      );
    }
    const expectedAud = sa?.metadata?.annotations?.[AUDIENCE_ANNOTATION] || STS_AUDIENCE;
    const claims = decodeJwtClaims(await ctx.irsaToken(name, expectedAud));
    if (!claims) return fail('The API server returned a token that is not a JWT.', []);
    const expectedSub = `system:serviceaccount:${ctx.namespace}:${name}`;
    const aud = audiences(claims);
    const evidence = [
      `iss ${String(claims.iss)}`,
      `sub ${String(claims.sub)}`,
      `aud ${aud.join(', ') || '(none)'}`,
      ...(typeof claims.exp === 'number' ? [`exp ${new Date(claims.exp * 1000).toISOString()}`] : []),
    ];
    const problems: CheckResult[] = [];
    if (claims.sub !== expectedSub) problems.push(fail(`Token subject is ${String(claims.sub)}, expected ${expectedSub}.`, evidence));
    if (!aud.includes(expectedAud))
      problems.push(
        fail(
          `Token audience does not include ${expectedAud}${expectedAud === STS_AUDIENCE ? '' : ` (from ${AUDIENCE_ANNOTATION})`}.`,
          evidence,
          { hint: 'The API server did not honour the requested audience; check --api-audiences.' },
        ),
      );
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= ctx.now.getTime())
      problems.push(fail("The freshly minted token is already expired: this machine's clock or the API server's is wrong.", evidence));
    if (typeof claims.iss !== 'string' || !EKS_ISSUER.test(claims.iss)) {
      problems.push(
        warn(`The token issuer ${String(claims.iss)} is not an EKS OIDC issuer.`, evidence, {
          hint: "IRSA needs the cluster's OIDC issuer registered in IAM as an identity provider, and the role's trust policy must name it. Outside EKS, the issuer must be publicly reachable for STS.",
        }),
      );
    }
    if (!problems.length) {
      const region = EKS_ISSUER.exec(claims.iss!)?.[1];
      return pass(`Tokens for ${name} are issued by the EKS OIDC issuer${region ? ` in ${region}` : ''} for ${expectedAud}.`, evidence, {
        hint: `The role's trust policy must allow this issuer, subject${expectedAud === STS_AUDIENCE ? '' : ` and audience ${expectedAud}`} (sts:AssumeRoleWithWebIdentity).`,
      });
    }
    problems.sort((a, b) => (a.status === 'fail' ? -1 : 0) - (b.status === 'fail' ? -1 : 0));
    return { ...problems[0]!, evidence: [...evidence, ...problems.slice(1).map((p) => `${p.status}: ${p.summary}`)] };
  },
};

export const irsaPodEnv: Check = {
  id: 'irsa.pod-env',
  category: 'IRSA',
  description: 'pod identity webhook injection',
  needs: ['irsa.service-account'],
  async run(ctx) {
    const name = await irsaServiceAccount(ctx);
    if (!name) return notApplicable(NOT_USED);
    const pods = await ctx.pods();
    if (!pods.length) return notApplicable('No pods to inspect yet.');
    const arn = (await ctx.serviceAccount(name))?.metadata?.annotations?.[ROLE_ARN_ANNOTATION];
    const deployment = await ctx.deploymentName();
    const chartVersion = (await ctx.release().catch(() => undefined))?.chartVersion;
    const tooOld = chartTooOldFor(chartVersion, 'serviceAccount');
    return pods.slice(0, 5).map((p): CheckResult => {
      const item = podName(p);
      const c = p.spec?.containers.find((x) => x.name === 'pro-builder') ?? p.spec?.containers[0];
      const env = new Map((c?.env ?? []).map((e) => [e.name, e.value]));
      const missing = ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'].filter((k) => !env.has(k));
      if (p.spec?.serviceAccountName === name && usesPodIdentity(p)) {
        const absent = POD_IDENTITY_ENV.filter((k) => !env.has(k));
        if (absent.length) {
          return warn(`Pod has the EKS Pod Identity token but no ${absent.join(' or ')} env.`, [], {
            item,
            subject: item,
            hint: 'The eks-pod-identity-agent add-on injects both into pods created after the association; restart the pods.',
            fix: restartCommand(ctx.namespace, deployment),
          });
        }
        return pass(
          'EKS Pod Identity injects AWS_CONTAINER_CREDENTIALS_FULL_URI and its token file.',
          [`AWS_CONTAINER_CREDENTIALS_FULL_URI=${env.get('AWS_CONTAINER_CREDENTIALS_FULL_URI')}`],
          { item, subject: item },
        );
      }
      if (p.spec?.serviceAccountName !== name && tooOld) {
        return fail(
          `Chart ${chartVersion} ignores serviceAccount, so the pod never runs as ${name}: a restart cannot help; chart ${tooOld} adds it.`,
          [],
          {
            item,
            subject: item,
            hint: 'Upgrade the release to a chart that renders serviceAccount (probuilder-setup install does it and shows the changes first).',
            fix: helmSetCommand(ctx.releaseName, ctx.namespace, tooOld, { serviceAccount: name }),
          },
        );
      }
      if (p.spec?.serviceAccountName !== name) {
        return warn(`Pod runs as service account ${p.spec?.serviceAccountName ?? 'default'}, not ${name}.`, [], {
          item,
          subject: item,
          hint: 'It predates the serviceAccount setting: restart it.',
          fix: restartCommand(ctx.namespace, deployment),
        });
      }
      if (missing.length) {
        return warn(`Pod has no ${missing.join(' or ')} env: the EKS pod identity webhook did not inject the role.`, [], {
          item,
          subject: item,
          hint: 'The webhook only acts on pods created after the service account was annotated (or, for EKS Pod Identity, after the association was made), and only on EKS (or where amazon-eks-pod-identity-webhook runs). Restart the pods.',
          fix: restartCommand(ctx.namespace, deployment),
        });
      }
      if (arn && env.get('AWS_ROLE_ARN') !== arn) {
        return warn(`Pod uses role ${env.get('AWS_ROLE_ARN')}, but the service account now names ${arn}.`, [], {
          item,
          subject: item,
          hint: 'Restart the pods to pick up the new role.',
          fix: restartCommand(ctx.namespace, deployment),
        });
      }
      return pass('AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are injected.', [`AWS_ROLE_ARN=${env.get('AWS_ROLE_ARN')}`], {
        item,
        subject: item,
      });
    });
  },
};

export const irsaFsGroup: Check = {
  id: 'irsa.fs-group',
  category: 'IRSA',
  description: 'token file readable (fsGroup)',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const name = await irsaServiceAccount(ctx);
    if (!name) return notApplicable(NOT_USED);
    const d = await ctx.deployment();
    if (!d) return notApplicable('No Deployment to inspect.');
    const fsGroup = d.spec?.template.spec?.securityContext?.fsGroup;
    const chartVersion = (await ctx.release().catch(() => undefined))?.chartVersion;
    const tooOld = chartTooOldFor(chartVersion, 'podSecurityContext');
    if ((fsGroup === undefined || fsGroup === null) && tooOld) {
      return fail(
        `Chart ${chartVersion} does not render the pod securityContext, so the fsGroup IRSA needs cannot be set; chart ${tooOld} adds it.`,
        [],
        {
          hint: 'Upgrade the release to a chart that renders serviceAccount and securityContext (probuilder-setup install does it and shows the changes first).',
          fix: helmSetCommand(ctx.releaseName, ctx.namespace, tooOld, { 'securityContext.fsGroup': IRSA_FS_GROUP }),
        },
      );
    }
    if (fsGroup === undefined || fsGroup === null) {
      return warn(
        'The pod sets no securityContext.fsGroup, so the non-root pro-builder may not be able to read the projected AWS token.',
        [],
        {
          hint: `Set securityContext.fsGroup: ${IRSA_FS_GROUP} in custom-values.yaml and upgrade.`,
          fix: helmSetCommand(ctx.releaseName, ctx.namespace, chartVersion, { 'securityContext.fsGroup': IRSA_FS_GROUP }),
        },
      );
    }
    return pass(`The pod sets fsGroup ${fsGroup}.`, [`securityContext.fsGroup: ${fsGroup}`]);
  },
};
