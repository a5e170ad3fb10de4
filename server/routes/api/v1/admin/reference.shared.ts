import { Type } from 'typebox';
import type { StaffActor } from '../../../../domain/permissions/jurisdiction.js';
import { problemResponses } from '../common.schema.js';

/** The refusals of every administration route. */
export const adminRefusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 404: Type.Ref('Problem'), 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

/** The signed-in administrator (requireStaff has run). */
export function actorOf(request: { staffSession: { actor: StaffActor } | null }): StaffActor {
  return request.staffSession!.actor;
}
