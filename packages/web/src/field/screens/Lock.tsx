/** The PIN pad: big digits, a wait after repeated wrong PINs, and the wipe at the programme's limit. */

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { unlockVault, type Vault } from '../vault/vault.js';
import { LanguagePicker } from './Enrol.js';
import { Screen } from './ui.js';

export function LockScreen({ onUnlock, onWiped }: { onUnlock: (v: Vault) => void; onWiped: () => void }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.getElementById('f-title')?.focus();
  }, []);

  async function tryPin(value: string) {
    setBusy(true);
    const r = await unlockVault(value);
    setBusy(false);
    setPin('');
    if (r.ok) return onUnlock(r.vault);
    if (r.wiped) return onWiped();
    setMessage(
      r.waitMs > 0
        ? t('field.lock.wait', { seconds: Math.ceil(r.waitMs / 1000), failures: r.failures })
        : t('field.lock.wrong', { failures: r.failures }),
    );
  }

  const press = (d: string) => setPin((p) => (p.length < 12 ? p + d : p));
  return (
    <Screen title={t('field.lock.title')}>
      <form
        className="f-lock"
        onSubmit={(e) => {
          e.preventDefault();
          if (pin) void tryPin(pin);
        }}
      >
        <label className="f-field">
          {t('field.lock.pin')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            data-testid="pin"
          />
        </label>
        <div className="f-pad">
          {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
            <button key={d} type="button" onClick={() => press(d)}>
              {d}
            </button>
          ))}
          <button
            type="button"
            onClick={() => setPin((p) => p.slice(0, -1))}
            aria-label={t('field.lock.delete')}
          >
            ⌫
          </button>
          <button type="button" onClick={() => press('0')}>
            0
          </button>
          <button type="submit" className="f-primary" disabled={busy} aria-label={t('field.lock.unlock')}>
            ✓
          </button>
        </div>
        {busy ? <p aria-live="polite">{t('field.lock.checking')}</p> : null}
        {message ? (
          <p className="f-error" role="alert">
            {message}
          </p>
        ) : null}
      </form>
      <LanguagePicker />
    </Screen>
  );
}
