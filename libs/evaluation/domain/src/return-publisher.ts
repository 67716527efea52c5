import type { EntityManager } from 'typeorm';
import type { ReturnSnapshot } from './return-snapshot.model';

/** Where a sent return's snapshot goes beyond the partnership, in the send's own transaction. */
export const RETURN_PUBLISHER = Symbol('RETURN_PUBLISHER');

export interface ReturnPublisher {
  publish(m: EntityManager, snapshot: ReturnSnapshot): Promise<void>;
}
