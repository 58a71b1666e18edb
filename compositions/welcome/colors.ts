// The brand's colours: the scenes and tools/make-images.ts (which paints the backdrop and glows from them) share these.
export const COLORS = {
  night: '#0B1533',
  deep: '#131F4A',
  violet: '#7C6CF2',
  teal: '#00C2A8',
  coral: '#FF7A59',
  text: '#F5F7FF',
  muted: '#AEB7D9',
} as const;
