import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BrowserNotFoundError, ServiceUnavailableError } from '../core/errors';
import { redisAnswers } from '../core/runtime';
import { findBrowser, INSTALL_HINT } from '../render/browser';

const canApt = () => process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
const apt = (...args: string[]) =>
  spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    .status === 0;
const aptInstall = (name: string) =>
  apt('install', '-y', '-q', name) || (apt('update', '-q') && apt('install', '-y', '-q', name));
const hasRedisServer = () => spawnSync('redis-server', ['--version']).status === 0;

async function ensureChromium(): Promise<void> {
  let browser = findBrowser();
  if (!browser && canApt()) {
    console.error('Chromium is missing: installing chromium-headless-shell with apt-get…');
    aptInstall('chromium-headless-shell');
    browser = findBrowser();
  }
  if (!browser) throw new BrowserNotFoundError(`No Chromium found: ${INSTALL_HINT}.`);
  console.error(`Chromium: ${browser.executable} (${browser.chromeMode})`);
}

async function ensureRedis(): Promise<void> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return void console.error(`Redis: ${url}`);
  if (url !== 'redis://127.0.0.1:6379')
    throw new ServiceUnavailableError(`Redis at ${url} (REDIS_URL) does not answer: start it or fix REDIS_URL.`);
  if (!hasRedisServer() && canApt()) {
    console.error('Redis is missing: installing redis-server with apt-get…');
    aptInstall('redis-server');
  }
  if (!hasRedisServer())
    throw new ServiceUnavailableError(
      'Redis does not answer at 127.0.0.1:6379: run `apt-get install -y redis-server` (as root) or set REDIS_URL.',
    );
  spawnSync(
    'redis-server',
    ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'],
    { stdio: 'inherit' },
  );
  for (let attempt = 0; attempt < 50 && !(await redisAnswers(url)); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  if (!(await redisAnswers(url)))
    throw new ServiceUnavailableError('Started redis-server, but it does not answer at 127.0.0.1:6379: check its log.');
  console.error(`Redis: started redis-server at ${url} (it keeps nothing on disk)`);
}

/** The browser tests drive Debian's full Chromium with Playwright (the renderer's headless shell cannot). */
export const TEST_BROWSER = '/usr/bin/chromium';

function ensureTestBrowser(): void {
  if (!existsSync(TEST_BROWSER) && canApt()) {
    console.error('Chromium for the browser tests is missing: installing chromium with apt-get…');
    aptInstall('chromium');
  }
  if (!existsSync(TEST_BROWSER))
    throw new BrowserNotFoundError(
      `The browser tests need ${TEST_BROWSER}: run \`apt-get install -y chromium\` (as root).`,
    );
  console.error(`Test browser: ${TEST_BROWSER}`);
}

/**
 * What rendering and the tests need on this machine: Chromium (installed with apt-get as root) and, unless
 * `--no-redis`, a Redis that answers (started, or installed then started, when missing) and, with `--test-browser`, the
 * full Chromium the browser tests drive. Anything it cannot fix stops it with one sentence.
 */
export async function setupCommand(args: string[] = []): Promise<void> {
  await ensureChromium();
  if (!args.includes('--no-redis')) await ensureRedis();
  if (args.includes('--test-browser')) ensureTestBrowser();
}
