import type { ColumnType } from 'kysely';
import type { Bool, CreatedAt, Decimal, Id, Json } from './types';

export type CregRegion = 'flanders' | 'brussels' | 'wallonia';
type Locale = 'nl' | 'fr' | 'en';

/** A contract offer a home's year is compared under (decision 191), kept by staff. */
export interface ContractOffersTable {
  id: Id;
  name: string;
  kind: string;
  terms: Json;
  updated_by_user_id: number | null;
  updated_at: CreatedAt;
  /** Retired by staff: no longer compared (decision 303). */
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The CREG's reference rate for company cars charged at home, per region and quarter ('2025-Q3'), incl. VAT. */
export interface CregRatesTable {
  region: CregRegion;
  quarter: string;
  eur_per_kwh: Decimal;
  updated_by_user_id: number | null;
  updated_at: CreatedAt;
}

/** A charger that charges a company car (decision 192). */
export interface CompanyCarsTable {
  device_id: number;
  site_id: number;
  employer_email: string;
  region: CregRegion;
  locale: Locale;
  /** Which sessions the statement counts: all but those marked private, or only those marked (decision 304). */
  sessions: ColumnType<CompanyCarSessions, CompanyCarSessions | undefined, CompanyCarSessions>;
  updated_by_user_id: number | null;
  updated_at: CreatedAt;
}
export type CompanyCarSessions = 'all' | 'marked';

/** A monthly statement as sent: version 1, then a correction per late rate. */
export interface CompanyCarStatementsTable {
  id: Id;
  device_id: number;
  site_id: number;
  month: string;
  version: number;
  region: CregRegion;
  rate_quarter: string | null;
  eur_per_kwh: Decimal | null;
  rate_final: Bool;
  sessions: number;
  energy_wh: ColumnType<number, number, number>;
  total_eur: Decimal | null;
  difference_eur: Decimal | null;
  employer_email: string;
  locale: Locale;
  pdf: Buffer;
  csv: string;
  created_at: CreatedAt;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CompanyCarTables {
  contract_offers: ContractOffersTable;
  creg_rates: CregRatesTable;
  company_cars: CompanyCarsTable;
  company_car_statements: CompanyCarStatementsTable;
}
