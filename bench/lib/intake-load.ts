import { randomInt } from 'node:crypto';
import autocannon from 'autocannon';
import { complaintDescription, pakistaniMobile } from './complaint-text.js';

/** What one autocannon run of complaint submissions measured. */
export interface IntakeResult {
  created: number;
  otherStatuses: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
}

/** Catalogue ids the submissions pick from. */
export interface Catalogue {
  categoryIds: string[];
  districtIds: string[];
}

/** Reads category and district ids through the public API, as a client would. */
export async function fetchCatalogue(baseUrl: string): Promise<Catalogue> {
  const categories = (await getJson(`${baseUrl}/api/v1/categories`)) as { categories: { id: string }[] };
  const areas = (await getJson(`${baseUrl}/api/v1/areas?level=district`)) as { areas: { id: string }[] };
  const catalogue = { categoryIds: categories.categories.map((c) => c.id), districtIds: areas.areas.map((a) => a.id) };
  if (catalogue.categoryIds.length === 0 || catalogue.districtIds.length === 0) throw new Error('the API lists no categories or no districts');
  return catalogue;
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

/** A valid, varied POST /api/v1/complaints body. */
export function complaintBody(catalogue: Catalogue): string {
  return JSON.stringify({
    categoryId: catalogue.categoryIds[randomInt(catalogue.categoryIds.length)],
    description: complaintDescription(),
    location: { areaId: catalogue.districtIds[randomInt(catalogue.districtIds.length)] },
    contact: { name: 'Bench Citizen', phone: pakistaniMobile() },
    language: 'ur',
  });
}

/** POSTs complaints from `connections` connections for `seconds`; every 201's tracking code goes into `codes`. */
export async function runIntakeLoad(baseUrl: string, catalogue: Catalogue, options: { connections: number; seconds: number; codes: string[] }): Promise<IntakeResult> {
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/complaints',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: complaintBody(catalogue) }),
        onResponse: (status, body) => {
          const code = status === 201 ? /"code":"([^"]+)"/.exec(body)?.[1] : undefined;
          if (code) options.codes.push(code);
        },
      },
    ],
  });
  return summarise(result);
}

/** Responses with the status that means success, and the count of each other status. */
export function countStatuses(result: autocannon.Result, success: string): { succeeded: number; otherStatuses: Record<string, number> } {
  const otherStatuses: Record<string, number> = {};
  let succeeded = 0;
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (status === success) succeeded = stat.count ?? 0;
    else otherStatuses[status] = stat.count ?? 0;
  }
  return { succeeded, otherStatuses };
}

function summarise(result: autocannon.Result): IntakeResult {
  const { succeeded: created, otherStatuses } = countStatuses(result, '201');
  return {
    created,
    otherStatuses,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
  };
}
