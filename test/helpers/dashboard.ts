import type { FastifyInstance } from 'fastify';
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import type { SignedIn } from './staff.js';

/** Puts a staff member's session cookie (from signing in through the API) into a browser context, as signing in would. */
export async function signInBrowser(context: BrowserContext, base: string, who: SignedIn): Promise<void> {
  const [name, ...value] = who.cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: base, httpOnly: true, sameSite: 'Lax' }]);
}

/** Complaints for the figures: filed through the API; `resolveWith` acknowledges and resolves each as that officer. */
export async function fileComplaints(app: FastifyInstance, options: { categoryId: string; areaId: string; count: number; resolveWith?: SignedIn; satisfied?: boolean }): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const filed = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { categoryId: options.categoryId, description: 'The water supply in our street has been cut for a week.', location: { areaId: options.areaId }, contact: { phone: '03001234567' } } });
    expect(filed.statusCode, filed.body).toBe(201);
    const { code, citizenSecret } = filed.json() as { code: string; citizenSecret: string };
    codes.push(code);
    if (!options.resolveWith) continue;
    for (const [action, payload] of [['acknowledge', undefined], ['resolve', { outcome: 'full_relief', reason: 'Pipe repaired.' }]] as const) {
      const response = await app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${code}/${action}`, headers: options.resolveWith.headers, ...(payload && { payload }) });
      expect(response.statusCode, response.body).toBeLessThan(300);
    }
    if (options.satisfied) {
      const response = await app.inject({ method: 'POST', url: `/api/v1/complaints/${code}/feedback`, headers: { authorization: `Bearer ${citizenSecret}` }, payload: { satisfied: true } });
      expect(response.statusCode, response.body).toBe(200);
    }
  }
  return codes;
}
