/**
 * What each role can do, read from the one permission table the server checks (core access.ts), so
 * this page cannot drift from what Harbour enforces. A role applies on the org unit it is granted on
 * and everything below it.
 */

import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '@harbour/core';
import { useI18n } from '../../i18n/i18n.js';
import { PageTitle } from '../../shared/ui.js';

export function RolesPage() {
  const { t } = useI18n();
  return (
    <section>
      <PageTitle>{t('roles.title')}</PageTitle>
      <p>{t('roles.intro')}</p>
      {/* Focusable so a keyboard can scroll it sideways. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus (WCAG 2.1.1) */}
      <section className="table-scroll" tabIndex={0} aria-label={t('roles.title')}>
        <table className="data roles">
          <caption className="visually-hidden">{t('roles.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roles.permission')}</th>
              {ROLES.map((r) => (
                <th key={r} scope="col">
                  {t(`role.${r}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PERMISSIONS.map((p) => (
              <tr key={p}>
                <th scope="row">
                  {t(`permission.${p}`)} <code>{p}</code>
                </th>
                {ROLES.map((r) => {
                  const has = ROLE_PERMISSIONS[r].includes(p);
                  return (
                    <td key={r} className={has ? 'yes' : undefined}>
                      {has ? (
                        <>
                          <span aria-hidden="true">✓</span>
                          <span className="visually-hidden">{t('common.yes')}</span>
                        </>
                      ) : (
                        <span className="visually-hidden">{t('common.no')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
