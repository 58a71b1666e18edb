import { readFile, rm, writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import type { TemplateMetadata } from '../compositions/template';
import type { PerOutput } from '../core/render/outputs';
import { ffmpeg, gifFromVideo } from './ffmpeg';
import { drawPlayButton } from './play-button';

export type StillFiles = Pick<PerOutput<string>, 'poster' | 'posterPlay' | 'gif'>;

const GIF_WIDTH = 480;
const GIF_FPS = 12;
// On ffmpeg's mjpeg scale (2 best, 31 worst), 3 gives about the file size the browser's JPEG quality 85 gave.
const JPEG_QUALITY = 3;

/**
 * The poster frame as PNG, taken from the finished video. Seeking a quarter frame early before `-i` decodes exactly
 * that frame; the PNG is RGB converted with the video's own BT.709 matrix (a JPEG straight from the video is not).
 */
async function extractFrame(video: string, frame: number, fps: number, png: string, signal?: AbortSignal) {
  const seconds = Math.max(0, (frame - 0.25) / fps);
  await ffmpeg(['-ss', seconds.toFixed(6), '-i', video, '-frames:v', '1', '-update', '1', png], signal);
}

/** poster.jpg is the frame as it is; poster-play.jpg is the same frame with the play button drawn on. */
async function posters(video: string, metadata: TemplateMetadata, files: StillFiles, signal?: AbortSignal) {
  const plain = `${files.poster}.png`;
  const played = `${files.posterPlay}.png`;
  try {
    await extractFrame(video, metadata.posterFrame, metadata.fps, plain, signal);
    const image = PNG.sync.read(await readFile(plain));
    drawPlayButton(image);
    // A scratch file read once by ffmpeg: fast compression beats small size here.
    await writeFile(played, PNG.sync.write(image, { deflateLevel: 1 }));
    const jpeg = ['-pix_fmt', 'yuvj420p', '-q:v', String(JPEG_QUALITY), '-update', '1'];
    const outputs = ['-map', '0:v', ...jpeg, files.poster, '-map', '1:v', ...jpeg, files.posterPlay];
    await ffmpeg(['-i', plain, '-i', played, ...outputs], signal);
  } finally {
    await Promise.all([rm(plain, { force: true }), rm(played, { force: true })]);
  }
}

/**
 * Writes the two posters and the email GIF, all cut from the finished MP4 rather than rendered again. The posters and
 * the GIF are made side by side; both are waited for before failing, so nothing still writes once the caller cleans up.
 */
export async function makeStills(video: string, metadata: TemplateMetadata, files: StillFiles, signal?: AbortSignal) {
  const [first, last] = metadata.previewRange;
  const results = await Promise.allSettled([
    posters(video, metadata, files, signal),
    gifFromVideo(video, files.gif, {
      startSeconds: first / metadata.fps,
      durationSeconds: (last - first + 1) / metadata.fps,
      width: GIF_WIDTH,
      fps: GIF_FPS,
      signal,
    }),
  ]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
