import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../compositions/registry';
import { LOCALES } from '../compositions/shared/locale';
import { TRIP_COPY } from '../compositions/trip/copy';
import { WELCOME_COPY } from '../compositions/welcome/copy';
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
  it('lists both templates and names the known ones for an unknown id', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['welcome', 'trip']);
    expect(() => getTemplate('nope')).toThrow(UnknownTemplateError);
    expect(() => getTemplate('nope')).toThrow('Known templates: welcome, trip.');
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

  it('lasts 12 to 20 seconds', () => {
    const { durationInFrames, fps } = welcome.metadata(parseProps(welcome, {}));
    expect(durationInFrames / fps).toBeGreaterThanOrEqual(12);
    expect(durationInFrames / fps).toBeLessThanOrEqual(20);
  });
});

describe('trip props', () => {
  it('takes one scene per interest, so the duration follows the answers', () => {
    const frames = [1, 2, 3, 4].map(
      (count) =>
        trip.metadata(parseProps(trip, { interests: ['food', 'culture', 'nature', 'beaches'].slice(0, count) }))
          .durationInFrames,
    );
    expect(frames).toEqual([300, 375, 450, 525]);
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

describe('personalised frame ranges', () => {
  it('welcome: intro, and recommendation through the end, are personal', () => {
    expect(welcome.metadata(parseProps(welcome, {})).personalizedRanges).toEqual([
      [0, 119],
      [345, 584],
    ]);
  });

  it('trip: intro and outro are personal, interest scenes are shared', () => {
    const meta = trip.metadata(parseProps(trip, { interests: ['food', 'nature'] }));
    expect(meta.personalizedRanges).toEqual([
      [0, 119],
      [255, 374],
    ]);
    expect(meta.segments.map((s) => [s.scene, s.from, s.personal])).toEqual([
      ['intro', 0, true],
      ['interest-food', 105, false],
      ['interest-nature', 180, false],
      ['outro', 255, true],
    ]);
  });
});
