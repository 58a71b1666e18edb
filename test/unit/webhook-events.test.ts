import { describe, expect, it } from 'vitest';
import { endedRecord, queuedRecord } from '../../core/render/render-record';
import { renderEvent } from '../../core/webhooks/webhook-events';

const fields = { tenant: 'acme', template: 'welcome', props: {}, webhookUrl: 'https://example.com/hook' };
const failed = (createdAt: string) =>
  endedRecord(queuedRecord('r_abcdefghijklmnopqrst', fields, { createdAt }), {
    status: 'failed',
    error: { code: 'render_failed', message: 'The render failed after all attempts.' },
  });

describe('render events', () => {
  it('gives the same end of one queueing one message id, and a retried render’s end another', () => {
    const first = renderEvent(failed('2030-01-01T10:00:00.000Z'))!;
    expect(renderEvent(failed('2030-01-01T10:00:00.000Z'))!.messageId).toBe(first.messageId);
    expect(renderEvent(failed('2030-01-01T10:05:00.000Z'))!.messageId).not.toBe(first.messageId);
    // It is a BullMQ job id too: never a colon.
    expect(first.messageId).toMatch(/^msg_r_[A-Za-z0-9_-]+_[a-z0-9]+_failed$/);
  });
});
