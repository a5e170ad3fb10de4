import { describe, expect, it } from 'vitest';
import { stderrProgress } from './progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe('progress on stderr', () => {
  it('stays silent in logs for a short run, then prints a line every interval once the run is long', () => {
    let t = 0;
    const stream = fakeStream(false);
    const progress = stderrProgress(stream, { lineEveryMs: 10_000, now: () => t });
    for (t = 0; t < 9_000; t += 1000) progress.update('complaint chains', t * 10, 1_000_000);
    expect(stream.writes).toEqual([]);
    for (; t <= 25_000; t += 1000) progress.update('complaint chains', t * 10, 1_000_000);
    expect(stream.writes).toEqual(['complaint chains: 100,000 of ~1,000,000 (10%), 10,000/s, 10 s\n', 'complaint chains: 200,000 of ~1,000,000 (20%), 10,000/s, 20 s\n']);
    progress.end();
    expect(stream.writes).toHaveLength(2);
  });

  it('redraws one live line on a terminal, at most five times a second, and clears it at the end', () => {
    let t = 0;
    const stream = fakeStream(true);
    const progress = stderrProgress(stream, { now: () => t });
    for (t = 0; t <= 1000; t += 50) progress.update('audit log', t, null);
    expect(stream.writes).toHaveLength(5);
    expect(stream.writes[0]).toBe('\r\x1b[2Kaudit log: 200, 1,000/s, 0 s');
    progress.end();
    expect(stream.writes.at(-1)).toBe('\r\x1b[2K');
  });
});
