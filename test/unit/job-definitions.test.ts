import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { finishBatchJob } from '../../jobs/finish-batch';
import { parsePayload } from '../../jobs/job-definition';
import { renderJob } from '../../jobs/render';
import { webhookJob } from '../../jobs/webhook';

const valid = {
  render: {
    renderId: 'r_abcdefghijklmnopqrst',
    tenant: 'acme',
    template: 'welcome',
    props: { firstName: 'Ana' },
    createdAt: '2026-11-23T10:00:00.000Z',
  },
  finish: { batchId: 'b_abcdefghijklmnop' },
  webhook: { messageId: 'msg_1', url: 'https://example.com/hook', body: '{}' },
};

describe('job definitions', () => {
  it('each names a queue and carries its options', () => {
    expect([renderJob.queue, finishBatchJob.queue, webhookJob.queue]).toEqual(['renders', 'batches', 'webhooks']);
    expect(renderJob.options.attempts).toBe(3);
    expect(webhookJob.options.attempts).toBe(8);
    expect(finishBatchJob.options.attempts).toBe(10);
  });

  it('a worker takes a well-formed payload as it is', () => {
    expect(parsePayload(renderJob, valid.render)).toEqual(valid.render);
    expect(parsePayload(finishBatchJob, valid.finish)).toEqual(valid.finish);
    expect(parsePayload(webhookJob, valid.webhook)).toEqual(valid.webhook);
  });

  it('a worker fails a malformed payload for good, naming the field', () => {
    const cases: Array<[Parameters<typeof parsePayload>[0], unknown, string]> = [
      [renderJob, { ...valid.render, renderId: '12345' }, 'renderId'],
      [renderJob, { ...valid.render, createdAt: 'yesterday' }, 'createdAt'],
      [renderJob, { ...valid.render, props: 'not an object' }, 'props'],
      [finishBatchJob, { batchId: '../../etc' }, 'batchId'],
      [webhookJob, { ...valid.webhook, url: 'not a url' }, 'url'],
    ];
    for (const [definition, payload, field] of cases) {
      expect(() => parsePayload(definition, payload)).toThrow(UnrecoverableError);
      expect(() => parsePayload(definition, payload)).toThrow(new RegExp(`job: ${field}:`));
    }
  });
});
