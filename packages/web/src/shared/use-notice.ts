/** A page's message about what just happened, and the one way a failed request becomes one. */

import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { problemText } from './errors.js';

export type PageNotice = { kind: 'ok' | 'error' | 'info'; text: string } | null;

export function useNotice() {
  const { t } = useI18n();
  const [notice, setNotice] = useState<PageNotice>(null);
  const fail = useCallback((e: unknown) => setNotice({ kind: 'error', text: problemText(t, e) }), [t]);
  return { notice, setNotice, fail };
}
