import { describe, expect, it } from 'vitest';
import { linkCode } from '../../core/links/link-token';
import { endedRecord, queuedRecord } from '../../core/render/render-record';
import { renderEvent, viewEvent } from '../../core/webhooks/webhook-events';

const SITE = { publicUrl: 'https://v.example.com', linkSecret: 'secret' };
const ID = 'r_abcdefghijklmnopqrst';
const fields = { tenant: 'acme', template: 'welcome', props: {}, webhookUrl: 'https://example.com/hook' };
const failed = (createdAt: string) =>
  endedRecord(queuedRecord(ID, fields, { createdAt }), {
    status: 'failed',
    error: { code: 'render_failed', message: 'The render failed after all attempts.' },
  });
const done = {
  ...endedRecord(queuedRecord(ID, fields), {
    status: 'done',
    outputs: { video: 'v', poster: 'p', posterPlay: 'pp', gif: 'g', gifPlay: 'gp' },
    video: { durationInFrames: 585, fps: 30, width: 1280, height: 720 },
    timings: { queuedSeconds: 0, renderSeconds: 1, uploadSeconds: 0 },
    videoBytes: 2_345_678,
  }),
  link: linkCode(SITE.linkSecret, ID),
};

describe('render events', () => {
  it('gives the same end of one queueing one message id, and a retried render’s end another', () => {
    const first = renderEvent(failed('2030-01-01T10:00:00.000Z'), SITE)!;
    expect(renderEvent(failed('2030-01-01T10:00:00.000Z'), SITE)!.messageId).toBe(first.messageId);
    expect(renderEvent(failed('2030-01-01T10:05:00.000Z'), SITE)!.messageId).not.toBe(first.messageId);
    // It is a BullMQ job id too: never a colon.
    expect(first.messageId).toMatch(/^msg_r_[A-Za-z0-9_-]+_[a-z0-9]+_failed$/);
  });

  it('carries the landing page, the permanent links, the length and the size of a finished video', () => {
    const { data } = JSON.parse(renderEvent(done, SITE)!.body);
    const code = linkCode(SITE.linkSecret, ID);
    expect(data.links).toEqual({
      landing: `https://v.example.com/v/${code}`,
      video: `https://v.example.com/v/${code}.mp4`,
      poster: `https://v.example.com/v/${code}/poster.jpg`,
      posterPlay: `https://v.example.com/v/${code}/poster-play.jpg`,
      gif: `https://v.example.com/v/${code}/preview.gif`,
      gifPlay: `https://v.example.com/v/${code}.gif`,
    });
    expect(data).toMatchObject({ id: ID, status: 'done', durationSeconds: 19.5, sizeBytes: 2_345_678 });
    expect(data.error).toBeUndefined();
  });
});

describe('view events', () => {
  const views = { opened: 2, played: 1, completed: 0, clicked: 0, watchedPct: 50 };
  it('names the message after the render, the kind and the hour: a second one within the hour is the same message', () => {
    const at = (time: string) =>
      viewEvent(done, 'video.viewed', views, 'https://example.com/hook', SITE, ['b_1'], new Date(time));
    const first = at('2030-01-01T10:05:00.000Z');
    expect(at('2030-01-01T10:55:00.000Z').messageId).toBe(first.messageId);
    expect(at('2030-01-01T11:05:00.000Z').messageId).not.toBe(first.messageId);
    expect(first.messageId).not.toContain(':');
    const { type, data } = JSON.parse(first.body);
    expect(type).toBe('video.viewed');
    expect(data).toMatchObject({ id: ID, batches: ['b_1'], views, landing: `https://v.example.com/v/${done.link}` });
  });
});
