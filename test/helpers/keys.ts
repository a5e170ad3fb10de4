import { FieldCipher } from '../../server/domain/privacy/field-cipher.js';
import { parseDataKeys } from '../../server/domain/privacy/data-keys.js';

/**
 * The data keys tests run with, as EKHTYAR_DATA_KEYS would hold them (fixed, so every test file and every process a
 * test starts reads the same values). Never use these outside tests.
 */
export const TEST_DATA_KEYS = 'test1:dGVzdCBrZXkgMSwgbmV2ZXIgZm9yIHJlYWwgZGF0YSE=';

/** A cipher over TEST_DATA_KEYS (or over the keys given, e.g. for a rotation). */
export function testCipher(keys = TEST_DATA_KEYS): FieldCipher {
  const parsed = parseDataKeys(keys);
  if ('error' in parsed) throw new Error(parsed.error);
  return new FieldCipher(parsed.keys);
}
