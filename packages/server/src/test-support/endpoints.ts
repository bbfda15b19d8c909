/** Every /api/v1 endpoint with a request that is valid apart from authorisation; the access matrix and the hostile-input test walk it. */

import type { Permission } from '@harbour/core';

/** New routes must be added here: the API test fails for a documented endpoint missing from this list. */
export const ENDPOINTS: {
  method: string;
  url: string;
  openapi: string;
  permission: Permission | 'signedIn' | 'public';
  body?: () => unknown;
}[] = [
  {
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    openapi: '/api/v1/auth/sign-in',
    permission: 'public',
    body: () => ({ username: 'nobody', password: 'x' }),
  },
  { method: 'POST', url: '/api/v1/auth/sign-out', openapi: '/api/v1/auth/sign-out', permission: 'public' },
  { method: 'GET', url: '/api/v1/auth/me', openapi: '/api/v1/auth/me', permission: 'signedIn' },
  {
    method: 'PATCH',
    url: '/api/v1/auth/me',
    openapi: '/api/v1/auth/me',
    permission: 'signedIn',
    body: () => ({ locale: 'en' }),
  },
  {
    method: 'POST',
    url: '/api/v1/auth/totp',
    openapi: '/api/v1/auth/totp',
    permission: 'signedIn',
    body: () => ({ otp: '123456' }),
  },
  {
    method: 'POST',
    url: '/api/v1/auth/totp/enrol',
    openapi: '/api/v1/auth/totp/enrol',
    permission: 'signedIn',
  },
  {
    method: 'POST',
    url: '/api/v1/auth/totp/confirm',
    openapi: '/api/v1/auth/totp/confirm',
    permission: 'signedIn',
    body: () => ({ otp: '123456' }),
  },
  {
    method: 'POST',
    url: '/api/v1/auth/password',
    openapi: '/api/v1/auth/password',
    permission: 'signedIn',
    body: () => ({ currentPassword: 'wrong-one', newPassword: 'another-long-one' }),
  },
  {
    method: 'POST',
    url: '/api/v1/auth/sign-out-everywhere',
    openapi: '/api/v1/auth/sign-out-everywhere',
    permission: 'signedIn',
  },
  { method: 'GET', url: '/api/v1/org-units', openapi: '/api/v1/org-units', permission: 'org.read' },
  {
    method: 'GET',
    url: '/api/v1/org-units/unknown',
    openapi: '/api/v1/org-units/{id}',
    permission: 'org.read',
  },
  {
    method: 'POST',
    url: '/api/v1/org-units',
    openapi: '/api/v1/org-units',
    permission: 'org.manage',
    body: () => ({
      code: `T${Math.random().toString(36).slice(2, 8)}`,
      name: 'Test',
      parentCode: 'KYIV-DIC',
    }),
  },
  {
    method: 'PATCH',
    url: '/api/v1/org-units/unknown',
    openapi: '/api/v1/org-units/{id}',
    permission: 'org.manage',
    body: () => ({ name: 'Renamed' }),
  },
  {
    method: 'POST',
    url: '/api/v1/org-units/import',
    openapi: '/api/v1/org-units/import',
    permission: 'org.manage',
    body: () => ({ csv: 'code,name,parent\n', dryRun: true }),
  },
  {
    method: 'PUT',
    url: '/api/v1/settings/org-levels',
    openapi: '/api/v1/settings/org-levels',
    permission: 'settings.manage',
    body: () => ({ levelNames: ['consortium', 'organisation', 'country', 'region', 'site'] }),
  },
  { method: 'GET', url: '/api/v1/users', openapi: '/api/v1/users', permission: 'user.manage' },
  { method: 'GET', url: '/api/v1/users/unknown', openapi: '/api/v1/users/{id}', permission: 'user.manage' },
  {
    method: 'POST',
    url: '/api/v1/users',
    openapi: '/api/v1/users',
    permission: 'user.manage',
    body: () => ({
      username: `u${Math.random().toString(36).slice(2, 8)}`,
      displayName: 'U',
      password: 'a-long-password',
      grants: [{ role: 'site_staff', orgUnitCode: 'KYIV-DIC' }],
    }),
  },
  {
    method: 'POST',
    url: '/api/v1/users/unknown/disable',
    openapi: '/api/v1/users/{id}/disable',
    permission: 'user.manage',
  },
  {
    method: 'POST',
    url: '/api/v1/users/unknown/enable',
    openapi: '/api/v1/users/{id}/enable',
    permission: 'user.manage',
  },
  {
    method: 'POST',
    url: '/api/v1/users/unknown/grants',
    openapi: '/api/v1/users/{id}/grants',
    permission: 'user.manage',
    body: () => ({ role: 'site_staff', orgUnitCode: 'KYIV-DIC' }),
  },
  {
    method: 'POST',
    url: '/api/v1/users/unknown/grants/revoke',
    openapi: '/api/v1/users/{id}/grants/revoke',
    permission: 'user.manage',
    body: () => ({ role: 'site_staff', orgUnitCode: 'KYIV-DIC' }),
  },
  {
    method: 'POST',
    url: '/api/v1/users/unknown/password',
    openapi: '/api/v1/users/{id}/password',
    permission: 'user.manage',
    body: () => ({ password: 'a-long-password' }),
  },
  { method: 'GET', url: '/api/v1/audit', openapi: '/api/v1/audit', permission: 'audit.read' },
];
