export * from './data-sharing-agreement.entity';
export * from './refresh-token.entity';
export * from './session.entity';
export * from './user-token.entity';
import { DataSharingAgreement, DataSharingAgreementParty } from './data-sharing-agreement.entity';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { UserToken } from './user-token.entity';

export const AUTH_ENTITIES = [Session, RefreshToken, UserToken, DataSharingAgreement, DataSharingAgreementParty];
