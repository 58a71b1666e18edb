import { describe, expect, it } from 'vitest';
import { hlsPlaylist } from '../../core/stream/hls-playlist';
import { pieceFrames, pieceStarts } from '../../core/stream/stream-pieces';
import { safeToStart } from '../../core/stream/stream-schedule';
import { pieceName, type StreamSegment, type StreamState, timelinePieces } from '../../core/stream/stream-state';
import { StreamPublisher, type StreamSink } from '../../render/stream-publisher';

const FPS = 30;
const URI = { init: 'stream/init.mp4', piece: (name: string) => `stream/${name}.m4s` };

/** A stream state built by hand, as readStream would return it. */
function state(
  segments: StreamSegment[] | null,
  pieces: Record<string, number> = {},
  extra: Partial<Pick<StreamState, 'hasInit' | 'renderFps' | 'drawingSince'>> = {},
): StreamState {
  return {
    plan: segments ? { fps: FPS, segments } : null,
    hasInit: true,
    pieces: new Map(Object.entries(pieces)),
    renderFps: null,
    drawingSince: null,
    ...extra,
  };
}

/** Every piece of the given segments as published, cut by the piece rule. */
function allPublished(segments: StreamSegment[]): Record<string, number> {
  const pieces: Record<string, number> = {};
  for (const [segment, { frames }] of segments.entries()) {
    for (const [index, count] of pieceFrames(frames, FPS).entries()) pieces[pieceName(segment, index)] = count;
  }
  return pieces;
}

const extinfs = (playlist: string) => playlist.split('\n').filter((line) => line.startsWith('#EXTINF:'));
const uris = (playlist: string) => playlist.split('\n').filter((line) => line.startsWith('stream/'));

describe('pieceFrames', () => {
  it('cuts one-second pieces and keeps a tail of 0.4 s or more as its own piece', () => {
    expect(pieceFrames(90, FPS)).toEqual([30, 30, 30]);
    expect(pieceFrames(96, FPS)).toEqual([30, 30, 36]);
    expect(pieceFrames(84, FPS)).toEqual([30, 30, 24]);
    expect(pieceFrames(105, FPS)).toEqual([30, 30, 30, 15]);
    // 12 frames is exactly 0.4 s: not under it, so it stands alone.
    expect(pieceFrames(42, FPS)).toEqual([30, 12]);
  });

  it('joins a tail under 0.4 s to the piece before it', () => {
    expect(pieceFrames(41, FPS)).toEqual([41]);
    expect(pieceFrames(71, FPS)).toEqual([30, 41]);
    expect(pieceFrames(31, FPS)).toEqual([31]);
  });

  it('keeps a segment shorter than a second whole, and an empty one without pieces', () => {
    expect(pieceFrames(1, FPS)).toEqual([1]);
    expect(pieceFrames(29, FPS)).toEqual([29]);
    expect(pieceFrames(0, FPS)).toEqual([]);
  });

  it('sums to the segment and keeps every piece under 1.5 s, at other frame rates too', () => {
    // Collected rather than asserted one by one: thousands of expects would make this the slowest test here.
    const wrong: string[] = [];
    for (const fps of [24, 25, 30, 60]) {
      for (let frames = 1; frames <= 10 * fps; frames++) {
        const pieces = pieceFrames(frames, fps);
        const sum = pieces.reduce((total, count) => total + count, 0);
        // Only the last piece may differ from one second.
        const ok =
          sum === frames && pieces.every((count, i) => count < fps * 1.5 && (i === pieces.length - 1 || count === fps));
        if (!ok) wrong.push(`${frames} at ${fps} fps: ${pieces.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('pieceStarts', () => {
  it('lists where each piece after the first starts, from the segment start', () => {
    expect(pieceStarts(96, FPS)).toEqual([30, 60]);
    expect(pieceStarts(105, FPS)).toEqual([30, 60, 90]);
    expect(pieceStarts(42, FPS)).toEqual([30]);
  });

  it('is empty for a single piece or an empty segment', () => {
    expect(pieceStarts(41, FPS)).toEqual([]);
    expect(pieceStarts(30, FPS)).toEqual([]);
    expect(pieceStarts(0, FPS)).toEqual([]);
  });

  it('matches the running sum of pieceFrames', () => {
    const wrong: number[] = [];
    for (let frames = 1; frames <= 300; frames++) {
      const pieces = pieceFrames(frames, FPS);
      const starts = pieces.slice(0, -1).map((_, i) => pieces.slice(0, i + 1).reduce((a, b) => a + b, 0));
      if (pieceStarts(frames, FPS).join() !== starts.join()) wrong.push(frames);
    }
    expect(wrong).toEqual([]);
  });
});

describe('pieceName', () => {
  it('is "<segment>-<index>"', () => {
    expect(pieceName(0, 0)).toBe('0-0');
    expect(pieceName(3, 12)).toBe('3-12');
  });
});

describe('timelinePieces', () => {
  it('is empty without a plan', () => {
    expect(timelinePieces(state(null, { '0-0': 30 }))).toEqual([]);
  });

  it('cuts unpublished segments by the piece rule, with positions across segments', () => {
    const pieces = timelinePieces(
      state([
        { frames: 45, cached: true },
        { frames: 96, cached: false },
      ]),
    );
    expect(pieces).toEqual([
      { name: '0-0', segment: 0, frames: 30, from: 0, published: false, cached: true },
      { name: '0-1', segment: 0, frames: 15, from: 30, published: false, cached: true },
      { name: '1-0', segment: 1, frames: 30, from: 45, published: false, cached: false },
      { name: '1-1', segment: 1, frames: 30, from: 75, published: false, cached: false },
      { name: '1-2', segment: 1, frames: 36, from: 105, published: false, cached: false },
    ]);
  });

  it('marks published pieces', () => {
    const pieces = timelinePieces(state([{ frames: 96, cached: false }], { '0-0': 30, '0-2': 36 }));
    expect(pieces.map((piece) => [piece.name, piece.published])).toEqual([
      ['0-0', true],
      ['0-1', false],
      ['0-2', true],
    ]);
  });

  it('takes published pieces as cut, and cuts the rest of their segment by the rule', () => {
    // A segment cached by an older release: its first piece has 40 frames, not 30.
    const pieces = timelinePieces(
      state(
        [
          { frames: 96, cached: true },
          { frames: 30, cached: false },
        ],
        { '0-0': 40 },
      ),
    );
    expect(pieces.map(({ name, frames, from }) => ({ name, frames, from }))).toEqual([
      { name: '0-0', frames: 40, from: 0 },
      { name: '0-1', frames: 30, from: 40 },
      { name: '0-2', frames: 26, from: 70 },
      // The next segment starts where the plan says, whatever the cut.
      { name: '1-0', frames: 30, from: 96 },
    ]);
  });

  it('takes a whole segment published as one piece as it is', () => {
    const pieces = timelinePieces(
      state(
        [
          { frames: 45, cached: true },
          { frames: 30, cached: false },
        ],
        { '0-0': 45 },
      ),
    );
    expect(pieces.map(({ name, frames, from }) => ({ name, frames, from }))).toEqual([
      { name: '0-0', frames: 45, from: 0 },
      { name: '1-0', frames: 30, from: 45 },
    ]);
  });
});

describe('hlsPlaylist', () => {
  const segments: StreamSegment[] = [
    { frames: 45, cached: true },
    { frames: 96, cached: false },
  ];

  it('has only the header before the init segment is there', () => {
    const playlist = hlsPlaylist(state(segments, { '0-0': 30, '0-1': 15 }, { hasInit: false }), URI);
    expect(playlist).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-PLAYLIST-TYPE:EVENT',
        '#EXT-X-TARGETDURATION:1',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES',
        '',
      ].join('\n'),
    );
    expect(playlist).not.toContain('#EXT-X-MAP');
    expect(playlist).not.toContain('#EXT-X-ENDLIST');
  });

  it('has no pieces and no end without a plan', () => {
    const playlist = hlsPlaylist(state(null, { '0-0': 30 }), URI);
    expect(extinfs(playlist)).toEqual([]);
    expect(playlist).not.toContain('#EXT-X-ENDLIST');
  });

  it('is an EVENT playlist with the init map once the init segment is there', () => {
    const playlist = hlsPlaylist(state(segments), URI);
    expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:EVENT\n');
    expect(playlist).toContain('#EXT-X-MAP:URI="stream/init.mp4"\n');
    expect(extinfs(playlist)).toEqual([]);
    expect(playlist).not.toContain('#EXT-X-ENDLIST');
    expect(playlist.endsWith('\n')).toBe(true);
  });

  it('lists the published pieces from the start with their durations', () => {
    const playlist = hlsPlaylist(state(segments, { '0-0': 30, '0-1': 15, '1-0': 30 }), URI);
    expect(playlist.split('\n').slice(7)).toEqual([
      '#EXT-X-MAP:URI="stream/init.mp4"',
      '#EXTINF:1.000000,',
      'stream/0-0.m4s',
      '#EXTINF:0.500000,',
      'stream/0-1.m4s',
      '#EXTINF:1.000000,',
      'stream/1-0.m4s',
      '',
    ]);
  });

  it('stops at the first missing piece even if later ones are published', () => {
    const playlist = hlsPlaylist(state(segments, { '0-0': 30, '1-0': 30, '1-1': 30, '1-2': 36 }), URI);
    expect(uris(playlist)).toEqual(['stream/0-0.m4s']);
    expect(playlist).not.toContain('#EXT-X-ENDLIST');
    // Nothing at all when the very first piece is missing.
    expect(uris(hlsPlaylist(state(segments, { '0-1': 15, '1-0': 30 }), URI))).toEqual([]);
  });

  it('ends with EXT-X-ENDLIST only when every piece is published', () => {
    const all = allPublished(segments);
    const complete = hlsPlaylist(state(segments, all), URI);
    expect(uris(complete)).toEqual(['0-0', '0-1', '1-0', '1-1', '1-2'].map(URI.piece));
    expect(extinfs(complete)).toEqual([
      '#EXTINF:1.000000,',
      '#EXTINF:0.500000,',
      '#EXTINF:1.000000,',
      '#EXTINF:1.000000,',
      '#EXTINF:1.200000,',
    ]);
    expect(complete.endsWith('#EXT-X-ENDLIST\n')).toBe(true);

    const { '1-2': _, ...allButLast } = all;
    expect(hlsPlaylist(state(segments, allButLast), URI)).not.toContain('#EXT-X-ENDLIST');
  });

  it('only grows as pieces are published, in any order', () => {
    const order = ['1-1', '0-0', '1-2', '0-1', '1-0'];
    const all = allPublished(segments);
    let previous = hlsPlaylist(state(segments), URI);
    const published: Record<string, number> = {};
    for (const name of order) {
      published[name] = all[name]!;
      const playlist = hlsPlaylist(state(segments, published), URI);
      // The header, target duration included, stays; pieces are only appended (ENDLIST comes last).
      expect(playlist.startsWith(previous)).toBe(true);
      previous = playlist;
    }
    expect(previous.endsWith('#EXT-X-ENDLIST\n')).toBe(true);
  });

  it('sets the target duration to the longest piece rounded, at least 1', () => {
    // Pieces of the rule stay under 1.5 s: 1.
    expect(hlsPlaylist(state([{ frames: 71, cached: false }]), URI)).toContain('#EXT-X-TARGETDURATION:1\n');
    // A published piece cut by an older release, of 2.5 s: rounded to 3.
    const older = state([{ frames: 105, cached: true }], { '0-0': 75, '0-1': 30 });
    expect(hlsPlaylist(older, URI)).toContain('#EXT-X-TARGETDURATION:3\n');
    expect(hlsPlaylist(state([{ frames: 5, cached: false }]), URI)).toContain('#EXT-X-TARGETDURATION:1\n');
  });

  it('uses the plan frame rate for durations', () => {
    const playlist = hlsPlaylist(
      { ...state(null, { '0-0': 25, '0-1': 25 }), plan: { fps: 25, segments: [{ frames: 50, cached: false }] } },
      URI,
    );
    expect(extinfs(playlist)).toEqual(['#EXTINF:1.000000,', '#EXTINF:1.000000,']);
  });
});

describe('safeToStart', () => {
  // A trip video at 30 fps: intro cached, a personal part to render, a cached middle, another personal part.
  //   0-0 (30, from 0)   0-1 (15, from 30)                      cached
  //   1-0 (30, from 45)  1-1 (30, from 75)  1-2 (36, from 105)  to render
  //   2-0 (30, from 141) 2-1 (30, from 171) 2-2 (24, from 201)  cached
  //   3-0 (30, from 225) ... 3-3 (15, from 315)                 to render
  const trip: StreamSegment[] = [
    { frames: 45, cached: true },
    { frames: 96, cached: false },
    { frames: 84, cached: true },
    { frames: 105, cached: false },
  ];
  const intro = { '0-0': 30, '0-1': 15 };
  const drawing = { renderFps: 20, drawingSince: 1_700_000_000_000 };

  it('is false without a plan', () => {
    expect(safeToStart(state(null, { '0-0': 30 }, drawing))).toBe(false);
  });

  it('is false without the first piece, even with later ones published', () => {
    const { '0-0': _, ...rest } = allPublished(trip);
    expect(safeToStart(state(trip, {}, drawing))).toBe(false);
    expect(safeToStart(state(trip, rest, drawing))).toBe(false);
  });

  it('is true when everything is published, whatever the speed', () => {
    expect(safeToStart(state(trip, allPublished(trip)))).toBe(true);
    expect(safeToStart(state(trip, allPublished(trip), { renderFps: 0.1, drawingSince: null }))).toBe(true);
  });

  // Pieces still to draw are drawn at 85% of the measured 20 fps (17 fps) and take 1.3 s more to reach a player.
  it('is false right away, with only the cached intro published', () => {
    // 1-0 plays at 1.5 s but needs 1.2 s of setup, 30 / 17 s of drawing and 1.3 s of delivery.
    expect(safeToStart(state(trip, intro, { renderFps: 20, drawingSince: null }))).toBe(false);
    expect(safeToStart(state(trip, intro, drawing))).toBe(false);
  });

  it('is false with only the first piece of the personal segment published', () => {
    // 1-1 plays at 2.5 s but arrives at 30 / 17 + 1.3 = 3.06 s.
    expect(safeToStart(state(trip, { ...intro, '1-0': 30 }, drawing))).toBe(false);
  });

  it('is true once enough of the first personal segment is published', () => {
    // 1-2 plays at 3.5 s and arrives at 36 / 17 + 1.3 = 3.42 s; 3-3 plays at 10.5 s and arrives at 141 / 17 + 1.3.
    expect(safeToStart(state(trip, { ...intro, '1-0': 30, '1-1': 30 }, drawing))).toBe(true);
  });

  it('does not let cached pieces later in the timeline block', () => {
    // Nothing of the cached middle is published yet: it arrives at once.
    const pieces = { ...intro, '1-0': 30, '1-1': 30 };
    expect(safeToStart(state(trip, pieces, drawing))).toBe(true);
    // The same middle to render would be drawn after 1-2: 2-0 arrives at 66 / 17 + 1.3 = 5.2 s, plays at 4.7 s.
    const uncached = trip.map((segment, index) => (index === 2 ? { ...segment, cached: false } : segment));
    expect(safeToStart(state(uncached, pieces, drawing))).toBe(false);
  });

  it('waits for the setup before the worker draws, and assumes a cautious speed before one is measured', () => {
    const pieces = { ...intro, '1-0': 30, '1-1': 30 };
    // Setup 1.2 s: 1-2 arrives at 1.2 + 36 / 17 + 1.3 = 4.6 s > 3.5 s.
    expect(safeToStart(state(trip, pieces, { renderFps: 20, drawingSince: null }))).toBe(false);
    // 15 fps (12.75 with the margin): 1-2 arrives at 36 / 12.75 + 1.3 = 4.1 s > 3.5 s.
    expect(safeToStart(state(trip, pieces, { renderFps: null, drawingSince: drawing.drawingSince }))).toBe(false);
  });
});

describe('StreamPublisher', () => {
  it('ends the stream, not the render, when the sink fails, and sends nothing after the failure', async () => {
    const calls: string[] = [];
    const outage = new Error('bucket unreachable');
    const sink: StreamSink = {
      plan: async () => {
        calls.push('plan');
        throw outage;
      },
      piece: async () => {
        calls.push('piece');
      },
      drawing: async () => {
        calls.push('drawing');
      },
    };
    const publisher = new StreamPublisher(sink, FPS);
    await expect(publisher.plan({ fps: FPS, segments: [{ frames: 30, cached: true }] })).resolves.toBeUndefined();
    publisher.drawing(Date.now(), 30);
    expect(await publisher.flush()).toBe(outage);
    expect(calls).toEqual(['plan']);

    const healthy = new StreamPublisher({ ...sink, plan: async () => undefined }, FPS);
    healthy.drawing(Date.now(), 30);
    expect(await healthy.flush()).toBeNull();
  });
});
