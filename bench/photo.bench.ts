// `npm run bench:photo`: what cleaning a photo (decode, turn upright, re-encode without metadata) costs per
// photo size, against decoding the same photo alone, measured in the same run. See bench/README.md.
import os from 'node:os';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { cleanPhoto } from '../server/services/photo.service.js';

const SIZES = [
  { label: '1 MP (1152×864)', width: 1152, height: 864 },
  { label: '3 MP (2048×1536)', width: 2048, height: 1536 },
  { label: '12 MP (4000×3000)', width: 4000, height: 3000 },
];

// A phone-like JPEG: noisy pixels (compress like a photo, not like a flat colour), EXIF with a GPS position.
async function phonePhoto(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'BenchPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 0/1 5436/100', GPSLongitudeRef: 'E', GPSLongitude: '71/1 31/1 2964/100' } })
    .toBuffer();
}

// Runs `task` `count` times, `parallel` at once; returns the wall time and each run's time.
async function timed(count: number, parallel: number, task: () => Promise<unknown>): Promise<{ wallMs: number; runs: number[] }> {
  const runs: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next += 1;
        const t = performance.now();
        await task();
        runs.push(performance.now() - t);
      }
    }),
  );
  return { wallMs: performance.now() - started, runs: runs.sort((a, b) => a - b) };
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)] ?? 0;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string' }, parallel: { type: 'string' } } });
  const count = Number(values.count ?? 20);
  const parallel = Number(values.parallel ?? 4);
  console.log(`photo cleaning: ${count} photos per size, ${parallel} at a time, ${os.cpus().length} cpus, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}`);
  console.log('size                 bytes      decode only p50   clean p50   ratio   clean photos/s   stored bytes   GPS kept when asked');
  for (const size of SIZES) {
    const photo = await phonePhoto(size.width, size.height);
    await cleanPhoto(photo, 'image/jpeg', false); // warm-up
    const decode = await timed(count, parallel, () => sharp(photo).rotate().raw().toBuffer());
    const clean = await timed(count, parallel, () => cleanPhoto(photo, 'image/jpeg', false));
    const cleaned = await cleanPhoto(photo, 'image/jpeg', false);
    const kept = await cleanPhoto(photo, 'image/jpeg', true);
    if (!cleaned || (await sharp(cleaned.data).metadata()).exif !== undefined) throw new Error('a cleaned photo still has EXIF');
    console.log(
      [
        size.label.padEnd(20),
        String(photo.length).padStart(9),
        `${median(decode.runs).toFixed(0)} ms`.padStart(16),
        `${median(clean.runs).toFixed(0)} ms`.padStart(11),
        `${(median(clean.runs) / median(decode.runs)).toFixed(2)}x`.padStart(7),
        ((count * 1000) / clean.wallMs).toFixed(1).padStart(16),
        String(cleaned.data.length).padStart(14),
        String(kept?.location !== null).padStart(20),
      ].join(' '),
    );
  }
}

await main();
