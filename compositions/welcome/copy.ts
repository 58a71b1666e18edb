import type { Translations } from '../shared/locale';
import type { Industry } from './schema';

export interface WelcomeCopy {
  greeting: (firstName: string) => string;
  onboarding: string;
  renewal: string;
  benefitsTitle: string;
  benefits: ReadonlyArray<{ title: string; text: string }>;
  stepsTitle: string;
  steps: readonly [string, string, string];
  recommended: string;
  industries: Record<Industry, string>;
  productLine: string;
  yourPlan: string;
  manager: (name: string) => string;
  callToAction: (firstName: string) => string;
  button: string;
}

export const WELCOME_COPY: Translations<WelcomeCopy> = {
  en: {
    greeting: (n) => (n ? `Hi ${n},` : 'Hi there,'),
    onboarding: 'Welcome to Lumora',
    renewal: 'Thank you for another year with Lumora',
    benefitsTitle: 'Everything your team needs, in one place',
    benefits: [
      { title: 'Live dashboards', text: 'Every number updates the moment your data does.' },
      { title: 'Smart alerts', text: 'Hear about changes before your customers do.' },
      { title: 'Secure sharing', text: 'Share reports with anyone and keep control of the data.' },
    ],
    stepsTitle: 'Up and running in three steps',
    steps: ['Connect your data', 'Build your first dashboard', 'Invite your team'],
    recommended: 'Recommended for you',
    industries: {
      retail: 'Retail',
      finance: 'Finance',
      healthcare: 'Healthcare',
      education: 'Education',
      manufacturing: 'Manufacturing',
      technology: 'Technology',
      hospitality: 'Hospitality',
      other: 'All industries',
    },
    productLine: 'Ready-made dashboards and alerts, built for your industry.',
    yourPlan: 'Your plan',
    manager: (n) =>
      n
        ? `${n} is your account manager and will be in touch this week.`
        : 'Our customer team is here whenever you need us.',
    callToAction: (n) => (n ? `Let's get started, ${n}!` : "Let's get started!"),
    button: 'Open your dashboard',
  },
  pt: {
    greeting: (n) => (n ? `Olá ${n},` : 'Olá,'),
    onboarding: 'Boas-vindas à Lumora',
    renewal: 'Obrigado por mais um ano com a Lumora',
    benefitsTitle: 'Tudo o que a sua equipa precisa, num só lugar',
    benefits: [
      { title: 'Painéis em tempo real', text: 'Cada número atualiza-se assim que os seus dados mudam.' },
      { title: 'Alertas inteligentes', text: 'Saiba das mudanças antes dos seus clientes.' },
      { title: 'Partilha segura', text: 'Partilhe relatórios com quem quiser, sem perder o controlo dos dados.' },
    ],
    stepsTitle: 'Pronto a usar em três passos',
    steps: ['Ligue os seus dados', 'Crie o seu primeiro painel', 'Convide a sua equipa'],
    recommended: 'Recomendado para si',
    industries: {
      retail: 'Retalho',
      finance: 'Finanças',
      healthcare: 'Saúde',
      education: 'Educação',
      manufacturing: 'Indústria',
      technology: 'Tecnologia',
      hospitality: 'Hotelaria',
      other: 'Todos os setores',
    },
    productLine: 'Painéis e alertas prontos a usar, feitos para o seu setor.',
    yourPlan: 'O seu plano',
    manager: (n) =>
      n
        ? `${n} acompanha a sua conta e vai falar consigo esta semana.`
        : 'A nossa equipa está aqui sempre que precisar.',
    callToAction: (n) => (n ? `Vamos começar, ${n}!` : 'Vamos começar!'),
    button: 'Abrir o seu painel',
  },
  es: {
    greeting: (n) => (n ? `¡Hola, ${n}!` : '¡Hola!'),
    onboarding: 'Te damos la bienvenida a Lumora',
    renewal: 'Gracias por un año más con Lumora',
    benefitsTitle: 'Todo lo que tu equipo necesita, en un solo lugar',
    benefits: [
      { title: 'Paneles en tiempo real', text: 'Cada cifra se actualiza en cuanto cambian tus datos.' },
      { title: 'Alertas inteligentes', text: 'Entérate de los cambios antes que tus clientes.' },
      {
        title: 'Compartir con seguridad',
        text: 'Comparte informes con quien quieras sin perder el control de los datos.',
      },
    ],
    stepsTitle: 'En marcha en tres pasos',
    steps: ['Conecta tus datos', 'Crea tu primer panel', 'Invita a tu equipo'],
    recommended: 'Recomendado para ti',
    industries: {
      retail: 'Comercio minorista',
      finance: 'Finanzas',
      healthcare: 'Salud',
      education: 'Educación',
      manufacturing: 'Industria',
      technology: 'Tecnología',
      hospitality: 'Hostelería',
      other: 'Todos los sectores',
    },
    productLine: 'Paneles y alertas listos para usar, pensados para tu sector.',
    yourPlan: 'Tu plan',
    manager: (n) =>
      n
        ? `${n} se encarga de tu cuenta y te escribirá esta semana.`
        : 'Nuestro equipo está aquí siempre que lo necesites.',
    callToAction: (n) => (n ? `¡Empecemos, ${n}!` : '¡Empecemos!'),
    button: 'Abre tu panel',
  },
  hu: {
    greeting: (n) => (n ? `Kedves ${n}!` : 'Üdvözöljük!'),
    onboarding: 'Örülünk, hogy a Lumorát választotta',
    renewal: 'Köszönjük, hogy újabb évre a Lumorát választotta',
    benefitsTitle: 'Minden, amire a csapatának szüksége van, egy helyen',
    benefits: [
      { title: 'Élő irányítópultok', text: 'Minden szám azonnal frissül, amint az adatai változnak.' },
      { title: 'Okos riasztások', text: 'Értesüljön a változásokról, mielőtt az ügyfelei észrevennék.' },
      {
        title: 'Biztonságos megosztás',
        text: 'Ossza meg jelentéseit bárkivel, az adatok felett megtartva az irányítást.',
      },
    ],
    stepsTitle: 'Három lépésben indulhat',
    steps: ['Kapcsolja be az adatait', 'Készítse el az első irányítópultot', 'Hívja meg a csapatát'],
    recommended: 'Önnek ajánljuk',
    industries: {
      retail: 'Kiskereskedelem',
      finance: 'Pénzügy',
      healthcare: 'Egészségügy',
      education: 'Oktatás',
      manufacturing: 'Gyártás',
      technology: 'Technológia',
      hospitality: 'Vendéglátás',
      other: 'Minden iparág',
    },
    productLine: 'Kész irányítópultok és riasztások, az Ön iparágára szabva.',
    yourPlan: 'Az Ön csomagja',
    manager: (n) =>
      n
        ? `${n} az Ön ügyfélmenedzsere, és még ezen a héten jelentkezik.`
        : 'Csapatunk mindig az Ön rendelkezésére áll.',
    callToAction: (n) => (n ? `Vágjunk bele, ${n}!` : 'Vágjunk bele!'),
    button: 'Irányítópult megnyitása',
  },
  ru: {
    greeting: (n) => (n ? `Здравствуйте, ${n}!` : 'Здравствуйте!'),
    onboarding: 'Добро пожаловать в Lumora',
    renewal: 'Спасибо, что остаётесь с Lumora ещё на год',
    benefitsTitle: 'Всё, что нужно вашей команде, в одном месте',
    benefits: [
      { title: 'Дашборды в реальном времени', text: 'Каждая цифра обновляется, как только меняются ваши данные.' },
      { title: 'Умные оповещения', text: 'Узнавайте об изменениях раньше ваших клиентов.' },
      { title: 'Безопасный доступ', text: 'Делитесь отчётами с кем угодно, сохраняя контроль над данными.' },
    ],
    stepsTitle: 'Три шага до старта',
    steps: ['Подключите данные', 'Создайте первый дашборд', 'Пригласите команду'],
    recommended: 'Рекомендуем вам',
    industries: {
      retail: 'Розничная торговля',
      finance: 'Финансы',
      healthcare: 'Здравоохранение',
      education: 'Образование',
      manufacturing: 'Производство',
      technology: 'Технологии',
      hospitality: 'Гостеприимство',
      other: 'Все отрасли',
    },
    productLine: 'Готовые дашборды и оповещения для вашей отрасли.',
    yourPlan: 'Ваш тариф',
    manager: (n) => (n ? `${n} — ваш менеджер и свяжется с вами на этой неделе.` : 'Наша команда всегда на связи.'),
    callToAction: (n) => (n ? `Начнём, ${n}!` : 'Начнём!'),
    button: 'Открыть дашборд',
  },
  tl: {
    greeting: (n) => (n ? `Kumusta, ${n}!` : 'Kumusta!'),
    onboarding: 'Maligayang pagdating sa Lumora',
    renewal: 'Salamat sa isa pang taon kasama ang Lumora',
    benefitsTitle: 'Lahat ng kailangan ng iyong team, nasa iisang lugar',
    benefits: [
      { title: 'Live na dashboard', text: 'Nag-a-update ang bawat numero sa sandaling magbago ang iyong data.' },
      { title: 'Matatalinong alerto', text: 'Alamin ang mga pagbabago bago pa mapansin ng iyong mga customer.' },
      { title: 'Ligtas na pagbabahagi', text: 'Ibahagi ang mga ulat kahit kanino nang hawak mo pa rin ang data.' },
    ],
    stepsTitle: 'Handa ka na sa tatlong hakbang',
    steps: ['Ikonekta ang iyong data', 'Gawin ang unang dashboard', 'Imbitahan ang iyong team'],
    recommended: 'Inirerekomenda para sa iyo',
    industries: {
      retail: 'Retail',
      finance: 'Pananalapi',
      healthcare: 'Kalusugan',
      education: 'Edukasyon',
      manufacturing: 'Pagmamanupaktura',
      technology: 'Teknolohiya',
      hospitality: 'Hospitality',
      other: 'Lahat ng industriya',
    },
    productLine: 'Mga handang dashboard at alerto, ginawa para sa iyong industriya.',
    yourPlan: 'Ang iyong plan',
    manager: (n) =>
      n
        ? `Si ${n} ang iyong account manager at makikipag-ugnayan siya ngayong linggo.`
        : 'Narito ang aming team anumang oras na kailangan mo.',
    callToAction: (n) => (n ? `Simulan na natin, ${n}!` : 'Simulan na natin!'),
    button: 'Buksan ang dashboard',
  },
};
