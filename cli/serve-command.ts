import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FORMS } from '../compositions/registry';
import { loadConfig } from '../core/config';
import { freePort, portIsFree } from '../core/net/free-port';
import { connectRuntime } from '../core/runtime';
import { resolveBrowser } from '../render/browser';
import { buildApp } from '../server/app';
import { UsageError } from './usage-error';
import { waitForSignal } from './wait-for-signal';

const BIN = fileURLToPath(new URL('../bin/reelpipe.js', import.meta.url));

export interface RunningServer {
  url: string;
  apiKey: string;
  /** The worker child's process id, for benchmarks that watch its memory. */
  workerPid: number | null;
  /** The environment a worker needs to join this server (its Redis, bucket and secrets), for extra workers. */
  workerEnv: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Starts the API (and, unless disabled, one worker child process) on the configured or embedded services. With
 * `requestLogs`, the API writes its JSON log lines to stdout; commands that embed it for a while (batch, benches) keep
 * their own output clean without. With `anyPort`, a default port that is taken gives way to a free one, so two
 * demos can run side by side.
 */
export async function startServer({
  withWorker,
  log,
  requestLogs = false,
  anyPort = false,
}: {
  withWorker: boolean;
  log: (line: string) => void;
  requestLogs?: boolean;
  anyPort?: boolean;
}): Promise<RunningServer> {
  let config = loadConfig();
  if (anyPort && !config.portChosen && !(await portIsFree(config.port, config.host))) {
    const taken = config.port;
    // Read again for the port (PUBLIC_URL follows it); what the first reading generated is still to be printed.
    config = {
      ...loadConfig({ ...process.env, PORT: String(await freePort(config.host)) }),
      generated: config.generated,
    };
    log(`Port ${taken} is taken: the API listens on ${config.port} instead (set PORT to choose).`);
  }
  // Fail now, with the install sentence, rather than accept renders that no worker could ever take.
  if (withWorker) resolveBrowser();
  const runtime = await connectRuntime(config, { embedded: true, role: 'api', log });
  const app = await buildApp({ ...runtime, logger: requestLogs });
  await app.listen({ port: config.port, host: config.host }).catch(async (error: NodeJS.ErrnoException) => {
    await app.close();
    await runtime.close();
    if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
    const why = error.code === 'EADDRINUSE' ? 'is taken (another `reelpipe serve` or `demo`?)' : 'is not allowed';
    throw new UsageError(`Port ${config.port} on ${config.host} ${why}: set PORT to a free one.`, false);
  });
  const secretsFile = `${config.dataDir}/secrets.json`;
  if (config.generated.apiKey)
    log(`No API_KEYS set: generated the local API key ${config.generated.apiKey} (kept in ${secretsFile}).`);
  if (config.generated.adminKey)
    log(`No ADMIN_KEYS set: generated the local admin key ${config.generated.adminKey} (kept in ${secretsFile}).`);
  const docsUrl = `${config.publicUrl}/docs`;
  const queuesUrl = config.adminKeys.length ? `${config.publicUrl}/admin/queues` : 'shut until ADMIN_KEYS is set';
  log(
    `API listening on ${config.publicUrl} (console at ${config.publicUrl}/console, docs at ${docsUrl}, queues at ${queuesUrl})`,
  );
  log(`Public forms: ${FORMS.map((form) => `${config.publicUrl}/forms/${form.id}`).join(', ')}`);
  let worker: ChildProcess | null = null;
  const workerEnv = { ...process.env, ...runtime.childEnv };
  if (withWorker) {
    worker = spawn(process.execPath, [BIN, 'worker'], {
      env: workerEnv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await app.close();
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await runtime.close();
  };
  // Without its worker nothing would render: stop everything, loudly, so a supervisor (or the user) starts it again.
  worker?.once('exit', (code, signal) => {
    if (stopping) return;
    log(`The worker child stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the API too.`);
    void stop().finally(() => process.exit(1));
  });
  return { url: config.publicUrl, apiKey: config.apiKeys[0]!.key, workerPid: worker?.pid ?? null, workerEnv, stop };
}

export async function serveCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'with-worker': { type: 'boolean', default: true }, 'no-worker': { type: 'boolean', default: false } },
  });
  const server = await startServer({
    withWorker: values['with-worker'] && !values['no-worker'],
    log: (line) => console.error(line),
    requestLogs: true,
  });
  const signal = waitForSignal();
  await signal.signalled;
  await server.stop();
  signal.done();
}
