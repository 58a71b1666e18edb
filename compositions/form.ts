/** One question of a public form. */
export interface FormField {
  name: string;
  label: string;
  type: 'select' | 'date' | 'number' | 'checkboxes' | 'text';
  options?: ReadonlyArray<{ value: string; label: string }>;
  min?: number;
  max?: number;
  required?: boolean;
  hint?: string;
  /** A date field: not before the visitor's today (no trip in the past). */
  notPast?: boolean;
  /** A text field's longest answer (else the form's `maxAnswerLength`); `autocomplete` tells the browser what it is. */
  maxLength?: number;
  autocomplete?: string;
}

/**
 * A public form is configuration that lives beside its template: which template, how answers become props, who may
 * post it. Rates per IP and per form come from the service's configuration.
 */
export interface FormDefinition {
  id: string;
  template: string;
  title: string;
  intro: string;
  submitLabel: string;
  fields: readonly FormField[];
  /** prop → Liquid expression over the answers (repeatable fields arrive joined by commas), as in CRM batches. */
  mapping: Record<string, string>;
  /** Origins allowed to post from their own pages (CORS), besides PUBLIC_URL and FORM_ORIGINS. */
  allowedOrigins: readonly string[];
  /** Longest answer accepted. */
  maxAnswerLength: number;
}
