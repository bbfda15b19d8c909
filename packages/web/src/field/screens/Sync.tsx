/** What is waiting, sent and rejected — and why, in words the worker can act on. */

import { useI18n } from '../../i18n/i18n.js';
import { syncCounts } from '../model.js';
import type { FieldSession } from '../store.js';
import { BigButton, Screen } from './ui.js';

export function SyncScreen({
  session,
  progress,
  status,
  onSync,
  back,
}: {
  session: FieldSession;
  progress: { done: number; total: number } | null;
  status: string | null;
  onSync: () => void;
  back: () => void;
}) {
  const { t } = useI18n();
  const items = [...session.items.values()];
  const counts = syncCounts(items);
  const rejected = items.filter((o) => o.state === 'rejected');
  return (
    <Screen title={t('field.sync.title')} back={back}>
      <dl className="f-tiles" data-testid="sync-counts">
        <div>
          <dt>{t('field.sync.pending')}</dt>
          <dd data-testid="pending">{counts.pending}</dd>
        </div>
        <div>
          <dt>{t('field.sync.sent')}</dt>
          <dd data-testid="sent">{counts.sent}</dd>
        </div>
        <div>
          <dt>{t('field.sync.rejected')}</dt>
          <dd data-testid="rejected">{counts.rejected}</dd>
        </div>
      </dl>
      {progress ? (
        <progress max={progress.total || 1} value={progress.done} aria-label={t('field.sync.progress')}>
          {progress.done}/{progress.total}
        </progress>
      ) : null}
      {status ? (
        <p role="status" data-testid="sync-status">
          {status}
        </p>
      ) : null}
      <BigButton icon="sync" kind="primary" onClick={onSync} testId="sync-now">
        {t('field.sync.now')}
      </BigButton>
      <p className="f-muted">
        {session.secrets.lastSyncAt
          ? t('field.sync.last', { at: session.secrets.lastSyncAt.slice(0, 16).replace('T', ' ') })
          : t('field.sync.never')}
      </p>
      {rejected.length ? <h2>{t('field.sync.whyRejected')}</h2> : null}
      <ul className="f-list">
        {rejected.map((o) => (
          <li key={o.item.id}>
            <p>
              {o.item.kind === 'contact.record' ||
              o.item.kind === 'contact.correct' ||
              o.item.kind === 'overdose.record'
                ? `${o.item.date} ${o.item.time ?? ''}`
                : t('field.sync.enrolment')}
              : {o.reason}
            </p>
            <button type="button" onClick={() => void session.retry(o.item.id)}>
              {t('field.sync.retry')}
            </button>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
