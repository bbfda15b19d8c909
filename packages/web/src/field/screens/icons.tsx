/**
 * Simple line icons drawn here (no emoji font needed: cheap phones and headless browsers lack one).
 * Each sits beside a word, for people who read little.
 */

const PATHS = {
  syringe: 'M4 20l3-3m0 0l9-9 2 2-9 9-2-2zm9-9l-2-2m6-3l2-2m-3 1l3 3',
  returned: 'M9 7H4v5m0-5l5 5M20 17a8 8 0 00-14-7',
  condom: 'M12 3a4 4 0 014 4v9a4 4 0 01-8 0V7a4 4 0 014-4zm-4 13h8',
  naloxone: 'M12 4v16M4 12h16',
  test: 'M9 3h6m-5 0v12a2 2 0 004 0V3m-4 8h4',
  referral: 'M4 12h14m-5-5l5 5-5 5',
  search: 'M11 4a7 7 0 110 14 7 7 0 010-14zm5 12l5 5',
  alert: 'M12 3l10 18H2L12 3zm0 6v6m0 3v1',
  home: 'M3 11l9-8 9 8v10H3V11zm6 10v-6h6v6',
  sync: 'M20 11a8 8 0 00-14-5L4 8m0-5v5h5M4 13a8 8 0 0014 5l2-2m0 5v-5h-5',
  lock: 'M6 11h12v10H6V11zm2 0V7a4 4 0 018 0v4',
  save: 'M5 12l5 5L20 7',
  plus: 'M12 5v14M5 12h14',
  person: 'M12 4a4 4 0 110 8 4 4 0 010-8zm-8 17a8 8 0 0116 0',
  pin: 'M12 21s-7-6.5-7-12a7 7 0 0114 0c0 5.5-7 12-7 12zm0-9a3 3 0 100-6 3 3 0 000 6z',
  bolt: 'M13 2L4 14h7l-1 8 9-12h-7l1-8z',
  keyboard: 'M3 6h18v12H3V6zm3 3h1m3 0h1m3 0h1m3 0h1M7 15h10',
  chat: 'M4 5h16v11H9l-5 4V5z',
  exit: 'M6 6l12 12M18 6L6 18',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 28 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="f-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
