export { type Actor, type RequestOrigin, hasSide, CASE_SIDES, type CaseSide } from './actor.js';
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
export { type Address, type VisibleAddress, SEALED_ADDRESS_TEXT, canSeeSealedAddress, visibleAddress } from './sealed-address.js';
export { type RiskPictureLinks, herRiskPictureLinks, hisRiskPictureLinks } from './risk-picture-links.js';
