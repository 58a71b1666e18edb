import type { Storage } from '../core/storage/storage';
import { pieceName, type StreamPlan, type StreamWriter, streamObjectKey } from '../core/stream/stream-state';
import { type Fragment, FragmentReader, readFragments, timescaleOf, withDecodeTime } from './fragmented-mp4';

// How often an encode being written is looked at: small next to a one-second piece.
const FOLLOW_INTERVAL_MS = 100;

/** Where a render's stream goes: the bucket and the stream's state in Redis, or anything a test puts in their place. */
export interface StreamSink {
  plan(plan: StreamPlan): Promise<void>;
  piece(segment: number, index: number, frames: number, init: Buffer, bytes: Buffer): Promise<void>;
  drawing(since: number, fps: number | null): Promise<void>;
}

/** The stream of one render in the bucket (pieces, one init segment) and in Redis (what is there). */
export class BucketStream implements StreamSink {
  private initSaved: Promise<void> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly writer: StreamWriter,
  ) {}

  plan(plan: StreamPlan): Promise<void> {
    return this.writer.plan(plan);
  }

  async piece(segment: number, index: number, frames: number, init: Buffer, bytes: Buffer): Promise<void> {
    const { renderId } = this.writer;
    // The init segment is in the bucket before any piece is listed, so a player never finds a piece without it. The
    // first publisher of the render writes it (helpers of a split render find it there); every encode's is equivalent.
    this.initSaved ??= this.writer.hasInit().then(async (saved) => {
      if (saved) return;
      await this.storage.putBytes(streamObjectKey.init(renderId), init, 'video/mp4');
      await this.writer.init();
    });
    await this.initSaved;
    await this.storage.putBytes(streamObjectKey.piece(renderId, pieceName(segment, index)), bytes, 'video/mp4');
    await this.writer.piece(segment, index, frames);
  }

  drawing(since: number, fps: number | null): Promise<void> {
    return this.writer.drawing(since, fps);
  }
}

/** Where a stretch of encoded video goes in the stream: the plan's segments it holds, and where each starts. */
export interface StreamTarget {
  /** Indexes in the stream plan: the same segment can play more than once in a video. */
  segments: number[];
  /** First frame in the video of each of those segments. */
  froms: number[];
  frames: number;
}

/**
 * Cuts encodes into stream pieces and publishes them: whole segment files (from the cache or just split), and an
 * encode still being written, fragment by fragment as the encoder finishes each. Pieces already published are not
 * sent again, so a segment published while it rendered is only completed from its file.
 */
export class StreamPublisher {
  private readonly done = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly sink: StreamSink,
    private readonly fps: number,
  ) {}

  /**
   * Publishing runs one piece after another in the background. A failure (the bucket or Redis unreachable) ends the
   * stream, not the render: the MP4 is the product, and a viewer whose stream stops falls back to it.
   */
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.failure ? undefined : work()))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  /** Waits for what is being published; answers why the stream could not be completed, or null when it was. */
  async flush(): Promise<unknown> {
    await this.queue;
    return this.failure;
  }

  plan(plan: StreamPlan): Promise<void> {
    return this.sink.plan(plan).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  drawing(since: number, fps: number | null): void {
    this.enqueue(() => this.sink.drawing(since, fps));
  }

  private publish(target: StreamTarget, index: number, fragment: Fragment, first: Fragment, init: Buffer): void {
    const ticksPerFrame = BigInt(Math.round(timescaleOf(init) / this.fps));
    for (const [position, segment] of target.segments.entries()) {
      const name = pieceName(segment, index);
      if (this.done.has(name)) continue;
      this.done.add(name);
      // Each piece decodes where it plays in the video; the encoder's own offset (B-frame delay) is kept as it is.
      const decodeTime = BigInt(target.froms[position]!) * ticksPerFrame + (fragment.decodeTime - first.decodeTime);
      const bytes = withDecodeTime(fragment, decodeTime);
      this.enqueue(() => this.sink.piece(segment, index, fragment.samples, init, bytes));
    }
  }

  /** Publishes a finished segment file's pieces (those not published yet); a failure is reported by `flush`. */
  async publishFile(target: StreamTarget, file: string): Promise<void> {
    try {
      const { init, fragments } = await readFragments(file);
      if (!init || !fragments[0]) throw new Error(`Not a fragmented MP4: ${file}`);
      for (const [index, fragment] of fragments.entries()) this.publish(target, index, fragment, fragments[0], init);
    } catch (error) {
      this.failure ??= error;
    }
  }

  /**
   * Follows an encode of several segments back to back (`targets`, in order) while it is written, publishing each
   * fragment as it completes. Returns a function that stops following; the pieces it missed come from the files.
   */
  follow(file: string, targets: readonly StreamTarget[]): () => Promise<void> {
    const reader = new FragmentReader(file);
    let target = 0;
    let frameInTarget = 0;
    let index = 0;
    let first: Fragment | null = null;
    const poll = async () => {
      for (const fragment of await reader.read()) {
        while (target < targets.length && frameInTarget >= targets[target]!.frames) {
          target += 1;
          frameInTarget = 0;
          index = 0;
          first = null;
        }
        const current = targets[target];
        if (!current || !reader.init) return;
        first ??= fragment;
        this.publish(current, index, fragment, first, reader.init);
        index += 1;
        frameInTarget += fragment.samples;
      }
    };
    let polling = Promise.resolve();
    const timer = setInterval(() => {
      polling = polling.then(poll).catch(() => undefined);
    }, FOLLOW_INTERVAL_MS);
    return async () => {
      clearInterval(timer);
      await polling;
    };
  }
}
