import { createServer } from 'node:net';

/** Whether nothing listens on `port` yet (a server that reports a taken port as a crash is asked this first). */
export const portIsFree = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, host, () => probe.close(() => resolve(true)));
  });

/** A port the system hands out as free now, for a local service whose address is then written down for others. */
export const freePort = (host = '127.0.0.1') =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, host, () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });
