import { quoteInput } from '../../platform/validate/result.js';
import { isLoopbackRegistry, loopbackRegistryWarning } from './loopback.js';
import { ECR_LOGIN_HELPER, parseEcrHost } from './ecr.js';
import type { DockerAuthEntry, DockerConfig, RegistryProblem } from './types.js';

export interface DockerConfigAnalysis {
  /** True when nothing has severity "fail": the file will work inside the pro-builder Pod. */
  ok: boolean;
  config?: DockerConfig;
  /** Every registry the file covers: auths keys, then credHelpers keys, without repeats. */
  hosts: string[];
  credHelpers: Record<string, string>;
  credsStore?: string;
  problems: RegistryProblem[];
}

export interface DockerConfigExpectations {
  /** The ECR host the user chose (account + region); the file must cover it. */
  ecrHost?: string;
}

const LOGIN_AGAIN =
  'Run docker login with the credential store turned off and import the new file, or run faas-cli registry-login, which writes the credentials into the file.';

/** Where each well-known helper keeps credentials, for the sentence "they live in …". */
const HELPER_HOMES: Record<string, string> = {
  desktop: 'the Docker Desktop credential store',
  osxkeychain: 'the macOS keychain',
  wincred: 'the Windows Credential Manager',
  pass: 'the pass password store',
  secretservice: 'the desktop keyring (Secret Service)',
};

function helperHome(helper: string): string {
  const known = HELPER_HOMES[helper];
  if (known) return known;
  return /^[a-z0-9-]{1,40}$/.test(helper) ? `the docker-credential-${helper} helper` : 'that helper';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normaliseHost(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
}

/** base64.StdEncoding as docker decodes it: standard alphabet, padded to a multiple of 4. */
function decodeStrictBase64(s: string): Buffer | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

function jsonErrorPlace(text: string, error: unknown): string {
  const msg = error instanceof Error ? error.message : '';
  const lineCol = /line (\d+) column (\d+)/.exec(msg);
  if (lineCol) return ` (error at line ${lineCol[1]}, column ${lineCol[2]})`;
  const pos = /position (\d+)/.exec(msg);
  if (!pos) return '';
  // Only the place is reported: V8's own message quotes the text, which may hold credentials.
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (error at line ${line}, column ${column})`;
}

/** Host names are shown whole up to 100 characters: ECR hosts alone run to 50. */
function showHost(host: string): string {
  return quoteInput(host, 100);
}

function fail(code: string, message: string, hint: string): RegistryProblem {
  return { severity: 'fail', code, message, hint };
}

function warn(code: string, message: string, hint: string): RegistryProblem {
  return { severity: 'warn', code, message, hint };
}

function listHosts(hosts: string[]): string {
  if (hosts.length === 0) return 'no registries';
  const shown = hosts.slice(0, 3).map(showHost).join(', ');
  return hosts.length > 3 ? `${shown} and ${hosts.length - 3} more` : shown;
}

function checkAuthEntry(host: string, entry: DockerAuthEntry, hasEcrHelper: boolean): RegistryProblem[] {
  const where = `The auths entry for ${showHost(host)}`;
  const problems: RegistryProblem[] = [];
  const { auth } = entry;
  if (auth !== undefined && auth !== '') {
    const decoded = typeof auth === 'string' ? decodeStrictBase64(auth) : undefined;
    if (!decoded) {
      const size = typeof auth === 'string' ? `${auth.length} characters` : `a ${typeof auth}`;
      problems.push(
        fail(
          'auth-not-base64',
          `${where} has an "auth" value (${size}) that is not valid base64.`,
          `"auth" must be base64 of user:password, as docker login writes it. ${LOGIN_AGAIN}`,
        ),
      );
    } else if (!decoded.includes(0x3a)) {
      problems.push(
        fail(
          'auth-no-colon',
          `${where} has an "auth" value that decodes to ${decoded.length} bytes with no ":" between user name and password.`,
          `"auth" must be base64 of user:password. ${LOGIN_AGAIN}`,
        ),
      );
    }
  } else {
    const hasToken = [entry.identitytoken, entry.registrytoken].some((t) => typeof t === 'string' && t !== '');
    const hasUserPassword =
      typeof entry.username === 'string' && entry.username !== '' && typeof entry.password === 'string' && entry.password !== '';
    if (!hasToken && !hasUserPassword) {
      problems.push(
        warn(
          'auth-missing',
          `${where} holds no credentials, as Docker Desktop writes it when the keychain holds the password; pushes there would be anonymous.`,
          LOGIN_AGAIN,
        ),
      );
    }
  }
  if (auth && parseEcrHost(host) && !hasEcrHelper) {
    problems.push(
      warn(
        'ecr-auth-expires',
        `${where} holds a fixed Amazon ECR login token, and such tokens expire after 12 hours.`,
        'Choose the Amazon ECR option instead, which uses credHelpers "ecr-login" to fetch fresh tokens.',
      ),
    );
  }
  return problems;
}

/**
 * Checks a Docker or faas-cli config.json for what will break once it is mounted in the
 * pro-builder Pod, where no credential store and no helper but ecr-login exist. Never throws;
 * messages name hosts, helpers and lengths, never a credential.
 */
export function analyzeDockerConfig(text: string, expect: DockerConfigExpectations = {}): DockerConfigAnalysis {
  const empty = { hosts: [], credHelpers: {} };
  const source = typeof text === 'string' ? text.replace(/^\uFEFF/, '') : '';
  if (source.trim() === '') {
    const problem = fail(
      'not-json',
      'The registry config is empty.',
      'Use the config.json written by docker login or faas-cli registry-login; for ttl.sh it is {"auths": {}}.',
    );
    return { ok: false, ...empty, problems: [problem] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (e) {
    const problem = fail(
      'not-json',
      `The registry config is not valid JSON${jsonErrorPlace(source, e)}.`,
      'Use the config.json written by docker login or faas-cli registry-login, unchanged.',
    );
    return { ok: false, ...empty, problems: [problem] };
  }
  if (!isPlainObject(parsed)) {
    const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    const problem = fail(
      'not-an-object',
      `The registry config is ${kind}, not a JSON object.`,
      'A Docker config.json is an object with "auths" and/or "credHelpers".',
    );
    return { ok: false, ...empty, problems: [problem] };
  }

  const config = parsed as DockerConfig;
  const problems: RegistryProblem[] = [];
  const shapeHint = 'Use the config.json written by docker login or faas-cli registry-login, unchanged.';

  const auths: Record<string, DockerAuthEntry> = {};
  if (config.auths !== undefined) {
    if (!isPlainObject(config.auths)) {
      problems.push(fail('not-an-object', '"auths" in the registry config is not an object of registry hosts.', shapeHint));
    } else {
      for (const [host, entry] of Object.entries(config.auths)) {
        if (isPlainObject(entry)) auths[host] = entry as DockerAuthEntry;
        else problems.push(fail('not-an-object', `The auths entry for ${showHost(host)} is not an object.`, shapeHint));
      }
    }
  }

  const credHelpers: Record<string, string> = {};
  if (config.credHelpers !== undefined) {
    if (!isPlainObject(config.credHelpers)) {
      problems.push(fail('not-an-object', '"credHelpers" in the registry config is not an object of registry hosts.', shapeHint));
    } else {
      for (const [host, helper] of Object.entries(config.credHelpers)) {
        if (typeof helper === 'string') credHelpers[host] = helper;
        else problems.push(fail('not-an-object', `The credHelpers entry for ${showHost(host)} is not a helper name.`, shapeHint));
      }
    }
  }

  let credsStore: string | undefined;
  if (config.credsStore !== undefined) {
    if (typeof config.credsStore !== 'string') {
      problems.push(fail('not-an-object', '"credsStore" in the registry config is not a helper name.', shapeHint));
    } else if (config.credsStore !== '') {
      credsStore = config.credsStore;
    }
  }

  const hosts = [...new Set([...Object.keys(auths), ...Object.keys(credHelpers)])];
  const storeIsEcr = credsStore === ECR_LOGIN_HELPER;

  if (credsStore !== undefined && !storeIsEcr) {
    problems.push(
      fail(
        'creds-store',
        `The config sets "credsStore" to ${quoteInput(credsStore)}: the credentials live in ${helperHome(credsStore)} on your machine, not in the file, and the pro-builder Pod has no such helper.`,
        'Remove "credsStore" from the file (in Docker Desktop, untick "Securely store Docker logins"), run docker login again and import the new file; or run faas-cli registry-login, which writes the credentials into the file.',
      ),
    );
  }

  for (const [host, helper] of Object.entries(credHelpers)) {
    if (helper === ECR_LOGIN_HELPER) {
      if (!parseEcrHost(host)) {
        problems.push(
          warn(
            'ecr-login-non-ecr-host',
            `credHelpers sends ${showHost(host)} to ecr-login, but that is not an Amazon ECR host.`,
            'ecr-login only works for hosts like 123456789012.dkr.ecr.us-east-1.amazonaws.com.',
          ),
        );
      }
    } else {
      problems.push(
        fail(
          'cred-helper-unsupported',
          `credHelpers sends ${showHost(host)} to ${quoteInput(helper)}: the credentials live in ${helperHome(helper)} on your machine, not in the file, and the pro-builder Pod only has ecr-login.`,
          `Remove that credHelpers entry. ${LOGIN_AGAIN}`,
        ),
      );
    }
  }

  for (const host of hosts.filter(isLoopbackRegistry)) {
    const { message, hint } = loopbackRegistryWarning(showHost(host));
    problems.push(warn('loopback-host', message, hint));
  }

  for (const [host, entry] of Object.entries(auths)) {
    const hasEcrHelper = storeIsEcr || credHelpers[host] === ECR_LOGIN_HELPER;
    problems.push(...checkAuthEntry(host, entry, hasEcrHelper));
  }

  const hasAuthsSection = isPlainObject(config.auths);
  if (!hasAuthsSection && Object.keys(credHelpers).length === 0 && !storeIsEcr && credsStore === undefined) {
    problems.push(
      fail(
        'no-auths-or-credhelpers',
        'The registry config has neither "auths" nor "credHelpers", so the builder has no way to log in to a registry.',
        'For ttl.sh use {"auths": {}}; otherwise log in with docker login or faas-cli registry-login and import that file.',
      ),
    );
  }

  if (expect.ecrHost) {
    const wanted = normaliseHost(expect.ecrHost);
    const covered = storeIsEcr || hosts.some((h) => normaliseHost(h) === wanted);
    if (!covered) {
      problems.push(
        fail(
          'ecr-host-mismatch',
          `The registry config has no entry for ${showHost(wanted)}; it covers ${listHosts(hosts)}.`,
          'Regenerate it for that account and region (faas-cli registry-login --ecr --account-id ... --region ...) or let this tool write it.',
        ),
      );
    }
  }

  return {
    ok: !problems.some((p) => p.severity === 'fail'),
    config,
    hosts,
    credHelpers,
    ...(credsStore !== undefined ? { credsStore } : {}),
    problems,
  };
}
