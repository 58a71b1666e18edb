// A child process the fault suite owns: started in a process group of its own (so a kill reaches its Chromium and
// ffmpeg too, and Ctrl-C in the terminal reaches only the suite), its output kept for failure messages, and a
// registry of every child ever started so that nothing outlives the suite.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Copy the child's output to our stderr, prefixed with its name. */
  verbose: boolean;
  /** Append the child's output to `<logDir>/<name>.log`. */
  logDir: string | null;
  /** Called when the child exits without `expectExit()` having been called first. */
  onUnexpectedExit(child: ManagedChild, exit: ChildExit): void;
}

const KEPT_OUTPUT_CHARS = 64 * 1024;
const everyChild = new Set<ManagedChild>();

export class ManagedChild {
  readonly exited: Promise<ChildExit>;
  private output = '';
  private exit: ChildExit | null = null;
  private expecting = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    options: ChildOptions,
  ) {
    everyChild.add(this);
    const logFile = options.logDir ? join(options.logDir, `${name}.log`) : null;
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      this.output = (this.output + text).slice(-KEPT_OUTPUT_CHARS);
      if (options.verbose) for (const line of text.split('\n')) if (line) console.error(`  ${name}| ${line}`);
      if (logFile) appendFileSync(logFile, text);
      for (const listener of this.listeners) listener();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    this.exited = new Promise<ChildExit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        if (logFile) appendFileSync(logFile, `\n--- exited: ${describeExit(this.exit)} ---\n`);
        if (!this.expecting) options.onUnexpectedExit(this, this.exit);
        for (const listener of this.listeners) listener();
        resolve(this.exit);
      });
      // A failed spawn (no such binary) emits 'error' and maybe no 'exit'.
      child.once('error', (error) => {
        this.output += `\n${error.message}`;
        if (!this.exit) {
          this.exit = { code: -1, signal: null };
          resolve(this.exit);
        }
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.exit === null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the child wrote, for a failure message. */
  tail(lines = 15): string {
    return this.output
      .split('\n')
      .filter(Boolean)
      .slice(-lines)
      .map((line) => `    ${this.name}| ${line}`)
      .join('\n');
  }

  /** Resolves once the child's output contains `text`; rejects if it exits first or the time runs out. */
  waitForOutput(text: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`${this.name} did not print "${text}" in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        if (this.output.includes(text)) finish();
        else if (this.exit) finish(new Error(`${this.name} exited (${describeExit(this.exit)}) before "${text}"`));
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The next exit is ours (a kill or a stop), not an incident. */
  expectExit(): void {
    this.expecting = true;
  }

  /** Sends a signal to the child alone (its own children see nothing). */
  signal(signal: NodeJS.Signals): void {
    this.expectExit();
    if (this.alive) this.child.kill(signal);
  }

  /** Sends a signal to the child's whole process group: the child and whatever it started (Chromium, ffmpeg). */
  signalGroup(signal: NodeJS.Signals): void {
    this.expectExit();
    killGroup(this.pid, signal);
  }

  /** SIGTERM, then after `graceMs` SIGKILL to the whole group; and the group's leftovers in any case. */
  async stop(graceMs = 20_000): Promise<void> {
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    if ((await Promise.race([this.exited, late])) === 'late') this.signalGroup('SIGKILL');
    clearTimeout(timer);
    await this.exited;
    killGroup(this.pid, 'SIGKILL');
  }
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function startChild(name: string, command: string, args: string[], options: ChildOptions): ManagedChild {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new ManagedChild(name, child, options);
}

/** Synchronous last resort (from an 'exit' handler): SIGKILL to every group the suite ever started. */
export function killEveryChildNow(): void {
  for (const child of everyChild) {
    child.expectExit();
    killGroup(child.pid, 'SIGKILL');
  }
}

/** Stops every child still running, politely first. */
export async function stopEveryChild(graceMs: number): Promise<void> {
  await Promise.all([...everyChild].map((child) => child.stop(graceMs).catch(() => undefined)));
}
