/** The console: site staff, managers, M&E officers and administrators at a desk. */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/i18n.js';
import { registerServiceWorker } from '../shared/register-sw.js';
import { App } from './App.js';
import '../shared/base.css';
import './monitoring/monitoring.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
registerServiceWorker();
