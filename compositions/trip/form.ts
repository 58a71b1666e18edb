import type { FormDefinition } from '../form';
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
    { name: 'startDate', label: 'First day', type: 'date', required: true },
    { name: 'endDate', label: 'Last day', type: 'date', required: true },
    { name: 'travellers', label: 'Travellers', type: 'number', min: 1, max: 12, required: true },
    {
      name: 'interests',
      label: 'Interests',
      type: 'checkboxes',
      required: true,
      hint: 'Choose 1 to 4: one scene each.',
      options: INTERESTS.map((value) => ({ value, label: TRIP_COPY.en.interests[value].title })),
    },
  ],
  mapping: {
    destination: '{{ destination }}',
    startDate: '{{ startDate }}',
    endDate: '{{ endDate }}',
    travellers: '{{ travellers }}',
    interests: '{{ interests }}',
  },
  allowedOrigins: [],
  maxAnswerLength: 64,
};
