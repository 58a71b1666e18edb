import type { FastifyError } from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  BrowserNotFoundError,
  RateLimitedError,
  ReelpipeError,
  ServiceUnavailableError,
  StorageUnavailableError,
} from '../../core/errors';
import { requestIdOf, toErrorResponse } from '../../server/plugins/error-handler';

const respond = (error: Error) => toErrorResponse(error as FastifyError);
const named = (name: string, message: string, fields: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name }, fields);

describe('toErrorResponse', () => {
  it('answers 503 with Retry-After for every shape of a Redis outage', () => {
    const outages = [
      named('MaxRetriesPerRequestError', 'Reached the max retries per request limit (which is 1).'),
      named('Error', 'Connection is closed.'),
      named('ConnectionClosedError', 'Connection is closed.'),
      named('Error', "Stream isn't writeable and enableOfflineQueue options is false"),
      named('Error', 'connect ECONNREFUSED 127.0.0.1:6379', { code: 'ECONNREFUSED' }),
      named('ReplyError', 'LOADING Redis is loading the dataset in memory'),
      named('Error', 'queue add failed', { cause: named('MaxRetriesPerRequestError', 'Reached the limit') }),
    ];
    for (const error of outages) {
      expect(respond(error)).toEqual({
        status: 503,
        body: {
          error: {
            code: 'service_unavailable',
            message: 'The render queue is unreachable right now; try again shortly.',
          },
        },
        headers: { 'retry-after': '5' },
        internal: true,
      });
    }
  });

  it('answers 503 with Retry-After for a bucket outage, and for every other 503', () => {
    const bucket = respond(new StorageUnavailableError('ECONNREFUSED', new Error('connect ECONNREFUSED')));
    expect(bucket).toMatchObject({
      status: 503,
      body: { error: { code: 'service_unavailable', message: expect.stringContaining('bucket') } },
      headers: { 'retry-after': '5' },
      internal: true,
    });
    expect(JSON.stringify(bucket.body)).not.toContain('ECONNREFUSED');
    expect(respond(new ServiceUnavailableError('Later.', 30)).headers).toEqual({ 'retry-after': '30' });
    expect(respond(new BrowserNotFoundError('No browser.')).headers).toEqual({ 'retry-after': '5' });
    const notReady = respond(
      new ReelpipeError('Not ready.', 'not_ready', { status: 503, details: { failing: ['s3'] } }),
    );
    expect(notReady).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(notReady.body.error.details).toEqual({ failing: ['s3'] });
  });

  it('keeps Retry-After on a 429 and none on other answers', () => {
    expect(respond(new RateLimitedError('Slow down.', 12)).headers).toEqual({ 'retry-after': '12' });
    expect(respond(new ReelpipeError('No.', 'bad_request')).headers).toBeUndefined();
  });

  it("answers Fastify's URL errors in our shape, without echoing the URL", () => {
    const badUrl = named('FastifyError', "'/v1/renders/%E0%A4%A' is not a valid url component", {
      code: 'FST_ERR_BAD_URL',
      statusCode: 400,
    });
    expect(respond(badUrl)).toEqual({
      status: 400,
      body: { error: { code: 'bad_request', message: 'The URL is malformed.' } },
    });
    const longParam = named('FastifyError', "'/v1/renders/aaaa' is exceeding the max param length", {
      code: 'FST_ERR_MAX_PARAM_LENGTH',
      statusCode: 414,
    });
    expect(respond(longParam)).toEqual({
      status: 414,
      body: { error: { code: 'uri_too_long', message: 'A part of the URL is too long.' } },
    });
  });

  it('hides anything else behind a 500', () => {
    expect(respond(new TypeError('x is undefined'))).toMatchObject({ status: 500, internal: true });
  });
});

describe('requestIdOf', () => {
  const request = (id?: string | string[]) =>
    ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as Parameters<typeof requestIdOf>[0];

  it("keeps a caller's well-formed id", () => {
    expect(requestIdOf(request('abc-123_XYZ'))).toBe('abc-123_XYZ');
    expect(requestIdOf(request('a'.repeat(64)))).toBe('a'.repeat(64));
  });

  it('makes a random one otherwise', () => {
    for (const given of [undefined, '', 'a'.repeat(65), 'has space', 'quote"', 'line\nbreak', ['a', 'b']]) {
      const id = requestIdOf(request(given));
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(id).not.toBe(given);
    }
    expect(requestIdOf(request())).not.toBe(requestIdOf(request()));
  });

  it('answers a multipart body cut short or without its boundary with 400, not 500', () => {
    for (const message of ['Unexpected end of multipart data', 'Multipart: Boundary not found']) {
      expect(respond(new Error(message))).toEqual({
        status: 400,
        body: { error: { code: 'bad_request', message: 'The multipart body is malformed.' } },
      });
    }
  });
});
