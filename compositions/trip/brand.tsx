import { Img, staticFile } from 'remotion';
import { intlTag, type Locale } from '../shared/locale';
import { HEADLINE_FONT } from '../shared/theme';
import { TRIP_COPY } from './copy';
import { DESTINATIONS, type Interest, nightsBetween, parseIsoDate, type TripProps } from './schema';

export const INK = '#14213D';
export const SAND = '#FFF6EC';

export const INTEREST_STYLE: Record<Interest, { icon: string; color: string }> = {
  food: { icon: '🍽️', color: '#F3722C' },
  culture: { icon: '🏛️', color: '#577590' },
  nature: { icon: '🌿', color: '#43AA8B' },
  beaches: { icon: '🏖️', color: '#00B4D8' },
  nightlife: { icon: '🌙', color: '#6A4C93' },
  adventure: { icon: '🧗', color: '#F94144' },
  wellness: { icon: '🧘', color: '#90BE6D' },
};

export const CALENDAR_ICON = '📅';
export const PEOPLE_ICON = '👥';

/** A region code as its flag emoji (regional indicator letters). */
export const flagOf = (region: string): string =>
  String.fromCodePoint(...Array.from(region).map((letter) => 0x1f1a5 + letter.charCodeAt(0)));

export const countryName = (region: string, locale: Locale): string =>
  new Intl.DisplayNames([intlTag(locale)], { type: 'region' }).of(region) ?? region;

/** "12 – 19 May 2027 · 7 nights", formatted for the locale; UTC so the machine's time zone cannot shift a day. */
export const tripDates = (props: TripProps): string => {
  const range = new Intl.DateTimeFormat(intlTag(props.locale), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatRange(parseIsoDate(props.startDate), parseIsoDate(props.endDate));
  return `${range} · ${TRIP_COPY[props.locale].nights(nightsBetween(props.startDate, props.endDate))}`;
};

export const destinationGradient = (props: TripProps): string => {
  const [from, to] = DESTINATIONS[props.destination].colors;
  return `linear-gradient(150deg, ${from}, ${to})`;
};

export const Logo: React.FC<{ color?: string; size?: number }> = ({ color = '#fff', size = 48 }) => (
  <div style={{ display: 'flex', alignItems: 'center', gap: size * 0.28 }}>
    <Img src={staticFile('wanderly-logo.svg')} style={{ width: size, height: size }} />
    <span style={{ fontFamily: HEADLINE_FONT, fontWeight: 800, fontSize: size * 0.6, color }}>wanderly</span>
  </div>
);

export const Pill: React.FC<{ icon: string; text?: string }> = ({ icon, text }) => (
  <div
    style={{
      display: 'flex',
      alignItems: 'center',
      gap: 12,
      padding: '12px 26px',
      borderRadius: 999,
      background: 'rgba(255,255,255,0.18)',
      border: '1.5px solid rgba(255,255,255,0.35)',
      color: '#fff',
    }}
  >
    <span>{icon}</span>
    {text ? <span>{text}</span> : null}
  </div>
);
