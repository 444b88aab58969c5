/** The audit log: every change by staff, installers and homeowners, written in the change's own transaction. */

export { AUDIT_ACTIONS, type AuditAction } from './actions';
export { AuditLogService, auditListInput } from './audit-log';
export { type AuditEntry, diff, recordAudit } from './record';
