import type { V1Secret } from '@kubernetes/client-node';
import type { CertFinding } from '../../../shared/certs/index.js';
import { checkArnMatchesRegion, validateRoleArn, type RoleArn } from '../../../platform/validate/aws.js';
import { analyzeDockerConfig, parseAwsCredentialsIni, parseEcrHost, type RegistryProblem } from '../../../shared/registry/index.js';
import { decodeSecretData } from '../../../shared/secrets/index.js';
import { assessSigningSecret } from '../../../shared/signing/index.js';
import {
  CLIENT_CERTS_SECRET,
  DAEMON_CERTS_SECRET,
  LICENSE_SECRET,
  PAYLOAD_SECRET,
  REGISTRY_SECRET,
  TOOL,
  replaceSecretHint,
  secretCreateCommand,
} from '../commands.js';
import type { DoctorContext } from '../context.js';
import { stringValue } from '../../../shared/release/release.js';
import { fail, notApplicable, pass, plural, warn } from '../result.js';
import type { Check, CheckResult } from '../types.js';
import { startEarly } from '../../../platform/startEarly.js';
import { buildSecretsKeyDefaultOf } from '../generation.js';
import { shellCommand } from '../../../platform/shellQuote.js';
import { validateSecretName } from '../../../platform/validate/kubeNames.js';

/** Key names and sizes: the only things about a secret's content a report may show. */
export function describeKeys(data: Record<string, Buffer>): string[] {
  const keys = Object.keys(data).sort();
  return keys.length ? keys.map((k) => `key ${k}: ${data[k]!.length} bytes`) : ['no keys'];
}

/** Helm values when a release exists and helm works; the secret checks still run without them. */
async function valuesOrUndefined(ctx: DoctorContext) {
  return ctx.releaseValues().catch(() => undefined);
}

/** A secret name read from the release goes into commands users paste: anything but a valid name gets no command. */
function invalidNameFromValues(field: string, name: string): CheckResult | undefined {
  const v = validateSecretName(name);
  if (v.ok) return undefined;
  return fail(`${field} in the release's values is not a valid secret name: ${v.message}`, [], {
    hint: `Set ${field} in custom-values.yaml to the name of the secret, then upgrade the release.`,
  });
}

function missingSecret(name: string, ctx: DoctorContext, why: string): CheckResult {
  return fail(`Secret ${name} does not exist in namespace ${ctx.namespace}.`, [], {
    hint: `${why} Create it (${TOOL} install --namespace ${ctx.namespace} does), and the pod picks it up on its next start.`,
    fix: secretCreateCommand(name, ctx.namespace),
  });
}

/** A required key is absent: say which keys are there, since a wrong --from-file name is the usual cause. */
function missingKey(
  secret: string,
  key: string,
  data: Record<string, Buffer>,
  ctx: DoctorContext,
  s?: V1Secret,
  fix = secretCreateCommand(secret, ctx.namespace),
): CheckResult {
  const wrongType = s?.type === 'kubernetes.io/dockerconfigjson' && key === 'config.json';
  return fail(`Secret ${secret} has no key ${key}.`, [`type ${s?.type ?? 'Opaque'}`, ...describeKeys(data)], {
    hint: wrongType
      ? `It was created with kubectl create secret docker-registry, which stores .dockerconfigjson; the chart mounts the key config.json. ${replaceSecretHint(secret, ctx.namespace)}`
      : `The chart reads the file named ${key} from this secret (the name given to --from-file becomes the key). Delete it (kubectl delete secret ${secret} -n ${ctx.namespace}) and create it again with the command below.`,
    fix,
  });
}

/** Findings of the content analysers (registry, signing, AWS): all share this shape. */
type ContentProblem = Pick<RegistryProblem, 'severity' | 'code' | 'message' | 'hint'>;

function fromProblems(
  secret: string,
  problems: ContentProblem[],
  evidence: string[],
  ok: string,
  ctx: DoctorContext,
  replaceHint = replaceSecretHint(secret, ctx.namespace),
): CheckResult {
  if (!problems.length) return pass(ok, evidence);
  const failing = problems.filter((p) => p.severity === 'fail');
  const top = failing[0] ?? problems[0]!;
  const result = failing.length ? fail : warn;
  const more = problems.length > 1 ? problems.map((p) => `${p.severity}: ${p.message}`) : [];
  return result(`${secret}: ${top.message}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`, [...evidence, ...more], {
    hint: `${top.hint} ${replaceHint}`,
    fix: secretCreateCommand(secret, ctx.namespace),
  });
}

export const licenseSecret: Check = {
  id: 'secrets.license',
  category: 'Secrets',
  description: `license secret ${LICENSE_SECRET}`,
  needs: ['cluster.namespace'],
  async run(ctx) {
    const s = await ctx.secret(LICENSE_SECRET);
    if (!s) return missingSecret(LICENSE_SECRET, ctx, 'The pro-builder will not start without its OpenFaaS Pro license.');
    const data = decodeSecretData(s);
    const value = data['license'];
    if (!value) return missingKey(LICENSE_SECRET, 'license', data, ctx, s);
    if (!value.toString('utf8').trim()) {
      return fail(`Secret ${LICENSE_SECRET} has an empty license.`, describeKeys(data), {
        hint: replaceSecretHint(LICENSE_SECRET, ctx.namespace),
        fix: secretCreateCommand(LICENSE_SECRET, ctx.namespace),
      });
    }
    return pass(`${LICENSE_SECRET} holds a license (${value.length} bytes).`, describeKeys(data));
  },
};

export const payloadSecret: Check = {
  id: 'secrets.payload',
  category: 'Secrets',
  description: `signing secret ${PAYLOAD_SECRET}`,
  needs: ['cluster.namespace'],
  async run(ctx) {
    const s = await ctx.secret(PAYLOAD_SECRET);
    if (!s)
      return missingSecret(PAYLOAD_SECRET, ctx, 'Requests to the builder are signed with it (HMAC); the pod will not start without it.');
    const data = decodeSecretData(s);
    const value = data[PAYLOAD_SECRET];
    if (!value) return missingKey(PAYLOAD_SECRET, PAYLOAD_SECRET, data, ctx, s);
    // Not "re-run install": it keeps a secret that exists and would copy its bad bytes into payload.txt.
    const rotate = `The command below writes a new payload.txt (the old one is kept beside it), replaces ${PAYLOAD_SECRET} and restarts the builder; give build clients the new payload.txt.`;
    return fromProblems(
      PAYLOAD_SECRET,
      assessSigningSecret(value),
      describeKeys(data),
      `${PAYLOAD_SECRET} holds a signing secret (${value.length} bytes, no surrounding whitespace).`,
      ctx,
      rotate,
    );
  },
};

/** The ECR registry IRSA or a shared credentials file points at, as far as it can be known. */
async function ecrExpectation(ctx: DoctorContext): Promise<{ expected: boolean; accountId?: string; role?: RoleArn; why?: string }> {
  const values = await valuesOrUndefined(ctx);
  const awsSecret = stringValue(values, 'awsCredentialsSecret');
  const sa = stringValue(values, 'serviceAccount');
  if (!awsSecret && !sa) return { expected: false };
  let accountId: string | undefined;
  let role: RoleArn | undefined;
  if (sa) {
    const arn = (await ctx.serviceAccount(sa).catch(() => undefined))?.metadata?.annotations?.['eks.amazonaws.com/role-arn'];
    const parsed = arn ? validateRoleArn(arn) : undefined;
    if (parsed?.ok) {
      accountId = parsed.value.accountId;
      role = parsed.value;
    }
  }
  return { expected: true, accountId, role, why: awsSecret ? `awsCredentialsSecret is ${awsSecret}` : `serviceAccount is ${sa} (IRSA)` };
}

export const registrySecret: Check = {
  id: 'secrets.registry',
  category: 'Secrets',
  description: `registry push secret ${REGISTRY_SECRET}`,
  needs: ['cluster.namespace'],
  async run(ctx) {
    const s = await ctx.secret(REGISTRY_SECRET);
    if (!s)
      return missingSecret(
        REGISTRY_SECRET,
        ctx,
        'The builder pushes images with the credentials in it; the pod will not start without it.',
      );
    const data = decodeSecretData(s);
    const value = data['config.json'];
    if (!value) return missingKey(REGISTRY_SECRET, 'config.json', data, ctx, s);
    const analysis = analyzeDockerConfig(value.toString('utf8'));
    const auths = analysis.hosts.filter((h) => !(h in analysis.credHelpers));
    const evidence = [
      ...describeKeys(data),
      `auths: ${auths.length ? auths.join(', ') : '(none)'}`,
      ...Object.entries(analysis.credHelpers).map(([host, helper]) => `credHelpers: ${host} → ${helper}`),
      ...(analysis.credsStore ? [`credsStore: ${analysis.credsStore}`] : []),
    ];
    const problems = [...analysis.problems];
    const ecr = await ecrExpectation(ctx);
    if (ecr.expected && analysis.ok) {
      const ecrHosts = analysis.hosts.filter((h) => parseEcrHost(h));
      if (!ecrHosts.length) {
        problems.push({
          severity: 'warn',
          code: 'ecr-host-missing',
          message: `The release pushes to ECR (${ecr.why}) but config.json names no ECR registry.`,
          hint: 'Add "credHelpers": {"<account>.dkr.ecr.<region>.amazonaws.com": "ecr-login"} (faas-cli registry-login --ecr writes it).',
        });
      }
      const mismatch =
        ecr.role &&
        ecrHosts
          .map((h) => parseEcrHost(h)!.region)
          .map((r) => checkArnMatchesRegion(ecr.role!, r))
          .find((v) => !v.ok);
      if (mismatch && !mismatch.ok) {
        problems.push({
          severity: 'fail',
          code: 'ecr-partition-mismatch',
          message: mismatch.message,
          hint: "IAM roles work only inside their own partition: use a role of the registry's partition.",
        });
      } else if (ecrHosts.length && ecr.accountId && !ecrHosts.some((h) => parseEcrHost(h)?.accountId === ecr.accountId)) {
        problems.push({
          severity: 'warn',
          code: 'ecr-account-mismatch',
          message: `config.json's ECR registries (${ecrHosts.join(', ')}) are not in account ${ecr.accountId}, the IRSA role's account.`,
          hint: 'Point credHelpers at the account the role can push to, or check the role ARN.',
        });
      }
    }
    return fromProblems(
      REGISTRY_SECRET,
      problems,
      evidence,
      `${REGISTRY_SECRET} holds a usable config.json (${plural(analysis.hosts.length, 'registry', 'registries')}).`,
      ctx,
    );
  },
};

let certificateAudit: Promise<typeof import('../../../shared/certs/audit.js')> | undefined;
function loadCertificateAudit() {
  // Not awaited when the check returns early.
  certificateAudit ??= startEarly(import('../../../shared/certs/audit.js'));
  return certificateAudit;
}

export const certificateSecrets: Check = {
  id: 'secrets.certificates',
  category: 'Secrets',
  description: 'BuildKit mTLS certificates',
  needs: ['cluster.namespace'],
  async run(ctx) {
    // The X.509 reader (node-forge underneath) is loaded while the secrets are read, not at start-up.
    const audit = loadCertificateAudit();
    const generation = await ctx.chartGeneration().catch(() => undefined);
    if (generation === 'socket')
      return notApplicable('Not used: this chart connects pro-builder to BuildKit over a unix socket (chart 0.6.0 and later).');
    const [daemon, client] = await Promise.all([ctx.secret(DAEMON_CERTS_SECRET), ctx.secret(CLIENT_CERTS_SECRET)]);
    if (generation === undefined && !daemon && !client) {
      return notApplicable('Not checked: the chart version is unknown and neither certificate secret exists.');
    }
    const { auditCertificateSecrets } = await audit;
    const findings: CertFinding[] = auditCertificateSecrets(
      { daemon: daemon ? decodeSecretData(daemon) : undefined, client: client ? decodeSecretData(client) : undefined },
      ctx.now,
    );
    const evidence = [
      ...(daemon ? describeKeys(decodeSecretData(daemon)).map((k) => `${DAEMON_CERTS_SECRET} ${k}`) : []),
      ...(client ? describeKeys(decodeSecretData(client)).map((k) => `${CLIENT_CERTS_SECRET} ${k}`) : []),
    ];
    if (!findings.length) {
      return pass(
        `${DAEMON_CERTS_SECRET} and ${CLIENT_CERTS_SECRET} are valid: keys match, one CA, server IP SAN 127.0.0.1, valid for more than 30 days.`,
        evidence,
      );
    }
    const failing = findings.filter((f) => f.severity === 'fail');
    const top = failing[0] ?? findings[0]!;
    return (failing.length ? fail : warn)(
      `${top.message}${findings.length > 1 ? ` (+${findings.length - 1} more)` : ''}`,
      [...evidence, ...findings.map((f) => `${f.severity}: ${f.message}`)],
      {
        hint: top.hint,
        fix: shellCommand([TOOL, 'rotate', 'certs', '--namespace', ctx.namespace]),
      },
    );
  },
};

export const awsCredentialsSecret: Check = {
  id: 'secrets.aws-credentials',
  category: 'Secrets',
  description: 'AWS shared credentials for ECR',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const name = stringValue(await valuesOrUndefined(ctx), 'awsCredentialsSecret');
    if (!name) return notApplicable('Not used: the release does not set awsCredentialsSecret.');
    const invalid = invalidNameFromValues('awsCredentialsSecret', name);
    if (invalid) return invalid;
    const s = await ctx.secret(name);
    if (!s) return missingSecret(name, ctx, 'awsCredentialsSecret names it, so the pod mounts it and will not start without it.');
    const data = decodeSecretData(s);
    // The chart points AWS_SHARED_CREDENTIALS_FILE at /var/secrets/aws-credentials/<secret name>.
    const value = data[name];
    if (!value) return missingKey(name, name, data, ctx, s);
    const ini = parseAwsCredentialsIni(value.toString('utf8'));
    // The chart sets no AWS_PROFILE, so the SDK reads [default].
    return fromProblems(
      name,
      ini.problems,
      [...describeKeys(data), `profiles: ${ini.profiles.join(', ') || '(none)'}`],
      `${name} holds an AWS credentials file with a [default] profile.`,
      ctx,
    );
  },
};

export const buildSecretsKey: Check = {
  id: 'secrets.build-secrets-key',
  category: 'Secrets',
  description: 'build secrets private key',
  needs: ['cluster.namespace'],
  async run(ctx) {
    const values = await valuesOrUndefined(ctx);
    const name = stringValue(values, 'buildSecrets.privateKeySecret');
    if (!name) return notApplicable('Not used: the release does not set buildSecrets.privateKeySecret.');
    const invalid = invalidNameFromValues('buildSecrets.privateKeySecret', name);
    if (invalid) return invalid;
    // Computed values carry the chart's default; without them, the release's chart version says it.
    const key =
      stringValue(values, 'buildSecrets.privateKeyKey') ??
      buildSecretsKeyDefaultOf((await ctx.release().catch(() => undefined))?.chartVersion);
    const s = await ctx.secret(name);
    if (!s) {
      return fail(`Secret ${name} (buildSecrets.privateKeySecret) does not exist in namespace ${ctx.namespace}.`, [], {
        hint: 'The pod mounts it and will not start without it: create it from the nacl/box private key, or clear buildSecrets.privateKeySecret.',
        fix: shellCommand(['kubectl', 'create', 'secret', 'generic', name, '--from-file', `${key}=./key`, '-n', ctx.namespace]),
      });
    }
    const data = decodeSecretData(s);
    if (!data[key]?.length)
      return missingKey(
        name,
        key,
        data,
        ctx,
        s,
        shellCommand(['kubectl', 'create', 'secret', 'generic', name, '--from-file', `${key}=./key`, '-n', ctx.namespace]),
      );
    return pass(`${name} holds the build secrets key under ${key}.`, describeKeys(data));
  },
};
