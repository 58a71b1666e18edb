import { createElement } from 'react';
import { defineTemplate } from '../template';
import { CALENDAR_ICON, flagOf, INTEREST_STYLE, PEOPLE_ICON, SAND } from './brand';
import { InterestScene } from './scenes/interest-scene';
import { TripIntroScene } from './scenes/trip-intro-scene';
import { TripOutroScene } from './scenes/trip-outro-scene';
import { DESTINATIONS, tripSchema } from './schema';

export const trip = defineTemplate({
  id: 'trip',
  version: 1,
  title: 'Trip preview',
  description:
    'A travel teaser built from a web form: the destination with dates and travellers, one scene per chosen ' +
    'interest (1 to 4, so 10 to 17.5 seconds), and a booking call to action.',
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
  sharedSceneProps: ['interests', 'locale'],
  background: SAND,
  scenes: (props) => [
    { id: 'intro', durationInFrames: 120, personal: true, render: () => createElement(TripIntroScene, { props }) },
    ...props.interests.map((interest) => ({
      id: `interest-${interest}`,
      durationInFrames: 90,
      personal: false,
      render: () => createElement(InterestScene, { interest, locale: props.locale }),
    })),
    { id: 'outro', durationInFrames: 120, personal: true, render: () => createElement(TripOutroScene, { props }) },
  ],
  posterFrame: () => 80,
  previewRange: () => [12, 101],
  watchTitle: (props) => `Your trip to ${DESTINATIONS[props.destination].name}`,
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
