import { createElement } from 'react';
import { defineTemplate } from '../template';
import { COLORS } from './brand';
import { COMPANY_ICON, PRODUCTS } from './products';
import { BenefitsScene } from './scenes/benefits-scene';
import { CallToActionScene } from './scenes/call-to-action-scene';
import { IntroScene } from './scenes/intro-scene';
import { RecommendationScene } from './scenes/recommendation-scene';
import { StepsScene } from './scenes/steps-scene';
import { welcomeSchema } from './schema';

export const welcome = defineTemplate({
  id: 'welcome',
  version: 1,
  title: 'Welcome / renewal',
  description:
    'A 19.5-second onboarding or renewal video for one CRM contact: a personal greeting with their company, ' +
    'what the product does and how to start (the same for everyone), then a product picked for their industry, ' +
    'their plan and account manager, and a call to action with their name.',
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
  sharedSceneProps: ['locale'],
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
  scenes: (props) => [
    { id: 'intro', durationInFrames: 120, personal: true, render: () => createElement(IntroScene, { props }) },
    {
      id: 'benefits',
      durationInFrames: 150,
      personal: false,
      render: () => createElement(BenefitsScene, { locale: props.locale }),
    },
    {
      id: 'steps',
      durationInFrames: 120,
      personal: false,
      render: () => createElement(StepsScene, { locale: props.locale }),
    },
    {
      id: 'recommendation',
      durationInFrames: 135,
      personal: true,
      render: () => createElement(RecommendationScene, { props }),
    },
    {
      id: 'call-to-action',
      durationInFrames: 120,
      personal: true,
      render: () => createElement(CallToActionScene, { props }),
    },
  ],
  posterFrame: () => 84,
  previewRange: () => [12, 101],
  extraGlyphs: (props) => PRODUCTS[props.industry].icon + COMPANY_ICON,
});
