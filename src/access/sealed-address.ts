import type { Actor } from './actor.js';

/*
 * A sealed address (she is in a refuge): only her allocated worker sees it. Everyone else, other
 * partner support workers and managers included, sees "Address sealed" and may break the glass
 * with a written reason, which reveals it for that one request and is audited. The database holds
 * the same line (sealed_addresses, row-level security on her allocated worker, migration 0012);
 * this is the application's: every presenter of her address goes through `visibleAddress`.
 */

export type Address = {
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
};

export type VisibleAddress = Address & {
  /** Her address is sealed (whether or not this user may see it). */
  addressSealed: boolean;
  /** Sealed and withheld from this user: show "Address sealed" and the break-the-glass action. */
  addressWithheld: boolean;
};

export const SEALED_ADDRESS_TEXT = 'Address sealed';

const NO_ADDRESS: Address = { addressLine1: null, addressLine2: null, town: null, postcode: null };

/** Only her allocated worker sees a sealed address without breaking the glass. */
export function canSeeSealedAddress(actor: Pick<Actor, 'userId'>, record: { allocatedWorkerId: string | null }): boolean {
  return record.allocatedWorkerId !== null && record.allocatedWorkerId === actor.userId;
}

/**
 * Her address as this user may see it: in full unless sealed; sealed, only to her allocated
 * worker, or to a user who broke the glass in this request (`brokeGlass`).
 */
export function visibleAddress(
  actor: Pick<Actor, 'userId'>,
  record: { addressSealed: boolean; allocatedWorkerId: string | null },
  address: Address,
  brokeGlass = false,
): VisibleAddress {
  if (!record.addressSealed) {
    return { ...address, addressSealed: false, addressWithheld: false };
  }
  if (brokeGlass || canSeeSealedAddress(actor, record)) {
    return { ...address, addressSealed: true, addressWithheld: false };
  }
  return { ...NO_ADDRESS, addressSealed: true, addressWithheld: true };
}
