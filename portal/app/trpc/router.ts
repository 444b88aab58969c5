import { router } from './init';
import { alarmsRouter } from './routers/alarms';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { commissioningRouter } from './routers/commissioning';
import { controlRouter } from './routers/control';
import { devicesRouter } from './routers/devices';
import { energyRouter } from './routers/energy';
import { firmwareRouter } from './routers/firmware';
import { fleetRouter } from './routers/fleet';
import { gatewaysRouter } from './routers/gateways';
import { homeownerRouter } from './routers/homeowner';
import { invitationsRouter } from './routers/invitations';
import { mandatesRouter } from './routers/mandates';
import { membersRouter } from './routers/members';
import { modulesRouter } from './routers/modules';
import { notificationsRouter } from './routers/notifications';
import { organizationsRouter } from './routers/organizations';
import { profileRouter } from './routers/profile';
import { sitesRouter } from './routers/sites';
import { tariffsRouter } from './routers/tariffs';
import { usersRouter } from './routers/users';

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
