/** The field app for outreach workers: loads alone (no console code), works offline after first load. */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/i18n.js';
import { registerServiceWorker } from '../shared/register-sw.js';
import { FieldApp } from './App.js';
import { FIELD_CATALOGUES } from './catalogues.js';
import './field.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider catalogues={FIELD_CATALOGUES}>
      <FieldApp />
    </I18nProvider>
  </StrictMode>,
);
registerServiceWorker();
