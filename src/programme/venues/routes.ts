import type { FastifyInstance } from 'fastify';
import { can } from '../../access/index.js';
import { parseInput } from '../../web/http.js';
import { form, page, type FormBody } from '../../web/route.js';
import { fromForm } from '../catalogue/schemas.js';
import { notFound, restrictedFormPage } from '../form-pages.js';
import { flashFrom } from '../route-helpers.js';
import type { ProgrammeServices } from '../services.js';
import { VENUE_FORM_FIELDS, ZVenueInput } from './schemas.js';

const LIST = 'programme/venues/views/venues.njk';
const FORM = 'programme/venues/views/venue-form.njk';

const activeItems = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: value !== 'no' && value !== false },
  { value: 'no', text: 'No, closed', checked: value === 'no' || value === false },
];

const venueValues = (form: FormBody) => fromForm(form, VENUE_FORM_FIELDS);

export function venueRoutes(app: FastifyInstance, { venues }: ProgrammeServices): void {
  const formContext = (values: Record<string, unknown>, editing: { id: string; name: string } | null) => ({
    title: editing ? `Change ${editing.name}` : 'Add a venue',
    backLink: '/venues',
    action: editing ? `/venues/${editing.id}/edit` : '/venues/new',
    editing: editing !== null,
    values,
    activeItems: activeItems(values.active),
  });

  page(app, '/venues', LIST, async ({ actor, query }) => ({
    title: 'Venues',
    venues: await venues.list(actor),
    canManage: can(actor, 'venue.manage'),
    canSeeCalendars: can(actor, 'programme.view'),
    flash: flashFrom(query),
  }));

  restrictedFormPage(app, (actor) => can(actor, 'venue.manage'), {
    url: '/venues/new',
    view: FORM,
    context: (_call, form) => formContext(form ? venueValues(form) : {}, null),
    save: async ({ actor, origin }, form) => {
      await venues.create(actor, parseInput(ZVenueInput, venueValues(form)), origin);
      return '/venues?saved=1';
    },
  });

  // The venue is read (with its access check) before "not found" is answered to anyone who may not change it.
  page(app, '/venues/:id/edit', FORM, async ({ actor, params, reply }) => {
    const venue = await venues.view(actor, params.id);
    const current = { name: venue.name, address: venue.address, active: venue.active ? 'yes' : 'no' };
    return can(actor, 'venue.manage') ? formContext(current, venue) : notFound(reply);
  });

  form(app, {
    url: '/venues/:id/edit',
    view: FORM,
    context: async ({ actor, params }, form) => formContext(venueValues(form), await venues.view(actor, params.id)),
    save: async ({ actor, params, origin }, form) => {
      await venues.update(actor, params.id, parseInput(ZVenueInput, venueValues(form)), origin);
      return '/venues?saved=1';
    },
  });
}
