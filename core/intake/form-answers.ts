import { DESTINATIONS, INTERESTS } from '../../compositions/trip/schema';
import { TRIP_COPY } from '../../compositions/trip/copy';
import { ReelpipeError } from '../errors';
import type { Mapping } from './liquid-mapping';

export interface FormField {
  name: string;
  label: string;
  type: 'select' | 'date' | 'number' | 'checkboxes';
  options?: ReadonlyArray<{ value: string; label: string }>;
  min?: number;
  max?: number;
  required?: boolean;
  hint?: string;
}

/** A public form is configuration: which template, how answers become props, who may post it and how often. */
export interface FormDefinition {
  id: string;
  template: string;
  title: string;
  intro: string;
  submitLabel: string;
  fields: readonly FormField[];
  /** Liquid over the answers (repeatable fields arrive joined by commas), as in CRM batches. */
  mapping: Mapping;
  /** Origins allowed to post from their own pages (CORS), besides PUBLIC_URL and FORM_ORIGINS. */
  allowedOrigins: readonly string[];
  /** Longest answer accepted; rates per IP and per form come from the configuration. */
  maxAnswerLength: number;
}

export class UnknownFormError extends ReelpipeError {
  constructor(id: string) {
    super(`No form "${id}".`, 'unknown_form');
  }
}

const tripForm: FormDefinition = {
  id: 'trip',
  template: 'trip',
  title: 'Plan your trip',
  intro: 'Tell us where and when, and watch a video of your trip made from your answers.',
  submitLabel: 'Make my video',
  fields: [
    { name: 'destination', label: 'Destination', type: 'select', required: true, options: Object.entries(DESTINATIONS).map(([value, d]) => ({ value, label: d.name })) },
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

export const FORMS: readonly FormDefinition[] = [tripForm];

export function getForm(id: string): FormDefinition {
  const form = FORMS.find((candidate) => candidate.id === id);
  if (!form) throw new UnknownFormError(id);
  return form;
}
