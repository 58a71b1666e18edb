import { z } from 'zod';
import { localeSchema } from '../shared/locale';
import { safeText } from '../shared/safe-text';

/** Destinations the travel brand sells; each has its own colours and an ISO region for its localised country name. */
export const DESTINATIONS = {
  lisbon: { name: 'Lisboa', region: 'PT', icon: '🚋', colors: ['#FF8C42', '#2E86AB'] },
  rio: { name: 'Rio de Janeiro', region: 'BR', icon: '⛰️', colors: ['#00A86B', '#1E3A8A'] },
  barcelona: { name: 'Barcelona', region: 'ES', icon: '🏖️', colors: ['#F94144', '#F3722C'] },
  budapest: { name: 'Budapest', region: 'HU', icon: '🏰', colors: ['#6A4C93', '#1982C4'] },
  palawan: { name: 'Palawan', region: 'PH', icon: '🏝️', colors: ['#00B4D8', '#0077B6'] },
  reykjavik: { name: 'Reykjavík', region: 'IS', icon: '🌋', colors: ['#3A506B', '#5BC0BE'] },
  marrakech: { name: 'Marrakech', region: 'MA', icon: '🕌', colors: ['#D1495B', '#EDAE49'] },
  kyoto: { name: 'Kyoto', region: 'JP', icon: '⛩️', colors: ['#B5179E', '#7209B7'] },
} as const;
export type Destination = keyof typeof DESTINATIONS;
const DESTINATION_IDS = Object.keys(DESTINATIONS) as [Destination, ...Destination[]];

export const INTERESTS = ['food', 'culture', 'nature', 'beaches', 'nightlife', 'adventure', 'wellness'] as const;
export type Interest = (typeof INTERESTS)[number];

export const MAX_NIGHTS = 60;
const DAY_MS = 86_400_000;

export const parseIsoDate = (value: string): number => Date.parse(`${value}T00:00:00Z`);

// Date.parse rolls 2027-02-30 over to March; a real date survives the round trip unchanged.
const isRealDate = (value: string): boolean => {
  const time = parseIsoDate(value);
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(value);
};

const isoDate = (description: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .refine(isRealDate, 'is not a real calendar date')
    .describe(description);

export const nightsBetween = (startDate: string, endDate: string): number =>
  Math.round((parseIsoDate(endDate) - parseIsoDate(startDate)) / DAY_MS);

export const tripSchema = z
  .object({
    destination: z.enum(DESTINATION_IDS).default('lisbon').describe('Where the visitor wants to go'),
    startDate: isoDate('First day of the trip (YYYY-MM-DD)').default('2027-05-12'),
    endDate: isoDate('Last day of the trip (YYYY-MM-DD)').default('2027-05-19'),
    // Form fields arrive as text, so a numeric string is accepted.
    travellers: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(12, 'must be at most 12')
      .default(2)
      .describe('Number of travellers'),
    interests: z
      .array(z.enum(INTERESTS))
      .min(1, 'choose at least 1 interest')
      .max(4, 'choose at most 4 interests')
      .refine((list) => new Set(list).size === list.length, 'must not repeat an interest')
      .default(['food', 'culture'])
      .describe('One scene per interest, in this order'),
    firstName: safeText(40, "Visitor's first name; empty leaves it out").default(''),
    locale: localeSchema,
  })
  .strict()
  .superRefine((trip, context) => {
    // zod still runs this when a date failed its own check; that date's error is the one worth reading.
    if (!isRealDate(trip.startDate) || !isRealDate(trip.endDate)) return;
    const nights = nightsBetween(trip.startDate, trip.endDate);
    if (nights < 0) context.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
    else if (nights > MAX_NIGHTS)
      context.addIssue({ code: 'custom', path: ['endDate'], message: `trip must be at most ${MAX_NIGHTS} nights` });
  });

export type TripProps = z.output<typeof tripSchema>;
