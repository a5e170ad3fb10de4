import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { simplifyBoundaries, type FeatureCollection } from './simplify.js';

const ID = 'virtual:kp-districts';

/**
 * `import districts from 'virtual:kp-districts'`: the district boundaries of the seed data
 * (server/store/seed/district-boundaries.json, ~400 KB), thinned at build time, as a module of the chunk that draws
 * the map (never the citizen entry) and served from this server like the rest of the app, with no map service.
 */
export function districtBoundaries(file: string): Plugin {
  return {
    name: 'ekhtyar-kp-districts',
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    load(id) {
      if (id !== `\0${ID}`) return null;
      this.addWatchFile(file);
      const collection = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection;
      return `export default ${JSON.stringify(simplifyBoundaries(collection))};`;
    },
  };
}
