import type { Industry } from './schema';

/** The product each industry is pointed to; brand names, so not translated. */
export const PRODUCTS: Record<Industry, { name: string; icon: string }> = {
  retail: { name: 'Retail Pulse', icon: '🛍️' },
  finance: { name: 'Risk Radar', icon: '💹' },
  healthcare: { name: 'Care Metrics', icon: '🩺' },
  education: { name: 'Campus Insights', icon: '🎓' },
  manufacturing: { name: 'Line Monitor', icon: '🏭' },
  technology: { name: 'Product Analytics', icon: '💻' },
  hospitality: { name: 'Guest Insights', icon: '🛎️' },
  other: { name: 'Starter Kit', icon: '✨' },
};

export const COMPANY_ICON = '🏢';
