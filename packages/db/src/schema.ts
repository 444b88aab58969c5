import type { BillTables } from './tables/bill';
import type { CommandTables } from './tables/commands';
import type { CompanyCarTables } from './tables/company-car';
import type { ConsoleTables } from './tables/console';
import type { ControlTables } from './tables/control';
import type { CoreTables } from './tables/core';
import type { EnergyTables } from './tables/energy';
import type { FirmwareTables } from './tables/firmware';
import type { FluviusTables } from './tables/fluvius';
import type { HomeTables } from './tables/home';
import type { ModuleTables } from './tables/modules';

export * from './tables/bill';
export * from './tables/commands';
export * from './tables/company-car';
export * from './tables/console';
export * from './tables/control';
export * from './tables/core';
export * from './tables/energy';
export * from './tables/firmware';
export * from './tables/fluvius';
export * from './tables/home';
export * from './tables/modules';
export * from './tables/types';

/**
 * Every table. Each area keeps its table types in its own file under `tables/` and adds it here, so work on different
 * areas does not edit one big file.
 */
export interface Database
  extends CoreTables,
    EnergyTables,
    HomeTables,
    FluviusTables,
    CommandTables,
    ConsoleTables,
    FirmwareTables,
    ModuleTables,
    ControlTables,
    BillTables,
    CompanyCarTables {}
