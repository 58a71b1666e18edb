import { cue, defineScene } from '../shared/timeline';
import { defineTemplate } from '../template';
import { CALENDAR_ICON, flagOf, INTEREST_STYLE, PEOPLE_ICON, SAND } from './brand';
import { tripLanding } from './landing';
import { INTEREST_FRAMES, InterestScene } from './scenes/interest-scene';
import { OPENER_FRAMES, OpenerScene } from './scenes/opener-scene';
import { TRIP_INTRO_FRAMES, TripIntroScene } from './scenes/trip-intro-scene';
import { TRIP_OUTRO_FRAMES, TripOutroScene } from './scenes/trip-outro-scene';
import { DESTINATIONS, type Interest, type TripProps, tripSchema } from './schema';

const scene = defineScene<TripProps>();
const opener = scene({
  name: 'opener',
  kind: 'static',
  reads: [],
  durationInFrames: OPENER_FRAMES,
  component: OpenerScene,
});
const intro = scene({
  name: 'intro',
  kind: 'personal',
  reads: ['firstName', 'destination', 'startDate', 'endDate', 'travellers', 'locale'],
  durationInFrames: TRIP_INTRO_FRAMES,
  component: TripIntroScene,
});
const interestScene = scene<'locale', { interest: Interest }>({
  name: 'interest',
  kind: 'variant',
  reads: ['locale'],
  durationInFrames: INTEREST_FRAMES,
  component: InterestScene,
});
const outro = scene({
  name: 'outro',
  kind: 'personal',
  reads: ['destination', 'startDate', 'endDate', 'travellers', 'interests', 'locale'],
  durationInFrames: TRIP_OUTRO_FRAMES,
  component: TripOutroScene,
});

export const trip = defineTemplate({
  id: 'trip',
  version: 2,
  title: 'Trip preview',
  description:
    'A travel teaser built from a web form: a brand sting, the destination with dates and travellers, one scene per ' +
    'chosen interest (1 to 4, so 11 to 19.4 seconds), and a booking call to action.',
  schema: tripSchema,
  defaultProps: {
    destination: 'lisbon',
    startDate: '2027-05-12',
    endDate: '2027-05-19',
    travellers: 2,
    interests: ['food', 'culture'],
    firstName: '',
    locale: 'en',
  },
  background: SAND,
  // Hard cuts only. Each interest is a group of its own, reusable by anyone who chose it in this language wherever it
  // falls; joined by transitions, a run of interests would be reusable only by visitors with the same run. The
  // scenes carry their own iris, wipes and pushes across the cuts (see each scene).
  scenes: (props) => [
    cue(opener, 'cut'),
    cue(intro, 'cut'),
    ...props.interests.map((interest) => cue(interestScene, 'cut', { interest })),
    cue(outro, 'cut'),
  ],
  // The intro with the destination and dates; the GIF runs through it into the first interest.
  posterFrame: () => OPENER_FRAMES + 56,
  previewRange: () => [OPENER_FRAMES + 8, OPENER_FRAMES + 97],
  landing: tripLanding,
  extraGlyphs: (props) => {
    const destination = DESTINATIONS[props.destination];
    return (
      flagOf(destination.region) +
      destination.icon +
      CALENDAR_ICON +
      PEOPLE_ICON +
      props.interests.map((i) => INTEREST_STYLE[i].icon).join('')
    );
  },
});
