import type { Migration } from 'kysely';
import * as m20261127090000 from './20261127090000_core';
import * as m20261127120000 from './20261127120000_sites_search';
import * as m20261127140000 from './20261127140000_energy';
import * as m20261127141000 from './20261127141000_home';
import * as m20261127150000 from './20261127150000_fluvius';
import * as m20261127160000 from './20261127160000_commands';
import * as m20261127170000 from './20261127170000_modules';
import * as m20261127180000 from './20261127180000_console';
import * as m20261127180100 from './20261127180100_fleet_indexes';
import * as m20261127190000 from './20261127190000_control';
import * as m20261127200000 from './20261127200000_firmware';
import * as m20261128090000 from './20261128090000_device_key';
import * as m20261128100000 from './20261128100000_broker_logins';
import * as m20261207090000 from './20261207090000_identity_per_organization';
import * as m20261207120000 from './20261207120000_bill';
import * as m20261207150000 from './20261207150000_device_qh_keys';
import * as m20261207153000 from './20261207153000_company_car';
import * as m20261207160000 from './20261207160000_sites_fulltext';
import * as m20261207190000 from './20261207190000_sites_org_status_sort';
import * as m20261207193000 from './20261207193000_alarm_resolution';
import * as m20261207210000 from './20261207210000_fluvius_night_register';
import * as m20261207213000 from './20261207213000_contract_offers_retired';
import * as m20261207220000 from './20261207220000_company_car_sessions';

/** Every migration, by its timestamped name. Add new ones at the end; never edit or rename a landed one. */
export const migrations: Record<string, Migration> = {
  '20261127090000_core': m20261127090000,
  '20261127120000_sites_search': m20261127120000,
  '20261127140000_energy': m20261127140000,
  '20261127141000_home': m20261127141000,
  '20261127150000_fluvius': m20261127150000,
  '20261127160000_commands': m20261127160000,
  '20261127170000_modules': m20261127170000,
  '20261127180000_console': m20261127180000,
  '20261127180100_fleet_indexes': m20261127180100,
  '20261127190000_control': m20261127190000,
  '20261127200000_firmware': m20261127200000,
  '20261128090000_device_key': m20261128090000,
  '20261128100000_broker_logins': m20261128100000,
  '20261207090000_identity_per_organization': m20261207090000,
  '20261207120000_bill': m20261207120000,
  '20261207150000_device_qh_keys': m20261207150000,
  '20261207153000_company_car': m20261207153000,
  '20261207160000_sites_fulltext': m20261207160000,
  '20261207190000_sites_org_status_sort': m20261207190000,
  '20261207193000_alarm_resolution': m20261207193000,
  '20261207210000_fluvius_night_register': m20261207210000,
  '20261207213000_contract_offers_retired': m20261207213000,
  '20261207220000_company_car_sessions': m20261207220000,
};
