/**
 * Requests Harbour itself sends to a server an administrator named (DHIS2). The address is checked
 * where the connection is made — after DNS, so a name that resolves to a private address is caught
 * too — and loopback, private, link-local and other internal ranges are refused unless the operator
 * allows them (`HARBOUR_DHIS2_ALLOW_PRIVATE=true`, for a DHIS2 on the same network). Otherwise the
 * server could be used to reach what only it can reach.
 */

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(net, bits, 'ipv6');

/** True for an address no outside server has: loopback, private, link-local, multicast, reserved. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return internal.check(mapped[1]!, 'ipv4');
    return internal.check(address, 'ipv6');
  }
  return true;
}

export class OutboundRefused extends Error {
  constructor(host: string) {
    super(
      `${host} is a loopback, private or link-local address; Harbour sends data only to outside servers unless the operator sets HARBOUR_DHIS2_ALLOW_PRIVATE=true`,
    );
    this.name = 'OutboundRefused';
  }
}

export interface OutboundAnswer {
  status: number;
  text: string;
}

/** Answers longer than this are neither import summaries nor one data set's metadata: read no further. */
const MAX_ANSWER = 2 * 1024 * 1024;

/** POSTs a JSON body; refuses internal addresses unless allowed. */
export function postJson(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<OutboundAnswer> {
  return send('POST', url, headers, body, options);
}

/** GETs (DHIS2 metadata); the same checks as a POST. */
export function getJson(
  url: URL,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<OutboundAnswer> {
  return send('GET', url, headers, null, options);
}

function send(
  method: 'GET' | 'POST',
  url: URL,
  headers: Record<string, string>,
  body: string | null,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<OutboundAnswer> {
  const checkedLookup = (
    hostname: string,
    opts: object,
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...opts, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      if (!options.allowPrivate && list.some((a) => isInternalAddress(a.address)))
        return callback(new OutboundRefused(hostname), []);
      if ((opts as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  // A literal address never goes through the lookup: check it here.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !options.allowPrivate && isInternalAddress(host))
    return Promise.reject(new OutboundRefused(host));
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: body === null ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: checkedLookup as never,
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER) {
            res.destroy();
            resolve({ status: res.statusCode ?? 0, text: '' });
            return;
          }
          chunks.push(c);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)} s`)),
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
