import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { addKeyToFile, loadDataKeys } from './data-keys.js';
import { formatDataKey, generateDataKey } from './domain/privacy/data-keys.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekhtyar-keys-'));
  dirs.push(dir);
  return dir;
}

// A logger whose lines the test can read.
function capture() {
  const lines: { level: number; msg: string; file?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

const none = { dataKeys: null, dataKeyFile: null };

describe('loadDataKeys', () => {
  it('generates a private key file in the data folder on the first start, says so, and reads the same key afterwards', () => {
    const dataDir = path.join(tempDir(), 'data');
    const { log, lines } = capture();
    const first = loadDataKeys({ env: 'development', dataDir, ...none }, log);
    const file = path.join(dataDir, 'data-keys');
    expect(first.file).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(lines.some((l) => l.msg.includes('generated a data key file') && l.msg.includes('BACK IT UP') && l.file === file)).toBe(true);
    const again = capture();
    const second = loadDataKeys({ env: 'development', dataDir, ...none }, again.log);
    expect(second.cipher.currentKeyId).toBe(first.cipher.currentKeyId);
    expect(second.cipher.open('citizens.name', 'r', first.cipher.seal('citizens.name', 'r', 'Amina'))).toBe('Amina');
    expect(again.lines.some((l) => l.msg.includes('generated'))).toBe(false);
  });

  it('refuses to start in production without configured keys, and generates nothing', () => {
    const dataDir = tempDir();
    expect(() => loadDataKeys({ env: 'production', dataDir, ...none }, capture().log)).toThrow(ConfigError);
    expect(() => loadDataKeys({ env: 'production', dataDir, ...none }, capture().log)).toThrow(/EKHTYAR_DATA_KEYS.*EKHTYAR_DATA_KEY_FILE/s);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('uses EKHTYAR_DATA_KEYS when set, in production too', () => {
    const key = generateDataKey();
    const loaded = loadDataKeys({ env: 'production', dataDir: tempDir(), dataKeys: [key], dataKeyFile: null }, capture().log);
    expect(loaded).toMatchObject({ source: 'EKHTYAR_DATA_KEYS', file: null });
    expect(loaded.cipher.currentKeyId).toBe(key.id);
  });

  it('reads EKHTYAR_DATA_KEY_FILE, warning when other users can read it', () => {
    const file = path.join(tempDir(), 'keys');
    const key = generateDataKey();
    fs.writeFileSync(file, `# comment\n${formatDataKey(key)}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const { log, lines } = capture();
    expect(loadDataKeys({ env: 'production', dataDir: tempDir(), dataKeys: null, dataKeyFile: file }, log).cipher.currentKeyId).toBe(key.id);
    expect(lines.some((l) => l.msg.includes('chmod 600'))).toBe(true);
  });

  it('names EKHTYAR_DATA_KEY_FILE when the file is missing or holds bad key material, without printing the material', () => {
    const dir = tempDir();
    expect(() => loadDataKeys({ env: 'production', dataDir: dir, dataKeys: null, dataKeyFile: path.join(dir, 'missing') }, capture().log)).toThrow(/EKHTYAR_DATA_KEY_FILE: cannot read .*missing \(ENOENT\)/);
    const bad = path.join(dir, 'bad');
    fs.writeFileSync(bad, 'k1:c2hvcnQ=\n');
    let error: unknown;
    try {
      loadDataKeys({ env: 'production', dataDir: dir, dataKeys: null, dataKeyFile: bad }, capture().log);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('EKHTYAR_DATA_KEY_FILE');
    expect((error as ConfigError).message).toContain('key 1 ("k1") is not 32 bytes');
    expect((error as ConfigError).message).not.toContain('c2hvcnQ');
  });

  it('adds a new current key to a key file, keeping the comments and the older keys, and the file stays private', () => {
    const dataDir = tempDir();
    const loaded = loadDataKeys({ env: 'development', dataDir, ...none }, capture().log);
    const sealed = loaded.cipher.seal('citizens.phone', 'r', '+923001234567');
    const next = generateDataKey();
    addKeyToFile(loaded.file!, next);
    const text = fs.readFileSync(loaded.file!, 'utf8');
    expect(text.startsWith('# Ekhtyar data keys')).toBe(true);
    expect(fs.statSync(loaded.file!).mode & 0o777).toBe(0o600);
    const reloaded = loadDataKeys({ env: 'development', dataDir, ...none }, capture().log);
    expect(reloaded.cipher.keyIds()).toEqual([next.id, loaded.cipher.currentKeyId]);
    expect(reloaded.cipher.open('citizens.phone', 'r', sealed)).toBe('+923001234567');
    expect(fs.readdirSync(dataDir)).toEqual(['data-keys']);
  });
});
