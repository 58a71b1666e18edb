// The faults: each scenario submits a few renders, breaks one part of the installation while they are queued and
// running, heals it, and counts what became of every render it got a 202 for.

import { WORKER_COUNT } from './chaos-cluster';
import type { ScenarioName } from './chaos-settings';
import { fillDisk, freeBytes, freeDisk, mountSmallDisk, type SmallDisk, unmountSmallDisk } from './disk-fill';
import { jobOwnerPid } from './job-owner';
import { say, seconds, sleep, waitFor } from './progress-log';
import { RenderTracker } from './render-tracker';
import type { ScenarioResult } from './report';
import { forEachLimit } from './run-pool';
import { runScenario, type ScenarioContext, type ScenarioRun, skipped } from './scenario-run';

/** How long a render may take to be picked up and reach `rendering` before a scenario stops waiting for it. */
const RENDERING_TIMEOUT_MS = 180_000;

/** Renders the shared segments once (and warms both workers' browsers) so later renders take seconds. */
export async function warmUp(context: ScenarioContext): Promise<void> {
  say('warm-up: one render per worker, to fill the segment cache (the first render draws every scene)');
  const tracker = new RenderTracker(context.api, context.receiver);
  for (let i = 0; i < WORKER_COUNT; i++) {
    const answer = await context.api.submitRender({ firstName: `Warm ${i + 1}`, locale: 'en' }, { chaos: 'warm-up' });
    if (answer.status !== 202 || !answer.body?.id)
      throw new Error(`warm-up: POST /v1/renders answered ${answer.status} ${JSON.stringify(answer.body)}`);
    tracker.add(answer.body.id);
  }
  const started = Date.now();
  await tracker.waitFinal(started + 15 * 60_000, 'warm-up');
  const done = [...tracker.renders.values()].filter((render) => render.status === 'done').length;
  if (!done) throw new Error(`warm-up: no render finished (${tracker.describe()}); the cluster does not render`);
  say(`warm-up: ${tracker.describe()} in ${seconds(Date.now() - started)}`);
}

/** 1. kill -9 of the worker that is drawing a render; it is started again at once. */
function workerKill(context: ScenarioContext): Promise<ScenarioResult> {
  return runScenario('worker-kill', context, async (run) => {
    const { cluster, settings } = context;
    await run.submit(settings.renders);
    const victim = await run.waitRendering(RENDERING_TIMEOUT_MS, 0.1);
    if (!victim) throw new Error('no render reached rendering: nothing to kill a worker under');
    const pid = await jobOwnerPid(cluster.redisUrl, cluster.queuePrefix, victim.id);
    let index = pid === null ? -1 : cluster.workerIndexOf(pid);
    if (index < 0) {
      run.note(`could not tell which worker renders ${victim.id} (owner pid ${pid}); killing worker-1`);
      index = 0;
    }
    const killedPid = cluster.workers[index]!.pid;
    run.faultNow(
      `kill -9 worker-${index + 1} (pid ${killedPid}, with its Chromium) while it renders ${victim.id} ` +
        `at ${Math.round(victim.progress * 100)}%`,
      false,
    );
    await cluster.killWorker(index);
    // Recovered when the killed render is done: the other worker's renders never stopped.
    run.recoveryRenders = new Set([victim.id]);
    await cluster.startWorker(index);
    await run.healedNow(`worker-${index + 1} started again (pid ${cluster.workers[index]!.pid})`);
    await run.finish();
    const after = run.tracker.renders.get(victim.id)!;
    const doneAfter = after.finalAt === null ? null : after.finalAt - run.faultAt!;
    run.note(
      `the killed render ${victim.id} ended ${after.status ?? 'never'} after ${after.attempts} attempt(s), ` +
        `${seconds(doneAfter)} after the kill (worker lock ${settings.lockSeconds} s)`,
    );
  });
}

/** A small CSV batch, followed to its end: it must complete once, announced once. */
async function submitBatch(run: ScenarioRun): Promise<void> {
  const { api, receiver } = run.context;
  const csv = ['First Name,Language', 'Batch Ana,en', 'Batch Bruno,en', 'Batch Carla,en', ''].join('\n');
  const answer = await api.submitCsvBatch(csv);
  if (answer.status !== 202 || !answer.body?.id) {
    run.note(`CSV batch not accepted: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return;
  }
  const id = answer.body.id;
  run.note(`CSV batch ${id} accepted (${answer.body.rows?.accepted ?? '?'} rows; counted as one accepted item)`);
  let lost = false;
  let completed = false;
  run.extras.push(() => {
    const events = receiver.about(id).filter((delivery) => delivery.type.startsWith('batch.'));
    const types = new Set(events.map((delivery) => delivery.type));
    return {
      accepted: 1,
      done: completed ? 1 : 0,
      lost: lost ? 1 : 0,
      duplicatedWebhooks: events.length - types.size,
      duplicatedOutputs: types.size > 1 ? 1 : 0,
    };
  });
  run.afterFinish.push(async () => {
    const deadline = (run.healedAt ?? Date.now()) + run.context.settings.deadlineSeconds * 1000;
    const final = await waitFor(
      async () => {
        const view = await api.batch(id);
        return view.status === 200 && view.body && view.body.status !== 'running' ? view.body : null;
      },
      Math.max(0, deadline - Date.now()),
      1_000,
    );
    lost = final === null;
    completed = final?.status === 'completed';
    const manifest = await api.manifest(id);
    const body = manifest.body;
    const rows = Array.isArray(body) ? body : (body?.rows ?? []);
    const statuses = rows.map((row) => row.status).join(', ');
    await waitFor(() => receiver.about(id).length > 0, 30_000, 500);
    const hooks = receiver.about(id).map((delivery) => delivery.type);
    run.note(
      `CSV batch ${id}: ${final ? final.status : 'NOT FINISHED by the deadline'}; rows ${statuses || '?'}; ` +
        `webhooks: ${hooks.join(', ') || 'none'}`,
    );
  });
}

/** 2. Redis kill -9 while renders are queued and running, restarted on the same port and append-only file. */
function redisKill(context: ScenarioContext): Promise<ScenarioResult> {
  return runScenario('redis-kill', context, async (run) => {
    const { cluster, settings } = context;
    await run.submit(settings.renders);
    if (settings.batch) await submitBatch(run);
    await run.waitRendering(RENDERING_TIMEOUT_MS);
    run.faultNow(`kill -9 Redis (pid ${cluster.redis!.pid}) for ${settings.redisDownSeconds} s`);
    await cluster.killRedis();
    await run.hold(settings.redisDownSeconds * 1000, 'Redis down');
    await cluster.startRedis();
    await run.healedNow(`Redis started again on the same port and AOF dir (pid ${cluster.redis!.pid})`);
    await run.finish();
  });
}

/** 3 and 4. The bucket down for a while, renders queued and running, a client using the API all along. */
function bucketDown(context: ScenarioContext, name: ScenarioName, outageSeconds: number): Promise<ScenarioResult> {
  return runScenario(name, context, async (run) => {
    const { cluster, settings } = context;
    await run.submit(settings.renders);
    await run.waitRendering(RENDERING_TIMEOUT_MS);
    run.faultNow(`bucket down (kill -9 of s3rver, pid ${cluster.bucket!.pid}) for ${outageSeconds} s`);
    await cluster.killBucket();
    await run.hold(outageSeconds * 1000, 'bucket down');
    await cluster.startBucket();
    await run.healedNow(`bucket started again on the same port and directory (pid ${cluster.bucket!.pid})`);
    await run.finish();
  });
}

/** 5. SIGTERM to the API in the middle of a burst of submissions; every 202 must be findable after its restart. */
function apiSigterm(context: ScenarioContext): Promise<ScenarioResult> {
  return runScenario('api-sigterm', context, async (run) => {
    const { cluster, settings, api } = context;
    let accepted = 0;
    let signalled = false;
    const burstProps = () => ({ firstName: 'Burst', locale: 'en' });
    run.note(
      `burst: ${settings.burst} submissions, ${settings.burstConcurrency} at a time; ` +
        `SIGTERM to the API at the ${settings.burstSigtermAfter}th 202`,
    );
    const indexes = Array.from({ length: settings.burst }, (_, index) => index);
    await forEachLimit(indexes, settings.burstConcurrency, async (index) => {
      const answer = await api.submitRender(burstProps(), { chaos: 'burst', index });
      if (answer.status !== 202 || !answer.body?.id) return;
      run.tracker.add(answer.body.id);
      accepted += 1;
      if (!signalled && accepted >= settings.burstSigtermAfter) {
        signalled = true;
        run.faultNow(`SIGTERM to the API (pid ${cluster.api!.pid}) after ${accepted} accepted`, false);
        cluster.api!.signal('SIGTERM');
      }
    });
    run.note(`burst over: ${run.tracker.size} accepted; answers ${run.tally.summary()}`);
    if (!signalled) {
      run.faultNow(`SIGTERM to the API (pid ${cluster.api!.pid}) after the burst (fewer 202s than planned)`, false);
      cluster.api!.signal('SIGTERM');
    }
    const exit = await Promise.race([cluster.api!.exited, sleep(30_000).then(() => null)]);
    if (exit === null) {
      run.note('the API did not exit within 30 s of SIGTERM: SIGKILL');
      cluster.api!.signalGroup('SIGKILL');
      await cluster.api!.exited;
    } else {
      const how = exit.signal ?? `code ${exit.code}`;
      run.note(`the API exited (${how}) ${seconds(Date.now() - run.faultAt!)} after SIGTERM`);
    }
    await cluster.startApi();
    await run.healedNow(`API started again (pid ${cluster.api!.pid})`);

    // Every accepted id must be found; a 404 is looked up again a few times (the record may still be written).
    for (let round = 0; round < 3; round++) {
      await run.tracker.pollOnce(true);
      if (![...run.tracker.renders.values()].some((render) => !render.everFound)) break;
      await sleep(2_000);
    }
    const missing = [...run.tracker.renders.values()].filter((render) => !render.everFound);
    run.note(`after the restart: ${run.tracker.size - missing.length} of ${run.tracker.size} accepted ids found`);
    for (const render of missing.slice(0, 5)) run.note(`NOT FOUND after the restart: ${render.id}`);

    // Rendering 500 videos is not the point: cancel what has not ended (each ends with render.cancelled).
    const cancels = new Map<string, number>();
    await forEachLimit(run.tracker.pending(), 8, async (render) => {
      const answer = await api.cancel(render.id);
      const key = String(answer.status || answer.problem);
      cancels.set(key, (cancels.get(key) ?? 0) + 1);
    });
    run.note(`cancel answers: ${[...cancels].map(([status, n]) => `${status}×${n}`).join(', ') || 'none needed'}`);
    await run.finish();
  });
}

/** 6. One worker's disk (data dir and TMPDIR on a tmpfs) full while renders come in, then space freed. */
function diskFull(context: ScenarioContext): Promise<ScenarioResult> | ScenarioResult {
  const { cluster, settings } = context;
  const index = WORKER_COUNT - 1;
  let disk: SmallDisk;
  try {
    disk = mountSmallDisk(settings.tmpfsMb);
  } catch (error) {
    return skipped('disk-full', (error as Error).message);
  }
  return runScenario('disk-full', context, async (run) => {
    try {
      run.note(`worker-${index + 1} moves onto a ${settings.tmpfsMb} MB tmpfs (${disk.dir}): data dir and TMPDIR`);
      await cluster.stopWorker(index);
      await cluster.startWorker(index, disk.env);
      const written = fillDisk(disk.dir);
      run.faultNow(
        `filled worker-${index + 1}'s disk (${Math.round(written / 1e6)} MB written, ${freeBytes(disk.dir)} bytes ` +
          `free) for ${settings.diskFullSeconds} s`,
        false,
      );
      await run.submit(settings.renders);
      // Which renders the full worker took (else the scenario tested nothing): their job's owner while rendering.
      const fullWorkerPid = cluster.workers[index]!.pid;
      const taken = new Set<string>();
      await run.hold(settings.diskFullSeconds * 1000, 'disk full', async () => {
        for (const render of run.tracker.pending())
          if (render.status === 'rendering' && !taken.has(render.id)) {
            const owner = await jobOwnerPid(cluster.redisUrl, cluster.queuePrefix, render.id);
            if (owner === fullWorkerPid) taken.add(render.id);
          }
      });
      run.note(
        `worker-${index + 1} took ${taken.size} render(s) while its disk was full` +
          (cluster.workers[index]!.alive ? '' : ' and is no longer running'),
      );
      freeDisk(disk.dir);
      await run.healedNow(`freed worker-${index + 1}'s disk (${Math.round(freeBytes(disk.dir) / 1e6)} MB free)`);
      await run.finish();
      for (const [message, count] of run.tracker.outcome().errors) {
        const clear = /space|ENOSPC|disk/i.test(message);
        run.note(`${clear ? 'clear' : 'UNCLEAR'} failure (${count}×): ${message}`);
      }
    } finally {
      await cluster.stopWorker(index).catch(() => undefined);
      unmountSmallDisk(disk.dir);
      await cluster.startWorker(index, {});
      run.note(`worker-${index + 1} back on its own data dir`);
    }
  });
}

export async function runScenarioNamed(name: ScenarioName, context: ScenarioContext): Promise<ScenarioResult> {
  switch (name) {
    case 'worker-kill':
      return workerKill(context);
    case 'redis-kill':
      return redisKill(context);
    case 'bucket-short':
      return bucketDown(context, name, context.settings.shortOutageSeconds);
    case 'bucket-long':
      return bucketDown(context, name, context.settings.longOutageSeconds);
    case 'api-sigterm':
      return apiSigterm(context);
    case 'disk-full':
      return diskFull(context);
  }
}
