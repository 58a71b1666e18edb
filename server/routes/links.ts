import type { FastifyInstance } from 'fastify';
import { notFound } from '../../core/errors';
import { verifyLinkToken } from '../../core/links/link-token';
import { OUTPUT_KINDS, OUTPUTS, recordKey } from '../../core/render/outputs';
import type { RenderRecord } from '../../core/render/render-record';
import type { Storage } from '../../core/storage/storage';

// Each click gets a fresh presigned URL; an hour is enough to start and finish a download.
const REDIRECT_TTL_SECONDS = 3600;

/**
 * Permanent links for emails: /v/<token> (video), /v/<token>/poster.jpg, /poster-play.jpg, /preview.gif. They keep
 * working after presigned URLs would have expired. Tampered, unknown or unfinished: the same 404, no hint which.
 * `?download=1` asks the browser to save the file.
 */
export async function linkRoutes(
  app: FastifyInstance,
  { storage, linkSecret }: { storage: Storage; linkSecret: string },
) {
  for (const kind of OUTPUT_KINDS) {
    const { linkPath, file } = OUTPUTS[kind];
    app.get<{ Params: { token: string }; Querystring: { download?: string } }>(
      `/v/:token${linkPath}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const id = verifyLinkToken(linkSecret, request.params.token);
        const record = id ? await storage.getJson<RenderRecord>(recordKey(id)) : null;
        if (record?.status !== 'done') throw notFound();
        // ?download=1 saves the file: the `download` attribute of a link is ignored once it redirects to another
        // origin.
        const downloadAs = request.query.download === '1' ? `${record.template}-${record.id}-${file}` : undefined;
        const { url } = await storage.presign(record.outputs[kind], REDIRECT_TTL_SECONDS, downloadAs);
        return reply.header('cache-control', 'no-store').redirect(url, 302);
      },
    );
  }
}
