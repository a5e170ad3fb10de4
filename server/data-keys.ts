import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from './config.js';
import { formatDataKey, generateDataKey, parseDataKeys, type DataKey } from './domain/privacy/data-keys.js';
import { FieldCipher } from './domain/privacy/field-cipher.js';
import type { Logger } from './logger.js';

/** The name of the key file generated in the data folder when no keys are configured (development only). */
export const GENERATED_KEY_FILE = 'data-keys';

const FILE_HEADER = [
  '# Ekhtyar data keys: "<key id>:<base64 of 32 bytes>", the current key first; older keys only open data sealed before a rotation.',
  '# BACK THIS FILE UP, apart from the database backups: without it the personal data in the database cannot be read.',
];

/** The key ring this process seals and opens personal data with, and where it came from. */
export interface LoadedKeys {
  cipher: FieldCipher;
  /** The variable or file the keys came from, for messages. */
  source: string;
  /** The key file, when the keys are in one (it can then gain a key: `ekhtyar keys rotate --new-key`). */
  file: string | null;
}

/**
 * Finds the data keys: EKHTYAR_DATA_KEYS, else EKHTYAR_DATA_KEY_FILE, else (outside production) the key file in the
 * data folder, generated with mode 0600 on the first start. Production refuses to start without configured keys:
 * a generated key lost with a container's disk would make every citizen's contact unreadable.
 */
export function loadDataKeys(config: Pick<Config, 'env' | 'dataDir' | 'dataKeys' | 'dataKeyFile'>, log: Logger): LoadedKeys {
  const found = findDataKeys(config, log);
  if (found) return found;
  if (config.env === 'production') {
    throw new ConfigError([
      'NODE_ENV=production needs the keys that seal personal data: set EKHTYAR_DATA_KEYS ("<key id>:<base64 of 32 bytes>", ' +
        'the current key first) or EKHTYAR_DATA_KEY_FILE (a file of such lines); "ekhtyar keys generate" prints a new key',
    ]);
  }
  const file = path.join(config.dataDir, GENERATED_KEY_FILE);
  if (writeNewKeyFile(file, generateDataKey())) {
    log.warn({ file }, 'generated a data key file for personal data; BACK IT UP: without it the personal data in the database cannot be read');
  }
  return fromFile(file, generatedSource(file), log);
}

/** The configured keys, or (outside production) the generated key file if there is one; null when there are none yet. */
export function findDataKeys(config: Pick<Config, 'env' | 'dataDir' | 'dataKeys' | 'dataKeyFile'>, log: Logger): LoadedKeys | null {
  if (config.dataKeys) return { cipher: new FieldCipher(config.dataKeys), source: 'EKHTYAR_DATA_KEYS', file: null };
  if (config.dataKeyFile) return fromFile(config.dataKeyFile, 'EKHTYAR_DATA_KEY_FILE', log);
  const file = path.join(config.dataDir, GENERATED_KEY_FILE);
  return config.env !== 'production' && fs.existsSync(file) ? fromFile(file, generatedSource(file), log) : null;
}

function generatedSource(file: string): string {
  return `the generated key file ${file}`;
}

function fromFile(file: string, source: string, log: Logger): LoadedKeys {
  const keys = readKeyFile(file, source);
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) log.warn({ file }, 'the data key file can be read by other users of this machine; make it private (chmod 600)');
  } catch {
    // readKeyFile has just read it; a file gone since is reported on the next read
  }
  // A rotation may add a key to the file while this process runs; the cipher reads it again when it meets one.
  const reload = () => {
    try {
      return readKeyFile(file, source);
    } catch (error) {
      log.error({ err: error }, 'cannot read the data key file again');
      return null;
    }
  };
  return { cipher: new FieldCipher(keys, reload), source, file };
}

/** The keys of a key file; a missing, unreadable or malformed file is a ConfigError naming where it came from. */
export function readKeyFile(file: string, source: string): DataKey[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${source}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  const parsed = parseDataKeys(text);
  if ('error' in parsed) throw new ConfigError([`${source} (${file}): ${parsed.error}`]);
  return parsed.keys;
}

// Another process starting at the same moment may write the file first; then its key is the one (false returned).
function writeNewKeyFile(file: string, key: DataKey): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, [...FILE_HEADER, formatDataKey(key), ''].join('\n'), { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Puts a new key first in a key file, keeping the others (they still open older values). The file is replaced
 * whole (written beside it, then renamed), so a reader never sees half of it.
 */
export function addKeyToFile(file: string, key: DataKey): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const firstKey = lines.findIndex((line) => line.replace(/#.*$/, '').trim() !== '');
  const at = firstKey === -1 ? lines.length : firstKey;
  const next = [...lines.slice(0, at), formatDataKey(key), ...lines.slice(at)].join('\n');
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, next, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
}
