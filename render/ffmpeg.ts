import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dir as compositorDir } from '@remotion/compositor-linux-x64-gnu';

const execFileAsync = promisify(execFile);

// Remotion ships its own ffmpeg/ffprobe (with their shared libraries beside them); using them means no system ffmpeg
// is needed.
const run = (binary: 'ffmpeg' | 'ffprobe', args: string[], signal?: AbortSignal) =>
  execFileAsync(join(compositorDir, binary), args, {
    env: { ...process.env, LD_LIBRARY_PATH: compositorDir },
    maxBuffer: 16 * 1024 * 1024,
    signal,
  });

export const ffmpeg = (args: string[], signal?: AbortSignal) =>
  run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], signal);

/** Runs the bundled ffprobe quietly; answers what it printed. */
export const ffprobe = async (args: string[]): Promise<string> =>
  (await run('ffprobe', ['-v', 'error', ...args])).stdout;

export async function ffprobeJson(file: string): Promise<FfprobeResult> {
  return JSON.parse(await ffprobe(['-print_format', 'json', '-show_format', '-show_streams', file])) as FfprobeResult;
}

export interface FfprobeResult {
  streams: Array<{
    codec_type: string;
    codec_name: string;
    pix_fmt?: string;
    width?: number;
    height?: number;
    nb_frames?: string;
    r_frame_rate?: string;
    duration?: string;
  }>;
  format: { duration: string; format_name: string; size: string };
}

/** A stretch of a video, in seconds. */
export interface Clip {
  startSeconds: number;
  durationSeconds: number;
}

const PALETTE =
  'split[a][b];[a]palettegen=max_colors=96:stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle';

/**
 * Clips of the finished MP4, one after another, scaled to `width` and cut to `fps` (this ffmpeg build has no fps
 * filter, so `-r` drops frames): written as an email GIF with a palette computed from the clip itself (which keeps it
 * small), and as numbered PNG frames (`frames` holds a `%04d`) for drawing on: this build has no overlay filter and no
 * raw video muxer.
 */
export async function gifAndFrames(
  video: string,
  clips: Clip[],
  outputs: { gif: string; frames: string },
  { width, fps, signal }: { width: number; fps: number; signal?: AbortSignal },
): Promise<void> {
  const inputs = clips.flatMap(({ startSeconds, durationSeconds }) => [
    '-ss',
    startSeconds.toFixed(3),
    '-t',
    durationSeconds.toFixed(3),
    '-i',
    video,
  ]);
  const joined =
    clips.length > 1 ? `${clips.map((_, index) => `[${index}:v]`).join('')}concat=n=${clips.length}:v=1:a=0,` : '';
  const filter = `${joined}scale=${width}:-2:flags=lanczos,split[g][f];[g]${PALETTE}[gif];[f]format=rgb24[frames]`;
  const rate = ['-r', String(fps)];
  await ffmpeg(
    [
      ...inputs,
      '-filter_complex',
      filter,
      '-map',
      '[gif]',
      ...rate,
      '-loop',
      '0',
      outputs.gif,
      '-map',
      '[frames]',
      ...rate,
      '-f',
      'image2',
      '-c:v',
      'png',
      '-compression_level',
      '0',
      outputs.frames,
    ],
    signal,
  );
}

/** An email GIF from numbered PNG frames (as gifAndFrames writes them). */
export async function gifFromFrames(
  frames: string,
  gif: string,
  { fps, signal }: { fps: number; signal?: AbortSignal },
): Promise<void> {
  await ffmpeg(['-framerate', String(fps), '-i', frames, '-filter_complex', PALETTE, '-loop', '0', gif], signal);
}
