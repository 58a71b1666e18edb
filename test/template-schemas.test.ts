import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { TEMPLATES } from '../compositions/registry';
import { LOCALES } from '../compositions/shared/locale';
import { cue, defineScene, type SceneUse } from '../compositions/shared/timeline';
import { defineTemplate } from '../compositions/template';
import { trip as tripSpec } from '../compositions/trip';
import { TRIP_COPY } from '../compositions/trip/copy';
import { tripSchema } from '../compositions/trip/schema';
import { welcome as welcomeSpec } from '../compositions/welcome';
import { WELCOME_COPY } from '../compositions/welcome/copy';
import { welcomeSchema } from '../compositions/welcome/schema';
import { describeTemplate } from '../core/describe-template';
import { InvalidPropsError, UnknownTemplateError } from '../core/errors';
import { getTemplate, parseProps } from '../core/templates';

const welcome = getTemplate('welcome');
const trip = getTemplate('trip');

const issuesOf = (template: typeof welcome, props: unknown) => {
  try {
    parseProps(template, props);
  } catch (error) {
    if (error instanceof InvalidPropsError) return error.issues;
    throw error;
  }
  throw new Error('props were accepted');
};

describe('registry', () => {
  it('lists the templates and names the known ones for an unknown id', () => {
    const ids = TEMPLATES.map((t) => t.id);
    expect(ids.slice(0, 2)).toEqual(['welcome', 'trip']);
    expect(() => getTemplate('nope')).toThrow(UnknownTemplateError);
    expect(() => getTemplate('nope')).toThrow(`Known templates: ${ids.join(', ')}.`);
  });

  it('describes every template with a JSON Schema, defaults and duration', () => {
    for (const template of TEMPLATES) {
      const description = describeTemplate(template);
      expect(description.propsSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Object.keys((description.propsSchema as { properties: object }).properties)).toEqual(
        Object.keys(description.defaultProps),
      );
      expect(description.defaults).toMatchObject({ fps: 30, width: 1280, height: 720 });
    }
  });
});

describe('welcome props', () => {
  it('fills every missing prop with a default, never undefined', () => {
    const props = parseProps(welcome, {});
    expect(props).toEqual({
      firstName: '',
      company: '',
      locale: 'en',
      occasion: 'onboarding',
      plan: 'growth',
      industry: 'other',
      accountManager: '',
    });
  });

  it('greets without a name when firstName is empty, in every locale', () => {
    for (const locale of LOCALES) {
      const copy = WELCOME_COPY[locale];
      for (const text of [copy.greeting(''), copy.callToAction(''), copy.manager('')]) {
        expect(text).not.toMatch(/undefined|null|\$\{|,\s*[!,]|\s[!,]$/);
      }
    }
    expect(WELCOME_COPY.en.greeting('')).toBe('Hi there,');
  });

  it('keeps names in any script intact and normalises whitespace and invisible characters', () => {
    for (const firstName of ['Árpád Szőke-Győri', 'Анна Кузнецова', 'João Conceição', 'Íñigo Muñoz', 'Ana 🌻']) {
      expect(parseProps(welcome, { firstName }).firstName).toBe(firstName);
    }
    expect(parseProps(welcome, { firstName: '  Jo\u202Ee  \n Doe\u0000 ' }).firstName).toBe('Joe Doe');
    expect(parseProps(welcome, { firstName: 'Jo\u0301ao' }).firstName).toBe('Jóao');
  });

  it('caps strings, refuses links, unknown props and values outside the enums', () => {
    expect(issuesOf(welcome, { firstName: 'x'.repeat(41) })).toEqual([
      { field: 'firstName', message: 'must be at most 40 characters' },
    ]);
    expect(issuesOf(welcome, { company: 'Visit https://evil.example' })).toEqual([
      { field: 'company', message: 'must not contain a link' },
    ]);
    expect(issuesOf(welcome, { accountManager: 'www.evil.example' })).toEqual([
      { field: 'accountManager', message: 'must not contain a link' },
    ]);
    expect(issuesOf(welcome, { logoUrl: 'https://evil.example/x.png' })).toEqual([
      { field: 'logoUrl', message: 'is not a prop of this template' },
    ]);
    const issues = issuesOf(welcome, { locale: 'de', plan: 'gold', firstName: 7 });
    expect(issues.map((i) => i.field).sort()).toEqual(['firstName', 'locale', 'plan']);
  });

  it('lasts 19.5 seconds', () => {
    const { durationInFrames, fps } = welcome.metadata(parseProps(welcome, {}));
    expect(durationInFrames).toBe(585);
    expect(fps).toBe(30);
  });
});

describe('trip props', () => {
  it('takes one scene per interest, so the duration follows the answers', () => {
    const frames = [1, 2, 3, 4].map(
      (count) =>
        trip.metadata(parseProps(trip, { interests: ['food', 'culture', 'nature', 'beaches'].slice(0, count) }))
          .durationInFrames,
    );
    expect(frames).toEqual([330, 414, 498, 582]);
  });

  it('accepts a numeric string for travellers, as forms send it', () => {
    expect(parseProps(trip, { travellers: '3' }).travellers).toBe(3);
  });

  it('rejects impossible dates, reversed or overlong trips, repeated or too many interests', () => {
    expect(issuesOf(trip, { startDate: '2027-02-30' })).toEqual([
      { field: 'startDate', message: 'is not a real calendar date' },
    ]);
    expect(issuesOf(trip, { startDate: '12/05/2027' })[0]).toMatchObject({
      field: 'startDate',
      message: 'must be a date as YYYY-MM-DD',
    });
    expect(issuesOf(trip, { startDate: '2027-05-19', endDate: '2027-05-12' })).toEqual([
      { field: 'endDate', message: 'must not be before startDate' },
    ]);
    expect(issuesOf(trip, { startDate: '2027-01-01', endDate: '2027-12-31' })).toEqual([
      { field: 'endDate', message: 'trip must be at most 60 nights' },
    ]);
    expect(issuesOf(trip, { interests: ['food', 'food'] })).toEqual([
      { field: 'interests', message: 'must not repeat an interest' },
    ]);
    expect(issuesOf(trip, { interests: [] })).toEqual([{ field: 'interests', message: 'choose at least 1 interest' }]);
    expect(issuesOf(trip, { interests: ['food', 'culture', 'nature', 'beaches', 'wellness'] })).toEqual([
      { field: 'interests', message: 'choose at most 4 interests' },
    ]);
    expect(issuesOf(trip, { travellers: 0 })).toEqual([{ field: 'travellers', message: 'must be at least 1' }]);
    expect(issuesOf(trip, { destination: 'https://evil.example' })[0]?.field).toBe('destination');
  });

  it('has plural forms that read right', () => {
    expect([1, 2, 5, 21].map(TRIP_COPY.ru.travellers)).toEqual([
      '1 путешественник',
      '2 путешественника',
      '5 путешественников',
      '21 путешественник',
    ]);
    expect([1, 7].map(TRIP_COPY.en.nights)).toEqual(['1 night', '7 nights']);
    for (const locale of LOCALES) expect(TRIP_COPY[locale].yourTrip('')).not.toMatch(/^,|undefined/);
  });
});

const Nothing = () => null;

/** The video's scenes as [id, kind, reads, from, frames, entrance], the way a reviewer reads a timeline. */
const timeline = (template: typeof welcome, props: Record<string, unknown>) =>
  template
    .metadata(parseProps(template, props))
    .scenes.map((s) => [s.id, s.kind, s.reads.join(' '), s.from, s.durationInFrames, s.entrance]);

/** Groups as [scene ids, kind, props read by any of their scenes, from, frames]. */
const groupsOf = (template: typeof welcome, props: Record<string, unknown>) => {
  const meta = template.metadata(parseProps(template, props));
  return meta.groups.map((group) => {
    const scenes = group.scenes.map((index) => meta.scenes[index]!);
    const reads = [...new Set(scenes.flatMap((scene) => scene.reads))].sort();
    return [
      scenes.map((scene) => scene.id).join(' + '),
      group.kind,
      reads.join(' '),
      group.from,
      group.durationInFrames,
    ];
  });
};

const personalShare = (template: typeof welcome, props: Record<string, unknown>) => {
  const meta = template.metadata(parseProps(template, props));
  const personal = meta.groups.filter((group) => group.kind === 'personal');
  return personal.reduce((sum, group) => sum + group.durationInFrames, 0) / meta.durationInFrames;
};

const INTEREST_SETS = [
  ['food'],
  ['food', 'culture'],
  ['nature', 'beaches', 'wellness'],
  ['adventure', 'food', 'culture', 'nightlife'],
];

describe('scene declarations', () => {
  it('welcome: short personal scenes at both ends, the rest cut into variant groups by what they read', () => {
    expect(timeline(welcome, {})).toEqual([
      ['greeting', 'personal', 'firstName company locale', 0, 66, 'cut'],
      ['occasion', 'variant', 'occasion locale', 66, 54, 'cut'],
      ['benefits', 'variant', 'locale', 120, 120, 'cut'],
      ['steps', 'variant', 'locale', 225, 105, 'fade'],
      ['product', 'variant', 'industry locale', 330, 78, 'cut'],
      ['plan', 'variant', 'plan locale', 408, 57, 'cut'],
      ['call-to-action', 'personal', 'firstName accountManager locale', 465, 72, 'cut'],
      ['end-card', 'variant', 'locale', 537, 48, 'cut'],
    ]);
    expect(groupsOf(welcome, {})).toEqual([
      ['greeting', 'personal', 'company firstName locale', 0, 66],
      ['occasion', 'variant', 'locale occasion', 66, 54],
      ['benefits + steps', 'variant', 'locale', 120, 210],
      ['product', 'variant', 'industry locale', 330, 78],
      ['plan', 'variant', 'locale plan', 408, 57],
      ['call-to-action', 'personal', 'accountManager firstName locale', 465, 72],
      ['end-card', 'variant', 'locale', 537, 48],
    ]);
  });

  it('welcome: at most a quarter of the frames are personal, for every contact', () => {
    const contacts = [{}, { occasion: 'renewal', plan: 'enterprise', industry: 'finance', locale: 'hu' }];
    for (const contact of contacts) expect(personalShare(welcome, contact)).toBeLessThanOrEqual(0.25);
    // 66 + 72 of 585 frames: the other 76% are shared by every contact equal in a few choices.
    expect(personalShare(welcome, {})).toBeCloseTo(138 / 585, 10);
  });

  it('welcome: no variant group reads more than one choice besides the locale, and none reads free text', () => {
    const meta = welcome.metadata(parseProps(welcome, {}));
    for (const group of meta.groups.filter((candidate) => candidate.kind === 'variant')) {
      const reads = new Set(group.scenes.flatMap((index) => meta.scenes[index]!.reads));
      expect(reads.has('locale')).toBe(true);
      expect(reads.size).toBeLessThanOrEqual(2);
      for (const free of ['firstName', 'company', 'accountManager']) expect(reads.has(free)).toBe(false);
    }
  });

  it('trip: a static opener, a personal intro, one variant group per interest, a personal outro', () => {
    expect(timeline(trip, { interests: ['food', 'nature'] })).toEqual([
      ['opener', 'static', '', 0, 45, 'cut'],
      ['intro', 'personal', 'firstName destination startDate endDate travellers locale', 45, 96, 'cut'],
      ['interest:interest=food', 'variant', 'locale', 141, 84, 'cut'],
      ['interest:interest=nature', 'variant', 'locale', 225, 84, 'cut'],
      ['outro', 'personal', 'destination startDate endDate travellers interests locale', 309, 105, 'cut'],
    ]);
    for (const interests of INTEREST_SETS) {
      const groups = groupsOf(trip, { interests });
      expect(groups.map(([scenes, kind]) => [scenes, kind])).toEqual([
        ['opener', 'static'],
        ['intro', 'personal'],
        ...interests.map((interest) => [`interest:interest=${interest}`, 'variant']),
        ['outro', 'personal'],
      ]);
    }
  });

  it('cuts wherever what is read changes, so no group ever needs a neighbour', () => {
    const videos = [
      ...[{}, { occasion: 'renewal' }].map((props) => ({ template: welcome, props })),
      ...INTEREST_SETS.map((interests) => ({ template: trip, props: { interests } })),
    ];
    for (const { template, props } of videos) {
      const { scenes } = template.metadata(parseProps(template, props));
      for (const [index, scene] of scenes.entries()) {
        if (index === 0) continue;
        const before = scenes[index - 1]!;
        const same =
          JSON.stringify([...before.reads].sort()) === JSON.stringify([...scene.reads].sort()) &&
          JSON.stringify(before.params) === JSON.stringify(scene.params) &&
          before.kind === scene.kind;
        if (!same) expect(scene.entrance, `${template.id}: ${before.id} → ${scene.id}`).toBe('cut');
      }
    }
  });

  it('refuses a declaration that cannot be true, the first time the template lays out a video', () => {
    const scene = defineScene<z.output<typeof welcomeSchema>>();
    const sneaky = scene({
      name: 'sneaky',
      kind: 'variant',
      reads: ['firstName', 'locale'],
      durationInFrames: 30,
      component: Nothing,
    });
    const loud = scene({ name: 'loud', kind: 'static', reads: ['plan'], durationInFrames: 30, component: Nothing });
    const withScenes = (scenes: SceneUse[]) =>
      defineTemplate({ ...welcomeSpec, id: 'broken', scenes: () => scenes }).metadata(welcomeSchema.parse({}));
    expect(() => withScenes([cue(sneaky, 'cut')])).toThrow(
      'template "broken", scene "sneaky": a variant scene reads only choice props, not firstName',
    );
    expect(() => withScenes([cue(loud, 'cut')])).toThrow(
      'template "broken", scene "loud": a static scene reads no props',
    );
    // Choices are enums, booleans and arrays of enums: trip's interests may be read by a variant scene.
    const tripScene = defineScene<z.output<typeof tripSchema>>();
    const interests = tripScene({
      name: 'interests',
      kind: 'variant',
      reads: ['interests', 'destination'],
      durationInFrames: 30,
      component: Nothing,
    });
    const tripWith = defineTemplate({ ...tripSpec, id: 'fine', scenes: () => [cue(interests, 'cut')] });
    expect(tripWith.metadata(tripSchema.parse({})).groups).toEqual([
      { scenes: [0], kind: 'variant', from: 0, durationInFrames: 30 },
    ]);
  });
});
