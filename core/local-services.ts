import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the embedded services of one local installation listen, for `reelpipe worker`s started apart from it. */
export interface LocalServices {
  s3Endpoint?: string;
  redisUrl?: string;
  /** The process that started them: the file is stale once it has gone. */
  pid: number;
}

const fileOf = (dataDir: string) => join(dataDir, 'local-services.json');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The services a live `serve` or `demo` with this data folder started, or null. */
export function readLocalServices(dataDir: string): LocalServices | null {
  try {
    const services = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as LocalServices;
    return alive(services.pid) ? services : null;
  } catch {
    return null;
  }
}

/** Written by the process that started the services; returns the removal, which leaves a newer writer's file alone. */
export function writeLocalServices(dataDir: string, services: Omit<LocalServices, 'pid'>): () => void {
  writeFileSync(fileOf(dataDir), JSON.stringify({ ...services, pid: process.pid }), { mode: 0o600 });
  return () => {
    if (readLocalServices(dataDir)?.pid === process.pid) rmSync(fileOf(dataDir), { force: true });
  };
}
