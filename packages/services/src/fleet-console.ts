import { AlarmService } from './alarms';
import type { BrokerCredentials } from './broker-credentials';
import type { CommandService } from './commands';
import { CommissioningService } from './commissioning';
import type { ServiceDeps } from './deps';
import { FleetService } from './fleet';
import type { GatewayConfigService } from './gateway-config';
import { GatewayService } from './gateways';
import type { InvitationService } from './invitations';
import type { MandateService } from './mandates';
import { SearchService } from './search';
import type { SiteService } from './sites';
import { TroubleshootingService } from './troubleshooting';

/** The console for installers and the support desk (issue 9), built on the core services it reuses. */
export function consoleOpsServices(
  deps: ServiceDeps,
  core: {
    sites: SiteService;
    invitations: InvitationService;
    mandates: MandateService;
    commands: CommandService;
    gatewayConfig: GatewayConfigService;
  },
  broker: BrokerCredentials | null,
) {
  const gateways = new GatewayService(deps, broker);
  const alarms = new AlarmService(deps);
  return {
    gateways,
    alarms,
    commissioning: new CommissioningService(deps, { ...core, gateways }),
    troubleshooting: new TroubleshootingService(deps, {
      commands: core.commands,
      gatewayConfig: core.gatewayConfig,
      alarms,
    }),
    fleet: new FleetService(deps),
    search: new SearchService(deps),
  };
}
