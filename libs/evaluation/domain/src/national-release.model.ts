import type { PublishedFigure, PublishedFinding, PublishedRating, PublishedReform } from '@rep-hub/contracts';

/** One figure as the national level holds it: the published contract (`@rep-hub/contracts`). */
export type NationalFigure = PublishedFigure;

/** What `national.publish_release` is given: a controlled release of one sent return. */
export interface NationalReleasePayload {
  partnership: { id: string; name: string };
  /** `dueOn`: the period's due date (evaluation's rule); the function takes `to` + 42 days without it. */
  period: { code: string; name: string; from: string; to: string; dueOn?: string };
  version: number;
  replacesVersion: number | null;
  correctionReason: string | null;
  returnVersion: number;
  /** The disclosure method note, marked as coming from disclosure control. */
  disclosure: { controlledBy: string; kind: string; threshold: number; lines: string[] } & Record<string, unknown>;
  figures: NationalFigure[];
  /** Optional for the function (releases before issue 23 had none); the publisher always sends ratings. */
  ratings?: PublishedRating[];
  /** Sent only when the snapshot recorded them (a snapshot frozen before did not). */
  reforms?: PublishedReform[];
  findings?: PublishedFinding[];
}
