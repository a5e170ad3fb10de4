import { randomBytes } from 'node:crypto';

const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * Cryptographically random bytes, drawn from the CSPRNG 4 KB at a time: the same quality as randomBytes(n),
 * without a system call per tracking code and secret on the intake path. A used pool is replaced, never
 * refilled in place, so bytes already handed out never change.
 */
export function randomBytesPooled(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(Math.max(POOL_SIZE, n));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + n);
  offset += n;
  return bytes;
}
