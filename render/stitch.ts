import { rename, rm, writeFile } from 'node:fs/promises';
import type { FrameRange } from '../compositions/shared/timeline';
import { ffmpeg } from './ffmpeg';

/** One rendered range and the MP4 it was encoded into. */
export interface Piece {
  range: FrameRange;
  file: string;
}

// The concat demuxer's list syntax: single quotes, with a quote written as '\''.
const quoted = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * Joins the pieces, in order, into one faststart MP4 without re-encoding (each was encoded to be stitchable). Each
 * piece's duration comes from its frame count rather than from the file, so every frame keeps its exact place.
 */
export async function stitch(pieces: readonly Piece[], fps: number, output: string, signal?: AbortSignal) {
  if (pieces.length === 1) return rename(pieces[0]!.file, output);
  const list = `${output}.concat.txt`;
  const entries = pieces.map(
    ({ range: [first, last], file }) => `file ${quoted(file)}\nduration ${((last - first + 1) / fps).toFixed(6)}\n`,
  );
  await writeFile(list, entries.join(''));
  try {
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-movflags', '+faststart', output], signal);
  } finally {
    await rm(list, { force: true });
  }
}
