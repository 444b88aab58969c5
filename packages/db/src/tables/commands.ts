import type { ColumnType } from 'kysely';
import type { Json } from './types';

export type CommandStatus = 'sent' | 'succeeded' | 'failed' | 'expired';

export interface CommandsTable {
  id: string;
  site_id: number;
  gateway_id: number;
  name: string;
  args: Json;
  issued_by_user_id: number | null;
  issued_at: ColumnType<Date, Date, Date>;
  expires_at: ColumnType<Date, Date, Date>;
  status: ColumnType<CommandStatus, CommandStatus | undefined, CommandStatus>;
  result: Json | null;
  error_code: string | null;
  error_message: string | null;
  finished_at: Date | null;
}

export interface GatewayConfigsTable {
  gateway_id: number;
  version: number;
  config: Json;
  issued_at: ColumnType<Date, Date | undefined, Date>;
  acked_version: number | null;
  acked_at: Date | null;
  ack_ok: boolean | null;
  ack_error: string | null;
}

export interface CommandTables {
  commands: CommandsTable;
  gateway_configs: GatewayConfigsTable;
}
