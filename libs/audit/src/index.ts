export * from './audit.module';
export * from './audit.service';
export * from './audit-sealer';
export * from './audit-sealing.schedule';
export * from './audit-verifier';
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
export * from './audit-seal.job';
