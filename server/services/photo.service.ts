import exifReader from 'exif-reader';
import sharp, { type Sharp } from 'sharp';
import { exifGpsTags, pointFromExifGps, type GeoPoint } from '../domain/geo/photo-location.js';

// Each upload is decoded once: libvips's operation cache would only hold memory.
sharp.cache(false);

/** A photo as it will be stored: re-encoded from its pixels, with the type of the stored bytes. */
export interface CleanedPhoto {
  data: Buffer;
  contentType: string;
  ext: string;
  /** The photo's GPS position, read only when the citizen chose to share it. */
  location: GeoPoint | null;
}

// Decompression bombs: a 10 MB file can claim billions of pixels. 100 megapixels covers every phone camera's
// normal output (a 108 MP sensor saves 12 MP by default) and bounds decoding to a few hundred MB.
const MAX_INPUT_PIXELS = 100_000_000;

type Output = { format: 'jpeg' | 'png' | 'webp' | 'gif'; contentType: string; ext: string };
const JPEG: Output = { format: 'jpeg', contentType: 'image/jpeg', ext: 'jpg' };
// What each accepted type is re-encoded as: its own format, except AVIF (slow to encode) which becomes JPEG.
const OUTPUTS: Record<string, Output> = {
  'image/jpeg': JPEG,
  'image/png': { format: 'png', contentType: 'image/png', ext: 'png' },
  'image/webp': { format: 'webp', contentType: 'image/webp', ext: 'webp' },
  'image/gif': { format: 'gif', contentType: 'image/gif', ext: 'gif' },
  'image/avif': JPEG,
};

/** True for the types cleanPhoto can decode and re-encode. */
export function canClean(contentType: string): boolean {
  return contentType in OUTPUTS;
}

/**
 * Re-encodes a photo from its decoded pixels, which drops everything but the picture: EXIF (GPS position, camera
 * serial, time), XMP, comments, and anything appended or hidden in the file (polyglots). EXIF orientation is applied
 * to the pixels first, so the photo stays upright. With `keepLocation`, only the GPS position is written back.
 * Returns null when the bytes cannot be decoded as the image they claim to be.
 */
export async function cleanPhoto(data: Buffer, detectedType: string, keepLocation: boolean): Promise<CleanedPhoto | null> {
  const output = OUTPUTS[detectedType];
  if (!output) return null;
  const animated = output.format === 'gif';
  try {
    const image = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, animated, failOn: 'error' });
    const location = keepLocation ? readLocation((await image.metadata()).exif) : null;
    // Animated GIFs carry no EXIF orientation, and rotating frames is not what a GIF needs.
    let pipeline = animated ? image : image.rotate();
    if (location) pipeline = pipeline.withExif({ IFD3: exifGpsTags(location) });
    pipeline = encode(pipeline, output);
    return { data: await pipeline.toBuffer(), contentType: output.contentType, ext: output.ext, location };
  } catch {
    return null;
  }
}

function encode(pipeline: Sharp, output: Output): Sharp {
  switch (output.format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 85 });
    case 'png':
      return pipeline.png();
    case 'webp':
      return pipeline.webp({ quality: 85 });
    case 'gif':
      return pipeline.gif();
  }
}

// A malformed EXIF block is no location, not an error: the photo itself is still good.
function readLocation(exif: Buffer | undefined): GeoPoint | null {
  if (!exif) return null;
  try {
    return pointFromExifGps(exifReader(exif).GPSInfo);
  } catch {
    return null;
  }
}
