import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DayHours } from '../../../../../domain/sla/business-calendar.js';
import type { HolidayRecord } from '../../../../../store/holiday.repository.js';
import { AdminCalendarQuery, AdminCalendarView, AdminHolidayBody, AdminHolidayParams, AdminHolidayView, AdminWeekBody } from '../reference.schema.js';
import { actorOf, adminRefusals } from '../reference.shared.js';

/**
 * The office calendar SLA clocks run on, for administrators: the working week (configured, until set here) and
 * the public holidays of a year, which can be added (lunar ones each year, once notified) and removed. A change is
 * used by every SLA deadline computed after it; deadlines already set stay as they were.
 */
const adminCalendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { referenceAdmin } = app.services;
  app.addHook('preHandler', app.requireStaff(['administrator']));
  const tags = ['administration'];

  app.get('/admin/calendar', { schema: { tags, summary: 'The working week and the holidays of a year', querystring: AdminCalendarQuery, response: { 200: AdminCalendarView, ...adminRefusals } } }, async (request) => {
    const view = await referenceAdmin.calendar(actorOf(request), request.query.year ?? new Date().getUTCFullYear());
    return { ...view, week: view.week.map(presentDay), holidays: view.holidays.map(presentHoliday) };
  });

  app.put(
    '/admin/calendar/week',
    { schema: { tags, summary: 'Set the office week (or null: back to the configured week); new deadlines use it', body: AdminWeekBody, response: { 200: AdminCalendarView, ...adminRefusals } } },
    async (request) => {
      await referenceAdmin.setWeek(actorOf(request), request.body.week);
      const view = await referenceAdmin.calendar(actorOf(request), new Date().getUTCFullYear());
      return { ...view, week: view.week.map(presentDay), holidays: view.holidays.map(presentHoliday) };
    },
  );

  app.post('/admin/calendar/holidays', { schema: { tags, summary: 'Add a public holiday', body: AdminHolidayBody, response: { 201: AdminHolidayView, ...adminRefusals } } }, async (request, reply) =>
    reply.code(201).send(presentHoliday(await referenceAdmin.addHoliday(actorOf(request), request.body))),
  );

  app.delete(
    '/admin/calendar/holidays/:date/:name',
    { schema: { tags, summary: 'Remove a public holiday (by date and English name)', params: AdminHolidayParams, response: { 204: Type.Null(), ...adminRefusals } } },
    async (request, reply) => {
      await referenceAdmin.removeHoliday(actorOf(request), request.params.date, request.params.name);
      return reply.code(204).send(null);
    },
  );
};

function presentHoliday(h: HolidayRecord) {
  return { date: h.date, name: { en: h.nameEn, ur: h.nameUr, ps: h.namePs }, kind: h.kind, provisional: h.provisional };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
function presentDay(d: DayHours) {
  return d ? { open: hhmm(d.open), close: hhmm(d.close) } : null;
}

export default adminCalendarRoutes;
