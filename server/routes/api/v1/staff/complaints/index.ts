import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { StaffActor } from '../../../../../domain/permissions/jurisdiction.js';
import { invalidFields } from '../../../../../errors.js';
import type { StaffCommand } from '../../../../../services/staff-action.service.js';
import { problemResponses } from '../../common.schema.js';
import { presentQueueItem, presentStaffComplaint } from './presenter.js';
import {
  AssignBody, BulkAssignBody, BulkResponse, BulkTransferBody, MergeBody, NoteBody, OfficeBody, OfficersParams, OfficesQuery, OfficesResponse, OfficersResponse, PossibleDuplicatesResponse, QuestionBody,
  ContactBody, ContactResponse, ReasonBody, RecategoriseBody, ResolveBody, StaffActionHeaders, StaffAttachmentParams, StaffComplaintParams, StaffQueueQuery, StaffQueueResponse, TransferBody, UpdateBody,
} from './schema.js';

const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 409: Type.Ref('Problem'), 413: Type.Ref('Problem'), 415: Type.Ref('Problem') };
const WORKING_ROLES = ['officer', 'head_of_office', 'department_monitor', 'provincial_monitor'] as const;

/** The staff console's API: queues, complaints with their whole timeline, and every staff action. */
const staffComplaintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { staffComplaints, staffActions } = app.services;
  app.addHook('preHandler', app.requireStaff(WORKING_ROLES));
  const actor = (request: FastifyRequest): StaffActor => request.staffSession!.actor;

  app.get('/staff/complaints', { schema: { tags: ['staff'], summary: 'Your queue: complaints in your jurisdiction, most urgent first', querystring: StaffQueueQuery, response: { 200: StaffQueueResponse, ...refusals } } }, async (request) => {
    const { state, after, escalationLevel, ...rest } = request.query;
    const { items, ref } = await staffComplaints.list(actor(request), { ...rest, ...(state && { states: state }), ...(escalationLevel !== undefined && { minEscalationLevel: escalationLevel }), ...(after && { after: decodeCursor(after) }), limit: request.query.limit + 1 });
    const page = items.slice(0, request.query.limit);
    const last = page.at(-1);
    const now = new Date();
    return { items: page.map((i) => presentQueueItem(i, ref, now)), next: items.length > request.query.limit && last ? encodeCursor(last.dueAt, last.id) : null };
  });

  app.get(
    '/staff/complaints/:code',
    { schema: { tags: ['staff'], summary: 'A complaint with its whole timeline (internal notes too) and the actions open to you', params: StaffComplaintParams, response: { 200: Type.Ref('StaffComplaintView'), ...refusals } } },
    async (request, reply) => {
      const view = await staffComplaints.view(actor(request), request.params.code);
      reply.header('etag', `"${view.complaint.eventCount}"`).header('cache-control', 'private, no-store');
      return presentStaffComplaint(view);
    },
  );

  app.get(
    '/staff/complaints/:code/duplicates',
    { schema: { tags: ['staff'], summary: 'Open complaints you may see that may be the same problem (candidates to merge), most alike first', params: StaffComplaintParams, response: { 200: PossibleDuplicatesResponse, ...refusals } } },
    async (request, reply) => {
      const found = await staffComplaints.possibleDuplicates(actor(request), request.params.code);
      reply.header('cache-control', 'private, no-store');
      return { duplicates: found.map((d) => ({ ...d, submittedAt: d.submittedAt.toISOString() })) };
    },
  );

  app.get(
    '/staff/complaints/:code/attachments/:attachmentId',
    { schema: { tags: ['staff'], summary: 'A photo of a complaint in your jurisdiction', params: StaffAttachmentParams, response: { 200: Type.Any({ description: 'the image bytes' }), ...refusals } } },
    async (request, reply) => {
      const { meta, data } = await staffComplaints.attachment(actor(request), request.params.code, request.params.attachmentId);
      return reply.type(meta.contentType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').header('content-disposition', `inline; filename="${meta.filename.replace(/[^\w.-]+/g, '_')}"`).send(data);
    },
  );

  // Each action is its own route (so the API description lists them), all through StaffActionService.act.
  const action = <B extends TSchema>(path: string, summary: string, body: B | null, toCommand: (body: Static<B>) => StaffCommand) => {
    app.post(
      `/staff/complaints/:code/${path}`,
      { schema: { tags: ['staff'], summary, params: StaffComplaintParams, headers: StaffActionHeaders, ...(body && { body }), response: { 200: Type.Ref('StaffComplaintView'), 204: Type.Null(), ...refusals } } },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const version = ifMatch === undefined ? null : Number(ifMatch.replace(/[^\d]/g, ''));
        await staffActions.act(request.params.code, actor(request), toCommand(request.body as Static<B>), version);
        const view = await staffComplaints.view(actor(request), request.params.code).catch(() => null);
        // A transfer can take the complaint out of the actor's jurisdiction: then the answer is what they did, not what they may no longer see.
        if (!view) return reply.code(204).send(null);
        reply.header('etag', `"${view.complaint.eventCount}"`);
        return presentStaffComplaint(view);
      },
    );
  };
  action('acknowledge', 'Acknowledge: the office has started work', null, () => ({ type: 'acknowledge' }));
  action('assign', 'Assign to an officer of the office (heads of office)', AssignBody, (b) => ({ type: 'assign_officer', officerId: b.officerId }));
  action('information-requests', 'Ask the citizen for information (pauses the SLA clock)', QuestionBody, (b) => ({ type: 'ask_information', question: b.question.trim() }));
  action('notes', 'Add an internal note (staff only)', NoteBody, (b) => ({ type: 'add_note', text: b.text }));
  action('updates', 'Post a public update', UpdateBody, (b) => ({ type: 'public_update', text: b.text, ...(b.photos && { photos: b.photos }) }));
  action('transfer', 'Transfer to the office that should handle it ("not our department" is a transfer, never a closure), optionally with its right category', TransferBody, (b) => ({ type: 'transfer', toOfficeId: b.toOfficeId, reason: b.reason, ...(b.categoryId && { categoryId: b.categoryId }) }));
  action('category', "Put the complaint in another category of its department (a correction the routing classifier learns from); another department's category is a transfer", RecategoriseBody, (b) => ({ type: 'recategorise', categoryId: b.categoryId, reason: b.reason }));
  action('office', 'Place a complaint from triage with an office', OfficeBody, (b) => ({ type: 'assign_office', officeId: b.officeId }));
  action('resolve', 'Resolve with an outcome and evidence (only the citizen closes it)', ResolveBody, (b) => ({ type: 'resolve', outcome: b.outcome, ...(b.reason && { reason: b.reason }), ...(b.photos && { photos: b.photos }) }));
  action('rejection-proposal', 'Propose rejection (a head of office decides)', ReasonBody, (b) => ({ type: 'propose_rejection', reason: b.reason }));
  action('reject', 'Reject (heads of office; the citizen may contest)', ReasonBody, (b) => ({ type: 'reject', reason: b.reason }));
  action('merge', 'Merge as a duplicate into a master complaint', MergeBody, (b) => ({ type: 'merge_duplicate', masterCode: b.masterCode }));

  app.post('/staff/complaints/bulk/assign', { schema: { tags: ['staff'], summary: 'Assign many complaints to one officer (heads of office)', body: BulkAssignBody, response: { 200: BulkResponse, ...refusals } } }, async (request) => ({
    results: await staffActions.bulk(request.body.codes, actor(request), { type: 'assign_officer', officerId: request.body.officerId }),
  }));
  app.post('/staff/complaints/bulk/transfer', { schema: { tags: ['staff'], summary: 'Transfer many complaints to one office (heads of office)', body: BulkTransferBody, response: { 200: BulkResponse, ...refusals } } }, async (request) => ({
    results: await staffActions.bulk(request.body.codes, actor(request), { type: 'transfer', toOfficeId: request.body.toOfficeId, reason: request.body.reason }),
  }));

  app.post(
    '/staff/complaints/:code/contact',
    {
      schema: {
        tags: ['staff'],
        summary: 'See the citizen’s contact details (say why: every read is recorded on the audit log)',
        params: StaffComplaintParams,
        body: ContactBody,
        response: { 200: ContactResponse, ...refusals },
      },
    },
    async (request, reply) => {
      const revealed = await app.services.contacts.revealContact(request.params.code, actor(request), request.body.purpose, request.body.fields);
      reply.header('cache-control', 'private, no-store');
      return { ...revealed, anonymisedAt: revealed.anonymisedAt?.toISOString() ?? null };
    },
  );

  // Every active office (public names), for choosing where to transfer a complaint or place it from triage.
  app.get('/staff/offices', { schema: { tags: ['staff'], summary: 'Offices to transfer a complaint to or place it with', querystring: OfficesQuery, response: { 200: OfficesResponse, ...refusals } } }, async (request) => {
    const ref = await app.services.reference.current();
    const { departmentId, areaId } = request.query;
    const within = (id: string): boolean => {
      for (let at = ref.areas.get(id); at; at = at.parentId ? ref.areas.get(at.parentId) : undefined) if (at.id === areaId) return true;
      return false;
    };
    const offices = [...ref.offices.values()]
      .filter((o) => (departmentId === undefined || o.departmentId === departmentId) && (areaId === undefined || within(o.areaId)))
      .sort((a, b) => a.name.en.localeCompare(b.name.en) || a.id.localeCompare(b.id));
    const named = (x: { id: string; name: { en: string; ur: string | null; ps: string | null } } | undefined) => (x ? { id: x.id, name: x.name } : null);
    return { offices: offices.map((o) => ({ id: o.id, name: o.name, department: named(ref.departments.get(o.departmentId)), area: named(ref.areas.get(o.areaId)) })) };
  });

  app.get('/staff/offices/:officeId/officers', { schema: { tags: ['staff'], summary: 'Who a complaint of this office can be assigned to', params: OfficersParams, response: { 200: OfficersResponse, ...refusals } } }, async (request) => ({
    officers: await staffComplaints.officersOf(actor(request), request.params.officeId),
  }));
};

/** The queue's keyset cursor: the last item's deadline and id, opaque to clients. */
export function encodeCursor(dueAt: Date | null, id: string): string {
  return Buffer.from(JSON.stringify([dueAt?.toISOString() ?? null, id])).toString('base64url');
}

/** Reads a cursor back; a 400 naming `after` when it is not one of ours. */
export function decodeCursor(text: string): { dueAt: Date | null; id: string } {
  try {
    const [due, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    const dueAt = due === null ? null : new Date(String(due));
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && (dueAt === null || !Number.isNaN(dueAt.getTime()))) return { dueAt, id };
  } catch {
    // reported below
  }
  throw invalidFields('The page cursor is not valid.', [{ pointer: '/querystring/after', detail: 'not a cursor this API gave out' }]);
}

export default staffComplaintRoutes;
