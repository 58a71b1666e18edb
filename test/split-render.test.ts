import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey } from '../core/render/outputs';
import type { DoneRecord } from '../core/render/render-record';
import { framePsnr, videoTimestamps } from './helpers/media';
import { startTestService, type TestService, type WorkerProcess, waitForRender } from './helpers/service';

// trip with one interest: a cached opener and interest, and two personal segments (intro 96 frames, outro 105).
const PERSONAL_FRAMES = 96 + 105;

describe('a form render split across workers', () => {
  let service: TestService;
  let workers: WorkerProcess[];

  beforeAll(async () => {
    // `always`: on this 2-core machine `auto` would not split (two renders on two cores gain nothing).
    service = await startTestService({ SPLIT_RENDERS: 'always' });
    workers = [await service.startWorker(), await service.startWorker()];
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
  }, 60_000);

  const submit = async (endDate: string) => {
    const answers = { destination: 'lisbon', startDate: '2099-05-01', endDate, travellers: 2, interests: ['food'] };
    const response = await fetch(`${service.url}/f/trip`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(answers),
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  };
  const record = async (id: string) => (await service.runtime.storage.getJson<DoneRecord>(recordKey(id)))!;
  const isDone = (body: Record<string, unknown>) => body.status === 'done' || body.status === 'failed';
  const get = (url: string) => fetch(url, { headers: { authorization: `Bearer ${service.apiKey}` } });

  /**
   * The stream two workers published is the video: every frame in order at 30 fps, the same pixels as the MP4 (the
   * same encodes in another container), behind its token only.
   */
  const checkStream = async (id: string) => {
    const view = (await (await get(`${service.url}/v1/renders/${id}`)).json()) as {
      stream: string;
      outputs: { video: { url: string } };
    };
    const playlist = await (await fetch(view.stream)).text();
    expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(playlist.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    const pieces = playlist.split('\n').filter((line) => line.endsWith('.m4s'));
    const files = ['stream/init.mp4', ...pieces].map((uri) => new URL(uri, view.stream));
    const bodies = await Promise.all(files.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())));
    const dir = await mkdtemp(join(tmpdir(), 'reelpipe-stream-'));
    try {
      // The init segment and the pieces in playlist order are one fragmented MP4.
      const stream = join(dir, 'stream.mp4');
      const mp4 = join(dir, 'video.mp4');
      await writeFile(stream, Buffer.concat(bodies));
      await writeFile(mp4, Buffer.from(await (await fetch(view.outputs.video.url)).arrayBuffer()));
      const { ticksPerSecond, pts } = await videoTimestamps(stream);
      expect(pts).toHaveLength(330);
      const steps = new Set(pts.slice(1).map((at, index) => Math.round(((at - pts[index]!) / ticksPerSecond) * 3000)));
      expect([...steps]).toEqual([100]);
      expect(Math.min(...(await framePsnr(stream, mp4)))).toBeGreaterThan(60);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Another token, a tampered one, or a name that is not a piece: the same 404.
    const token = new URL(view.stream).pathname.split('/')[2]!;
    for (const path of [
      `/v/${token.slice(0, -2)}xx/stream.m3u8`,
      `/v/${token}/stream/..%2Frecord.json`,
      `/v/${token}/stream/0-0.mp4`,
      `/v/${token}/stream/99-0.m4s`,
    ])
      expect((await fetch(`${service.url}${path}`)).status, path).toBe(404);
  };

  it('renders one video on two workers, and a killed segment is the only thing rendered again', async () => {
    // The first visitor's video: the outro is drawn by the other worker while this one draws the intro.
    const first = await submit('2099-05-04');
    expect((await waitForRender(service, first, isDone)).status).toBe('done');
    const split = await record(first);
    expect(split.segments!.rendered.personal).toBe(1);
    expect(split.segments!.helped?.personal).toBe(1);
    await checkStream(first);

    // The second: kill -9 the worker drawing its offered segment, in the middle of it.
    const second = await submit('2099-05-06');
    const worker = await (async () => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        const active = await service.runtime.queues.renders.getActive();
        const job = active.find((candidate) => candidate.name === 'render-segment' && candidate.processedBy);
        const pid = Number(job?.processedBy?.split(':').at(-1));
        const found = workers.find((candidate) => candidate.child.pid === pid);
        if (job && found) {
          // Let it draw for a while, so the kill lands mid-segment.
          await new Promise((resolve) => setTimeout(resolve, 2_000));
          return found;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no segment job started');
    })();
    worker.child.kill('SIGKILL');
    await worker.exited;

    const body = await waitForRender(service, second, isDone, 240_000);
    expect(body.status).toBe('done');
    const healed = await record(second);
    // The surviving worker drew its own segment and the killed one, each once; the cached ones were not drawn.
    expect(healed.segments!.rendered.personal).toBe(2);
    expect(healed.segments!.helped?.personal).toBe(0);
    expect(healed.segments!.framesRendered).toBe(PERSONAL_FRAMES);
    expect(healed.video.durationInFrames).toBe(330);
    const playlist = await (await fetch(body.stream as string)).text();
    expect(playlist).toContain('#EXT-X-ENDLIST');
    expect(playlist.match(/#EXTINF:([\d.]+)/g)?.reduce((sum, line) => sum + Number(line.slice(8)), 0)).toBeCloseTo(
      11,
      3,
    );
  }, 420_000);
});
