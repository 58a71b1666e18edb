/**
 * Resolves on the first SIGTERM or SIGINT. The listeners stay until `done` is called: signal-exit (used by Remotion's
 * ffmpeg helpers) re-raises a signal when it sees no other listener, which would kill the process mid-shutdown.
 */
export function waitForSignal(): { signalled: Promise<NodeJS.Signals>; done(): void } {
  let resolveSignal!: (signal: NodeJS.Signals) => void;
  const signalled = new Promise<NodeJS.Signals>((resolve) => (resolveSignal = resolve));
  const onSignal = (signal: NodeJS.Signals) => resolveSignal(signal);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signalled,
    done: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
