import type { ColumnType } from 'kysely';
import type { CreatedAt, Json, LocalDate } from './types';

// The site's grid operator area, set by the installer (else its postal code decides); merged into the core `sites`.
declare module './core' {
  interface SitesTable {
    grid_area: ColumnType<string | null, string | null | undefined, string | null>;
  }
}

/** A home's supply contract from a Brussels day on (decision 131); `terms` as `@ilumen/energy/bill` reads them. */
export interface SupplyContractsTable {
  site_id: number;
  effective_from: LocalDate;
  kind: string;
  terms: Json;
  created_by_user_id: number | null;
  created_at: CreatedAt;
}

/** Network costs and levies of a grid operator area from a day on, kept by iLumen's admins. */
export interface NetworkRatesTable {
  area: string;
  effective_from: LocalDate;
  name: string;
  rates: Json;
  updated_by_user_id: number | null;
  updated_at: CreatedAt;
}

export interface BillTables {
  supply_contracts: SupplyContractsTable;
  network_rates: NetworkRatesTable;
}
