import { z } from 'zod';
import { localeSchema } from '../shared/locale';
import { safeText } from '../shared/safe-text';

export const INDUSTRIES = [
  'retail',
  'finance',
  'healthcare',
  'education',
  'manufacturing',
  'technology',
  'hospitality',
  'other',
] as const;
export const PLANS = ['starter', 'growth', 'enterprise'] as const;
export const OCCASIONS = ['onboarding', 'renewal'] as const;

export type Industry = (typeof INDUSTRIES)[number];
export type Plan = (typeof PLANS)[number];

export const welcomeSchema = z
  .object({
    firstName: safeText(40, 'First name of the contact; empty greets them without a name').default(''),
    company: safeText(60, "The contact's company, shown in the intro; empty hides it").default(''),
    locale: localeSchema,
    occasion: z.enum(OCCASIONS).default('onboarding').describe('New customer or renewal'),
    plan: z.enum(PLANS).default('growth').describe('Subscription plan'),
    industry: z.enum(INDUSTRIES).default('other').describe('Picks the recommended product'),
    accountManager: safeText(40, "Account manager's name; empty shows the team instead").default(''),
  })
  .strict();

export type WelcomeProps = z.output<typeof welcomeSchema>;
