/**
 * Community-led monitoring: the checklist a community expert scores a harm reduction service by.
 *
 * The default is built on the quality indicators of Wiessing et al. (2017, "Quality of harm reduction
 * services", International Journal of Drug Policy) — how long people wait to start opioid substitution,
 * whether needles come without a limit per contact, naloxone to take away, testing — and on the
 * community scorecard practice of community-led monitoring, where the people served score what matters
 * to them (respect, hours, confidentiality, safety from police). A programme may change it.
 *
 * Every item is scored on one scale, 1 (very poor) to 5 (very good), the five faces of a community
 * scorecard; an item the expert could not see is left unscored rather than guessed.
 */

import { z } from 'zod';

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

/** Words in several languages (ISO 639-1 → text); English is required so every screen has a fallback. */
const words = z
  .record(z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 language code'), z.string().trim().min(1).max(300))
  .refine((w) => typeof w.en === 'string', 'needs the English words (en)');

export const checklistItemInput = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _, starting with a letter'),
    label: words,
    /** What the expert looks for, so two experts score the same thing the same way. */
    hint: words.optional(),
  })
  .strict();
export type ChecklistItem = z.infer<typeof checklistItemInput>;

export const checklistInput = z
  .object({
    /** The org unit whose sites the checklist is for (a programme, or the consortium). */
    unit: z.string().trim().min(1).max(40),
    name: z.string().trim().min(1).max(200),
    items: z
      .array(checklistItemInput)
      .min(1)
      .max(40)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'item ids must differ'),
  })
  .strict();
export type ChecklistInput = z.input<typeof checklistInput>;

const item = (id: string, en: string, ru: string, ar: string, hint: string): ChecklistItem => ({
  id,
  label: { en, ru, ar },
  hint: { en: hint },
});

/** The checklist a programme starts from. */
export const DEFAULT_CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  item(
    'ost_waiting',
    'Waiting time to start opioid substitution treatment',
    'Время ожидания начала заместительной терапии',
    'مدة الانتظار لبدء العلاج البديل للأفيونات',
    '5: the same week someone asks; 1: more than a month, or no place at all.',
  ),
  item(
    'syringe_limits',
    'Needles and syringes as many as needed, no limit per contact',
    'Шприцы и иглы — сколько нужно, без лимита на контакт',
    'الإبر والمحاقن بالقدر المطلوب دون حد لكل زيارة',
    '5: no limit and no questions; 1: a few per visit, or only in exchange.',
  ),
  item(
    'naloxone',
    'Naloxone to take away',
    'Налоксон на руки',
    'النالوكسون للأخذ إلى المنزل',
    '5: anyone may take it home, with a short training; 1: not available.',
  ),
  item(
    'testing',
    'HIV and hepatitis C testing offered',
    'Предлагают тест на ВИЧ и гепатит C',
    'تُعرض فحوص فيروس نقص المناعة والتهاب الكبد C',
    '5: offered on the spot, results the same day; 1: not offered.',
  ),
  item(
    'respect',
    'Respectful, non-judgemental treatment by staff',
    'Уважительное отношение персонала без осуждения',
    'معاملة محترمة من الموظفين دون أحكام',
    'What clients say and what the expert saw: tone, waiting room, being listened to.',
  ),
  item(
    'opening_hours',
    'Opening hours suit the people who use the service',
    'Часы работы удобны для клиентов',
    'ساعات العمل تناسب المستفيدين',
    '5: evenings or weekends too; 1: a few hours on weekdays only.',
  ),
  item(
    'confidentiality',
    'Confidentiality: no names required, a private place to talk',
    'Конфиденциальность: не требуют имени, есть место для разговора',
    'السرية: لا يُطلب الاسم وهناك مكان خاص للحديث',
    'Anonymous codes, no lists shown to others, nothing passed to the police.',
  ),
  item(
    'safe_access',
    'Safe to reach: no police at or near the service',
    'Безопасный доступ: нет полиции у пункта',
    'وصول آمن: لا شرطة عند مكان الخدمة أو قربه',
    '5: never seen or heard of; 1: people are stopped on their way.',
  ),
  item(
    'peer_involvement',
    'People who use drugs take part in running the service',
    'Люди, употребляющие наркотики, участвуют в работе пункта',
    'يشارك متعاطو المخدرات في إدارة الخدمة',
    'Peer workers on staff, a say in decisions, a way to complain.',
  ),
];

export const DEFAULT_CHECKLIST_NAME = 'Community scorecard for harm reduction services';

/** Words in the reader's language, or English. */
export function itemWords(w: Partial<Record<string, string>> | undefined, language: string): string {
  return w?.[language] ?? w?.en ?? '';
}
