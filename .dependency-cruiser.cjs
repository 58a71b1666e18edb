// Layers only point down: cli → server, worker → jobs → render → core → compositions. `npm run lint` checks it.
const layer = (from, mayNotReach, comment) => ({
  name: `${from}-points-down`,
  comment,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: `^(${mayNotReach.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make layers meaningless.',
      from: {},
      to: { circular: true },
    },
    layer(
      'compositions',
      ['core', 'render', 'jobs', 'worker', 'server', 'cli'],
      'Templates run in the browser too: they import nothing of the service.',
    ),
    layer(
      'core',
      ['render', 'jobs', 'worker', 'server', 'cli'],
      'core/ is the domain and its infrastructure; it knows no job, process or route.',
    ),
    layer(
      'render',
      ['jobs', 'worker', 'server', 'cli'],
      'The render pipeline is shared by the worker, the CLI and the benches.',
    ),
    layer('jobs', ['worker', 'server', 'cli'], 'Job definitions and the render lifecycle are used by both processes.'),
    layer('worker', ['server', 'cli'], 'The worker process does not reach into the API.'),
    layer('server', ['worker', 'cli'], 'The API does not reach into the worker process.'),
  ],
  options: {
    includeOnly: '^(cli|server|worker|jobs|render|core|compositions)/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
