import { InvalidPropsError, ReelpipeError } from '../core/errors';
import { batchCommand } from './batch-command';
import { demoCommand } from './demo-command';
import { newTemplateCommand } from './new-template-command';
import { renderCommand } from './render-command';
import { serveCommand } from './serve-command';
import { setupCommand } from './setup-command';
import { templatesCommand } from './templates-command';
import { UsageError } from './usage-error';
import { workerCommand } from './worker-command';

const USAGE = `Usage:
  reelpipe templates [--json]                 List templates, their props and defaults
  reelpipe render --template <id> --props <json|@file.json> --out <dir> [--timeout <seconds>]
                                              Render one video, its posters and GIFs
  reelpipe serve [--no-worker]                The API, with a worker child process unless --no-worker
  reelpipe worker [--shutdown-seconds 10]     A worker node: renders jobs from the shared Redis queue
  reelpipe batch <file.csv> --template <id> [--map mapping.json] [--recipient-id-column <col>] [--dry-run]
                 [--cta-url URL] [--cta-text TEXT] [--server URL --key KEY] [--out manifest.csv]
                                              One video per CSV row (embedded unless --server), then the manifest
  reelpipe demo                               Start everything embedded, render examples/contacts.csv as a batch
  reelpipe new-template <id>                  Write compositions/<id>/, a small working template to reshape
  reelpipe setup [--no-redis] [--test-browser] Check (and, as root, install or start) Chromium and Redis`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  templates: templatesCommand,
  render: renderCommand,
  setup: setupCommand,
  serve: serveCommand,
  worker: workerCommand,
  batch: batchCommand,
  demo: demoCommand,
  'new-template': newTemplateCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n${USAGE}`);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (error) {
    // parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS_* code.
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS'))
    ) {
      const showUsage = !(error instanceof UsageError) || error.showUsage;
      console.error(showUsage ? `${error.message}\n${USAGE}` : error.message);
      return 2;
    }
    if (error instanceof InvalidPropsError) {
      const issues = error.issues.map((i) => `  ${i.field || '(props)'}: ${i.message}`).join('\n');
      console.error(`Invalid props for template "${error.templateId}":\n${issues}`);
      return 2;
    }
    if (error instanceof ReelpipeError) {
      console.error(error.message);
      return 2;
    }
    // One sentence for the person at the terminal; the stack only when asked for.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(process.env.REELPIPE_DEBUG && error instanceof Error ? error.stack : `Error: ${message}`);
    return 1;
  }
}

// A command is over when its function returns. Exit explicitly so nothing a library leaves running can keep the
// process alive: after a SIGTERM, Remotion may have launched a replacement Chromium that only dies with us.
process.exit(await main(process.argv.slice(2)));
