/** User administration: create users with roles on org units, add roles, disable and enable, set passwords. */

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { UI_LOCALES, useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { Field, Notice, OtpField, PageTitle, SelectField } from '../../shared/ui.js';
import type { OrgUnit } from './OrgPage.js';

export const ROLE_CODES = [
  'outreach_worker',
  'site_staff',
  'site_manager',
  'me_officer',
  'programme_manager',
  'rights_responder',
  'advocate',
  'donor_viewer',
  'admin',
] as const;

interface User {
  id: string;
  username: string;
  displayName: string;
  staffCode: string | null;
  locale: string;
  totpEnabled: boolean;
  disabled: boolean;
  lockedUntil: string | null;
  grants: { role: string; orgUnitCode: string; orgUnitName: string }[];
}

export function UsersPage() {
  const { t } = useI18n();
  const [users, setUsers] = useState<User[]>([]);
  const [units, setUnits] = useState<OrgUnit[]>([]);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [granting, setGranting] = useState<User | null>(null);

  const load = useCallback(async () => {
    setUsers(await get<User[]>('/users'));
    setUnits((await get<{ units: OrgUnit[] }>('/org-units')).units);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (fn: () => Promise<unknown>, okText: string) => {
    try {
      await fn();
      setStatus({ kind: 'ok', text: okText });
      await load();
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };

  return (
    <section>
      <PageTitle>{t('users.title')}</PageTitle>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
      <table className="data">
        <caption className="visually-hidden">{t('users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.totp')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>
                <ul className="plain">
                  {u.grants.map((g) => (
                    <li key={`${g.role}-${g.orgUnitCode}`}>
                      {t(`role.${g.role}`)} — {g.orgUnitName} ({g.orgUnitCode})
                    </li>
                  ))}
                </ul>
              </td>
              <td>{u.totpEnabled ? t('common.yes') : t('common.no')}</td>
              <td>
                {u.disabled
                  ? t('users.disabled')
                  : u.lockedUntil && u.lockedUntil > new Date().toISOString()
                    ? t('users.locked')
                    : t('users.active')}
              </td>
              <td className="actions">
                <button
                  type="button"
                  onClick={() => setGranting(u)}
                  aria-label={t('users.addRoleFor', { name: u.username })}
                >
                  {t('users.addRole')}
                </button>
                {u.disabled ? (
                  <button
                    type="button"
                    onClick={() =>
                      void act(
                        () => post(`/users/${u.id}/enable`),
                        t('users.enabledMsg', { name: u.username }),
                      )
                    }
                  >
                    {t('users.enable')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    onClick={() =>
                      void act(
                        () => post(`/users/${u.id}/disable`),
                        t('users.disabledMsg', { name: u.username }),
                      )
                    }
                  >
                    {t('users.disable')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {granting && (
        <GrantRole
          user={granting}
          units={units}
          onDone={async (msg) => {
            setGranting(null);
            if (msg) setStatus({ kind: 'ok', text: msg });
            await load();
          }}
        />
      )}
      <CreateUser
        units={units}
        onCreated={async (u) => {
          setStatus({ kind: 'ok', text: t('users.createdMsg', { name: u.username }) });
          await load();
        }}
      />
    </section>
  );
}

/** Roles whose grant opens rights case narratives: the server asks the granting admin's second factor. */
const SENSITIVE_ROLE_CODES = new Set(['rights_responder']);

function RoleAndUnit({
  units,
  role,
  unit,
  otp,
  setRole,
  setUnit,
  setOtp,
  errors,
}: {
  units: OrgUnit[];
  role: string;
  unit: string;
  otp: string;
  setRole: (r: string) => void;
  setUnit: (u: string) => void;
  setOtp: (code: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  return (
    <>
      <SelectField
        label={t('users.role')}
        value={role}
        error={errors['grants.0.role'] ?? errors.role ?? errors.id}
        onChange={(e) => setRole(e.target.value)}
      >
        {ROLE_CODES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </SelectField>
      <OrgUnitSelect
        label={t('users.orgUnit')}
        units={units}
        value={unit}
        error={errors['grants.0.orgUnitCode'] ?? errors.orgUnitCode ?? errors.grants}
        onChange={setUnit}
        first={<option value="">{t('users.chooseUnit')}</option>}
      />
      {SENSITIVE_ROLE_CODES.has(role) && (
        <OtpField
          label={t('users.stepUpCode')}
          hint={t('users.stepUpHint')}
          value={otp}
          error={errors.otp}
          onCode={setOtp}
        />
      )}
    </>
  );
}

function CreateUser({ units, onCreated }: { units: OrgUnit[]; onCreated: (u: User) => Promise<void> }) {
  const { t } = useI18n();
  const empty = {
    username: '',
    displayName: '',
    password: '',
    staffCode: '',
    locale: 'en',
    role: 'site_staff',
    orgUnitCode: '',
    otp: '',
  };
  const [f, setF] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const u = await post<User>('/users', {
        username: f.username.trim().toLowerCase(),
        displayName: f.displayName,
        password: f.password,
        locale: f.locale,
        staffCode: f.staffCode || null,
        grants: [{ role: f.role, orgUnitCode: f.orgUnitCode }],
        ...(SENSITIVE_ROLE_CODES.has(f.role) && f.otp ? { otp: f.otp } : {}),
      });
      setF(empty);
      await onCreated(u);
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors(
        Object.keys(fe).length
          ? fe
          : { username: err instanceof ApiError ? localiseProblem(t, err) : String(err) },
      );
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.createTitle')}</h2>
      <Field
        label={t('users.username')}
        hint={t('users.usernameHint')}
        autoCapitalize="none"
        value={f.username}
        error={errors.username}
        onChange={(e) => setF({ ...f, username: e.target.value })}
      />
      <Field
        label={t('users.displayName')}
        value={f.displayName}
        error={errors.displayName}
        onChange={(e) => setF({ ...f, displayName: e.target.value })}
      />
      <Field
        label={t('users.password')}
        hint={t('users.passwordHint')}
        type="password"
        autoComplete="new-password"
        value={f.password}
        error={errors.password}
        onChange={(e) => setF({ ...f, password: e.target.value })}
      />
      <Field
        label={t('users.staffCode')}
        value={f.staffCode}
        error={errors.staffCode}
        onChange={(e) => setF({ ...f, staffCode: e.target.value })}
      />
      <SelectField
        label={t('app.language')}
        value={f.locale}
        onChange={(e) => setF({ ...f, locale: e.target.value })}
      >
        {UI_LOCALES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <RoleAndUnit
        units={units}
        role={f.role}
        unit={f.orgUnitCode}
        otp={f.otp}
        setRole={(role) => setF({ ...f, role })}
        setUnit={(orgUnitCode) => setF({ ...f, orgUnitCode })}
        setOtp={(otp) => setF({ ...f, otp })}
        errors={errors}
      />
      <button type="submit" className="primary">
        {t('users.create')}
      </button>
    </form>
  );
}

function GrantRole({
  user,
  units,
  onDone,
}: {
  user: User;
  units: OrgUnit[];
  onDone: (msg?: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [role, setRole] = useState('site_staff');
  const [unit, setUnit] = useState('');
  const [otp, setOtp] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post(`/users/${user.id}/grants`, {
        role,
        orgUnitCode: unit,
        ...(SENSITIVE_ROLE_CODES.has(role) && otp ? { otp } : {}),
      });
      await onDone(t('users.roleAdded', { name: user.username }));
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors(
        Object.keys(fe).length
          ? fe
          : { orgUnitCode: err instanceof ApiError ? localiseProblem(t, err) : String(err) },
      );
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="grant-title">
      <h2 id="grant-title">{t('users.addRoleFor', { name: user.username })}</h2>
      <RoleAndUnit
        units={units}
        role={role}
        unit={unit}
        otp={otp}
        setRole={setRole}
        setUnit={setUnit}
        setOtp={setOtp}
        errors={errors}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {t('users.addRole')}
        </button>
        <button type="button" onClick={() => void onDone()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
