import type { ServiceDeps } from '../deps';
import type { CommandService } from '../gateways/commands';
import type { ConfigContributor, GatewayConfigService } from '../gateways/config';
import type { HomeownerService } from '../homeowner/homeowner-view';
import { ChargeExportService } from './charge-export';
import { ChargeTimerService, chargeTimersContributor } from './charge-timers';
import { ChargingService, chargingContributor } from './charging';
import { CompanyCarService } from './company-car';
import { ModuleService } from './module-pages';
import { solarBoilerContributor } from './solar-boiler-config';

export {
  exportChargerInput,
  exportFileName,
  exportOwnerInput,
  exportSiteInput,
  loadChargeExport,
  markExport,
} from './charge-export';
export { csvDateTime, csvKwh, exportQuery, writeChargeSessionsCsv } from './charge-export-csv';
export {
  chargerSessions,
  isChargeSessionEvent,
  recordChargeSessionEvents,
} from './charge-sessions';
export { timerAddInput, timerRemoveInput, timersSiteInput } from './charge-timers';
export {
  CHARGE_COMMAND_TTL_S,
  chargeCommandInput,
  chargerChartInput,
  chargerInput,
  chargerSettingsInput,
  chargeStartInput,
  DEFAULT_CONSUMPTION_KWH_PER_100KM,
  kmFromWh,
  nextLocalTime,
} from './charging';
export {
  CompanyCarService,
  CREG_REGIONS,
  companyCarInput,
  companyCarRemoveInput,
  cregRateDeleteInput,
  cregRateInput,
  previousMonth,
  quarterOfMonth,
  regionOfPostalCode,
  statementAmounts,
  statementFileInput,
} from './company-car';
export { modulePeriodInput } from './module-pages';

/** The gateway configuration's parts the modules own: the charging controller, the charge timers, the boiler. */
export const MODULE_CONFIG_CONTRIBUTORS: ConfigContributor[] = [
  chargingContributor,
  chargeTimersContributor,
  solarBoilerContributor,
];

/** The product modules' services (decisions 030–034): iLubat and iLuheat pages, the iLucharge pages, exports, charge timers. */
export function moduleServices(
  deps: ServiceDeps,
  core: { commands: CommandService; gatewayConfig: GatewayConfigService; homeowner: HomeownerService },
) {
  return {
    modules: new ModuleService(deps),
    charging: new ChargingService(deps, core.commands, core.gatewayConfig, core.homeowner),
    chargeTimers: new ChargeTimerService(deps, core.gatewayConfig),
    chargeExports: new ChargeExportService(deps),
    companyCars: new CompanyCarService(deps),
  };
}
