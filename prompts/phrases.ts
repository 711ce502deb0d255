// Per-language wording for the local script composer: greetings, headings, visuals, AI disclosure. No medical facts.
import { InputError } from '../shared/errors.ts';
import type { ReadingLevel } from '../shared/types.ts';

/** Wording that changes with the segment's reading level. */
export interface ToneWording {
  intro: (audience: string) => string;
  introHeading: string;
  ctaLead: string;
  ctaHeading: string;
}

/** Everything the templates need in one language; `standard` tone is the fallback for missing tones. */
export interface LanguagePhrases {
  tones: Partial<Record<ReadingLevel, ToneWording>> & { standard: ToneWording };
  /** Segment tag → how the group is named after {@link LanguagePhrases.forAudience}'s preposition. */
  audiences: Record<string, string>;
  audienceFallback: string;
  forAudience: (audience: string) => string;
  /** Concern → short on-screen heading (≤ 60 characters). */
  headings: Record<string, string>;
  headingFallback: string;
  introVisual: string;
  claimVisual: (heading: string) => string;
  ctaVisual: string;
  aiDisclosure: string;
}

const de: LanguagePhrases = {
  tones: {
    plain: {
      intro: (a) => `Hallo! Dieses Video ist für ${a}. Wir erklären kurz und einfach, was Sie wissen sollten.`,
      introHeading: 'Kurz und einfach erklärt',
      ctaLead: 'Das können Sie jetzt tun:',
      ctaHeading: 'Das können Sie tun',
    },
    standard: {
      intro: (a) => `Willkommen! Dieses Video ist für ${a}. Hier finden Sie Antworten auf häufige Fragen.`,
      introHeading: 'Ihre Fragen, unsere Antworten',
      ctaLead: 'Ihr nächster Schritt:',
      ctaHeading: 'Ihr nächster Schritt',
    },
    professional: {
      intro: (a) => `Dieses Video fasst die wichtigsten Punkte für ${a} kompakt zusammen.`,
      introHeading: 'Das Wichtigste kompakt',
      ctaLead: 'Nächster Schritt:',
      ctaHeading: 'Nächster Schritt',
    },
  },
  audiences: {
    'age-75plus': 'Menschen ab 75',
    'age-60plus': 'Menschen ab 60',
    parents: 'junge Eltern',
    pregnancy: 'Schwangere',
    'healthcare-workers': 'Beschäftigte im Gesundheitswesen',
    adults: 'Erwachsene',
  },
  audienceFallback: 'alle, die mehr wissen möchten',
  forAudience: (a) => `für ${a}`,
  headings: {
    eligibility: 'Für wen ist die Impfung empfohlen?',
    effectiveness: 'Wie gut schützt die Impfung?',
    timing: 'Wann ist der beste Zeitpunkt?',
    access: 'Wo kann ich mich impfen lassen?',
    'co-administration': 'Zwei Impfungen an einem Termin?',
    cost: 'Wer bezahlt die Impfung?',
    'side-effects': 'Welche Nebenwirkungen gibt es?',
    safety: 'Ist die Impfung sicher?',
    pregnancy: 'Impfen in der Schwangerschaft',
    'child-protection': 'Schutz für Kinder und Babys',
    'protect-others': 'Andere mitschützen',
  },
  headingFallback: 'Gut zu wissen',
  introVisual:
    'Freundliche Begrüßung: Eine Person blickt in die Kamera, der Hintergrund ist ruhig in den Kampagnenfarben.',
  claimVisual: (h) =>
    `Die Überschrift „${h}“ steht groß und gut lesbar im Bild; daneben eine ruhige, freundliche Illustration.`,
  ctaVisual: 'Schlussbild: Die Handlungsaufforderung steht groß im Bild, darunter das Logo der Behörde.',
  aiDisclosure: 'Dieses Video wurde mit KI erstellt und medizinisch geprüft.',
};

const en: LanguagePhrases = {
  tones: {
    plain: {
      intro: (a) => `Hello! This video is for ${a}. We explain what you need to know, short and simple.`,
      introHeading: 'Short and simple',
      ctaLead: 'What you can do now:',
      ctaHeading: 'What you can do',
    },
    standard: {
      intro: (a) => `Welcome! This video is for ${a}. Here you will find answers to common questions.`,
      introHeading: 'Your questions answered',
      ctaLead: 'Your next step:',
      ctaHeading: 'Your next step',
    },
    professional: {
      intro: (a) => `This video sums up the key points for ${a}.`,
      introHeading: 'Key points',
      ctaLead: 'Next step:',
      ctaHeading: 'Next step',
    },
  },
  audiences: {
    'age-75plus': 'people aged 75 and over',
    'age-60plus': 'people aged 60 and over',
    parents: 'young parents',
    pregnancy: 'pregnant people',
    'healthcare-workers': 'healthcare workers',
    adults: 'adults',
  },
  audienceFallback: 'everyone who wants to know more',
  forAudience: (a) => `for ${a}`,
  headings: {
    eligibility: 'Who is the vaccination recommended for?',
    effectiveness: 'How well does the vaccination protect?',
    timing: 'When is the best time?',
    access: 'Where can I get vaccinated?',
    'co-administration': 'Two vaccinations at one appointment?',
    cost: 'Who pays for the vaccination?',
    'side-effects': 'What side effects can occur?',
    safety: 'Is the vaccination safe?',
    pregnancy: 'Vaccination during pregnancy',
    'child-protection': 'Protecting children and babies',
    'protect-others': 'Protecting others too',
  },
  headingFallback: 'Good to know',
  introVisual: 'A friendly welcome: a person looks into the camera against a calm background in the campaign colours.',
  claimVisual: (h) => `The heading “${h}” appears in large, easy-to-read type next to a calm, friendly illustration.`,
  ctaVisual: "Closing frame: the call to action in large type, with the agency's logo below.",
  aiDisclosure: 'This video was made with AI and medically reviewed.',
};

const tr: LanguagePhrases = {
  tones: {
    plain: {
      intro: (a) => `Merhaba! Bu video ${a} için. Bilmeniz gerekenleri kısa ve basit bir şekilde anlatıyoruz.`,
      introHeading: 'Kısaca ve basitçe',
      ctaLead: 'Şimdi yapabilecekleriniz:',
      ctaHeading: 'Şimdi ne yapabilirsiniz?',
    },
    standard: {
      intro: (a) => `Hoş geldiniz! Bu video ${a} için hazırlandı. Burada sık sorulan sorulara yanıtlar bulabilirsiniz.`,
      introHeading: 'Sorularınız, yanıtlarımız',
      ctaLead: 'Bir sonraki adım:',
      ctaHeading: 'Bir sonraki adım',
    },
  },
  audiences: {
    'age-75plus': '75 yaş ve üzeri kişiler',
    'age-60plus': '60 yaş ve üzeri kişiler',
    parents: 'genç ebeveynler',
    pregnancy: 'hamileler',
    'healthcare-workers': 'sağlık çalışanları',
    adults: 'yetişkinler',
  },
  audienceFallback: 'daha fazla bilgi almak isteyen herkes',
  forAudience: (a) => `${a} için`,
  headings: {
    eligibility: 'Aşı kimlere öneriliyor?',
    effectiveness: 'Aşı ne kadar iyi korur?',
    timing: 'En iyi zaman ne zaman?',
    access: 'Nerede aşı olabilirim?',
    'co-administration': 'Tek randevuda iki aşı mı?',
    cost: 'Aşının masrafını kim öder?',
    'side-effects': 'Hangi yan etkiler olabilir?',
    safety: 'Aşı güvenli mi?',
    pregnancy: 'Gebelikte aşı',
    'child-protection': 'Çocuklar ve bebekler için koruma',
    'protect-others': 'Başkalarını da korumak',
  },
  headingFallback: 'Bilmekte fayda var',
  introVisual: 'Sıcak bir karşılama: Kampanya renklerindeki sakin bir arka plan önünde bir kişi kameraya bakıyor.',
  claimVisual: (h) => `“${h}” başlığı büyük ve okunaklı yazıyla görünür; yanında sakin, sıcak bir illüstrasyon var.`,
  ctaVisual: 'Kapanış görüntüsü: Eylem çağrısı büyük yazıyla, altında kurumun logosu.',
  aiDisclosure: 'Bu video yapay zekâ ile oluşturulmuş ve tıbbi açıdan incelenmiştir.',
};

const uk: LanguagePhrases = {
  tones: {
    plain: {
      intro: (a) => `Вітаємо! Це відео для ${a}. Ми коротко і просто пояснюємо, що варто знати.`,
      introHeading: 'Коротко і просто',
      ctaLead: 'Що ви можете зробити зараз:',
      ctaHeading: 'Що можна зробити',
    },
    standard: {
      intro: (a) => `Вітаємо! Це відео для ${a}. Тут ви знайдете відповіді на поширені запитання.`,
      introHeading: 'Ваші запитання — наші відповіді',
      ctaLead: 'Наступний крок:',
      ctaHeading: 'Наступний крок',
    },
  },
  audiences: {
    'age-75plus': 'людей віком від 75 років',
    'age-60plus': 'людей віком від 60 років',
    parents: 'молодих батьків',
    pregnancy: 'вагітних',
    'healthcare-workers': 'медичних працівників',
    adults: 'дорослих',
  },
  audienceFallback: 'всіх, хто хоче дізнатися більше',
  forAudience: (a) => `для ${a}`,
  headings: {
    eligibility: 'Кому рекомендоване щеплення?',
    effectiveness: 'Наскільки добре захищає щеплення?',
    timing: 'Коли найкраще щепитися?',
    access: 'Де можна зробити щеплення?',
    'co-administration': 'Два щеплення за один візит?',
    cost: 'Хто платить за щеплення?',
    'side-effects': 'Які можуть бути побічні реакції?',
    safety: 'Чи безпечне щеплення?',
    pregnancy: 'Щеплення під час вагітності',
    'child-protection': 'Захист для дітей і немовлят',
    'protect-others': 'Захистити й інших',
  },
  headingFallback: 'Варто знати',
  introVisual: 'Привітання: людина дивиться в камеру на спокійному тлі в кольорах кампанії.',
  claimVisual: (h) => `Заголовок «${h}» великим, добре читабельним шрифтом; поруч — спокійна, доброзичлива ілюстрація.`,
  ctaVisual: 'Фінальний кадр: заклик до дії великим шрифтом, під ним логотип установи.',
  aiDisclosure: 'Це відео створено за допомогою ШІ та перевірено медичними фахівцями.',
};

/** The phrase tables by language code. */
export const PHRASES: Readonly<Record<string, LanguagePhrases>> = { de, en, tr, uk };

/**
 * Returns the phrases for a language and the tone for a reading level (falling back to `standard`).
 * @throws InputError when the language has no phrase table.
 */
export function phrasesFor(language: string, level: ReadingLevel): { phrases: LanguagePhrases; tone: ToneWording } {
  const phrases = PHRASES[language];
  if (!phrases) {
    const known = Object.keys(PHRASES).join(', ');
    throw new InputError(
      `no script wording for language '${language}' (supported: ${known}); add it to scripts/phrases.ts`,
    );
  }
  return { phrases, tone: phrases.tones[level] ?? phrases.tones.standard };
}
