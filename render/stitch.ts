import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FRAGMENTED } from './encoder-profile';
import { ffmpeg } from './ffmpeg';

/** A rendered stretch of the video and the MP4 that holds it. */
export interface Piece {
  frames: number;
  file: string;
}

/** The music bed under every video (assets/music/LICENSE.md): longer than any template. */
export const MUSIC_BED = fileURLToPath(new URL('../assets/music/bed.m4a', import.meta.url));
const FADE_OUT_SECONDS = 1.5;

// The concat demuxer's list syntax: single quotes, with a quote written as '\''.
const quoted = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * Cuts a file rendered in one call into its pieces, by stream copy. The file has an IDR frame where each piece
 * starts and closed GOPs, so a piece is the packets from its IDR on: seeking a quarter frame past its first frame
 * lands on that IDR (an exact seek could round to just before it), counting frames ends it exactly before the next,
 * and the quarter frame is given back so the piece's first frame has time 0, as in a file rendered on its own. Pieces
 * are fragmented like the encode (a fragment per GOP), so the stream cuts its pieces from them too.
 */
export async function splitRun(run: string, pieces: readonly Piece[], fps: number, signal?: AbortSignal) {
  const quarter = (0.25 / fps).toFixed(6);
  let first = 0;
  for (const piece of pieces) {
    const seek = ((first + 0.25) / fps).toFixed(6);
    const copy = ['-map', '0:v', '-c', 'copy', '-frames:v', String(piece.frames), '-output_ts_offset', quarter];
    copy.push('-movflags', FRAGMENTED);
    await ffmpeg(['-ss', seek, '-i', run, ...copy, piece.file], signal);
    first += piece.frames;
  }
}

/**
 * Joins the pieces in order, without re-encoding the video (every piece is a stitchable encode), and lays the music
 * bed under the whole, once: audio cut per piece would click at every join. The result is faststart H.264 + AAC.
 * Each piece's duration comes from its frame count, so every frame keeps its exact place.
 */
export async function stitch(pieces: readonly Piece[], fps: number, output: string, signal?: AbortSignal) {
  const list = `${output}.concat.txt`;
  const entries = pieces.map(({ frames, file }) => `file ${quoted(file)}\nduration ${(frames / fps).toFixed(6)}\n`);
  await writeFile(list, entries.join(''));
  const seconds = pieces.reduce((sum, piece) => sum + piece.frames, 0) / fps;
  const fadeFrom = Math.max(0, seconds - FADE_OUT_SECONDS).toFixed(3);
  // This ffmpeg has no afade filter: a volume expression, evaluated per audio frame, fades the end out instead.
  const end = seconds.toFixed(6);
  const fade = `atrim=0:${end},volume='if(gt(t,${fadeFrom}),max(0,(${end}-t)/${FADE_OUT_SECONDS}),1)':eval=frame`;
  try {
    await ffmpeg(
      [
        ['-f', 'concat', '-safe', '0', '-i', list, '-i', MUSIC_BED],
        ['-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-af', fade, '-c:a', 'aac', '-b:a', '128k'],
        ['-movflags', '+faststart', output],
      ].flat(),
      signal,
    );
  } finally {
    await rm(list, { force: true });
  }
}
