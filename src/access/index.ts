export { type Actor, hasSide, CASE_SIDES, type CaseSide } from './actor.js';
export {
  ACTIONS,
  type Action,
  can,
  authorize,
  authorizePartnerSide,
  navigationFor,
  homeFor,
  type OwnedRecord,
} from './policy.js';
export { listScope, type ListScope } from './scope.js';
