import { router } from './init';
import { authRouter } from './routers/auth';
import { invitationsRouter } from './routers/invitations';
import { organizationsRouter } from './routers/organizations';
import { usersRouter } from './routers/users';
import { sitesRouter } from './routers/sites';
import { devicesRouter } from './routers/devices';
import { energyRouter } from './routers/energy';
import { gatewaysRouter } from './routers/gateways';
import { membersRouter } from './routers/members';
import { auditRouter } from './routers/audit';
import { homeownerRouter } from './routers/homeowner';
import { notificationsRouter } from './routers/notifications';
import { profileRouter } from './routers/profile';
import { tariffsRouter } from './routers/tariffs';
import { mandatesRouter } from './routers/mandates';
import { commissioningRouter } from './routers/commissioning';
import { alarmsRouter } from './routers/alarms';
import { fleetRouter } from './routers/fleet';
import { modulesRouter } from './routers/modules';
import { firmwareRouter } from './routers/firmware';
import { controlRouter } from './routers/control';

/**
 * The API for typed clients (the mobile app). Every procedure is one service call with the caller's Actor; none checks
 * roles itself. Each area has its own file under `routers/`. The tenant-isolation suite walks this router, so a new
 * procedure is covered without edits.
 */
export const appRouter = router({
  control: controlRouter,
  auth: authRouter,
  invitations: invitationsRouter,
  organizations: organizationsRouter,
  users: usersRouter,
  sites: sitesRouter,
  devices: devicesRouter,
  energy: energyRouter,
  gateways: gatewaysRouter,
  members: membersRouter,
  audit: auditRouter,
  tariffs: tariffsRouter,
  profile: profileRouter,
  notifications: notificationsRouter,
  homeowner: homeownerRouter,
  mandates: mandatesRouter,
  commissioning: commissioningRouter,
  alarms: alarmsRouter,
  fleet: fleetRouter,
  modules: modulesRouter,
  firmware: firmwareRouter,
});

export type AppRouter = typeof appRouter;
