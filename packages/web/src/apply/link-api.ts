/**
 * The public page's calls to the server. The private link's token is sent in a header, never in a
 * URL the server sees: the page keeps it after `#` in its own address, which browsers do not send.
 */

import type { ApplicantView, PublicCall } from '@harbour/core';
import { ApiError, type Problem } from '../shared/api.js';

const LINK = 'x-application-link';

async function send<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/apply${path}`, {
      method,
      headers: {
        ...(token ? { [LINK]: token } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // Reading the call is the request the page's preload already started (credentials as a
      // preload's); everything else never carries a console session.
      credentials: method === 'GET' && !token ? 'same-origin' : 'omit',
    });
  } catch {
    throw new ApiError({
      type: 'offline',
      title: 'Offline',
      status: 0,
      detail: 'The server cannot be reached',
    });
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const p = (json ?? {}) as Partial<Problem>;
    throw new ApiError({
      type: p.type ?? '',
      title: p.title ?? '',
      status: res.status,
      detail: p.detail ?? '',
      errors: p.errors ?? [],
    });
  }
  return json as T;
}

export const loadCall = (id: string) => send<PublicCall>('GET', `/calls/${id}`, null);
export const sendApplication = (callId: string, body: unknown) =>
  send<{ token: string; application: ApplicantView }>('POST', `/calls/${callId}/applications`, null, body);
export const loadApplication = (token: string) => send<ApplicantView>('GET', '/application', token);
export const changeApplication = (token: string, body: unknown) =>
  send<ApplicantView>('PUT', '/application', token, body);
export const sendReport = (token: string, id: string, body: unknown) =>
  send<ApplicantView>('POST', `/application/reports/${id}`, token, body);

/** A file, with its upload's progress (0–1): a budget scan over 3G takes a while. */
export function sendFile(
  token: string,
  field: string,
  file: File,
  progress: (done: number) => void,
): Promise<ApplicantView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/api/v1/apply/application/files/${encodeURIComponent(field)}`);
    xhr.setRequestHeader(LINK, token);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ApplicantView);
      else {
        const p = body as Partial<Problem>;
        reject(
          new ApiError({
            type: p.type ?? '',
            title: p.title ?? '',
            status: xhr.status,
            detail: p.detail ?? '',
            errors: p.errors ?? [],
          }),
        );
      }
    };
    xhr.onerror = () => reject(new ApiError({ type: 'offline', title: 'Offline', status: 0, detail: '' }));
    xhr.send(file);
  });
}
