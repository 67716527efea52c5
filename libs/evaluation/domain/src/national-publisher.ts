import { Injectable } from '@nestjs/common';
import { controlRelease, rulesFor, toPublishedVersion } from '@rep-hub/disclosure';
import { isDeepStrictEqual } from 'node:util';
import { EntityManager } from 'typeorm';
import {
  EVALUATION_DISCLOSURE_RULES,
  EVALUATION_RETURN_RELEASE,
  nationalPayload,
  NationalPublicationError,
  returnRelease,
} from './national-release';
import { NationalPublicationStore } from './national-publication.store';
import { ReturnPublisher } from './return-publisher';
import { ReturnSnapshot } from './return-snapshot.model';

type PublishedVersion = ReturnType<typeof toPublishedVersion>;

/**
 * Publishes a sent return to the national level, in the send's transaction: its figures are put
 * through disclosure control (with the versions of the same period already published, for a
 * correction), and only the controlled release leaves, through `national.publish_release`. The
 * partnership keeps its own unsuppressed figures (the snapshot) and a record of what it sent.
 */
@Injectable()
export class NationalPublisher implements ReturnPublisher {
  constructor(private readonly store: NationalPublicationStore) {}

  async publish(m: EntityManager, snapshot: ReturnSnapshot): Promise<void> {
    const rules = rulesFor(EVALUATION_DISCLOSURE_RULES, EVALUATION_RETURN_RELEASE);
    const rows = await this.store.previous(m, snapshot.tenantId, snapshot.period.code);
    const previous: PublishedVersion[] = [];
    for (const row of rows) {
      // controlled again from its source, and checked to be what was sent: once shown, always known
      const again = controlRelease(row.source, { rules, previous: [...previous] });
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(again)), row.published))
        throw new NationalPublicationError(
          `version ${row.release_version} of ${snapshot.period.code} as published cannot be reproduced by disclosure control today, so a correction cannot be controlled together with it`,
        );
      previous.push(toPublishedVersion(row.source, again));
    }
    const last = rows.at(-1);
    const version = last ? last.release_version + 1 : 1;
    if (last && !snapshot.correctionReason)
      throw new NationalPublicationError(
        `${snapshot.period.code} was published already: a correction needs the reason it replaces version ${last.release_version}`,
      );
    const source = returnRelease(snapshot, version);
    const controlled = controlRelease(source, { rules, previous });
    const payload = nationalPayload(
      snapshot,
      controlled,
      last ? { version: last.release_version, reason: snapshot.correctionReason as string } : null,
    );
    const nationalReleaseId = await this.store.publish(m, payload);
    await this.store.record(m, {
      tenantId: snapshot.tenantId,
      returnId: snapshot.returnId,
      period: snapshot.period.code,
      version,
      nationalReleaseId,
      source,
      published: controlled,
    });
  }
}
