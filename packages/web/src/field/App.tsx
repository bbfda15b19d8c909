/**
 * The field app: enrol once online, then PIN, my day, find/enrol, record, sync. Quick exit is on
 * every screen; the app locks itself after a few idle minutes and when it goes to the background.
 */

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { syncCounts } from './model.js';
import { ClientScreen } from './screens/Client.js';
import { EnrolScreen } from './screens/Enrol.js';
import { FindScreen } from './screens/Find.js';
import { HomeScreen } from './screens/Home.js';
import { Icon } from './screens/icons.js';
import { LockScreen } from './screens/Lock.js';
import { newOverdoseDraft, type OverdoseDraft, OverdoseScreen } from './screens/Overdose.js';
import { RightsCaptureScreen } from './screens/RightsCapture.js';
import { SyncScreen } from './screens/Sync.js';
import { FieldSession } from './store.js';
import { syncNow } from './sync.js';
import { eraseEverything } from './vault/db.js';
import { isEnrolled, unlockVault, type Vault } from './vault/vault.js';

type Route =
  | { screen: 'home' }
  | { screen: 'find'; purpose: 'visit' | 'overdose' }
  | { screen: 'client'; clientId: string }
  | { screen: 'overdose' }
  | { screen: 'sync' }
  | { screen: 'rights' };

/** Leaves for a page that says nothing about harm reduction, replacing this one in the history. */
export function quickExit(): void {
  location.replace('/exit.html');
}

export function FieldApp() {
  const { t } = useI18n();
  const [phase, setPhase] = useState<'loading' | 'enrol' | 'locked' | 'open' | 'erased'>('loading');
  const [session, setSession] = useState<FieldSession | null>(null);

  useEffect(() => {
    void isEnrolled().then((yes) => setPhase(yes ? 'locked' : 'enrol'));
  }, []);

  const open = useCallback(async (vault: Vault) => {
    setSession(await FieldSession.open(vault));
    setPhase('open');
  }, []);

  const lock = useCallback(() => {
    setSession(null);
    setPhase('locked');
  }, []);

  const erased = useCallback(async () => {
    setSession(null);
    await eraseEverything();
    setPhase('erased');
  }, []);

  return (
    <div className="f-app">
      <header className="f-bar">
        <span className="f-brand">Harbour</span>
        {session ? <SyncBadge session={session} /> : null}
        {phase === 'open' ? (
          <button type="button" className="f-lockbtn" onClick={lock} aria-label={t('field.lock.now')}>
            <Icon name="lock" size={22} />
          </button>
        ) : null}
        <button type="button" className="f-exit" onClick={quickExit} data-testid="quick-exit">
          <Icon name="exit" size={18} /> {t('field.exit')}
        </button>
      </header>
      <main>
        {phase === 'loading' ? <p aria-busy="true">…</p> : null}
        {phase === 'enrol' ? (
          <EnrolScreen
            onDone={(pin) =>
              void unlockVault(pin).then((r) => {
                if (r.ok) void open(r.vault);
              })
            }
          />
        ) : null}
        {phase === 'locked' ? (
          <LockScreen onUnlock={(v) => void open(v)} onWiped={() => void erased()} />
        ) : null}
        {phase === 'erased' ? <p role="status">{t('field.erased')}</p> : null}
        {phase === 'open' && session ? (
          <Unlocked session={session} lock={lock} erased={() => void erased()} />
        ) : null}
      </main>
    </div>
  );
}

function SyncBadge({ session }: { session: FieldSession }) {
  const { t } = useI18n();
  useSyncExternalStore(
    (fn) => session.subscribe(fn),
    () => session.version,
  );
  const c = syncCounts([...session.items.values()]);
  return (
    <span className="f-badge" data-testid="badge" aria-live="polite">
      {t('field.sync.badge', { pending: c.pending, rejected: c.rejected })}
    </span>
  );
}

function Unlocked({
  session,
  lock,
  erased,
}: {
  session: FieldSession;
  lock: () => void;
  erased: () => void;
}) {
  const { t } = useI18n();
  const [route, setRoute] = useState<Route>({ screen: 'home' });
  const [overdose, setOverdose] = useState<OverdoseDraft | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const syncing = useRef(false);
  useSyncExternalStore(
    (fn) => session.subscribe(fn),
    () => session.version,
  );

  const again = useRef(false);

  const sync = useCallback(async () => {
    // A tap (or the network coming back) during a sync is never lost: one more round follows.
    if (syncing.current) {
      again.current = true;
      return;
    }
    syncing.current = true;
    for (let round = true; round; ) {
      again.current = false;
      setStatus(t('field.sync.running'));
      setProgress({ done: 0, total: 0 });
      const r = await syncNow(session, (done, total) => setProgress({ done, total }));
      setProgress(null);
      if (r.ok) setStatus(t('field.sync.done', { pushed: r.pushed, rejected: r.rejected, pulled: r.pulled }));
      else if (r.reason === 'wipe') erased();
      else if (r.reason === 'revoked') setStatus(t('field.sync.revoked'));
      else if (r.reason === 'offline') setStatus(t('field.sync.offline'));
      else setStatus(t('field.sync.failed', { message: r.message }));
      round = r.ok && again.current;
    }
    syncing.current = false;
  }, [session, t, erased]);

  // Sync when the network comes back, on unlock, and every two minutes while online.
  useEffect(() => {
    const online = () => void sync();
    addEventListener('online', online);
    if (navigator.onLine) void sync();
    const every = setInterval(() => navigator.onLine && void sync(), 120_000);
    return () => {
      removeEventListener('online', online);
      clearInterval(every);
    };
  }, [sync]);

  // Lock after idle minutes, and as soon as the app is hidden (phone pocketed, app switched).
  useEffect(() => {
    const limit = session.secrets.settings.idleLockMinutes * 60_000;
    let timer = setTimeout(lock, limit);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, limit);
    };
    const hidden = () => document.visibilityState === 'hidden' && lock();
    for (const e of ['pointerdown', 'keydown', 'touchstart']) addEventListener(e, touch, { passive: true });
    document.addEventListener('visibilitychange', hidden);
    return () => {
      clearTimeout(timer);
      for (const e of ['pointerdown', 'keydown', 'touchstart']) removeEventListener(e, touch);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [session, lock]);

  const home = () => setRoute({ screen: 'home' });
  // A new overdose starts now, with nobody chosen; finding the client keeps what was tapped.
  const startOverdose = () => {
    setOverdose(newOverdoseDraft(session.now()));
    setRoute({ screen: 'overdose' });
  };
  return (
    <>
      <nav className="f-nav" aria-label={t('field.nav')}>
        <button
          type="button"
          aria-current={route.screen === 'home' ? 'page' : undefined}
          onClick={home}
          data-testid="nav-day"
        >
          <Icon name="home" size={20} /> {t('field.nav.day')}
        </button>
        <button
          type="button"
          aria-current={route.screen === 'find' ? 'page' : undefined}
          onClick={() => setRoute({ screen: 'find', purpose: 'visit' })}
        >
          <Icon name="search" size={20} /> {t('field.nav.find')}
        </button>
        <button
          type="button"
          aria-current={route.screen === 'sync' ? 'page' : undefined}
          onClick={() => setRoute({ screen: 'sync' })}
          data-testid="nav-sync"
        >
          <Icon name="sync" size={20} /> {t('field.nav.sync')}
        </button>
      </nav>
      {route.screen === 'home' ? (
        <HomeScreen
          session={session}
          go={(to) =>
            to.screen === 'client'
              ? setRoute({ screen: 'client', clientId: to.clientId! })
              : to.screen === 'overdose'
                ? startOverdose()
                : to.screen === 'sync'
                  ? setRoute({ screen: 'sync' })
                  : to.screen === 'rights'
                    ? setRoute({ screen: 'rights' })
                    : setRoute({ screen: 'find', purpose: 'visit' })
          }
        />
      ) : null}
      {route.screen === 'find' ? (
        <FindScreen
          session={session}
          purpose={route.purpose}
          back={home}
          onOpen={(clientId) => {
            if (route.purpose === 'overdose' && overdose) {
              setOverdose({ ...overdose, clientId });
              setRoute({ screen: 'overdose' });
            } else setRoute({ screen: 'client', clientId });
          }}
        />
      ) : null}
      {route.screen === 'client' ? (
        <ClientScreen
          session={session}
          clientId={route.clientId}
          back={home}
          saved={(ms) => {
            document.body.dataset.lastSaveMs = ms.toFixed(1);
          }}
        />
      ) : null}
      {route.screen === 'overdose' && overdose ? (
        <OverdoseScreen
          session={session}
          draft={overdose}
          setDraft={setOverdose}
          findClient={() => setRoute({ screen: 'find', purpose: 'overdose' })}
          back={home}
        />
      ) : null}
      {route.screen === 'rights' ? <RightsCaptureScreen session={session} back={home} /> : null}
      {route.screen === 'sync' ? (
        <SyncScreen
          session={session}
          progress={progress}
          status={status}
          onSync={() => void sync()}
          back={home}
        />
      ) : null}
    </>
  );
}
