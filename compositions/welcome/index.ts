import { cue, defineScene } from '../shared/timeline';
import { defineTemplate } from '../template';
import { COLORS } from './brand';
import { welcomeLanding } from './landing';
import { COMPANY_ICON, PRODUCTS } from './products';
import { BENEFITS_FRAMES, BenefitsScene } from './scenes/benefits-scene';
import { CALL_TO_ACTION_FRAMES, CallToActionScene } from './scenes/call-to-action-scene';
import { END_CARD_FRAMES, EndCardScene } from './scenes/end-card-scene';
import { GREETING_FRAMES, GreetingScene } from './scenes/greeting-scene';
import { OCCASION_FRAMES, OccasionScene } from './scenes/occasion-scene';
import { PLAN_FRAMES, PLAN_STYLE, PlanScene } from './scenes/plan-scene';
import { PRODUCT_FRAMES, ProductScene } from './scenes/product-scene';
import { STEPS_FRAMES, StepsScene } from './scenes/steps-scene';
import { type WelcomeProps, welcomeSchema } from './schema';

// Free text (names) only in two short personal scenes; every other scene reads as few choices as it can, because a
// scene group is reused for every contact equal in what it reads (6 locales × 8 industries × 3 plans × 2 occasions).
const scene = defineScene<WelcomeProps>();
const greeting = scene({
  name: 'greeting',
  kind: 'personal',
  reads: ['firstName', 'company', 'locale'],
  durationInFrames: GREETING_FRAMES,
  component: GreetingScene,
});
const occasion = scene({
  name: 'occasion',
  kind: 'variant',
  reads: ['occasion', 'locale'],
  durationInFrames: OCCASION_FRAMES,
  component: OccasionScene,
});
const benefits = scene({
  name: 'benefits',
  kind: 'variant',
  reads: ['locale'],
  durationInFrames: BENEFITS_FRAMES,
  component: BenefitsScene,
});
const steps = scene({
  name: 'steps',
  kind: 'variant',
  reads: ['locale'],
  durationInFrames: STEPS_FRAMES,
  component: StepsScene,
});
const product = scene({
  name: 'product',
  kind: 'variant',
  reads: ['industry', 'locale'],
  durationInFrames: PRODUCT_FRAMES,
  component: ProductScene,
});
const plan = scene({
  name: 'plan',
  kind: 'variant',
  reads: ['plan', 'locale'],
  durationInFrames: PLAN_FRAMES,
  component: PlanScene,
});
const callToAction = scene({
  name: 'call-to-action',
  kind: 'personal',
  reads: ['firstName', 'accountManager', 'locale'],
  durationInFrames: CALL_TO_ACTION_FRAMES,
  component: CallToActionScene,
});
const endCard = scene({
  name: 'end-card',
  kind: 'variant',
  reads: ['locale'],
  durationInFrames: END_CARD_FRAMES,
  component: EndCardScene,
});

export const welcome = defineTemplate({
  id: 'welcome',
  version: 2,
  title: 'Welcome / renewal',
  description:
    'A 19.5-second onboarding or renewal video for one CRM contact: a greeting with their name and company, ' +
    'a welcome or thank-you, what the product does and how to start, the product picked for their industry, ' +
    'their plan, a call to action with their name and account manager, and an end card with the button.',
  schema: welcomeSchema,
  defaultProps: {
    firstName: 'Ana',
    company: 'Acme Logistics',
    locale: 'en',
    occasion: 'onboarding',
    plan: 'growth',
    industry: 'retail',
    accountManager: 'Maria Silva',
  },
  crmMapping: {
    firstName: [
      '{{ first_name | strip }}',
      '{{ firstname | strip }}',
      '{{ given_name | strip }}',
      "{{ name | strip | split: ' ' | first }}",
    ],
    company: [
      '{{ company | strip }}',
      '{{ company_name | strip }}',
      '{{ account_name | strip }}',
      '{{ organization | strip }}',
    ],
    locale: [
      '{{ locale | strip | downcase | slice: 0, 2 }}',
      '{{ language | strip | downcase | slice: 0, 2 }}',
      '{{ preferred_language | strip | downcase | slice: 0, 2 }}',
    ],
    occasion: ['{{ occasion | strip | downcase }}'],
    plan: ['{{ plan | strip | downcase }}', '{{ subscription | strip | downcase }}'],
    industry: ['{{ industry | strip | downcase }}'],
    accountManager: ['{{ account_manager | strip }}', '{{ contact_owner | strip }}', '{{ owner | strip }}'],
  },
  background: COLORS.night,
  // A hard cut wherever what the scenes read changes; each scene pushes its content out to the left on its last
  // frames and the next pushes in from the right over the same backdrop, so the cuts read as one movement.
  scenes: () => [
    cue(greeting, 'cut'),
    cue(occasion, 'cut'),
    cue(benefits, 'cut'),
    cue(steps, 'fade'),
    cue(product, 'cut'),
    cue(plan, 'cut'),
    cue(callToAction, 'cut'),
    cue(endCard, 'cut'),
  ],
  // The greeting with the name; the GIF runs from it into the welcome.
  posterFrame: () => 40,
  landing: welcomeLanding,
  previewRange: () => [10, 99],
  extraGlyphs: (props) => PRODUCTS[props.industry].icon + COMPANY_ICON + PLAN_STYLE[props.plan].icon,
});
