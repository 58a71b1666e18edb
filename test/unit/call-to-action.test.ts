import { describe, expect, it } from 'vitest';
import { ReelpipeError } from '../../core/errors';
import {
  checkCallToAction,
  MAX_CTA_URL,
  mergeCallToAction,
  requestCallToAction,
} from '../../core/render/call-to-action';

describe('checkCallToAction', () => {
  it('treats blank fields as not given, and trims a URL', () => {
    expect(checkCallToAction({ text: '   ', url: ' \t ' })).toEqual({ ok: true, cta: undefined });
    expect(checkCallToAction({ url: '  https://shop.example.com/?c=1 ' })).toEqual({
      ok: true,
      cta: { url: 'https://shop.example.com/?c=1' },
    });
    expect(checkCallToAction({ text: 'Book\u200b now\n' })).toEqual({ ok: true, cta: { text: 'Book now' } });
    expect(checkCallToAction(null)).toEqual({ ok: true, cta: undefined });
    expect(checkCallToAction({})).toEqual({ ok: true, cta: undefined });
  });

  it('takes http and https URLs up to the limit', () => {
    const long = `https://example.com/${'a'.repeat(MAX_CTA_URL - 'https://example.com/'.length)}`;
    expect(checkCallToAction({ url: long })).toEqual({ ok: true, cta: { url: long } });
    expect(checkCallToAction({ url: 'http://example.com' })).toEqual({ ok: true, cta: { url: 'http://example.com' } });
  });

  it.each([
    [{ url: ' javascript:alert(1)' }, 'cta.url'],
    [{ url: 'JAVASCRIPT:alert(1)' }, 'cta.url'],
    [{ url: 'java\tscript:alert(1)' }, 'cta.url'],
    [{ url: 'ftp://example.com/file' }, 'cta.url'],
    [{ url: 'https://user@example.com/' }, 'cta.url'],
    [{ url: 'example.com' }, 'cta.url'],
    [{ url: 42 }, 'cta.url'],
    [{ text: 'Visit www.example.com' }, 'cta.text'],
    [{ text: '<script>alert(1)</script>' }, 'cta.text'],
  ])('refuses %j, naming %s', (given, field) => {
    const checked = checkCallToAction(given);
    expect(checked).toMatchObject({ ok: false, problem: { field } });
  });
});

describe('requestCallToAction', () => {
  it('returns the cleaned button, or throws a 422 naming the field', () => {
    expect(requestCallToAction({ text: ' Go ', url: '' }, 'invalid_cta')).toEqual({ text: 'Go' });
    expect(requestCallToAction(undefined, 'invalid_cta')).toBeUndefined();
    let error: unknown;
    try {
      requestCallToAction({ url: 'data:text/html,hi' }, 'invalid_batch');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReelpipeError);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid_batch',
      message: 'cta.url must be an absolute http(s) URL without a user name or password',
      details: [{ field: 'cta.url', message: 'must be an absolute http(s) URL without a user name or password' }],
    });
  });
});

describe('mergeCallToAction', () => {
  it("lays a row's fields over the batch's", () => {
    expect(mergeCallToAction({ text: 'Go', url: 'https://a.example' }, { url: 'https://b.example' })).toEqual({
      text: 'Go',
      url: 'https://b.example',
    });
    expect(mergeCallToAction(undefined, { text: 'Go' })).toEqual({ text: 'Go' });
    expect(mergeCallToAction({ text: 'Go' }, undefined)).toEqual({ text: 'Go' });
    expect(mergeCallToAction(undefined, undefined)).toBeUndefined();
  });
});
