// A webhook receiver that answers 200 to everything and remembers every delivery, so duplicates can be counted:
// one render's event of one type delivered twice is a duplicate (webhook-id is the same for every retry of one event,
// so deduplicating on it is what a receiver should do; the suite counts by render id and type to see them all).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  at: number;
  webhookId: string;
  /** render.done, render.failed, render.cancelled, batch.completed… */
  type: string;
  /** The render's or batch's id (`data.id`). */
  subjectId: string;
  signatureOk: boolean;
  error?: { code?: string; message?: string };
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });

/** Standard Webhooks: base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")) among the `v1,` signatures. */
function signatureMatches(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
  return header.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  /** Requests that were not a webhook we understand (no JSON, no type or id). */
  malformed = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(secret: string): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | null = null;
    const server = createServer(async (request, response) => {
      const body = await readBody(request).catch(() => '');
      const header = (name: string) => String(request.headers[name] ?? '');
      try {
        const event = JSON.parse(body) as { type?: string; data?: { id?: string; error?: Delivery['error'] } };
        if (!event.type || !event.data?.id) throw new Error('not an event');
        receiver!.deliveries.push({
          at: Date.now(),
          webhookId: header('webhook-id'),
          type: event.type,
          subjectId: event.data.id,
          signatureOk: signatureMatches(
            secret,
            header('webhook-id'),
            header('webhook-timestamp'),
            body,
            header('webhook-signature'),
          ),
          error: event.data.error,
        });
      } catch {
        receiver!.malformed += 1;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}/hooks`);
    return receiver;
  }

  /** Every delivery about `id`, in arrival order. */
  about(id: string): Delivery[] {
    return this.deliveries.filter((delivery) => delivery.subjectId === id);
  }

  /** Deliveries grouped by subject id, for counting over many renders at once. */
  bySubject(): Map<string, Delivery[]> {
    const groups = new Map<string, Delivery[]>();
    for (const delivery of this.deliveries) {
      const group = groups.get(delivery.subjectId) ?? [];
      group.push(delivery);
      groups.set(delivery.subjectId, group);
    }
    return groups;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
