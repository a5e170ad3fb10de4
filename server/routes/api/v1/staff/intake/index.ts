import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { StaffActor } from '../../../../../domain/permissions/jurisdiction.js';
import type { ScanInput } from '../../../../../services/attachment.service.js';
import { problemResponses } from '../../common.schema.js';
import { presentComplaint } from '../../complaints/presenter.js';
import { ComplaintsCreateResponse } from '../../complaints/schema.js';
import { readLetterParts } from './multipart.js';
import { presentCallerComplaint, presentLetter } from './presenter.js';
import {
  IntakeCallersQuery,
  IntakeCallersResponse,
  IntakeCallsBody,
  IntakeComplaintsBody,
  IntakeFilingsQuery,
  IntakeLetterIdParams,
  IntakeLetterParams,
  IntakeLetterQuery,
  IntakeLettersBody,
  IntakeLettersCreateResponse,
  IntakeLetterView,
} from './schema.js';

const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 409: Type.Ref('Problem'), 413: Type.Ref('Problem'), 415: Type.Ref('Problem'), 429: Type.Ref('Problem') };

/**
 * The intake desk: the helpline (look a caller up, file for them, log the call) and the letter diary (enter a letter,
 * find it by its diary number, print its acknowledgement slip). Intake agents only: they file, they do not work
 * complaints, and they see what they filed and a caller's list of complaints.
 */
const intakeDeskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { intakeDesk } = app.services;
  const { publicUrl } = intakeDesk;
  // Checked on request, before any body is read: a letter's scans are not read at all for someone who may not enter it.
  app.addHook('onRequest', app.requireStaff(['intake_agent']));
  const actor = (request: FastifyRequest): StaffActor => request.staffSession!.actor;
  // The letter's scanned pages, read with its fields before validation and kept out of the validated body.
  const scansOf = new WeakMap<FastifyRequest, ScanInput[]>();

  app.get(
    '/staff/intake/callers',
    { schema: { tags: ['staff'], summary: 'Look a caller up by number: their complaints (codes, categories, states, dates); recorded on the audit log', querystring: IntakeCallersQuery, response: { 200: IntakeCallersResponse, ...refusals } } },
    async (request, reply) => {
      const { complaints, ref } = await intakeDesk.lookUpCaller(actor(request), request.query.phone, request.ip || null);
      reply.header('cache-control', 'private, no-store');
      return { complaints: complaints.map((c) => presentCallerComplaint(c, ref)) };
    },
  );

  app.get(
    '/staff/intake/filings',
    { schema: { tags: ['staff'], summary: 'What you filed (by phone or from letters), newest first', querystring: IntakeFilingsQuery, response: { 200: IntakeCallersResponse, ...refusals } } },
    async (request) => {
      const { complaints, ref } = await intakeDesk.filings(actor(request), request.query.limit);
      return { complaints: complaints.map((c) => presentCallerComplaint(c, ref)) };
    },
  );

  app.post(
    '/staff/intake/complaints',
    { schema: { tags: ['staff'], summary: 'File a complaint for a caller (channel phone); read the tracking code and secret back to them', body: IntakeComplaintsBody, response: { 201: ComplaintsCreateResponse, ...refusals } } },
    async (request, reply) => {
      const { call, ...complaint } = request.body;
      const result = await intakeDesk.fileForCaller(actor(request), complaint, call ?? null);
      const view = result.view ?? (await app.services.complaints.view(result.code, null));
      reply.header('location', `/api/v1/complaints/${result.code}`).header('cache-control', 'private, no-store');
      return reply.code(201).send({ code: result.code, citizenSecret: result.citizenSecret, trackingUrl: `/api/v1/complaints/${result.code}`, complaint: presentComplaint(view) });
    },
  );

  app.post(
    '/staff/intake/calls',
    { schema: { tags: ['staff'], summary: 'Log a call (the number is kept only as a blind index)', body: IntakeCallsBody, response: { 201: Type.Object({ id: Type.String() }), ...refusals } } },
    async (request, reply) => reply.code(201).send(await intakeDesk.logCall(actor(request), request.body)),
  );

  app.post(
    '/staff/intake/letters',
    {
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const { body, scans } = await readLetterParts(request, app.limits.attachmentMaxBytes);
        request.body = body as typeof request.body;
        scansOf.set(request, scans);
      },
      schema: {
        consumes: ['multipart/form-data', 'application/json'],
        tags: ['staff'],
        summary: 'Enter a letter in the office diary and file its complaint (channel letter); file parts are the scanned pages (PDF or images)',
        body: IntakeLettersBody,
        response: { 201: IntakeLettersCreateResponse, ...refusals },
      },
    },
    async (request, reply) => {
      const { diaryNumber, receivedOn, officeId, ...complaint } = request.body;
      const { letter, result } = await intakeDesk.enterLetter(actor(request), { diaryNumber, receivedOn, officeId, complaint }, scansOf.get(request) ?? []);
      const ref = await app.services.reference.current();
      reply.header('location', `/api/v1/staff/intake/letters/${letter.id}/acknowledgement.pdf`).header('cache-control', 'private, no-store');
      return reply.code(201).send({ letter: presentLetter(letter, ref, publicUrl), citizenSecret: result.citizenSecret });
    },
  );

  app.get(
    '/staff/intake/letters/:diaryNumber',
    { schema: { tags: ['staff'], summary: 'A letter you entered, by its office and diary number', params: IntakeLetterParams, querystring: IntakeLetterQuery, response: { 200: IntakeLetterView, ...refusals } } },
    async (request) => {
      const { letter, ref } = await intakeDesk.letterByDiaryNumber(actor(request), request.query.office, request.params.diaryNumber);
      return presentLetter(letter, ref, publicUrl);
    },
  );

  app.get(
    '/staff/intake/letters/:id/acknowledgement.pdf',
    { schema: { tags: ['staff'], summary: 'The acknowledgement slip of a letter you entered (PDF with the tracking code and a QR code to the tracking page)', params: IntakeLetterIdParams, response: { 200: Type.Any({ description: 'the PDF' }), ...refusals } } },
    async (request, reply) => {
      const { letter, pdf } = await intakeDesk.acknowledgement(actor(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="acknowledgement-${letter.code}.pdf"`)
        .send(pdf);
    },
  );
};

export default intakeDeskRoutes;
