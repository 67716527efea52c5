import './audit-seal.job'; // loaded for what it does at import, as the whole barrel did
export {
  AUDIT_GENESIS_PREFIX,
  AUDIT_SEAL_BATCH,
  canonicalEvent,
  chainHash,
  genesisHash,
  signHead,
  signingKeyId,
} from './audit-chain';
export type { ChainEvent } from './audit-chain';
export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export type { AccessLogEntry, AccessLogPage } from './audit.service';
export { AuditSealer } from './audit-sealer';
