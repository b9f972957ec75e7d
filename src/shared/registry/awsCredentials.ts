import { validateAwsAccessKeyId, validateAwsSecretAccessKey } from '../../platform/validate/aws.js';
import { quoteInput } from '../../platform/validate/result.js';
import type { RegistryProblem } from './types.js';

/**
 * The AWS shared credentials file the chart mounts for awsCredentialsSecret. The pro-builder does
 * not set AWS_PROFILE, so the SDK inside it reads the [default] profile.
 */
export function awsCredentialsIni(accessKeyId: string, secretAccessKey: string, profile = 'default'): string {
  // A line break or bracket would start a new line or section and corrupt the file.
  for (const [what, value] of [
    ['profile name', profile],
    ['access key id', accessKeyId],
    ['secret access key', secretAccessKey],
  ] as const) {
    if (/[\r\n[\]]/.test(value) || value.trim() === '') throw new Error(`The AWS ${what} is empty or contains a line break or bracket.`);
  }
  return `[${profile}]\naws_access_key_id = ${accessKeyId.trim()}\naws_secret_access_key = ${secretAccessKey.trim()}\n`;
}

export interface AwsCredentialsAnalysis {
  ok: boolean;
  profiles: string[];
  hasDefault: boolean;
  problems: RegistryProblem[];
}

const SECTION = /^\[\s*([^\]]*?)\s*\]$/;
const KEY_VALUE = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/;
const HINT_FORMAT = 'The file needs a [default] section with aws_access_key_id = ... and aws_secret_access_key = ... lines.';

function lineList(lines: number[]): string {
  const shown = lines.slice(0, 5).join(', ');
  return lines.length > 5 ? `${shown} and ${lines.length - 5} more` : shown;
}

/**
 * Checks an AWS credentials file without ever repeating a value: messages name profiles, keys
 * and line numbers only.
 */
export function parseAwsCredentialsIni(text: string): AwsCredentialsAnalysis {
  const source = typeof text === 'string' ? text.replace(/^\uFEFF/, '') : '';
  const profiles: string[] = [];
  const values = new Map<string, Map<string, string>>();
  const badLines: number[] = [];
  let current: Map<string, string> | undefined;
  let lastKeyEmpty = false;

  source.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    // An indented line after "key =" is a nested setting (as in s3 = ...): allowed, ignored.
    if (/^\s/.test(raw) && lastKeyEmpty && current) return;
    const section = SECTION.exec(line);
    if (section) {
      const name = section[1] ?? '';
      if (name === '') {
        badLines.push(index + 1);
        current = undefined;
        return;
      }
      if (!values.has(name)) {
        values.set(name, new Map());
        profiles.push(name);
      }
      current = values.get(name);
      lastKeyEmpty = false;
      return;
    }
    const kv = KEY_VALUE.exec(line);
    if (kv && current) {
      const value = (kv[2] ?? '').trim();
      current.set((kv[1] ?? '').toLowerCase(), value);
      lastKeyEmpty = value === '';
      return;
    }
    badLines.push(index + 1);
  });

  const problems: RegistryProblem[] = [];
  const fail = (code: string, message: string, hint = HINT_FORMAT) => problems.push({ severity: 'fail', code, message, hint });

  if (profiles.length === 0) {
    fail(
      'ini-unparsable',
      source.trim() === '' ? 'The AWS credentials file is empty.' : 'The AWS credentials file has no [profile] sections.',
    );
    return { ok: false, profiles, hasDefault: false, problems };
  }
  if (badLines.length > 0) {
    fail(
      'ini-unparsable',
      `The AWS credentials file has lines that are neither a [section], a key = value pair nor a comment (line ${lineList(badLines)}).`,
    );
  }

  const profile = values.get('default');
  if (!profile) {
    const names = profiles
      .slice(0, 3)
      .map((p) => quoteInput(p))
      .join(', ');
    fail(
      'no-default-profile',
      `The AWS credentials file has no [default] profile (it has ${names}), and the pro-builder only reads [default].`,
      'Rename the profile to [default], or write a file holding just the credentials for pushing to ECR.',
    );
  } else {
    const keyId = profile.get('aws_access_key_id');
    const secret = profile.get('aws_secret_access_key');
    if (!keyId) fail('missing-access-key-id', 'The [default] profile has no aws_access_key_id.');
    else if (!validateAwsAccessKeyId(keyId).ok) {
      fail(
        'bad-access-key-id',
        `The aws_access_key_id in [default] (${keyId.length} characters) is not an AWS access key id, which is 20 characters starting with AKIA or ASIA.`,
        'Copy the access key id again from the IAM console.',
      );
    }
    if (!secret) fail('missing-secret-access-key', 'The [default] profile has no aws_secret_access_key.');
    else if (!validateAwsSecretAccessKey(secret).ok) {
      fail(
        'bad-secret-access-key',
        `The aws_secret_access_key in [default] (${secret.length} characters) is not an AWS secret access key, which is 40 characters.`,
        'Copy the secret access key again; it is shown only when the key is created.',
      );
    }
    if (keyId?.startsWith('ASIA')) {
      if (!profile.get('aws_session_token')) {
        fail(
          'missing-session-token',
          'The [default] profile holds temporary (ASIA) credentials but no aws_session_token, without which AWS refuses them.',
          'Use a long-lived IAM user key (AKIA...), or IRSA on EKS.',
        );
      } else {
        problems.push({
          severity: 'warn',
          code: 'temporary-credentials',
          message: 'The [default] profile holds temporary (ASIA) credentials, which stop working when their session expires.',
          hint: 'Use a long-lived IAM user key (AKIA...), or IRSA on EKS, so pushes keep working.',
        });
      }
    }
  }

  return { ok: !problems.some((p) => p.severity === 'fail'), profiles, hasDefault: values.has('default'), problems };
}
