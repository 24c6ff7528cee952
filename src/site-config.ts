/**
 * Reading the site's `heavyai` settings from `jupyter-config-data`. A
 * deployer's typo must not take the site down, so parsing never throws: bad
 * entries fall back to defaults and are reported as warnings.
 */
import { IConnection } from './wire/payload';
import { ENVIRONMENT_NAME_PATTERN } from './wire/limits';
import {
  isPlainObject,
  ownValue,
  parseConnection
} from './wire/connection-fields';
import { normalizeOrigin } from './wire/origin';
import {
  CONFIG_KEY,
  DEFAULT_ENVIRONMENT_NAMES,
  DEFAULT_WAIT_FOR_SESSION_MS,
  defaultConfig,
  pageConfigData
} from './site-config-defaults';

export {
  CONFIG_KEY,
  DEFAULT_ENVIRONMENT_NAMES,
  DEFAULT_WAIT_FOR_SESSION_MS,
  defaultConfig,
  pageConfigData
};

/** Names of the environment variables that carry the connection. */
export interface IEnvironmentNames {
  protocol: string;
  host: string;
  port: string;
}

/**
 * The site's `heavyai` settings after parsing and validation; what the plugins read through
 * IHeavyAIConfig.
 */
export interface ISiteConfig {
  /** Exact, normalised origins allowed to hand over a session besides the site's own. */
  allowedOrigins: string[];
  sessionManager: IEnvironmentNames;
  /** Fallback HeavyDB connection; when absent the page's own origin is used. */
  connection?: IConnection;
  /** Plugin id of the session manager the UI should use. */
  sessionManagerId: string;
  /** How long the UI waits for a hand-off after a deep link before giving up. */
  waitForSessionMs: number;
}

/** The parsed settings plus a warning for each value that was ignored, to show the deployer. */
export interface IParsedConfig {
  config: ISiteConfig;
  warnings: string[];
}

/** The OmniSci-era names, still sent by older hosts; read as a fallback. */
export const LEGACY_ENVIRONMENT_NAMES: Readonly<IEnvironmentNames> =
  Object.freeze({
    protocol: 'OMNISCI_PROTOCOL',
    host: 'OMNISCI_HOST',
    port: 'OMNISCI_PORT'
  });

/** Upper bound so a typo (e.g. seconds × 1000 twice) cannot freeze the UI for hours. */
export const MAX_WAIT_FOR_SESSION_MS = 10 * 60_000;

/**
 * Parse the whole `jupyter-config-data` object and pick our section.
 * JupyterLab's PageConfig stores non-string options as JSON strings, so a
 * string section is parsed too.
 */
export function readHeavyAIConfig(configData: unknown): IParsedConfig {
  if (configData === undefined || configData === null) {
    return { config: defaultConfig(), warnings: [] };
  }
  if (!isPlainObject(configData)) {
    return {
      config: defaultConfig(),
      warnings: ['jupyter-config-data is not an object; using defaults']
    };
  }
  return parseHeavyAIConfig(ownValue(configData, CONFIG_KEY));
}

/** Parse the `heavyai` section itself (object, JSON string, or missing). */
export function parseHeavyAIConfig(section: unknown): IParsedConfig {
  const config = defaultConfig();
  const warnings: string[] = [];
  if (section === undefined || section === null || section === '') {
    return { config, warnings };
  }
  let raw: unknown = section;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      return {
        config,
        warnings: ['heavyai config is not valid JSON; using defaults']
      };
    }
  }
  if (!isPlainObject(raw)) {
    return {
      config,
      warnings: ['heavyai config is not an object; using defaults']
    };
  }

  const origins = ownValue(raw, 'allowedOrigins');
  if (origins !== undefined) {
    config.allowedOrigins = readOrigins(origins, warnings);
  }

  const names = ownValue(raw, 'sessionManager');
  if (names !== undefined) {
    config.sessionManager = readEnvironmentNames(names, warnings);
  }

  const connection = ownValue(raw, 'connection');
  if (connection !== undefined && connection !== null) {
    const parsed = parseConnection(connection, 'heavyai.connection');
    if (parsed.ok) {
      config.connection = parsed.value;
    } else {
      warnings.push(`${parsed.reason}; ignoring the default connection`);
    }
  }

  const managerId = ownValue(raw, 'sessionManagerId');
  if (managerId !== undefined) {
    if (
      typeof managerId === 'string' &&
      managerId.trim() !== '' &&
      managerId.length <= 256
    ) {
      config.sessionManagerId = managerId.trim();
    } else {
      warnings.push(
        'heavyai.sessionManagerId must be a non-empty string; using the default'
      );
    }
  }

  const wait = ownValue(raw, 'waitForSessionMs');
  if (wait !== undefined) {
    if (
      typeof wait === 'number' &&
      Number.isFinite(wait) &&
      wait >= 0 &&
      wait <= MAX_WAIT_FOR_SESSION_MS
    ) {
      config.waitForSessionMs = Math.round(wait);
    } else {
      warnings.push(
        `heavyai.waitForSessionMs must be a number from 0 to ${MAX_WAIT_FOR_SESSION_MS}; using ${DEFAULT_WAIT_FOR_SESSION_MS}`
      );
    }
  }
  return { config, warnings };
}

function readOrigins(input: unknown, warnings: string[]): string[] {
  if (!Array.isArray(input)) {
    warnings.push(
      'heavyai.allowedOrigins must be a list of origins; only the site origin is allowed'
    );
    return [];
  }
  const origins: string[] = [];
  input.forEach((entry, index) => {
    const parsed = normalizeOrigin(entry, `heavyai.allowedOrigins[${index}]`);
    if (!parsed.ok) {
      warnings.push(`${parsed.reason}; entry ignored`);
    } else if (!origins.includes(parsed.value)) {
      origins.push(parsed.value);
    }
  });
  return origins;
}

function readEnvironmentNames(
  input: unknown,
  warnings: string[]
): IEnvironmentNames {
  const names = { ...DEFAULT_ENVIRONMENT_NAMES };
  if (!isPlainObject(input)) {
    warnings.push(
      'heavyai.sessionManager must be an object; using the default variable names'
    );
    return names;
  }
  for (const key of ['protocol', 'host', 'port'] as const) {
    const value = ownValue(input, key);
    if (value === undefined) {
      continue;
    }
    if (typeof value === 'string' && ENVIRONMENT_NAME_PATTERN.test(value)) {
      names[key] = value;
    } else {
      warnings.push(
        `heavyai.sessionManager.${key} is not a valid variable name; using ${names[key]}`
      );
    }
  }
  return names;
}

/**
 * Whether a `message` event's origin may hand over a session: the site's own
 * origin always may; others only when listed. Opaque origins (`null`) never.
 */
export function isOriginAllowed(
  origin: string,
  config: Pick<ISiteConfig, 'allowedOrigins'>,
  pageOrigin: string
): boolean {
  const candidate = normalizeOrigin(origin);
  if (!candidate.ok) {
    return false;
  }
  const own = normalizeOrigin(pageOrigin);
  if (own.ok && own.value === candidate.value) {
    return true;
  }
  return isListedOrigin(origin, config);
}

/**
 * Whether `origin` is one of `allowedOrigins` (the site's own origin is not
 * implied). Opaque origins (`null`) never are.
 */
export function isListedOrigin(
  origin: string,
  config: Pick<ISiteConfig, 'allowedOrigins'>
): boolean {
  const candidate = normalizeOrigin(origin);
  if (!candidate.ok) {
    return false;
  }
  return config.allowedOrigins.some(allowed => {
    const normalized = normalizeOrigin(allowed);
    return normalized.ok && normalized.value === candidate.value;
  });
}

/** The `heavyai` settings of this page, with warnings for bad entries. */
export function pageHeavyAIConfig(doc: Document): IParsedConfig {
  return readHeavyAIConfig(pageConfigData(doc));
}
