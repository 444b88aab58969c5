import type { ColumnType, Generated } from 'kysely';

/** Auto-increment primary key (BIGINT UNSIGNED; ids stay far below 2^53). */
export type Id = Generated<number>;
/** DATETIME(3) in UTC, defaulted by the database. */
export type CreatedAt = ColumnType<Date, Date | undefined, Date>;
/** DATETIME(3) in UTC. */
export type Instant = ColumnType<Date, Date, Date>;
/** DATE, read as 'YYYY-MM-DD' (a Europe/Brussels calendar day). */
export type LocalDate = ColumnType<string, string, string>;
/** DECIMAL, read as a string so money never passes through a float. */
export type Decimal = ColumnType<string, string | number, string | number>;
/** JSON: MySQL hands back an object, MariaDB a string; read it with `readJson`. Written as a JSON string. */
export type Json = ColumnType<unknown, string, string>;
/** TINYINT(1), cast to boolean by the pool. */
export type Bool = ColumnType<boolean, boolean | undefined, boolean>;
