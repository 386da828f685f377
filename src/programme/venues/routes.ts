import type { FastifyInstance } from 'fastify';
import { can } from '../../access/index.js';
import { originOf, parseInput, requireActor } from '../../web/http.js';
import { fromForm } from '../catalogue/schemas.js';
import { flashFrom } from '../route-helpers.js';
import { formOf, handleForm, type IdParams } from '../../web/forms.js';
import type { ProgrammeServices } from '../services.js';
import { VENUE_FORM_FIELDS, ZVenueInput } from './schemas.js';

const LIST = 'programme/venues/views/venues.njk';
const FORM = 'programme/venues/views/venue-form.njk';

const activeItems = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: value !== 'no' && value !== false },
  { value: 'no', text: 'No, closed', checked: value === 'no' || value === false },
];

export function venueRoutes(app: FastifyInstance, { venues }: ProgrammeServices): void {
  const formContext = (values: Record<string, unknown>, editing: { id: string; name: string } | null) => ({
    title: editing ? `Change ${editing.name}` : 'Add a venue',
    backLink: '/venues',
    action: editing ? `/venues/${editing.id}/edit` : '/venues/new',
    editing: editing !== null,
    values,
    activeItems: activeItems(values.active),
  });

  app.get('/venues', async (request, reply) => {
    const actor = requireActor(request);
    return reply.view(LIST, {
      title: 'Venues',
      venues: await venues.list(actor),
      canManage: can(actor, 'venue.manage'),
      canSeeCalendars: can(actor, 'programme.view'),
      flash: flashFrom(request.query),
    });
  });

  app.get('/venues/new', async (request, reply) => {
    if (!can(requireActor(request), 'venue.manage')) {
      return reply.callNotFound();
    }
    return reply.view(FORM, formContext({}, null));
  });

  app.post('/venues/new', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), VENUE_FORM_FIELDS);
    return handleForm(
      reply,
      async () => {
        await venues.create(actor, parseInput(ZVenueInput, values), originOf(request));
        return reply.redirect('/venues?saved=1', 303);
      },
      async () => ({ template: FORM, context: formContext(values, null) }),
    );
  });

  app.get<IdParams>('/venues/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const venue = await venues.view(actor, request.params.id);
    if (!can(actor, 'venue.manage')) {
      return reply.callNotFound();
    }
    return reply.view(
      FORM,
      formContext({ name: venue.name, address: venue.address, active: venue.active ? 'yes' : 'no' }, venue),
    );
  });

  app.post<IdParams>('/venues/:id/edit', async (request, reply) => {
    const actor = requireActor(request);
    const values = fromForm(formOf(request.body), VENUE_FORM_FIELDS);
    return handleForm(
      reply,
      async () => {
        await venues.update(actor, request.params.id, parseInput(ZVenueInput, values), originOf(request));
        return reply.redirect('/venues?saved=1', 303);
      },
      async () => ({ template: FORM, context: formContext(values, await venues.view(actor, request.params.id)) }),
    );
  });
}
