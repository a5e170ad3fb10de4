import fs from 'node:fs/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Share of samples, by where the code lives and by function. */
export interface ProfileSummary {
  file: string;
  byModule: [string, number][];
  byFunction: [string, number][];
}

/** Reads the newest .cpuprofile in `dir` and sums self time by module and by function (shares of all samples). */
export async function summariseProfile(dir: string, top = 15): Promise<ProfileSummary | null> {
  const files = (await fs.readdir(dir)).filter((name) => name.endsWith('.cpuprofile')).sort();
  const file = files.at(-1);
  if (!file) return null;
  const profile = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const where = moduleOf(node.callFrame.url, node.callFrame.functionName);
    byModule.set(where, (byModule.get(where) ?? 0) + hits / total);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits / total);
  }
  const ranked = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { file: path.join(dir, file), byModule: ranked(byModule), byFunction: ranked(byFunction) };
}

// node_modules/<package>, the project's own folders, node internals, or V8's pseudo-frames such as (garbage collector).
function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/dist\/(server\/[^/]+(?:\/[^/]+)?)/.exec(url);
  return own?.[1] ? `ekhtyar ${own[1]}` : shortUrl(url);
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
}
