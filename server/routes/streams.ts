import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { notFound } from '../../core/errors';
import { verifyLinkToken } from '../../core/links/link-token';
import { redisKeys } from '../../core/redis-keys';
import { recordKey } from '../../core/render/outputs';
import type { RenderRecord } from '../../core/render/render-record';
import { isFinal } from '../../core/render/statuses';
import type { Storage } from '../../core/storage/storage';
import { hlsPlaylist, listedPieces } from '../../core/stream/hls-playlist';
import { readStream, streamObjectKey } from '../../core/stream/stream-state';
import { binary, errors, PUBLIC, text } from './api-schemas';

const tokenParams = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 200 } },
  required: ['token'],
};

const PIECE = /^\d{1,4}-\d{1,5}$/;
// How long a blocking playlist request may wait (HLS asks servers to answer within three target durations), and how
// often it looks at the stream's state meanwhile.
const BLOCK_MS = 3_000;
const BLOCK_POLL_MS = 100;

/**
 * A render's HLS stream behind the same signed token as its permanent links: /v/<token>/stream.m3u8 and the pieces it
 * lists, served from the bucket through this server (same origin as the watch page, no CORS on the bucket needed).
 */
export async function streamRoutes(
  app: FastifyInstance,
  {
    storage,
    redis,
    queuePrefix,
    linkSecret,
  }: { storage: Storage; redis: Redis; queuePrefix: string; linkSecret: string },
) {
  const keys = redisKeys(queuePrefix);
  const renderOf = (token: string) => {
    const id = verifyLinkToken(linkSecret, token);
    if (!id) throw notFound();
    return id;
  };

  app.get<{ Params: { token: string }; Querystring: { _HLS_msn?: string } }>(
    '/v/:token/stream.m3u8',
    {
      schema: {
        summary: "A render's HLS playlist: plays while the video renders (LL-HLS blocking reloads)",
        tags: ['public pages'],
        security: PUBLIC,
        params: tokenParams,
        querystring: {
          type: 'object',
          properties: { _HLS_msn: { type: 'string', maxLength: 10, description: 'Wait until this piece is listed' } },
        },
        response: { 200: text('The playlist', 'application/vnd.apple.mpegurl'), ...errors(404, 503) },
      },
    },
    async (request, reply) => {
      const id = renderOf(request.params.token);
      const uri = { init: 'stream/init.mp4', piece: (name: string) => `stream/${name}.m4s` };
      let state = await readStream(redis, keys, id);
      if (!listedPieces(state).complete) {
        // Before a worker plans it, the stream is an empty playlist the player keeps reloading. A render that ended
        // without a whole stream (failed, cancelled, or its stream expired) has none: the player gives up at once.
        const record = await storage.getJson<RenderRecord>(recordKey(id));
        if (!record || isFinal(record.status)) throw notFound('This video has no stream (any more).');
      }
      // A blocking reload (LL-HLS): the answer waits until the piece asked for is listed, or the list has ended.
      const wanted = Number(request.query._HLS_msn);
      const until = Date.now() + BLOCK_MS;
      const waiting = () => {
        const { listed, complete } = listedPieces(state);
        return Number.isInteger(wanted) && listed.length <= wanted && !complete;
      };
      while (waiting() && Date.now() < until && !request.raw.destroyed) {
        await new Promise((resolve) => setTimeout(resolve, BLOCK_POLL_MS));
        state = await readStream(redis, keys, id);
      }
      const playlist = hlsPlaylist(state, uri);
      return reply.type('application/vnd.apple.mpegurl').header('cache-control', 'no-store').send(playlist);
    },
  );

  app.get<{ Params: { token: string; file: string } }>(
    '/v/:token/stream/:file',
    {
      schema: {
        summary: "A piece of a render's HLS stream (fragmented MP4)",
        tags: ['public pages'],
        security: PUBLIC,
        params: { ...tokenParams, properties: { ...tokenParams.properties, file: { type: 'string', maxLength: 40 } } },
        response: { 200: binary('The piece', 'video/mp4'), ...errors(404, 503) },
      },
    },
    async (request, reply) => {
      const id = renderOf(request.params.token);
      const { file } = request.params;
      const name = file.endsWith('.m4s') ? file.slice(0, -'.m4s'.length) : null;
      let key: string;
      if (file === 'init.mp4') key = streamObjectKey.init(id);
      else if (name && PIECE.test(name)) key = streamObjectKey.piece(id, name);
      else throw notFound();
      const body = await storage.getStream(key);
      if (!body) throw notFound();
      // A piece is the same once listed (a repeat of its render writes the same frames).
      return reply.type('video/mp4').header('cache-control', 'private, max-age=86400').send(body);
    },
  );
}
