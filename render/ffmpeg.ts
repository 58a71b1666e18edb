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

export interface GifOptions {
  startSeconds: number;
  durationSeconds: number;
  width: number;
  fps: number;
  signal?: AbortSignal;
}

/**
 * An email-sized looping GIF cut from the finished MP4: cheaper than rendering the frames again, and a palette
 * computed from the clip itself keeps it small (this ffmpeg build has no fps filter, so `-r` drops frames).
 */
export async function gifFromVideo(video: string, gif: string, options: GifOptions): Promise<void> {
  const filter =
    `scale=${options.width}:-2:flags=lanczos,split[a][b];` +
    '[a]palettegen=max_colors=96:stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle';
  const input = ['-ss', options.startSeconds.toFixed(3), '-t', options.durationSeconds.toFixed(3), '-i', video];
  await ffmpeg([...input, '-filter_complex', filter, '-r', String(options.fps), '-loop', '0', gif], options.signal);
}
