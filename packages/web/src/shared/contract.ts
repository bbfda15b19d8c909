/**
 * The console's view of the server's API contract (contract.gen.ts, generated from the OpenAPI document
 * the server builds out of its routes' schemas). A URL written as a template, `/clients/${id}`, is
 * matched to its route, `/api/v1/clients/{id}`, so `get` returns the route's own answer type: a server
 * change the console does not follow fails `npm run typecheck`.
 */

import type { paths } from './contract.gen.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type V1Route = Extract<keyof paths, `/api/v1/${string}`>;
type Local<P> = P extends `/api/v1${infer R}` ? R : never;

/** `/clients/{id}/timeline` as the URLs it answers: `/clients/${string}/timeline`. */
type Pattern<P extends string> = P extends `${infer A}{${string}}${infer B}`
  ? `${A}${string}${Pattern<B>}`
  : P;
type Reaches<P extends string> = Pattern<Local<P>> | `${Pattern<Local<P>>}?${string}`;

type Operation<P extends V1Route, M extends Method> = paths[P][M];
type RoutesOf<M extends Method> = {
  [P in V1Route]: Operation<P, M> extends { responses: unknown } ? P : never;
}[V1Route];

/** Every URL the console may send with this method, as the type a template literal gets. */
export type Url<M extends Method> = Reaches<RoutesOf<M>>;

/** The routes a URL could be, the most specific kept (`/clients/lookup` over `/clients/{id}`). */
type Candidates<M extends Method, U extends string> = {
  [P in RoutesOf<M>]: U extends Reaches<P> ? P : never;
}[RoutesOf<M>];
type MoreSpecific<C extends string, Others extends string> = Others extends unknown
  ? Pattern<Others> extends Pattern<C>
    ? Others
    : never
  : never;
type MostSpecific<C extends string, All extends string = C> = C extends unknown
  ? [MoreSpecific<C, Exclude<All, C>>] extends [never]
    ? C
    : never
  : never;
// Each URL of a union on its own: `/x/${string}` and `/x/${string}/y` are two routes, not the more specific one twice.
export type RouteOf<M extends Method, U extends string> = U extends unknown
  ? MostSpecific<Candidates<M, U>>
  : never;

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type SuccessOf<O> = O extends { responses: infer R }
  ? JsonOf<R[Extract<keyof R, 200 | 201>]> | (204 extends keyof R ? undefined : never)
  : never;
/**
 * A body as the console's forms hold it: every field and its kind checked, but a chosen word (one of
 * an enum's values) as any text, because a form's select keeps text and the server names a wrong
 * word as a field error anyway.
 */
type Loose<T> = T extends string
  ? string
  : T extends boolean
    ? boolean
    : T extends readonly (infer E)[]
      ? Loose<E>[]
      : T extends object
        ? { [K in keyof T]: Loose<T[K]> }
        : T;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? Loose<B>
  : O extends { requestBody?: { content: { 'application/json': infer B } } }
    ? Loose<B> | undefined
    : undefined;

/** What a route answers on success, by its OpenAPI path: `Answer<'/api/v1/clients/{id}'>`. */
export type Answer<P extends V1Route, M extends Method = 'get'> = SuccessOf<Operation<P, M>>;
/** What a route takes as its JSON body. */
export type Body<P extends V1Route, M extends Method> = BodyOf<Operation<P, M>>;

/** The answer and body of the route a URL reaches. */
export type AnswerAt<M extends Method, U extends string> = SuccessOf<Operation<RouteOf<M, U>, M>>;
export type BodyAt<M extends Method, U extends string> = BodyOf<Operation<RouteOf<M, U>, M>>;
