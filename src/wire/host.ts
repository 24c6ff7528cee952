/**
 * Host names as HeavyDB connection targets: an RFC 1123 hostname, a dotted
 * IPv4 address, or a bracketed IPv6 address. Everything else (schemes,
 * credentials, paths, ports, whitespace, IDN) is refused, because the value
 * ends up inside a URL the browser will call with the user's session: the
 * host accepted must be exactly the host the browser's URL parser yields.
 */
import { Validated } from './payload';

const MAX_HOSTNAME_CHARS = 253;
const LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4_OCTET_PATTERN = /^(?:0|[1-9][0-9]{0,2})$/;
/** A label the WHATWG URL parser's "ends in a number" check treats as numeric. */
const NUMERIC_LABEL_PATTERN = /^(?:[0-9]+|0x[0-9a-f]*)$/;
const HEX_GROUP_PATTERN = /^[0-9a-f]{1,4}$/;

/**
 * Validate and normalise (lower-case) a host. `field` names the field in the
 * reason so the sender can see which value was wrong; the value itself is not
 * echoed, to keep reasons short and free of attacker-chosen text.
 */
export function parseHost(input: unknown, field: string): Validated<string> {
  if (typeof input !== 'string') {
    return fail(`${field} must be a string`);
  }
  if (input.length === 0) {
    return fail(`${field} must not be empty`);
  }
  if (input.length > MAX_HOSTNAME_CHARS + 2) {
    return fail(`${field} is too long`);
  }
  // Specific reasons first: they tell an integrator what they did wrong.
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (/[\s\u0000-\u001f\u007f]/.test(input)) {
    return fail(`${field} must not contain whitespace or control characters`);
  }
  if (input.includes('://') || /^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    return fail(`${field} must be a host name only, without a scheme`);
  }
  if (input.includes('@')) {
    return fail(`${field} must not contain credentials`);
  }
  if (/[/?#\\]/.test(input)) {
    return fail(`${field} must not contain a path, query or fragment`);
  }
  // Before any case folding: toLowerCase maps some non-ASCII letters to ASCII
  // (the Kelvin sign U+212A becomes 'k'), which would let them pass as a DNS name.
  if (/[^\x21-\x7e]/.test(input)) {
    return fail(
      `${field} must be ASCII (write internationalized names in xn-- form)`
    );
  }
  const host = input.toLowerCase();
  if (host.startsWith('[')) {
    return isBracketedIPv6(host)
      ? { ok: true, value: host }
      : fail(`${field} is not a valid bracketed IPv6 address`);
  }
  if (host.includes(':')) {
    return fail(
      `${field} must not contain a port (bracket IPv6 addresses as [::1])`
    );
  }
  return isIPv4OrHostname(host)
    ? { ok: true, value: host }
    : fail(`${field} is not a valid host name or IP address`);
}

function isIPv4OrHostname(host: string): boolean {
  const labels = host.split('.');
  // The URL parser reads a host as IPv4 when its last label is a number —
  // decimal, or hexadecimal with 0x (even a bare `0x`) — and then accepts
  // `127.1`, `0x7f000001`, `127.0.0.0x1`, `2130706433` or octal `0177.0.0.1`.
  // Insist on a canonical dotted quad so the host we check is the host called.
  if (NUMERIC_LABEL_PATTERN.test(labels[labels.length - 1])) {
    return isIPv4(labels);
  }
  if (host.length > MAX_HOSTNAME_CHARS) {
    return false;
  }
  return labels.every(label => LABEL_PATTERN.test(label));
}

function isIPv4(octets: string[]): boolean {
  return (
    octets.length === 4 &&
    octets.every(
      octet => IPV4_OCTET_PATTERN.test(octet) && Number(octet) <= 255
    )
  );
}

function isBracketedIPv6(host: string): boolean {
  if (!host.endsWith(']')) {
    return false;
  }
  const address = host.slice(1, -1);
  if (!/^[0-9a-f:.]+$/.test(address)) {
    return false; // also refuses zone identifiers such as %25eth0
  }
  const halves = address.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groupsOf = (part: string): string[] | null => {
    if (part === '') {
      return [];
    }
    const groups = part.split(':');
    return groups.includes('') ? null : groups;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) {
    return false;
  }
  const all = [...head, ...tail];
  let width = 0;
  for (let i = 0; i < all.length; i++) {
    const group = all[i];
    if (group.includes('.')) {
      // An embedded IPv4 address may only be the last group and counts as two.
      if (i !== all.length - 1 || !isIPv4(group.split('.'))) {
        return false;
      }
      width += 2;
    } else if (HEX_GROUP_PATTERN.test(group)) {
      width += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? width <= 7 : width === 8;
}

function fail(reason: string): Validated<never> {
  return { ok: false, reason };
}
