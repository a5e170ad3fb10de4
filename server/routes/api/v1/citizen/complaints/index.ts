import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentComplaint } from '../../complaints/presenter.js';
import { problemResponses } from '../../common.schema.js';
import { presentCitizenComplaint } from './presenter.js';
import { CitizenComplaintParams, CitizenComplaintsPage, CitizenComplaintsQuery } from './schema.js';

const refusals = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') };

/** The signed-in citizen's complaints: every one filed with their verified phone number or e-mail address. */
const citizenComplaintRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/citizen/complaints',
    {
      preHandler: app.requireCitizen(),
      schema: { tags: ['citizens'], summary: 'Your complaints, filed by any channel with your verified number or address, newest first', querystring: CitizenComplaintsQuery, response: { 200: CitizenComplaintsPage, ...refusals } },
    },
    async (request) => {
      const page = await app.services.citizenAccounts.complaints(request.citizenSession!, { limit: request.query.limit ?? 20, ...(request.query.after !== undefined && { after: request.query.after }) });
      return { complaints: page.rows.map((c) => presentCitizenComplaint(c, page.ref)), next: page.next };
    },
  );

  app.get(
    '/citizen/complaints/:code',
    {
      preHandler: app.requireCitizen(),
      schema: { tags: ['citizens'], summary: 'One of your complaints, with your own text and photos (as with its secret)', params: CitizenComplaintParams, response: { 200: Type.Ref('ComplaintPublic'), ...refusals } },
    },
    async (request) => presentComplaint(await app.services.complaints.view(request.params.code, { contacts: request.citizenSession!.lookups })),
  );
};

export default citizenComplaintRoutes;
