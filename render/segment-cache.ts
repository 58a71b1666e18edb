import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/** Where segments are shared between workers (the bucket), and who may render one (a lock). */
export interface SegmentStore {
  /** Writes the segment to `file` when the store has it. */
  fetch(key: string, file: string): Promise<boolean>;
  save(key: string, file: string): Promise<void>;
  /** Claims the right to render a segment; false while another worker holds it. Claims expire unless renewed. */
  claim(key: string): Promise<boolean>;
  /** Keeps a claim of this worker's alive while it renders. */
  renew(key: string): Promise<void>;
  release(key: string): Promise<void>;
}

/**
 * Rendered segments by content key: a small LRU on this machine's disk in front of the shared store (the source of
 * truth for every worker). Without a store it is a local cache only, as for `reelpipe render`.
 */
export class SegmentCache {
  private readonly ready: Promise<unknown>;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly store: SegmentStore | null = null,
  ) {
    this.ready = mkdir(dir, { recursive: true });
  }

  private path(key: string): string {
    return join(this.dir, `${key}.mp4`);
  }

  /** The segment's file on this disk, fetched from the store when only the store has it; null when nobody has it. */
  async get(key: string): Promise<string | null> {
    await this.ready;
    const path = this.path(key);
    const now = new Date();
    // The access time orders the LRU; touching also proves the file is there.
    if (
      await utimes(path, now, now).then(
        () => true,
        () => false,
      )
    )
      return path;
    if (!this.store) return null;
    const partial = `${path}.${randomUUID()}.partial`;
    try {
      if (!(await this.store.fetch(key, partial))) return null;
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
    await this.evict();
    return path;
  }

  /** Keeps a freshly rendered segment, here and in the store, before anyone waiting on its claim is let go. */
  async put(key: string, file: string): Promise<string> {
    await this.ready;
    const path = this.path(key);
    const partial = `${path}.${randomUUID()}.partial`;
    await copyFile(file, partial);
    await rename(partial, path);
    await this.store?.save(key, path);
    await this.evict();
    return path;
  }

  claim(key: string): Promise<boolean> {
    return this.store ? this.store.claim(key) : Promise.resolve(true);
  }

  async renew(key: string): Promise<void> {
    await this.store?.renew(key);
  }

  async release(key: string): Promise<void> {
    await this.store?.release(key);
  }

  /** Deletes the least recently used segments while the folder holds more than `maxBytes`. */
  private async evict(): Promise<void> {
    const names = (await readdir(this.dir)).filter((name) => name.endsWith('.mp4'));
    const entries = await Promise.all(
      names.map(async (name) => {
        const info = await stat(join(this.dir, name)).catch(() => null);
        return info ? { name, size: info.size, used: info.atimeMs } : null;
      }),
    );
    const files = entries.filter((entry) => entry !== null).sort((a, b) => a.used - b.used);
    let total = files.reduce((sum, file) => sum + file.size, 0);
    for (const file of files) {
      if (total <= this.maxBytes) break;
      await rm(join(this.dir, file.name), { force: true });
      total -= file.size;
    }
  }
}
