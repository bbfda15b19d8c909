/** The console: site staff, managers, M&E officers and administrators at a desk. */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/i18n.js';
import { registerServiceWorker } from '../shared/register-sw.js';
import { App } from './App.js';
import { CONSOLE_CATALOGUES } from './catalogues.js';
import '../shared/base.css';
import './monitoring/monitoring.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider catalogues={CONSOLE_CATALOGUES}>
      <App />
    </I18nProvider>
  </StrictMode>,
);
registerServiceWorker();
