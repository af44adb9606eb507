export { auditRoutes } from './audit.routes';
export { type AuditEvent, appendAudit, canonicalJson, diffOf, verifyChain } from './audit.service';
