/** A small-grants call's public page: read the call, apply without an account, come back with the private link. */

import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/i18n.js';
import { ApplyApp } from './ApplyApp.js';
import { APPLY_CATALOGUES } from './catalogues.js';
import './apply.css';

createRoot(document.getElementById('root')!).render(
  <I18nProvider catalogues={APPLY_CATALOGUES}>
    <ApplyApp />
  </I18nProvider>,
);
