import type { FormDefinition } from '../form';
import { LOCALE_NAMES } from '../shared/locale';
import { TRIP_COPY } from './copy';
import { DESTINATIONS, INTERESTS } from './schema';

/** The travel brand's public form: a visitor's trip in five answers. */
export const tripForm: FormDefinition = {
  id: 'trip',
  template: 'trip',
  title: 'Plan your trip',
  intro: 'Tell us where and when, and watch a video of your trip made from your answers.',
  submitLabel: 'Make my video',
  fields: [
    {
      name: 'destination',
      label: 'Destination',
      type: 'select',
      required: true,
      options: Object.entries(DESTINATIONS).map(([value, d]) => ({ value, label: d.name })),
    },
    { name: 'startDate', label: 'First day', type: 'date', required: true, notPast: true },
    { name: 'endDate', label: 'Last day', type: 'date', required: true, notPast: true },
    { name: 'travellers', label: 'Travellers', type: 'number', min: 1, max: 12, required: true },
    {
      name: 'interests',
      label: 'Interests',
      type: 'checkboxes',
      required: true,
      hint: 'Choose 1 to 4: one scene each.',
      options: INTERESTS.map((value) => ({ value, label: TRIP_COPY.en.interests[value].title })),
    },
    {
      name: 'firstName',
      label: 'Your first name',
      type: 'text',
      maxLength: 40,
      autocomplete: 'given-name',
      hint: 'Optional: the video greets you by name.',
    },
    {
      name: 'locale',
      label: 'Language of the video',
      type: 'select',
      options: Object.entries(LOCALE_NAMES).map(([value, label]) => ({ value, label })),
    },
  ],
  mapping: {
    destination: '{{ destination }}',
    startDate: '{{ startDate }}',
    endDate: '{{ endDate }}',
    travellers: '{{ travellers }}',
    interests: '{{ interests }}',
    firstName: '{{ firstName }}',
    locale: '{{ locale }}',
  },
  allowedOrigins: [],
  maxAnswerLength: 64,
};
