import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import {
  type BatchRecord,
  type BatchRow,
  batchManifestKey,
  batchRecordKey,
  batchRowsKey,
} from '../core/batch/batch-record';
import { readBatchRows } from '../core/batch/manifest';
import type { Config } from '../core/config';
import { invalidField, notFound } from '../core/errors';
import { contactDigest, MAX_IDENTIFIER_LENGTH } from '../core/lifecycle/contact-digest';
import { RenderIndex } from '../core/lifecycle/render-index';
import type { Queues } from '../core/queues';
import { redisKeys } from '../core/redis-keys';
import { recordKey } from '../core/render/outputs';
import { endFile, writeJsonLine } from '../core/storage/json-lines';
import type { Storage } from '../core/storage/storage';
import type { JobContext } from '../jobs/job-definition';
import { removeRender } from '../jobs/remove-render';

/** What an erasure leaves behind: what was removed, never whom it concerned. */
export interface ErasureAudit {
  id: string;
  tenant: string;
  at: string;
  /** The first characters of the contact's keyed digest: tells two erasures of one contact apart, names nobody. */
  contact: string;
  /** Renders removed (their links answer 410 "erased"). */
  renders: number;
  /** Batches whose rows for the contact were blanked, with the rows' numbers. */
  batches: Array<{ id: string; rows: number[] }>;
}

const ERASURE_ID = /^e_[A-Za-z0-9_-]{16}$/;
const auditKey = (tenant: string, id: string) => `audit/${tenant}/erasures/${id}.json`;

/**
 * A contact's right to erasure: every render made for it (through a batch row or an API render whose metadata names it
 * as `recipientId` or `email`) is removed with its outputs and personal segments, and every batch row that holds it is
 * blanked down to its number. An audit entry records what was done, without the identifier.
 */
export class ErasureService {
  private readonly context: JobContext;
  private readonly index: RenderIndex;

  constructor(
    private readonly config: Config,
    private readonly storage: Storage,
    queues: Queues,
    redis: Redis,
  ) {
    this.context = { config, storage, queues, redis };
    this.index = new RenderIndex(redis, redisKeys(config.queuePrefix));
  }

  async erase(tenant: string, identifier: unknown): Promise<ErasureAudit> {
    if (typeof identifier !== 'string' || identifier.length > MAX_IDENTIFIER_LENGTH)
      throw invalidField(
        'invalid_erasure',
        'identifier',
        `identifier: must be an email or recipient id of at most ${MAX_IDENTIFIER_LENGTH} characters.`,
      );
    const digest = contactDigest(this.config.linkSecret, tenant, identifier);
    if (!digest) throw invalidField('invalid_erasure', 'identifier', 'identifier: must not be empty.');
    const holders = await this.index.contactHolders(tenant, digest);
    const renders = new Set(holders.renders);
    const batches: ErasureAudit['batches'] = [];
    // The contact's other identifiers on its rows (its recipient id when asked by email): forgotten with it.
    const digests = new Set([digest]);
    for (const batchId of holders.batches) {
      const erased = await this.eraseRows(tenant, batchId, digest);
      if (!erased?.rows.length) continue;
      batches.push({ id: batchId, rows: erased.rows });
      for (const id of erased.renders) renders.add(id);
      for (const other of erased.digests) digests.add(other);
    }
    let removed = 0;
    for (const id of renders) {
      // Only what is still there: a render erased or deleted before is not counted again.
      const record = await this.storage.getJson<{ tenant?: string }>(recordKey(id));
      if (!record || (record.tenant ?? this.config.defaultTenant) !== tenant) continue;
      await removeRender(this.context, id, tenant, 'erased');
      removed += 1;
    }
    for (const each of digests) await this.index.forgetContact(tenant, each);
    const audit: ErasureAudit = {
      id: `e_${randomBytes(12).toString('base64url')}`,
      tenant,
      at: new Date().toISOString(),
      contact: digest.slice(0, 12),
      renders: removed,
      batches,
    };
    await this.storage.putJson(auditKey(tenant, audit.id), audit);
    return audit;
  }

  async audit(tenant: string, id: string): Promise<ErasureAudit> {
    const audit = ERASURE_ID.test(id) ? await this.storage.getJson<ErasureAudit>(auditKey(tenant, id)) : null;
    if (!audit) throw notFound('No such erasure.');
    return audit;
  }

  /** Blanks a batch's rows for the contact; returns their numbers and renders, or null if the batch is not there. */
  private async eraseRows(
    tenant: string,
    batchId: string,
    digest: string,
  ): Promise<{ rows: number[]; renders: string[]; digests: string[] } | null> {
    const record = await this.storage.getJson<BatchRecord>(batchRecordKey(batchId));
    const body = await this.storage.getStream(batchRowsKey(batchId));
    if (!record || (record.tenant ?? this.config.defaultTenant) !== tenant || !body) return null;
    const digestsOf = (row: BatchRow) =>
      [row.recipientId, row.email].flatMap((value) => contactDigest(this.config.linkSecret, tenant, value) ?? []);
    const work = await mkdtemp(join(tmpdir(), `reelpipe-erase-${batchId}-`));
    try {
      const file = join(work, 'rows.jsonl');
      const out = createWriteStream(file);
      const rows: number[] = [];
      const renders: string[] = [];
      const digests = new Set<string>();
      for await (const row of readBatchRows(body)) {
        let kept = row;
        const own = row.erased ? [] : digestsOf(row);
        if (own.includes(digest)) {
          rows.push(row.row);
          if (row.renderId) renders.push(row.renderId);
          for (const each of own) digests.add(each);
          kept = {
            row: row.row,
            line: row.line,
            recipientId: '',
            email: '',
            values: [],
            renderId: row.renderId,
            erased: true,
          };
        }
        await writeJsonLine(out, kept);
      }
      await endFile(out);
      if (rows.length) {
        await this.storage.uploadStream(batchRowsKey(batchId), createReadStream(file), 'application/x-ndjson');
        // The snapshots held the rows too; the manifest is built again from the blanked rows.
        for (const format of ['csv', 'json'] as const) await this.storage.delete(batchManifestKey(batchId, format));
      }
      return { rows, renders, digests: [...digests] };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
