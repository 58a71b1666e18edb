import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { TemplateMetadata } from '../compositions/template';
import type { PerOutput } from '../core/render/outputs';
import { type Clip, ffmpeg, gifAndFrames, gifFromFrames } from './ffmpeg';
import { drawPlayButton, type PlayButtonLayer, playButtonLayer } from './play-button';

export type StillFiles = Pick<PerOutput<string>, 'poster' | 'posterPlay' | 'gif' | 'gifPlay'>;

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
 * The stretches of video the email GIF plays: the preview range, started at the poster frame. Outlook for Windows
 * shows only a GIF's first frame, so that frame must say something; the loop then runs on from the range's start to
 * just before the poster frame, the same animation as the range. A poster frame outside the range leads it alone.
 * Each clip starts a quarter frame early, so the seek lands on its first frame (see extractFrame).
 */
export function gifClips({ previewRange: [first, last], posterFrame, fps }: TemplateMetadata): Clip[] {
  const clip = (from: number, to: number): Clip => ({
    startSeconds: Math.max(0, (from - 0.25) / fps),
    durationSeconds: (to - from + 1) / fps,
  });
  if (posterFrame === first) return [clip(first, last)];
  if (posterFrame < first || posterFrame > last) return [clip(posterFrame, posterFrame), clip(first, last)];
  return [clip(posterFrame, last), clip(first, posterFrame - 1)];
}

/** The plain email GIF, and the same GIF with the play button on every frame, sized for its smaller frame. */
async function gifs(video: string, metadata: TemplateMetadata, files: StillFiles, signal?: AbortSignal) {
  const dir = `${files.gifPlay}.frames`;
  const frames = join(dir, '%04d.png');
  try {
    await mkdir(dir, { recursive: true });
    await gifAndFrames(
      video,
      gifClips(metadata),
      { gif: files.gif, frames },
      { width: GIF_WIDTH, fps: GIF_FPS, signal },
    );
    let layer: PlayButtonLayer | undefined;
    for (const name of (await readdir(dir)).sort()) {
      const image = PNG.sync.read(await readFile(join(dir, name)));
      layer ??= playButtonLayer(image.width, image.height, GIF_WIDTH / metadata.width);
      drawPlayButton(image, layer);
      // A scratch file read once by ffmpeg: fast compression beats small size here.
      await writeFile(join(dir, name), PNG.sync.write(image, { deflateLevel: 0, filterType: 0 }));
    }
    await gifFromFrames(frames, files.gifPlay, { fps: GIF_FPS, signal });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Writes the two posters and the two email GIFs, all cut from the finished MP4 rather than rendered again. The posters
 * and the GIFs are made side by side; both are waited for before failing, so nothing still writes once the caller
 * cleans up.
 */
export async function makeStills(video: string, metadata: TemplateMetadata, files: StillFiles, signal?: AbortSignal) {
  const results = await Promise.allSettled([
    posters(video, metadata, files, signal),
    gifs(video, metadata, files, signal),
  ]);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
