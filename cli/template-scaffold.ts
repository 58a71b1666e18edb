// The files `reelpipe new-template <id>` writes: a small, complete template (a static title, a personal greeting, a
// variant message in six languages) that renders, caches and tests like the others, for its author to reshape.

/** `thank-you-note` → `thankYouNote`, the name its module exports. */
export const camelName = (id: string): string => id.replace(/-([a-z0-9])/g, (_, next: string) => next.toUpperCase());
const titleOf = (id: string): string =>
  id
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');

export function scaffoldFiles(id: string): Record<string, string> {
  const name = camelName(id);
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Props`;
  const title = titleOf(id);
  return {
    'schema.ts': `import { z } from 'zod';
import { localeSchema } from '../shared/locale';
import { safeText } from '../shared/safe-text';

// Free text through safeText (capped, no markup or links), choices as enums, a default for everything optional.
export const ${name}Schema = z
  .object({
    firstName: safeText(40, 'First name of the recipient; empty greets them without a name').default(''),
    locale: localeSchema,
  })
  .strict();

export type ${type} = z.output<typeof ${name}Schema>;
`,
    'copy.ts': `import type { Translations } from '../shared/locale';

export interface ${type.replace('Props', 'Copy')} {
  greeting: (firstName: string) => string;
  message: string;
  button: string;
}

// The compiler makes every locale fill in every line.
export const ${name.toUpperCase()}_COPY: Translations<${type.replace('Props', 'Copy')}> = {
  en: { greeting: (n) => (n ? \`Hi \${n},\` : 'Hi,'), message: 'this video was made for you.', button: 'Find out more' },
  pt: { greeting: (n) => (n ? \`Olá \${n},\` : 'Olá,'), message: 'este vídeo foi feito para si.', button: 'Saiba mais' },
  es: { greeting: (n) => (n ? \`Hola \${n}:\` : 'Hola:'), message: 'este vídeo es para ti.', button: 'Más información' },
  hu: {
    greeting: (n) => (n ? \`Kedves \${n}!\` : 'Kedves Ügyfelünk!'),
    message: 'ezt a videót Önnek készítettük.',
    button: 'További részletek',
  },
  ru: {
    greeting: (n) => (n ? \`Здравствуйте, \${n}!\` : 'Здравствуйте!'),
    message: 'это видео сделано для вас.',
    button: 'Узнать больше',
  },
  tl: { greeting: (n) => (n ? \`Hi \${n},\` : 'Hi,'), message: 'ginawa ang video na ito para sa iyo.', button: 'Alamin pa' },
};
`,
    'scenes.tsx': `import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { push } from '../shared/cut-motion';
import { FitText } from '../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../shared/theme';
import { WordReveal } from '../shared/word-reveal';
import { ${name.toUpperCase()}_COPY } from './copy';
import type { ${type} } from './schema';

export const INK = '#14213d';
export const PAPER = '#fdf6ec';
export const TITLE_FRAMES = 45;
export const GREETING_FRAMES = 60;
export const MESSAGE_FRAMES = 75;

// Each scene pushes its words out on its last frames and the next pushes in: the hard cuts between them (where
// segments are cut and reused) read as one movement.

/** The same for everyone: rendered once, reused for every recipient. */
export const TitleScene: React.FC = () => {
  const frame = useCurrentFrame();
  return (
    <AbsoluteFill style={{ justifyContent: 'center', paddingLeft: 120, ...push(frame, TITLE_FRAMES) }}>
      <div style={{ fontFamily: HEADLINE_FONT, fontWeight: 800, fontSize: 96, color: INK }}>${title}</div>
    </AbsoluteFill>
  );
};

/** The recipient's name: kept short, since every frame of it is rendered per recipient. */
export const GreetingScene: React.FC<Pick<${type}, 'firstName' | 'locale'>> = ({ firstName, locale }) => {
  const frame = useCurrentFrame();
  return (
    <AbsoluteFill style={{ justifyContent: 'center', paddingLeft: 120 }}>
      <div style={push(frame, GREETING_FRAMES, { delay: 2 })}>
        <FitText
          text={${name.toUpperCase()}_COPY[locale].greeting(firstName)}
          width={1040}
          maxFontSize={110}
          fontFamily={HEADLINE_FONT}
          fontWeight={800}
          style={{ color: INK }}
        />
      </div>
    </AbsoluteFill>
  );
};

/** One per language: rendered once per locale, reused for everyone who reads it. */
export const MessageScene: React.FC<Pick<${type}, 'locale'>> = ({ locale }) => {
  const frame = useCurrentFrame();
  const copy = ${name.toUpperCase()}_COPY[locale];
  return (
    <AbsoluteFill style={{ justifyContent: 'center', paddingLeft: 120, ...push(frame, MESSAGE_FRAMES) }}>
      <WordReveal
        parts={[{ text: copy.message }]}
        stagger={3}
        style={{ width: 1040, fontFamily: HEADLINE_FONT, fontWeight: 700, fontSize: 68, color: INK }}
      />
      <div style={{ marginTop: 40, fontFamily: BODY_FONT, fontWeight: 600, fontSize: 36, color: INK }}>
        {copy.button} →
      </div>
    </AbsoluteFill>
  );
};
`,
    'landing.ts': `import type { LandingCopy } from '../template';
import { ${name.toUpperCase()}_COPY } from './copy';
import type { ${type} } from './schema';

/** The words around the video: its pages' title, the greeting above it, its button and the email image's alt text. */
export const ${name}Landing = ({ firstName, locale }: ${type}): LandingCopy => {
  const copy = ${name.toUpperCase()}_COPY[locale];
  const greeting = \`\${copy.greeting(firstName)} \${copy.message}\`;
  return {
    locale,
    title: '${title}',
    greeting,
    alt: \`▶ \${greeting}\`,
    cta: { text: copy.button, url: 'https://example.com/' },
  };
};
`,
    'index.ts': `import { cue, defineScene } from '../shared/timeline';
import { defineTemplate } from '../template';
import { ${name}Landing } from './landing';
import {
  GREETING_FRAMES,
  GreetingScene,
  MESSAGE_FRAMES,
  MessageScene,
  PAPER,
  TITLE_FRAMES,
  TitleScene,
} from './scenes';
import { type ${type}, ${name}Schema } from './schema';

// Each scene says what it reads: the renderer caches a scene group once per distinct value of what it reads.
const scene = defineScene<${type}>();
const title = scene({ name: 'title', kind: 'static', reads: [], durationInFrames: TITLE_FRAMES, component: TitleScene });
const greeting = scene({
  name: 'greeting',
  kind: 'personal',
  reads: ['firstName', 'locale'],
  durationInFrames: GREETING_FRAMES,
  component: GreetingScene,
});
const message = scene({
  name: 'message',
  kind: 'variant',
  reads: ['locale'],
  durationInFrames: MESSAGE_FRAMES,
  component: MessageScene,
});

export const ${name} = defineTemplate({
  id: '${id}',
  version: 1,
  title: '${title}',
  description: 'A title, a greeting with the recipient\\'s name, and a message in their language.',
  schema: ${name}Schema,
  defaultProps: { firstName: 'Ana', locale: 'en' },
  // Two recipients who differ in every prop: the scene-declaration test proves each scene's reads with them.
  samples: [
    { firstName: 'Ana', locale: 'pt' },
    { firstName: 'Björn', locale: 'hu' },
  ],
  crmMapping: {
    firstName: ['{{ first_name | strip }}', '{{ firstname | strip }}', "{{ name | strip | split: ' ' | first }}"],
    locale: ['{{ locale | strip | downcase | slice: 0, 2 }}', '{{ language | strip | downcase | slice: 0, 2 }}'],
  },
  background: PAPER,
  // A hard cut wherever what the scenes read changes: there the video is cut into segments.
  scenes: () => [cue(title, 'cut'), cue(greeting, 'cut'), cue(message, 'cut')],
  posterFrame: () => TITLE_FRAMES + 20,
  previewRange: () => [TITLE_FRAMES, TITLE_FRAMES + 89],
  landing: ${name}Landing,
});
`,
  };
}

const REGISTRY_LIST_END = '] as readonly Template<z.ZodType>[] as readonly AnyTemplate[];';

/** registry.ts with the template imported and added to TEMPLATES (the one list everything reads). */
export function registerTemplate(registry: string, id: string): string {
  const name = camelName(id);
  const end = registry.indexOf(REGISTRY_LIST_END);
  const lastImport = registry.lastIndexOf('\nimport ');
  if (end < 0 || lastImport < 0) throw new Error('compositions/registry.ts does not have the TEMPLATES list it should');
  const afterImport = registry.indexOf('\n', lastImport + 1);
  return (
    `${registry.slice(0, afterImport)}\nimport { ${name} } from './${id}';` +
    `${registry.slice(afterImport, end)}  ${name},\n${registry.slice(end)}`
  );
}
