// A realistic CRM export for benchmarks, the same for the same seed: six locales, a handful of account managers per
// language, plans and industries with the skew real customer bases have, and first names drawn with repeats (a few
// names are very common) the way real contact lists have them.

/** mulberry32: a tiny seeded PRNG, so every run of a benchmark sees the same contacts. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, weighted: ReadonlyArray<readonly [T, number]>): T => {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = next() * total;
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weighted.at(-1)![0];
};

/** Zipf-like weights: the first names of each list are much more common than the last. */
const zipf = (names: readonly string[]) => names.map((name, index) => [name, 1 / (index + 1)] as const);

const PEOPLE = {
  en: {
    first: [
      'James',
      'Mary',
      'John',
      'Linda',
      'Michael',
      'Sarah',
      'David',
      'Emma',
      'Chris',
      'Olivia',
      'Daniel',
      'Grace',
    ],
    last: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Clark', 'Walker', 'Hall'],
    managers: ['Rachel Green', 'Tom Hughes'],
    domain: 'example.com',
  },
  pt: {
    first: ['Maria', 'João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Tiago', 'Inês', 'Rafael'],
    last: ['Silva', 'Santos', 'Oliveira', 'Costa', 'Pereira', 'Conceição'],
    managers: ['Maria Silva'],
    domain: 'example.pt',
  },
  es: {
    first: ['Lucía', 'Javier', 'Sofía', 'Carlos', 'Martina', 'Íñigo', 'Paula', 'Diego', 'Elena', 'Álvaro'],
    last: ['García', 'Martínez', 'López', 'Muñoz', 'Sánchez', 'Pérez'],
    managers: ['Lucía Pérez'],
    domain: 'example.es',
  },
  hu: {
    first: ['László', 'Eszter', 'Árpád', 'Katalin', 'Gábor', 'Zsófia', 'Bence', 'Réka'],
    last: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Szőke-Győri'],
    managers: ['Eszter Nagy'],
    domain: 'example.hu',
  },
  ru: {
    first: ['Анна', 'Иван', 'Мария', 'Дмитрий', 'Ольга', 'Сергей', 'Екатерина', 'Алексей'],
    last: ['Кузнецова', 'Иванов', 'Смирнова', 'Попов', 'Соколова'],
    managers: ['Ольга Иванова'],
    domain: 'example.ru',
  },
  tl: {
    first: ['Maria', 'Jose', 'Angelica', 'Mark', 'Kristine', 'John Paul', 'Jasmine', 'Carlo'],
    last: ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Garcia'],
    managers: ['Paolo Reyes', 'Liza Mendoza'],
    domain: 'example.ph',
  },
} as const;

const LOCALES = [
  ['en', 35],
  ['pt', 15],
  ['es', 15],
  ['hu', 10],
  ['ru', 10],
  ['tl', 15],
] as const;
const PLANS = [
  ['starter', 50],
  ['growth', 35],
  ['enterprise', 15],
] as const;
const INDUSTRIES = [
  ['retail', 30],
  ['technology', 25],
  ['finance', 15],
  ['healthcare', 12],
  ['education', 10],
  ['hospitality', 8],
] as const;
const OCCASIONS = [
  ['onboarding', 80],
  ['renewal', 20],
] as const;
const COMPANY_WORDS = [
  'North',
  'Blue',
  'Bright',
  'Atlas',
  'Green',
  'Summit',
  'River',
  'Nova',
  'Pine',
  'Harbor',
  'Vertex',
  'Solar',
];
const COMPANY_KINDS = [
  'Logistics',
  'Foods',
  'Labs',
  'Systems',
  'Partners',
  'Studio',
  'Health',
  'Works',
  'Retail',
  'Capital',
];

export const CRM_HEADER = [
  'Contact ID',
  'First Name',
  'Last Name',
  'Email',
  'Company',
  'Language',
  'Industry',
  'Plan',
  'Occasion',
  'Account Manager',
];

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** `count` contacts as CSV rows (with the header); ids start at `firstId` so two draws never share a contact. */
export function crmContacts(count: number, { seed, firstId = 1 }: { seed: number; firstId?: number }): string {
  const next = random(seed);
  const lines = [CRM_HEADER.join(',')];
  for (let index = 0; index < count; index++) {
    const id = firstId + index;
    const locale = pick(next, LOCALES);
    const people = PEOPLE[locale];
    const first = pick(next, zipf(people.first));
    const last = pick(next, zipf(people.last));
    const company = `${pick(next, zipf(COMPANY_WORDS))} ${pick(next, zipf(COMPANY_KINDS))}`;
    const email = `contact${id}@${people.domain}`;
    const manager = people.managers[Math.floor(next() * people.managers.length)]!;
    const row = [`C-${String(id).padStart(5, '0')}`, first, last, email, company, locale];
    row.push(pick(next, INDUSTRIES), pick(next, PLANS), pick(next, OCCASIONS), manager);
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
