import { describe, expect, it } from 'vitest';
import { type FieldProblem, ReelpipeError, UnknownFormError } from '../../core/errors';
import {
  earliestDate,
  FormAnswersError,
  formAnswersToProps,
  getForm,
  HONEYPOT_FIELD,
} from '../../core/intake/form-answers';

const form = getForm('trip');

const VALID = {
  destination: 'kyoto',
  startDate: '2099-04-01',
  endDate: '2099-04-08',
  travellers: '3',
  interests: ['food', 'nature'],
};

/** The error formAnswersToProps throws for this body, or fails the test. */
function rejection(body: unknown): ReelpipeError {
  try {
    formAnswersToProps(form, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ReelpipeError);
    return error as ReelpipeError;
  }
  throw new Error('expected the answers to be refused');
}

/** The problems of a FormAnswersError (422), checking each is also named in the message. */
function problems(body: unknown): FieldProblem[] {
  const error = rejection(body);
  expect(error).toBeInstanceOf(FormAnswersError);
  expect(error).toMatchObject({ status: 422, code: 'invalid_answers' });
  const list = (error as FormAnswersError).problems;
  expect(error.details).toEqual(list);
  for (const problem of list) expect(error.message).toContain(`${problem.field} ${problem.message}`);
  return list;
}

describe('getForm', () => {
  it('finds the trip form and refuses unknown forms with a 404', () => {
    expect(form).toMatchObject({ id: 'trip', template: 'trip', maxAnswerLength: 64 });
    expect(() => getForm('nope')).toThrow(UnknownFormError);
    expect(() => getForm('nope')).toThrow('No form "nope".');
  });
});

describe('formAnswersToProps', () => {
  it('turns valid answers into trip props, with interests as a list', () => {
    expect(formAnswersToProps(form, VALID)).toEqual({
      destination: 'kyoto',
      startDate: '2099-04-01',
      endDate: '2099-04-08',
      travellers: 3,
      interests: ['food', 'nature'],
      firstName: '',
      locale: 'en',
    });
  });

  it('accepts one checkbox as a string, a number as a number, and trims answers', () => {
    const props = formAnswersToProps(form, { ...VALID, destination: ' rio ', interests: 'wellness', travellers: 12 });
    expect(props).toMatchObject({ destination: 'rio', interests: ['wellness'], travellers: 12 });
  });

  it('accepts an empty honeypot', () => {
    expect(formAnswersToProps(form, { ...VALID, [HONEYPOT_FIELD]: '' })).toMatchObject({ destination: 'kyoto' });
  });

  it('lists every field problem at once, by field', () => {
    const list = problems({
      destination: 'mars',
      startDate: '01/04/2027',
      endDate: '',
      travellers: '2.5',
      interests: ['food', 'shopping'],
      coupon: 'FREE',
    });
    expect(list).toEqual([
      { field: 'coupon', message: 'is not a field of this form' },
      { field: 'destination', message: 'must be one of the choices offered' },
      { field: 'startDate', message: 'must be a date (YYYY-MM-DD)' },
      { field: 'endDate', message: 'is required' },
      { field: 'travellers', message: 'must be a whole number from 1 to 12' },
      { field: 'interests', message: 'has a choice that is not offered' },
    ]);
  });

  it('names every missing required field', () => {
    expect(problems({})).toEqual(
      ['destination', 'startDate', 'endDate', 'travellers', 'interests'].map((field) => ({
        field,
        message: 'is required',
      })),
    );
    expect(problems({ ...VALID, travellers: '   ', interests: [] })).toEqual([
      { field: 'travellers', message: 'is required' },
      { field: 'interests', message: 'is required' },
    ]);
  });

  it('cuts a long unknown field name to 40 characters', () => {
    expect(problems({ ...VALID, ['x'.repeat(100)]: '1' })).toEqual([
      { field: 'x'.repeat(40), message: 'is not a field of this form' },
    ]);
  });

  it('refuses more checkboxes than the field offers', () => {
    const all = ['food', 'culture', 'nature', 'beaches', 'nightlife', 'adventure', 'wellness'];
    expect(problems({ ...VALID, interests: [...all, 'food'] })).toEqual([
      { field: 'interests', message: 'has too many choices' },
    ]);
  });

  it('refuses more interests than the template allows, and repeats, through the schema', () => {
    expect(problems({ ...VALID, interests: ['food', 'culture', 'nature', 'beaches', 'nightlife'] })).toEqual([
      { field: 'interests', message: 'choose at most 4 interests' },
    ]);
    expect(problems({ ...VALID, interests: ['food', 'food'] })).toEqual([
      { field: 'interests', message: 'must not repeat an interest' },
    ]);
  });

  it.each([
    ['a link', 'destination', 'https://evil.example'],
    ['a www address', 'destination', 'www.evil.example'],
    ['markup', 'travellers', '<b>3</b>'],
    ['a control character', 'startDate', '2099-04-01\u0007x'],
    ['a NUL', 'endDate', '2027\u000004-08'],
  ])('refuses %s in an answer', (_label, field, value) => {
    expect(problems({ ...VALID, [field]: value })).toEqual([{ field, message: 'must be plain text, without links' }]);
  });

  it('refuses a link among checkbox answers', () => {
    expect(problems({ ...VALID, interests: ['food', 'http://x.io'] })).toEqual([
      { field: 'interests', message: 'must be plain text, without links' },
    ]);
  });

  it('refuses an answer longer than the form allows', () => {
    expect(problems({ ...VALID, destination: 'k'.repeat(65) })).toEqual([
      { field: 'destination', message: 'must be at most 64 characters' },
    ]);
  });

  it.each(['2.5', '0', '13', '-1', 'three', 'NaN', 'Infinity'])('refuses %j travellers', (travellers) => {
    expect(problems({ ...VALID, travellers })).toEqual([
      { field: 'travellers', message: 'must be a whole number from 1 to 12' },
    ]);
  });

  it('refuses several answers to a one-answer field and answers that are not text', () => {
    expect(problems({ ...VALID, travellers: ['1', '2'], destination: { city: 'kyoto' } })).toEqual([
      { field: 'destination', message: 'must be text' },
      { field: 'travellers', message: 'must be one answer' },
    ]);
  });

  it.each([
    ['2027-4-1', 'must be a date (YYYY-MM-DD)'],
    ['tomorrow', 'must be a date (YYYY-MM-DD)'],
  ])('refuses the date %j by its format', (startDate, message) => {
    expect(problems({ ...VALID, startDate })).toEqual([{ field: 'startDate', message }]);
  });

  it('refuses a date that is not on the calendar, naming the field', () => {
    expect(problems({ ...VALID, endDate: '2099-02-30' })).toEqual([
      { field: 'endDate', message: 'is not a real calendar date' },
    ]);
  });

  it('refuses a trip in the past, taking any date from yesterday in UTC (today somewhere on Earth)', () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(problems({ ...VALID, startDate: '2020-06-01', endDate: '2020-06-03' })).toEqual([
      { field: 'startDate', message: 'must not be in the past' },
      { field: 'endDate', message: 'must not be in the past' },
    ]);
    expect(formAnswersToProps(form, { ...VALID, startDate: day(-1), endDate: day(0) })).toMatchObject({
      startDate: day(-1),
    });
    expect(problems({ ...VALID, startDate: day(-2), endDate: day(0) })).toEqual([
      { field: 'startDate', message: 'must not be in the past' },
    ]);
    expect(earliestDate(Date.parse('2026-11-24T00:30:00Z'))).toBe('2026-11-23');
  });

  it('takes the visitor’s first name and the video’s language, both optional', () => {
    expect(formAnswersToProps(form, { ...VALID, firstName: ' Zoë ', locale: 'hu' })).toMatchObject({
      firstName: 'Zoë',
      locale: 'hu',
    });
    expect(formAnswersToProps(form, VALID)).toMatchObject({ firstName: '', locale: 'en' });
    expect(problems({ ...VALID, firstName: 'x'.repeat(41), locale: 'de' })).toEqual([
      { field: 'firstName', message: 'must be at most 40 characters' },
      { field: 'locale', message: 'must be one of the choices offered' },
    ]);
    expect(problems({ ...VALID, firstName: 'see www.spam.example' })).toEqual([
      { field: 'firstName', message: 'must be plain text, without links' },
    ]);
  });

  it('refuses a trip that ends before it starts', () => {
    expect(problems({ ...VALID, endDate: '2099-03-01' })).toEqual([
      { field: 'endDate', message: 'must not be before startDate' },
    ]);
  });

  // The template's own checks run even when a field check failed, so every problem is reported at once.
  it('lists a bad calendar date together with the other problems', () => {
    expect(problems({ ...VALID, destination: 'mars', endDate: '2099-02-30' })).toEqual([
      { field: 'destination', message: 'must be one of the choices offered' },
      { field: 'endDate', message: 'is not a real calendar date' },
    ]);
  });

  it('rejects a filled honeypot with a 422 before looking at anything else', () => {
    for (const body of [
      { ...VALID, website: 'https://spam.example' },
      { website: 'x', coupon: 'y' },
    ]) {
      const error = rejection(body);
      expect(error).not.toBeInstanceOf(FormAnswersError);
      expect(error).toMatchObject({ status: 422, code: 'rejected', message: 'The form could not be accepted.' });
    }
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an array', [VALID]],
    ['a string', 'destination=kyoto'],
    ['a number', 42],
  ])('refuses %s as the body with a 400', (_label, body) => {
    const error = rejection(body);
    expect(error).toMatchObject({ status: 400, code: 'bad_request', message: 'Send the form answers as fields.' });
  });
});
