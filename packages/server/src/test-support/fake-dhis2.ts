/**
 * A stand-in for a DHIS2 server's POST /api/dataValueSets (no DHIS2 can run here): it checks the
 * credentials and every id against what it knows, honours dryRun, and answers with an import
 * summary and conflicts in the shape DHIS2 2.38+ uses (wrapped in `response`, 409 when conflicts).
 * It also answers GET /api/dataSets/{id}?fields=… for the data sets it is given, nested as DHIS2
 * nests them (dataSetElements[dataElement[categoryCombo[categoryOptionCombos]]], organisationUnits),
 * and 404 for any other id.
 */

import { createServer, type Server } from 'node:http';

export interface FakeDataSet {
  name: string;
  dataElements: { id: string; name: string; categoryOptionCombos: { id: string; name: string }[] }[];
  orgUnits: { id: string; name: string; code?: string }[];
}

export interface FakeDhis2 {
  url: string;
  /** The `fields` of each metadata request, in order. */
  metadataFields: string[];
  stored: Map<string, string>;
  requests: { dryRun: boolean; authorization: string | undefined; count: number }[];
  close(): Promise<void>;
}

export async function startFakeDhis2(known: {
  dataElements: string[];
  orgUnits: string[];
  categoryOptionCombos: string[];
  username: string;
  password: string;
  token?: string;
  dataSets?: Record<string, FakeDataSet>;
}): Promise<FakeDhis2> {
  const metadataFields: string[] = [];
  const stored = new Map<string, string>();
  const requests: FakeDhis2['requests'] = [];
  const basic = `Basic ${Buffer.from(`${known.username}:${known.password}`).toString('base64')}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const dataSetPath = /^\/api\/dataSets\/([^/]+)$/.exec(url.pathname);
    const isPush = req.method === 'POST' && url.pathname === '/api/dataValueSets';
    if (!isPush && !(req.method === 'GET' && dataSetPath)) {
      res.writeHead(404).end();
      return;
    }
    const auth = req.headers.authorization;
    if (auth !== basic && !(known.token && auth === `ApiToken ${known.token}`)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          httpStatus: 'Unauthorized',
          httpStatusCode: 401,
          status: 'ERROR',
          message: 'Unauthorized',
        }),
      );
      return;
    }
    if (dataSetPath) {
      metadataFields.push(url.searchParams.get('fields') ?? '');
      const id = decodeURIComponent(dataSetPath[1]!);
      const set = known.dataSets?.[id];
      if (!set) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            httpStatus: 'Not Found',
            httpStatusCode: 404,
            status: 'ERROR',
            message: `DataSet with id ${id} could not be found.`,
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          name: set.name,
          dataSetElements: set.dataElements.map((d) => ({
            dataElement: {
              id: d.id,
              name: d.name,
              categoryCombo: { categoryOptionCombos: d.categoryOptionCombos },
            },
          })),
          organisationUnits: set.orgUnits,
        }),
      );
      return;
    }
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const dryRun = url.searchParams.get('dryRun') === 'true';
      const set = JSON.parse(body) as {
        dataValues: {
          dataElement: string;
          period: string;
          orgUnit: string;
          categoryOptionCombo?: string;
          value: string;
        }[];
      };
      requests.push({ dryRun, authorization: auth, count: set.dataValues.length });
      const conflicts: { object: string; value: string; errorCode: string }[] = [];
      let imported = 0;
      let updated = 0;
      let ignored = 0;
      for (const dv of set.dataValues) {
        if (!known.dataElements.includes(dv.dataElement))
          conflicts.push({
            object: dv.dataElement,
            value: 'Data element not found or not accessible',
            errorCode: 'E7610',
          });
        else if (!known.orgUnits.includes(dv.orgUnit))
          conflicts.push({
            object: dv.orgUnit,
            value: 'Organisation unit not found or not accessible',
            errorCode: 'E7612',
          });
        else if (dv.categoryOptionCombo && !known.categoryOptionCombos.includes(dv.categoryOptionCombo))
          conflicts.push({
            object: dv.categoryOptionCombo,
            value: 'Category option combo not found or not accessible',
            errorCode: 'E7613',
          });
        else if (!/^-?\d+(\.\d+)?$/.test(dv.value))
          conflicts.push({ object: dv.value, value: 'Data value is not numeric', errorCode: 'E7619' });
        else {
          const key = `${dv.dataElement}|${dv.period}|${dv.orgUnit}|${dv.categoryOptionCombo ?? ''}`;
          if (stored.has(key)) updated++;
          else imported++;
          if (!dryRun) stored.set(key, dv.value);
          continue;
        }
        ignored++;
      }
      const status = conflicts.length ? 'WARNING' : 'SUCCESS';
      res.writeHead(conflicts.length ? 409 : 200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          httpStatus: conflicts.length ? 'Conflict' : 'OK',
          httpStatusCode: conflicts.length ? 409 : 200,
          status,
          message: conflicts.length
            ? 'One more conflicts encountered, please check import summary.'
            : 'Import was successful.',
          response: {
            responseType: 'ImportSummary',
            status,
            importOptions: { dryRun },
            importCount: { imported, updated, ignored, deleted: 0 },
            conflicts,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    metadataFields,
    stored,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
