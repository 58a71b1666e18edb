import { describe, expect, it } from 'vitest';
import type { AnyTemplate } from '../../compositions/registry';
import { cue, defineScene, groupScenes, layoutScenes, type SceneUse } from '../../compositions/shared/timeline';
import type { TemplateMetadata } from '../../compositions/template';
import { planSegments } from '../../render/plan';

type Props = { firstName: string; locale: string; plan: string; interests: string[] };
const scene = defineScene<Props>();
const Nothing = () => null;
const opener = scene({ name: 'opener', kind: 'static', reads: [], durationInFrames: 45, component: Nothing });
const hello = scene({
  name: 'hello',
  kind: 'personal',
  reads: ['firstName', 'locale'],
  durationInFrames: 60,
  component: Nothing,
});
const tour = scene({ name: 'tour', kind: 'variant', reads: ['locale'], durationInFrames: 90, component: Nothing });
const plan = scene({
  name: 'plan',
  kind: 'variant',
  reads: ['plan', 'locale'],
  durationInFrames: 75,
  component: Nothing,
});
const interest = scene({
  name: 'interest',
  kind: 'variant',
  reads: ['locale'],
  durationInFrames: 60,
  component: Nothing,
});

const uses = (props: Props): SceneUse[] => [
  cue(opener, 'cut'),
  cue(hello, 'cut'),
  cue(tour, 'cut'),
  cue(plan, 'fade'),
  ...props.interests.map((name) => cue(interest, 'cut', { interest: name })),
];
const metadataOf = (props: Props): TemplateMetadata => {
  const scenes = layoutScenes(uses(props));
  const last = scenes.at(-1)!;
  const groups = groupScenes(scenes);
  const durationInFrames = last.from + last.durationInFrames;
  return { durationInFrames, fps: 30, width: 1280, height: 720, scenes, groups, posterFrame: 0, previewRange: [0, 1] };
};
const template = { id: 'demo', version: 1 } as AnyTemplate;
const plan$ = (props: Props, options: { profile?: string; version?: number; scope?: string } = {}) =>
  planSegments(
    { ...template, version: options.version ?? 1 },
    props,
    metadataOf(props),
    options.profile ?? 'p1',
    options.scope,
  );

const ana: Props = { firstName: 'Ana', locale: 'pt', plan: 'growth', interests: ['food', 'culture'] };

describe('planSegments', () => {
  it('cuts the video at its hard cuts, covering every frame once', () => {
    const segments = plan$(ana);
    expect(segments.map(({ kind, from, durationInFrames }) => [kind, from, durationInFrames])).toEqual([
      ['static', 0, 45],
      ['personal', 45, 60],
      // tour and plan are joined by a fade: one segment that overlaps them by the transition.
      ['variant', 105, 150],
      ['variant', 255, 60],
      ['variant', 315, 60],
    ]);
    expect(segments.at(-1)!.from + segments.at(-1)!.durationInFrames).toBe(metadataOf(ana).durationInFrames);
  });

  it('gives the same keys to the same frames, and only to them', () => {
    const [opener1, hello1, tour1, food1, culture1] = plan$(ana).map((segment) => segment.key);
    expect(new Set([opener1, hello1, tour1, food1, culture1]).size).toBe(5);
    expect(plan$({ ...ana }).map((segment) => segment.key)).toEqual([opener1, hello1, tour1, food1, culture1]);

    // Another name: only the personal segment differs.
    const leo = plan$({ ...ana, firstName: 'Leo' }).map((segment) => segment.key);
    expect(leo).toEqual([opener1, expect.not.stringMatching(hello1!), tour1, food1, culture1]);

    // Another plan: the segment that shows it, nothing else.
    const enterprise = plan$({ ...ana, plan: 'enterprise' }).map((segment) => segment.key);
    expect(enterprise).toEqual([opener1, hello1, expect.not.stringMatching(tour1!), food1, culture1]);

    // Another language: everything but the static opener.
    const english = plan$({ ...ana, locale: 'en' }).map((segment) => segment.key);
    expect(english[0]).toBe(opener1);
    expect(english.slice(1).some((key) => [hello1, tour1, food1, culture1].includes(key))).toBe(false);

    // An interest's segment is the same wherever it stands in the video.
    const swapped = plan$({ ...ana, interests: ['culture', 'food'] }).map((segment) => segment.key);
    expect(swapped.slice(3)).toEqual([culture1, food1]);
  });

  it('changes every key with the encoder profile or the template version', () => {
    const keys = plan$(ana).map((segment) => segment.key);
    for (const other of [plan$(ana, { profile: 'p2' }), plan$(ana, { version: 2 })]) {
      expect(other.map((segment) => segment.key).some((key) => keys.includes(key))).toBe(false);
    }
  });

  it('shares personal segments only within their scope, and the rest with everyone', () => {
    const keys = (scope?: string) => plan$(ana, { scope }).map((segment) => segment.key);
    const [acme, globex, unscoped] = [keys('acme'), keys('globex'), keys()];
    expect(keys('acme')).toEqual(acme);
    // Only the personal segment (index 1) differs between tenants; the static and variant ones are everyone's.
    expect(globex).toEqual([acme[0], expect.not.stringMatching(acme[1]!), ...acme.slice(2)]);
    expect(unscoped).toEqual([acme[0], expect.not.stringMatching(acme[1]!), ...acme.slice(2)]);
    expect(new Set([acme[1], globex[1], unscoped[1]]).size).toBe(3);
  });
});
