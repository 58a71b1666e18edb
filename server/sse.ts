import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Server-sent events: sends what `next` returns every `intervalMs` until it says the stream is over or the client leaves.
 * Polling the shared state (Redis, the bucket) keeps it right whichever process or worker changed it.
 */
export async function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  next: () => Promise<{ event?: string; data: unknown; last: boolean }>,
  intervalMs: number | (() => number) = 1_000,
): Promise<void> {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let open = true;
  request.raw.on('close', () => (open = false));
  while (open) {
    // Past the hijack no error handler answers: an outage ends the stream with an event that says so, and the
    // client's EventSource reconnects.
    const sent = await next().catch((error: unknown) => {
      request.log.error({ err: error }, 'event stream stopped');
      const message = 'The status is unavailable right now; reconnecting shortly.';
      return { event: 'error', data: { error: { code: 'service_unavailable', message } }, last: true };
    });
    const { event, data, last } = sent;
    reply.raw.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    if (last) break;
    await new Promise((resolve) => setTimeout(resolve, typeof intervalMs === 'number' ? intervalMs : intervalMs()));
  }
  reply.raw.end();
}
