/** The one answer to every failed sign-in, and the error that carries it. */

/**
 * Said for every failed sign-in — unknown user, wrong password, disabled or locked account — so nobody
 * learns which usernames exist or which accounts an attack has locked.
 */
export const SIGN_IN_FAILED =
  'The username or password is wrong, or the account is locked for a while after repeated failures';

export class SignInError extends Error {
  readonly status: number;
  constructor(message: string, status = 401) {
    super(message);
    this.name = 'SignInError';
    this.status = status;
  }
}
