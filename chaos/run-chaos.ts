// npm run chaos: the fault suite (minutes long, not part of `npm test`). It starts its own Redis (append-only file),
// bucket (s3rver as a process), API and two workers on private ports, a webhook receiver, then breaks one part at a
// time while renders are queued and running: a worker kill -9, Redis kill -9, the bucket down briefly and for long,
// SIGTERM to the API in a burst of submissions, a worker's full disk. Per scenario it prints accepted, completed,
// failed, lost, duplicated outputs and webhooks, 5xx answers that are not 503, and the time to recover. Its last line
// is `chaos: <n> scenarios, <lost> lost, <duplicated> duplicated`; it exits non-zero if either is above 0.
// Settings: chaos/chaos-settings.ts (CHAOS_LONG_OUTAGE_SECONDS, CHAOS_RENDERS, CHAOS_SCENARIOS, …).
import { ApiClient } from './api-client';
import { ChaosCluster } from './chaos-cluster';
import { describeSettings, readSettings } from './chaos-settings';
import { killEveryChildNow, stopEveryChild } from './child-process';
import { unmountEverySmallDisk } from './disk-fill';
import { say, sleep } from './progress-log';
import { type ScenarioResult, scenarioLine, summaryTable, verdict } from './report';
import type { ScenarioContext } from './scenario-run';
import { runScenarioNamed, warmUp } from './scenarios';
import { WebhookReceiver } from './webhook-receiver';

/** After the last scenario, how long late webhooks (duplicates) still have to arrive before the final count. */
const LATE_WEBHOOK_WAIT_MS = 5_000;

const settings = readSettings();
const startedAt = Date.now();
let cluster: ChaosCluster | null = null;
let receiver: WebhookReceiver | null = null;
const results: ScenarioResult[] = [];
let cleaning: Promise<void> | null = null;

/** Stops every child, unmounts the small disk, removes the temp dir. Safe to call twice (finally and a signal). */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    say('cleaning up: stopping every process the suite started, removing its temp dirs');
    await cluster?.close().catch((error: Error) => say(`clean-up: ${error.message}`));
    await stopEveryChild(5_000);
    unmountEverySmallDisk();
    cluster?.removeDir();
    await receiver?.close().catch(() => undefined);
  })();
  return cleaning;
}

function printSummary(fatal: string | null): number {
  const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
  console.log('');
  console.log(`chaos summary (${minutes} min):`);
  for (const line of summaryTable(results)) console.log(`  ${line}`);
  const result = verdict(results);
  if (fatal) console.log(`the suite stopped early: ${fatal}`);
  if (result.errors) console.log(`${result.errors} scenario(s) could not run to their end (see SCENARIO ERROR above)`);
  if (result.skipped) console.log(`${result.skipped} scenario(s) skipped (see "skipped" above): not counted below`);
  if (result.badAnswers)
    console.log(`${result.badAnswers} answer(s) were a 5xx other than 503, or a 503 without Retry-After`);
  console.log(result.line);
  const failed = result.lost + result.duplicated + result.badAnswers + result.errors > 0;
  return failed || fatal ? 1 : 0;
}

// Last resort when the process ends some other way: no child, mount or temp dir may outlive the suite.
process.once('exit', () => {
  killEveryChildNow();
  unmountEverySmallDisk();
  cluster?.removeDir();
});
// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by tsx), and a second signal
// without a listener would end the process before its clean-up.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    say(`${signal}: stopping`);
    void cleanUp().finally(() => {
      printSummary(`interrupted by ${signal}`);
      process.exit(130);
    });
  });
}

let fatal: string | null = null;
try {
  say(`chaos: ${describeSettings(settings)}`);
  cluster = await ChaosCluster.create(settings);
  receiver = await WebhookReceiver.start(cluster.webhookSecret);
  say(`webhook receiver on ${receiver.url}`);
  await cluster.startAll();
  const context: ScenarioContext = {
    cluster,
    api: new ApiClient(cluster.apiUrl, cluster.apiKey, receiver.url),
    receiver,
    settings,
  };
  await warmUp(context);
  for (const name of settings.scenarios) {
    await cluster.ensureUp();
    const result = await runScenarioNamed(name, context);
    results.push(result);
    say(scenarioLine(result));
  }
  await sleep(LATE_WEBHOOK_WAIT_MS);
  if (receiver.malformed) say(`the receiver got ${receiver.malformed} request(s) that were not webhooks it understood`);
} catch (error) {
  fatal = (error as Error).message.split('\n')[0] ?? String(error);
  say(`chaos: stopped: ${(error as Error).stack ?? error}`);
} finally {
  await cleanUp();
}
// After a signal, its handler prints the summary and exits.
if (!interrupted) process.exit(printSummary(fatal));
