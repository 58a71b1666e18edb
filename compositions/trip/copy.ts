import type { Translations } from '../shared/locale';
import type { Interest } from './schema';

export interface TripCopy {
  yourTrip: (firstName: string) => string;
  nights: (count: number) => string;
  travellers: (count: number) => string;
  interests: Record<Interest, { title: string; tips: readonly [string, string] }>;
  waiting: string;
  button: string;
}

const russianPlural = (count: number, one: string, few: string, many: string): string => {
  const rule = new Intl.PluralRules('ru-RU').select(count);
  return `${count} ${rule === 'one' ? one : rule === 'few' ? few : many}`;
};

export const TRIP_COPY: Translations<TripCopy> = {
  en: {
    yourTrip: (n) => (n ? `${n}, your trip to` : 'Your trip to'),
    nights: (c) => (c === 1 ? '1 night' : `${c} nights`),
    travellers: (c) => (c === 1 ? '1 traveller' : `${c} travellers`),
    interests: {
      food: { title: 'Food & drink', tips: ['Market breakfasts and street food', 'A table where the locals eat'] },
      culture: { title: 'Culture', tips: ['Museums without the queues', 'Neighbourhoods with a story'] },
      nature: { title: 'Nature', tips: ['Trails with a view', 'Sunrise away from the crowds'] },
      beaches: { title: 'Beaches', tips: ['Quiet coves and clear water', 'Sunset by the sea'] },
      nightlife: { title: 'Nightlife', tips: ['Rooftop bars and live music', 'Late dinners, later nights'] },
      adventure: { title: 'Adventure', tips: ['Kayaks, climbs and rides', 'Guides who know the way'] },
      wellness: { title: 'Wellness', tips: ['Spas and slow mornings', 'Yoga with a view'] },
    },
    waiting: 'is waiting for you',
    button: 'Book your trip',
  },
  pt: {
    yourTrip: (n) => (n ? `${n}, a sua viagem:` : 'A sua viagem:'),
    nights: (c) => (c === 1 ? '1 noite' : `${c} noites`),
    travellers: (c) => (c === 1 ? '1 viajante' : `${c} viajantes`),
    interests: {
      food: {
        title: 'Gastronomia',
        tips: ['Pequenos-almoços no mercado e comida de rua', 'Uma mesa onde comem os locais'],
      },
      culture: { title: 'Cultura', tips: ['Museus sem filas', 'Bairros com história'] },
      nature: { title: 'Natureza', tips: ['Trilhos com vista', 'O nascer do sol longe das multidões'] },
      beaches: { title: 'Praias', tips: ['Enseadas tranquilas e água cristalina', 'Pôr do sol à beira-mar'] },
      nightlife: {
        title: 'Vida noturna',
        tips: ['Bares em terraços e música ao vivo', 'Jantares tardios, noites longas'],
      },
      adventure: { title: 'Aventura', tips: ['Caiaque, escalada e passeios', 'Guias que conhecem o caminho'] },
      wellness: { title: 'Bem-estar', tips: ['Spas e manhãs sem pressa', 'Ioga com vista'] },
    },
    waiting: 'está à sua espera',
    button: 'Reservar a viagem',
  },
  es: {
    yourTrip: (n) => (n ? `${n}, tu viaje a` : 'Tu viaje a'),
    nights: (c) => (c === 1 ? '1 noche' : `${c} noches`),
    travellers: (c) => (c === 1 ? '1 viajero' : `${c} viajeros`),
    interests: {
      food: {
        title: 'Gastronomía',
        tips: ['Desayunos en el mercado y comida callejera', 'Una mesa donde comen los locales'],
      },
      culture: { title: 'Cultura', tips: ['Museos sin colas', 'Barrios con historia'] },
      nature: { title: 'Naturaleza', tips: ['Senderos con vistas', 'Amaneceres lejos de las multitudes'] },
      beaches: { title: 'Playas', tips: ['Calas tranquilas y agua cristalina', 'Atardeceres junto al mar'] },
      nightlife: { title: 'Vida nocturna', tips: ['Azoteas y música en directo', 'Cenas tardías y noches largas'] },
      adventure: { title: 'Aventura', tips: ['Kayak, escalada y rutas', 'Guías que conocen el camino'] },
      wellness: { title: 'Bienestar', tips: ['Spas y mañanas sin prisa', 'Yoga con vistas'] },
    },
    waiting: 'te está esperando',
    button: 'Reserva tu viaje',
  },
  hu: {
    yourTrip: (n) => (n ? `${n}, az Ön utazása:` : 'Az Ön utazása:'),
    nights: (c) => `${c} éjszaka`,
    travellers: (c) => `${c} utazó`,
    interests: {
      food: { title: 'Gasztronómia', tips: ['Piaci reggelik és utcai ételek', 'Asztal ott, ahol a helyiek esznek'] },
      culture: { title: 'Kultúra', tips: ['Múzeumok sorban állás nélkül', 'Környékek, amelyeknek története van'] },
      nature: { title: 'Természet', tips: ['Túraútvonalak kilátással', 'Napfelkelte a tömegtől távol'] },
      beaches: { title: 'Strandok', tips: ['Csendes öblök, kristálytiszta víz', 'Naplemente a tengerparton'] },
      nightlife: { title: 'Éjszakai élet', tips: ['Tetőbárok és élőzene', 'Késői vacsorák, hosszú éjszakák'] },
      adventure: { title: 'Kaland', tips: ['Kajak, mászás és túrák', 'Vezetők, akik ismerik az utat'] },
      wellness: { title: 'Wellness', tips: ['Fürdők és ráérős reggelek', 'Jóga kilátással'] },
    },
    waiting: 'várja Önt',
    button: 'Foglalja le az utat',
  },
  ru: {
    yourTrip: (n) => (n ? `${n}, ваше путешествие:` : 'Ваше путешествие:'),
    nights: (c) => russianPlural(c, 'ночь', 'ночи', 'ночей'),
    travellers: (c) => russianPlural(c, 'путешественник', 'путешественника', 'путешественников'),
    interests: {
      food: { title: 'Еда и напитки', tips: ['Завтраки на рынке и уличная еда', 'Столик там, где едят местные'] },
      culture: { title: 'Культура', tips: ['Музеи без очередей', 'Кварталы с историей'] },
      nature: { title: 'Природа', tips: ['Тропы с видом', 'Рассвет вдали от толпы'] },
      beaches: { title: 'Пляжи', tips: ['Тихие бухты и чистая вода', 'Закат у моря'] },
      nightlife: { title: 'Ночная жизнь', tips: ['Бары на крышах и живая музыка', 'Поздние ужины и долгие ночи'] },
      adventure: { title: 'Приключения', tips: ['Каяки, скалолазание и маршруты', 'Гиды, которые знают дорогу'] },
      wellness: { title: 'Велнес', tips: ['Спа и неспешные утра', 'Йога с видом'] },
    },
    waiting: 'ждёт вас',
    button: 'Забронировать поездку',
  },
  tl: {
    yourTrip: (n) => (n ? `${n}, ang biyahe mo sa` : 'Ang biyahe mo sa'),
    nights: (c) => `${c} gabi`,
    travellers: (c) => `${c} biyahero`,
    interests: {
      food: {
        title: 'Pagkain at inumin',
        tips: ['Almusal sa palengke at street food', 'Kainan kung saan kumakain ang mga lokal'],
      },
      culture: { title: 'Kultura', tips: ['Mga museo na walang pila', 'Mga lugar na may kuwento'] },
      nature: {
        title: 'Kalikasan',
        tips: ['Mga trail na may magandang tanawin', 'Pagsikat ng araw, malayo sa dami ng tao'],
      },
      beaches: {
        title: 'Mga beach',
        tips: ['Tahimik na cove at malinaw na tubig', 'Paglubog ng araw sa tabing-dagat'],
      },
      nightlife: { title: 'Nightlife', tips: ['Mga rooftop bar at live music', 'Gabing hapunan, mahabang gabi'] },
      adventure: { title: 'Adventure', tips: ['Kayak, pag-akyat at biyahe', 'Mga gabay na alam ang daan'] },
      wellness: { title: 'Wellness', tips: ['Spa at mabagal na umaga', 'Yoga na may tanawin'] },
    },
    waiting: 'ay naghihintay sa iyo',
    button: 'I-book ang biyahe',
  },
};
