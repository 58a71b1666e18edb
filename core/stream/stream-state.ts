import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis-keys';
import { pieceFrames } from './stream-pieces';

/** One segment of a render's stream, in timeline order: its frame count and whether it needs rendering. */
export interface StreamSegment {
  frames: number;
  /** Taken from the segment cache: its pieces are published at once, without rendering. */
  cached: boolean;
}

export interface StreamPlan {
  fps: number;
  segments: StreamSegment[];
}

/** What the API knows of a render's stream: its plan, and the pieces that are in the bucket so far. */
export interface StreamState {
  plan: StreamPlan | null;
  hasInit: boolean;
  /** Frames of each published piece, by `pieceName(segment, index)`. */
  pieces: Map<string, number>;
  /** Frames per second the render's worker draws, last measured (of this render, else of recent ones). */
  renderFps: number | null;
  /** When this render's worker started drawing frames (ms since the epoch), or null before it does. */
  drawingSince: number | null;
}

// Streams are for watching while a video renders and shortly after; the MP4 and its links are what last.
const STREAM_TTL_SECONDS = 7 * 24 * 3600;
const FIELD = { plan: 'plan', init: 'init', fps: 'fps', drawing: 'drawing' } as const;

export const pieceName = (segment: number, index: number) => `${segment}-${index}`;
/** Where the stream's files are in the bucket. */
export const streamObjectKey = {
  init: (renderId: string) => `streams/${renderId}/init.mp4`,
  piece: (renderId: string, name: string) => `streams/${renderId}/${name}.m4s`,
};

/**
 * Writes a render's stream state (workers). Pieces and the plan's shape are the same whoever writes them, so a repeat
 * is harmless; the drawing speed is the last measured.
 */
export class StreamWriter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    readonly renderId: string,
  ) {}

  private async set(field: string, value: string, onlyIfAbsent = false): Promise<void> {
    const key = this.keys.stream(this.renderId);
    await this.redis
      .multi()
      [onlyIfAbsent ? 'hsetnx' : 'hset'](key, field, value)
      .expire(key, STREAM_TTL_SECONDS)
      .exec();
  }

  /** A render (or its retry) starts: its plan, and no drawing yet (a retry draws anew, after its own set-up). */
  async plan(plan: StreamPlan): Promise<void> {
    await this.redis.hdel(this.keys.stream(this.renderId), FIELD.drawing);
    await this.set(FIELD.plan, JSON.stringify(plan));
  }

  /** Every encode's init segment is equivalent (same encoder settings): the first one saved serves all pieces. */
  init(): Promise<void> {
    return this.set(FIELD.init, '1', true);
  }

  async hasInit(): Promise<boolean> {
    return (await this.redis.hexists(this.keys.stream(this.renderId), FIELD.init)) === 1;
  }

  piece(segment: number, index: number, frames: number): Promise<void> {
    return this.set(`piece:${pieceName(segment, index)}`, String(frames));
  }

  /** The drawing speed, for this render and as the estimate for the next ones. */
  async drawing(since: number, fps: number | null): Promise<void> {
    await this.set(FIELD.drawing, String(since));
    if (fps === null) return;
    await this.set(FIELD.fps, fps.toFixed(2));
    await this.redis.set(this.keys.streamFps(), fps.toFixed(2));
  }
}

export async function readStream(redis: Redis, keys: RedisKeys, renderId: string): Promise<StreamState> {
  const [fields, recentFps] = await Promise.all([redis.hgetall(keys.stream(renderId)), redis.get(keys.streamFps())]);
  const pieces = new Map<string, number>();
  for (const [field, value] of Object.entries(fields)) {
    if (field.startsWith('piece:')) pieces.set(field.slice('piece:'.length), Number(value));
  }
  const fps = Number(fields[FIELD.fps] ?? recentFps);
  const plan = fields[FIELD.plan];
  return {
    plan: plan ? (JSON.parse(plan) as StreamPlan) : null,
    hasInit: FIELD.init in fields,
    pieces,
    renderFps: fps > 0 ? fps : null,
    drawingSince: fields[FIELD.drawing] ? Number(fields[FIELD.drawing]) : null,
  };
}

/** A piece of the stream in timeline order: published (its frames as cut) or still expected (by the piece rule). */
export interface TimelinePiece {
  name: string;
  segment: number;
  frames: number;
  /** First frame in the video. */
  from: number;
  published: boolean;
  cached: boolean;
}

/**
 * Every piece of the video in order. A segment's published pieces are taken as cut (x264 may add an IDR, and so a
 * fragment, at a scene change); the rest of it follows the piece rule.
 */
export function timelinePieces(state: StreamState): TimelinePiece[] {
  if (!state.plan) return [];
  const { fps, segments } = state.plan;
  const pieces: TimelinePiece[] = [];
  let from = 0;
  for (const [segment, { frames, cached }] of segments.entries()) {
    let done = 0;
    for (let index = 0; done < frames; index++) {
      const name = pieceName(segment, index);
      const published = state.pieces.get(name);
      const count = published ?? pieceFrames(frames - done, fps)[0]!;
      pieces.push({ name, segment, frames: count, from: from + done, published: published !== undefined, cached });
      done += count;
    }
    from += frames;
  }
  return pieces;
}
