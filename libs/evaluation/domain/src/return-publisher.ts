import type { EntityManager } from 'typeorm';
import type { ReturnSnapshot } from './return-snapshot.model';

/**
 * The seam through which a sent return's snapshot leaves the partnership: an optional provider
 * registered under `RETURN_PUBLISHER` (the publication to the national level). Sending calls it in
 * the same unit of work as the send, so its failure rolls the send back; with none registered,
 * sending still works.
 */
export const RETURN_PUBLISHER = Symbol.for('rephub.evaluation.return-publisher');

export interface ReturnPublisher {
  publish(m: EntityManager, snapshot: ReturnSnapshot): Promise<void>;
}
