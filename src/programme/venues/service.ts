import { authorize, can, type Actor } from '../../access/index.js';
import { recordActorEvent } from '../../audit/service.js';
import { withActor, type Db, type Trx } from '../../db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import * as repo from './repository.js';
import type { TVenueInput } from './schemas.js';

type Origin = { ip: string | null };

export type VenueView = { id: string; name: string; address: string | null; active: boolean };

export function presentVenue(row: repo.VenueRow): VenueView {
  return { id: row.id, name: row.name, address: row.address, active: row.active };
}

/** Venues are service settings: management and administrators keep them; staff who run groups read them. */
export class VenueService {
  constructor(private readonly db: Db) {}

  private authorizeRead(actor: Actor): void {
    if (!can(actor, 'programme.view') && !can(actor, 'venue.manage')) {
      throw new ForbiddenError();
    }
  }

  async list(actor: Actor, options: { activeOnly?: boolean } = {}): Promise<VenueView[]> {
    this.authorizeRead(actor);
    return withActor(this.db, actor, async (trx) =>
      (await repo.listVenues(trx, actor.organisationId, options)).map(presentVenue),
    );
  }

  async load(trx: Trx, actor: Actor, venueId: string): Promise<repo.VenueRow> {
    const row = await repo.findVenue(trx, venueId);
    if (!row || row.organisationId !== actor.organisationId) {
      throw new NotFoundError();
    }
    this.authorizeRead(actor);
    return row;
  }

  async view(actor: Actor, venueId: string): Promise<VenueView> {
    return withActor(this.db, actor, async (trx) => presentVenue(await this.load(trx, actor, venueId)));
  }

  async create(actor: Actor, input: TVenueInput, origin: Origin): Promise<string> {
    authorize(actor, 'venue.manage');
    return withActor(this.db, actor, async (trx) => {
      if (await repo.venueNameTaken(trx, actor.organisationId, input.name)) {
        throw new ConflictError('A venue with this name already exists', { name: 'A venue with this name already exists' });
      }
      const id = await repo.insertVenue(trx, { organisationId: actor.organisationId, name: input.name, address: input.address });
      await recordActorEvent(trx, actor, origin, 'venue.created', { type: 'venue', id });
      return id;
    });
  }

  async update(actor: Actor, venueId: string, input: TVenueInput, origin: Origin): Promise<void> {
    await withActor(this.db, actor, async (trx) => {
      const row = await this.load(trx, actor, venueId);
      authorize(actor, 'venue.manage', row);
      if (await repo.venueNameTaken(trx, actor.organisationId, input.name, venueId)) {
        throw new ConflictError('A venue with this name already exists', { name: 'A venue with this name already exists' });
      }
      const active = input.active ?? row.active;
      await repo.updateVenue(trx, venueId, { name: input.name, address: input.address, active });
      await recordActorEvent(trx, actor, origin, 'venue.updated', { type: 'venue', id: venueId }, { active });
    });
  }
}
