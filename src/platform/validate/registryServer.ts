import { isIPv4, isIPv6 } from 'node:net';
import { accept, quoteInput, readInput, reject, type Validation } from './result.js';

/** The key docker login writes into `auths` for the Docker Hub, whatever host name was typed. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

const GOOD = 'use the registry host, optionally with a port or path, like ghcr.io or registry.example.com:5000';

// Everything a host, port, bracketed IPv6 address or repository path can contain. Anything else,
// including shell metacharacters, quotes and spaces, is refused with the offending character named.
const ALLOWED = /^[A-Za-z0-9.\-:[\]/_~]$/;

function hostnameOk(host: string): boolean {
  if (host.length > 253) return false;
  return host.split('.').every((label) => label.length <= 63 && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label));
}

function describeChar(ch: string): string {
  if (ch === ' ') return 'a space';
  return `the character ${quoteInput(ch)}`;
}

/**
 * A registry server as typed into `docker login`: host or IP, optional :port, optional /path.
 * Returns the key to use in config.json `auths` (https:// and trailing slashes removed; any
 * Docker Hub spelling becomes https://index.docker.io/v1/, as docker itself writes it).
 */
export function validateRegistryServer(raw: string): Validation<string> {
  const input = readInput(raw, { what: 'the registry server', goodValue: GOOD, maxLength: 512 });
  if (!input.ok) return input;
  let s = input.value;

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(s);
  if (scheme) {
    if (scheme[1]?.toLowerCase() !== 'https') {
      return reject(`The registry server uses ${quoteInput(`${scheme[1]}://`)}, but registries are reached over https; ${GOOD}.`);
    }
    s = s.slice(scheme[0].length);
  }
  s = s.replace(/\/+$/, '');
  if (s === '') return reject(`The registry server has no host name; ${GOOD}.`);

  const slash = s.indexOf('/');
  const authority = slash === -1 ? s : s.slice(0, slash);
  const path = slash === -1 ? '' : s.slice(slash);
  if (authority.includes('@')) {
    return reject('The registry server must not hold a user name (user@host); give the host alone and the user name in its own field.');
  }
  for (const ch of s) {
    if (!ALLOWED.test(ch)) return reject(`The registry server contains ${describeChar(ch)}; ${GOOD}.`);
  }

  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(authority);
  if (bracketed) {
    if (!isIPv6(bracketed[1] ?? '')) return reject(`${quoteInput(authority)} is not a valid IPv6 address; ${GOOD}.`);
    host = `[${(bracketed[1] ?? '').toLowerCase()}]`;
    port = bracketed[2];
  } else {
    const colon = authority.indexOf(':');
    host = (colon === -1 ? authority : authority.slice(0, colon)).toLowerCase();
    port = colon === -1 ? undefined : authority.slice(colon + 1);
    if (host === '') return reject(`The registry server has no host name before the port; ${GOOD}.`);
    if (!isIPv4(host) && !hostnameOk(host)) {
      return reject(`${quoteInput(host)} is not a valid host name; ${GOOD}.`);
    }
  }
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return reject(`The port of the registry server must be a number from 1 to 65535; ${GOOD}.`);
  }
  if (
    path !== '' &&
    !path
      .slice(1)
      .split('/')
      .every((seg) => /^[A-Za-z0-9._~-]+$/.test(seg) && seg !== '.' && seg !== '..')
  ) {
    return reject(`The path of the registry server ${quoteInput(path)} is not valid; ${GOOD}.`);
  }

  if (DOCKER_HUB_HOSTS.has(host) && port === undefined) return accept(DOCKER_HUB_AUTH_KEY);
  return accept(`${host}${port === undefined ? '' : `:${port}`}${path}`);
}
