import { describe, expect, it } from 'vitest';
import { ReelpipeError } from '../../core/errors';
import { planRanges } from '../../render/plan';

describe('planRanges', () => {
  it('renders the whole video as one range without cuts', () => {
    expect(planRanges(300)).toEqual([[0, 299]]);
    expect(planRanges(1, [])).toEqual([[0, 0]]);
  });

  it('starts a new range at each cut, covering every frame exactly once', () => {
    expect(planRanges(300, [60, 150])).toEqual([
      [0, 59],
      [60, 149],
      [150, 299],
    ]);
    expect(planRanges(3, [1, 2])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it.each([
    [[0], 'cuts.0', /Cut 0 is not strictly inside/],
    [[300], 'cuts.0', /Cut 300 is not strictly inside/],
    [[-5], 'cuts.0', /Cut -5 is not strictly inside/],
    [[60, 60], 'cuts.1', /Cut 60 does not come after the previous cut \(60\)/],
    [[150, 60], 'cuts.1', /Cut 60 does not come after the previous cut \(150\)/],
    [[60, 12.5], 'cuts.1', /Cut 12.5 is not a whole frame number/],
    [[Number.NaN], 'cuts.0', /Cut NaN is not a whole frame number/],
  ])('rejects the cuts %j, naming the bad one', (cuts, field, message) => {
    let caught: unknown;
    try {
      planRanges(300, cuts);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReelpipeError);
    expect((caught as ReelpipeError).message).toMatch(message);
    expect(caught).toMatchObject({ code: 'invalid_cut', details: [{ field }] });
  });

  it('rejects a duration that is not a positive whole number of frames', () => {
    expect(() => planRanges(0)).toThrow(ReelpipeError);
    expect(() => planRanges(29.5)).toThrow(/whole, positive number of frames/);
  });
});
