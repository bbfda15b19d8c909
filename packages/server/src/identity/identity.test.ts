import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { DEMO_PASSWORD } from '../demo/demo-tree.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { systemActor, userActor } from './actor.js';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  resolveSession,
  SIGN_IN_FAILED,
  signIn,
  signOutEverywhere,
  verifySessionTotp,
} from './sessions.js';
import { totpNow } from './totp.js';
import {
  addGrant,
  createUser,
  listUsers,
  loadGrants,
  removeGrant,
  setUserDisabled,
  setUserPassword,
  updateUser,
} from './users.js';

for (const dialect of DIALECTS) {
  describe(`identity and access on ${dialect}`, () => {
    let h: TestHarbour;
    beforeEach(async () => {
      h = await createTestHarbour(dialect, { lockoutAttempts: 3, lockoutMinutes: 10 });
      await createDemo(h, { clients: 0 });
    });
    afterEach(async () => h.dispose());

    const actorOf = async (username: string) => {
      const row = await h.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return userActor(row.id, username, await loadGrants(h.db, row.id));
    };

    it('stores only an argon2id hash of the password', async () => {
      const row = await h.db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'staff')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(DEMO_PASSWORD);
    });

    it('signs in, resolves the session, and ends every session on request', async () => {
      const a = await signIn(h, h.config, 'staff', DEMO_PASSWORD);
      const b = await signIn(h, h.config, 'STAFF ', DEMO_PASSWORD);
      expect(a.mfaRequired).toBe(false);
      const session = await resolveSession(h, h.config, a.token);
      expect(session?.actor.label).toBe('staff');
      expect(session?.actor.grants.map((g) => g.role)).toEqual(['site_staff']);
      const stored = await h.db.selectFrom('sessions').select('id').execute();
      expect(stored.map((s) => s.id)).not.toContain(a.token);
      expect(await signOutEverywhere(h, session!.actor)).toBe(2);
      expect(await resolveSession(h, h.config, a.token)).toBeNull();
      expect(await resolveSession(h, h.config, b.token)).toBeNull();
    });

    it('says the same thing for an unknown user, a wrong password and a locked account, and locks after repeated failures', async () => {
      await expect(signIn(h, h.config, 'nobody', 'whatever-password')).rejects.toThrow(SIGN_IN_FAILED);
      for (let i = 0; i < 3; i++)
        await expect(signIn(h, h.config, 'staff', 'wrong-password')).rejects.toThrow(SIGN_IN_FAILED);
      // Locked: the right password is refused with the very answer an unknown user gets.
      const locked = await signIn(h, h.config, 'staff', DEMO_PASSWORD).catch((e: unknown) => e);
      const unknown = await signIn(h, h.config, 'nobody', DEMO_PASSWORD).catch((e: unknown) => e);
      expect(locked).toMatchObject({ status: 401, message: SIGN_IN_FAILED });
      expect(unknown).toMatchObject({ status: 401, message: SIGN_IN_FAILED });
      h.setNow(new Date(h.now().getTime() + 11 * 60_000));
      await expect(signIn(h, h.config, 'staff', DEMO_PASSWORD)).resolves.toMatchObject({
        mfaRequired: false,
      });
      const actions = (await h.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      expect(actions).toContain('user.locked');
      expect(actions).toContain('session.sign_in_failed');
    });

    it('expires sessions after the idle limit and refuses disabled users', async () => {
      const s = await signIn(h, h.config, 'staff', DEMO_PASSWORD);
      h.setNow(new Date(h.now().getTime() + (h.config.sessionIdleMinutes + 1) * 60_000));
      expect(await resolveSession(h, h.config, s.token)).toBeNull();
      const again = await signIn(h, h.config, 'staff', DEMO_PASSWORD);
      const admin = await actorOf('admin');
      const staffId = (
        await h.db.selectFrom('users').select('id').where('username', '=', 'staff').executeTakeFirstOrThrow()
      ).id;
      await setUserDisabled(h, admin, staffId, true);
      expect(await resolveSession(h, h.config, again.token)).toBeNull();
      await expect(signIn(h, h.config, 'staff', DEMO_PASSWORD)).rejects.toThrow(SIGN_IN_FAILED);
    });

    it('requires TOTP for admins when configured, and refuses a replayed code', async () => {
      const strict = { ...h.config, requireAdminTotp: true };
      const first = await signIn(h, strict, 'admin', DEMO_PASSWORD);
      expect(first).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: true });
      let session = (await resolveSession(h, strict, first.token))!;
      expect(session.mfaOk).toBe(false);
      const { secret } = await beginTotpEnrolment(h, session.actor);
      const sealed = await h.db
        .selectFrom('users')
        .select('totp_secret')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      expect(sealed.totp_secret).not.toContain(secret);
      await expect(
        confirmTotpEnrolment(h, strict, session.actor, session.sessionId, '000000'),
      ).rejects.toThrow(/code is wrong/);
      const code = totpNow(secret, h.now());
      await confirmTotpEnrolment(h, strict, session.actor, session.sessionId, code);
      expect((await resolveSession(h, strict, first.token))!.mfaOk).toBe(true);

      const second = await signIn(h, strict, 'admin', DEMO_PASSWORD);
      expect(second).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: false });
      session = (await resolveSession(h, strict, second.token))!;
      await expect(verifySessionTotp(h, strict, session, code)).rejects.toThrow(/already used/);
      h.setNow(new Date(h.now().getTime() + 30_000));
      await verifySessionTotp(h, strict, session, totpNow(secret, h.now()));
      expect((await resolveSession(h, strict, second.token))!.mfaOk).toBe(true);
    });

    it('locks an account after repeated wrong second-factor codes, which a right password does not reset', async () => {
      const strict = { ...h.config, requireAdminTotp: true };
      const first = await signIn(h, strict, 'admin', DEMO_PASSWORD);
      const enrolling = (await resolveSession(h, strict, first.token))!;
      const { secret } = await beginTotpEnrolment(h, enrolling.actor);
      await confirmTotpEnrolment(h, strict, enrolling.actor, enrolling.sessionId, totpNow(secret, h.now()));
      h.setNow(new Date(h.now().getTime() + 30_000));
      const right = totpNow(secret, h.now());
      const wrong = right === '000000' ? '111111' : '000000';
      let pending = (await resolveSession(
        h,
        strict,
        (
          await signIn(h, strict, 'admin', DEMO_PASSWORD)
        ).token,
      ))!;
      // Signing in again between guesses must not wipe the count.
      for (let i = 0; i < strict.lockoutAttempts - 1; i++) {
        await expect(verifySessionTotp(h, strict, pending, wrong)).rejects.toThrow(/code is wrong/);
        const again = await signIn(h, strict, 'admin', DEMO_PASSWORD);
        pending = (await resolveSession(h, strict, again.token))!;
      }
      await expect(verifySessionTotp(h, strict, pending, wrong)).rejects.toThrow(/code is wrong/);
      // Locked: the waiting session is gone, the right code is refused, and so is the password.
      expect(await resolveSession(h, strict, first.token)).not.toBeNull();
      expect(await h.db.selectFrom('sessions').select('id').where('mfa_ok', '=', 0).execute()).toHaveLength(
        0,
      );
      await expect(verifySessionTotp(h, strict, pending, right)).rejects.toThrow(SIGN_IN_FAILED);
      await expect(signIn(h, strict, 'admin', DEMO_PASSWORD)).rejects.toThrow(SIGN_IN_FAILED);
      h.setNow(new Date(h.now().getTime() + (strict.lockoutMinutes + 1) * 60_000));
      const after = (await resolveSession(
        h,
        strict,
        (
          await signIn(h, strict, 'admin', DEMO_PASSWORD)
        ).token,
      ))!;
      await verifySessionTotp(h, strict, after, totpNow(secret, h.now()));
      const actions = (await h.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      expect(actions.filter((a) => a === 'session.totp_failed')).toHaveLength(strict.lockoutAttempts - 1);
      expect(actions).toContain('user.locked');
    });

    it("refuses a role granted to oneself, and rights_responder without the granting admin's second factor", async () => {
      const admin = await actorOf('admin');
      // Self: refused for every role, sensitive or not, and nothing is written.
      for (const role of ['rights_responder', 'site_staff'] as const)
        await expect(addGrant(h, admin, admin.userId!, { role, orgUnitCode: 'SLN' })).rejects.toMatchObject({
          issues: [expect.objectContaining({ field: 'id', rule: 'self' })],
        });
      expect((await loadGrants(h.db, admin.userId!)).map((g) => g.role)).toEqual(['admin']);

      const staffId = (await actorOf('staff')).userId!;
      // Another user: without a second factor set up, then without a code, then a wrong code.
      await expect(
        addGrant(h, admin, staffId, { role: 'rights_responder', orgUnitCode: 'SLN' }),
      ).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'otp', rule: 'second_factor' })] });
      const { secret } = await beginTotpEnrolment(h, admin);
      const session = (await resolveSession(
        h,
        h.config,
        (
          await signIn(h, h.config, 'admin', DEMO_PASSWORD)
        ).token,
      ))!;
      await confirmTotpEnrolment(h, h.config, admin, session.sessionId, totpNow(secret, h.now()));
      h.setNow(new Date(h.now().getTime() + 30_000));
      await expect(
        addGrant(h, admin, staffId, { role: 'rights_responder', orgUnitCode: 'SLN' }),
      ).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'otp' })] });
      const right = totpNow(secret, h.now());
      await expect(
        addGrant(h, admin, staffId, {
          role: 'rights_responder',
          orgUnitCode: 'SLN',
          otp: right === '000000' ? '111111' : '000000',
        }),
      ).rejects.toThrow(/code is wrong/);
      // A new account created with the role is held to the same rule.
      await expect(
        createUser(h, admin, {
          username: 'shadow',
          displayName: 'Shadow',
          password: 'a long enough password',
          grants: [{ role: 'rights_responder', orgUnitCode: 'SLN' }],
        }),
      ).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'otp' })] });
      expect(await h.db.selectFrom('users').select('id').where('username', '=', 'shadow').execute()).toEqual(
        [],
      );

      // With the current code: granted, and audited as a sensitive grant.
      await addGrant(h, admin, staffId, { role: 'rights_responder', orgUnitCode: 'SLN', otp: right });
      expect((await loadGrants(h.db, staffId)).map((g) => g.role).sort()).toEqual([
        'rights_responder',
        'site_staff',
      ]);
      const audited = await h.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('action', '=', 'user.sensitive_role_granted')
        .where('entity_id', '=', staffId)
        .execute();
      expect(audited).toHaveLength(1);
      expect(JSON.parse(audited[0]!.details)).toMatchObject({ role: 'rights_responder', secondFactor: true });
      // The command line on the server needs no code.
      await addGrant(h, systemActor('cli'), staffId, { role: 'rights_responder', orgUnitCode: 'UA' });
    });

    it('lets an organisation admin manage only users inside their subtree', async () => {
      const cli = systemActor();
      await createUser(h, cli, {
        username: 'sln-admin',
        displayName: 'SLN admin',
        password: 'a-long-password',
        grants: [{ role: 'admin', orgUnitCode: 'SLN' }],
      });
      const slnAdmin = await actorOf('sln-admin');
      const names = (await listUsers(h, slnAdmin)).map((u) => u.username);
      expect(names).toContain('staff');
      expect(names).not.toContain('jakarta');
      expect(names).not.toContain('admin');
      await expect(
        createUser(h, slnAdmin, {
          username: 'x-user',
          displayName: 'X',
          password: 'a-long-password',
          grants: [{ role: 'site_staff', orgUnitCode: 'JKT-DIC' }],
        }),
      ).rejects.toThrow(/part of the tree you manage/);
      const jakartaId = (
        await h.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'jakarta')
          .executeTakeFirstOrThrow()
      ).id;
      await expect(setUserDisabled(h, slnAdmin, jakartaId, true)).rejects.toMatchObject({ status: 404 });
      const rootAdminId = (
        await h.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
      ).id;
      await expect(setUserPassword(h, slnAdmin, rootAdminId, 'take-over-password')).rejects.toMatchObject({
        status: 404,
      });
      const staffId = (
        await h.db.selectFrom('users').select('id').where('username', '=', 'staff').executeTakeFirstOrThrow()
      ).id;
      const withGrant = await addGrant(h, slnAdmin, staffId, { role: 'site_staff', orgUnitCode: 'KYIV-OST' });
      expect(withGrant.grants.map((g) => g.orgUnitCode).sort()).toEqual(['KYIV-DIC', 'KYIV-OST']);
      const without = await removeGrant(h, slnAdmin, staffId, {
        role: 'site_staff',
        orgUnitCode: 'KYIV-DIC',
      });
      expect(without.grants.map((g) => g.orgUnitCode)).toEqual(['KYIV-OST']);
      await expect(
        removeGrant(h, slnAdmin, staffId, { role: 'site_staff', orgUnitCode: 'KYIV-OST' }),
      ).rejects.toThrow(/at least one role/);
      // Editing: inside the subtree, only the fields given, audited with the fields named; outside, unknown.
      const edited = await updateUser(h, slnAdmin, staffId, {
        displayName: 'Dmytro K.',
        staffCode: 'ST-KYV-09',
      });
      expect([edited.displayName, edited.staffCode, edited.locale]).toEqual(['Dmytro K.', 'ST-KYV-09', 'en']);
      await expect(updateUser(h, slnAdmin, jakartaId, { displayName: 'X' })).rejects.toMatchObject({
        status: 404,
      });
      const audit = await h.db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'user.updated')
        .executeTakeFirstOrThrow();
      expect(audit.details).toContain('displayName,staffCode');
    });

    it('refuses weak passwords and taken usernames with the field named', async () => {
      const cli = systemActor();
      await expect(
        createUser(h, cli, {
          username: 'new-user',
          displayName: 'N',
          password: 'short',
          grants: [{ role: 'site_staff', orgUnitCode: 'KYIV-DIC' }],
        }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ field: 'password' })],
      });
      await expect(
        createUser(h, cli, {
          username: 'staff',
          displayName: 'N',
          password: 'a-long-password',
          grants: [{ role: 'site_staff', orgUnitCode: 'KYIV-DIC' }],
        }),
      ).rejects.toMatchObject({
        status: 409,
        issues: [expect.objectContaining({ field: 'username', rule: 'unique' })],
      });
    });
  });
}
