import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AttendanceGridService } from './attendance/grid-service.js';
import { CalendarService } from './sessions/calendar-service.js';
import { CatalogueItemsService } from './catalogue/items-service.js';
import { CatalogueService } from './catalogue/service.js';
import { EnrolmentService } from './groups/enrolments-service.js';
import { GroupService } from './groups/service.js';
import { NonAssociationService } from './groups/non-associations-service.js';
import { OneToOneService } from './sessions/one-to-one-service.js';
import { SessionChangeService } from './sessions/changes-service.js';
import { SessionService } from './sessions/service.js';
import { VenueService } from './venues/service.js';

/** Programme delivery's services: the catalogue, venues, groups, waiting lists, sessions and calendars. */
export type ProgrammeServices = {
  catalogue: CatalogueService;
  catalogueItems: CatalogueItemsService;
  venues: VenueService;
  groups: GroupService;
  enrolments: EnrolmentService;
  nonAssociations: NonAssociationService;
  sessions: SessionService;
  sessionChanges: SessionChangeService;
  calendar: CalendarService;
  oneToOne: OneToOneService;
  /** The attendance grid on a group's page (the registers themselves are in src/app/services.ts). */
  attendanceGrid: AttendanceGridService;
};

export function createProgrammeServices(db: Db, config: Pick<Config, 'workingDaysRegion'>): ProgrammeServices {
  const catalogue = new CatalogueService(db);
  return {
    catalogue,
    catalogueItems: new CatalogueItemsService(db, catalogue),
    venues: new VenueService(db),
    groups: new GroupService(db),
    enrolments: new EnrolmentService(db),
    nonAssociations: new NonAssociationService(db),
    sessions: new SessionService(db, config.workingDaysRegion),
    sessionChanges: new SessionChangeService(db),
    calendar: new CalendarService(db),
    oneToOne: new OneToOneService(db),
    attendanceGrid: new AttendanceGridService(db),
  };
}
