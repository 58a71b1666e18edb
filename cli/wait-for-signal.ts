/**
 * Resolves on the first SIGTERM or SIGINT, or, for a child started with an IPC channel (`reelpipe serve`'s worker),
 * when its parent goes away: a crashed or killed parent must not leave a worker rendering on its own. The listeners
 * stay until `done` is called: signal-exit (used by Remotion's ffmpeg helpers) re-raises a signal when it sees no
 * other listener, which would kill the process mid-shutdown.
 */
export function waitForSignal(): { signalled: Promise<NodeJS.Signals | 'parent gone'>; done(): void } {
  let resolveSignal!: (signal: NodeJS.Signals | 'parent gone') => void;
  const signalled = new Promise<NodeJS.Signals | 'parent gone'>((resolve) => (resolveSignal = resolve));
  const onSignal = (signal: NodeJS.Signals) => resolveSignal(signal);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  if (process.connected) process.once('disconnect', () => resolveSignal('parent gone'));
  return {
    signalled,
    done: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
