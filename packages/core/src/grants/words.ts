/** A call's words in the reader's language, else in the call's first (no schema here: the public page imports it). */
export function inLanguage(w: Partial<Record<string, string>>, language: string): string {
  return w[language] ?? Object.values(w)[0] ?? '';
}
