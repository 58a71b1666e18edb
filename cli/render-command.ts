import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config';
import { OUTPUT_KINDS } from '../core/render/outputs';
import { getTemplate, parseProps } from '../core/templates';
import { Renderer, type RenderProgress } from '../render/renderer';
import { SegmentCache } from '../render/segment-cache';
import { secondsOption } from './seconds-option';
import { UsageError } from './usage-error';

async function readProps(option: string | undefined): Promise<unknown> {
  if (option === undefined) return {};
  let text = option;
  if (option.startsWith('@')) {
    const file = option.slice(1);
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read the props file ${file}: ${(error as Error).message}`, false);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--props is not valid JSON: ${(error as Error).message}`, false);
  }
}

const STAGE_LABELS: Record<RenderProgress['stage'], string> = {
  preparing: 'Preparing',
  video: 'Rendering video',
  stills: 'Posters and GIF',
  done: 'Done',
};

/** A redrawn bar on a terminal; one line per stage when piped, so logs stay readable. */
function progressPrinter(): (progress: RenderProgress) => void {
  let lastStage = '';
  return ({ stage, progress }) => {
    if (process.stderr.isTTY) {
      const filled = Math.round(progress * 30);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}]`;
      const percent = String(Math.round(progress * 100)).padStart(3);
      process.stderr.write(`\r${bar} ${percent}% ${STAGE_LABELS[stage].padEnd(16)}`);
      if (stage === 'done') process.stderr.write('\n');
    } else if (stage !== lastStage) {
      process.stderr.write(`${STAGE_LABELS[stage]}…\n`);
    }
    lastStage = stage;
  };
}

export async function renderCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      template: { type: 'string', short: 't' },
      props: { type: 'string', short: 'p' },
      out: { type: 'string', short: 'o' },
      timeout: { type: 'string' },
    },
  });
  if (!values.template) throw new UsageError('--template is required.');
  // Fail on a wrong template or props before paying for Chromium and the bundle.
  const template = getTemplate(values.template);
  if (!values.out) throw new UsageError('--out is required.');
  const timeoutSeconds = values.timeout === undefined ? 0 : secondsOption('timeout', values.timeout, 0);

  const props = await readProps(values.props);
  parseProps(template, props);

  // Segments are kept in the data folder, so rendering the same template again reuses what did not change.
  const config = loadConfig();
  const cache = new SegmentCache(join(config.dataDir, 'segment-cache'), config.segmentCacheBytes);
  const renderer = await Renderer.start({ cache });
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await renderer.render(
      { template: template.id, props, outDir: resolve(values.out) },
      { onProgress: progressPrinter(), signal: abort.signal, timeoutMs: timeoutSeconds * 1000 },
    );
    console.log(OUTPUT_KINDS.map((kind) => result.outputs[kind]).join('\n'));
    const { total, video, stitch, stills } = result.timings;
    const steps = `video ${video.toFixed(1)} s, stitch ${stitch.toFixed(2)} s, stills ${stills.toFixed(1)} s`;
    const { framesRendered, framesDelivered } = result.segments;
    const reuse = `${framesDelivered - framesRendered} of ${framesDelivered} frames reused from earlier renders`;
    process.stderr.write(`Rendered ${template.id} in ${total.toFixed(1)} s (${steps}; ${reuse}).\n`);
  } finally {
    process.off('SIGINT', onInterrupt);
    await renderer.close();
  }
}
