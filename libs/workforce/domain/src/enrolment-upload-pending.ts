import { EnrolmentStatus, Milestone, MILESTONES } from './workforce.model';

/** What a row of an upload still has to write once every participant of the file is written. */
export interface PendingRow {
  participantId: string;
  /** the enrolment recorded (or, once written, the new one); null: a new one not yet written */
  enrolmentId: string | null;
  laId: string;
  windowEndsOn: string | null;
  /** the moves from the status recorded (or applied), in order */
  moves: readonly EnrolmentStatus[];
  reason: string | null;
  /** the milestones not declared yet */
  milestones: { milestone: Milestone; evidenceOn: string }[];
  /** takes a place (written after every row that gives one back) */
  takes: boolean;
}

const UUID = 16;
const NONE = 0;

/** A UUID's 16 bytes into `to` at `at`. */
const uuidInto = (id: string, to: Buffer, at: number) => to.write(id.replace(/-/g, ''), at, UUID, 'hex');

/** The text of the UUID whose 16 bytes are at `at`. */
function uuidText(from: Buffer, at: number): string {
  const h = from.toString('hex', at, at + UUID);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * The rows of a file left to write, kept from the first batch to the last write as columns of
 * numbers, not as an object per row: the ids as their 16 bytes, the LAs, dates and chains of moves
 * as indexes into tables of their distinct values, the withdrawal reasons by row (few).
 *
 * Why: as objects, 100,000 rows held about 130 MB of the worker's heap until the upload committed
 * (an id from `randomUUID()` is a string of some twenty concatenated pieces until it is read
 * whole, about 470 bytes; each row's milestones an array of objects, about 215; the row's object
 * 100), and V8 lets its heap grow to a multiple of what is live before it collects. As columns
 * they take about 60 bytes a row (8.5 MB for 100,000, with the room the columns keep to grow).
 */
export class PendingRows {
  private size = 0;
  private capacity = 0;
  private participants = Buffer.alloc(0);
  private enrolments = Buffer.alloc(0);
  /** 1: an enrolment id is held (recorded, or written since) */
  private hasEnrolment = new Uint8Array(0);
  private takesPlace = new Uint8Array(0);
  private la = new Uint32Array(0);
  private window = new Uint32Array(0);
  private chain = new Uint32Array(0);
  /** the evidence date of each milestone (MILESTONES' order), NONE when not declared */
  private evidence: Uint32Array[] = MILESTONES.map(() => new Uint32Array(0));
  private readonly reasons = new Map<number, string>();
  /** the distinct LA ids and dates (index 0: none) */
  private readonly values: string[] = [''];
  private readonly valueIndex = new Map<string, number>();
  private readonly chains: (readonly EnrolmentStatus[])[] = [];
  private readonly chainIndex = new Map<readonly EnrolmentStatus[], number>();

  get length(): number {
    return this.size;
  }

  push(r: PendingRow): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    uuidInto(r.participantId, this.participants, i * UUID);
    this.hasEnrolment[i] = r.enrolmentId === null ? 0 : 1;
    if (r.enrolmentId !== null) uuidInto(r.enrolmentId, this.enrolments, i * UUID);
    this.takesPlace[i] = r.takes ? 1 : 0;
    this.la[i] = this.value(r.laId);
    this.window[i] = r.windowEndsOn === null ? NONE : this.value(r.windowEndsOn);
    let c = this.chainIndex.get(r.moves);
    if (c === undefined) {
      c = this.chains.push(r.moves) - 1;
      this.chainIndex.set(r.moves, c);
    }
    this.chain[i] = c;
    for (const e of this.evidence) e[i] = NONE;
    for (const x of r.milestones) this.evidence[MILESTONES.indexOf(x.milestone)][i] = this.value(x.evidenceOn);
    if (r.reason !== null) this.reasons.set(i, r.reason);
  }

  /** Row `i` as an object (made for the moment: the caller writes it and lets it go). */
  at(i: number): PendingRow {
    const milestones: PendingRow['milestones'] = [];
    MILESTONES.forEach((milestone, k) => {
      const d = this.evidence[k][i];
      if (d !== NONE) milestones.push({ milestone, evidenceOn: this.values[d] });
    });
    return {
      participantId: uuidText(this.participants, i * UUID),
      enrolmentId: this.hasEnrolment[i] ? uuidText(this.enrolments, i * UUID) : null,
      laId: this.values[this.la[i]],
      windowEndsOn: this.window[i] === NONE ? null : this.values[this.window[i]],
      moves: this.chains[this.chain[i]],
      reason: this.reasons.get(i) ?? null,
      milestones,
      takes: this.takesPlace[i] === 1,
    };
  }

  /** Row `i`'s moves. */
  movesOf(i: number): readonly EnrolmentStatus[] {
    return this.chains[this.chain[i]];
  }

  /** Whether row `i`'s enrolment is recorded (or written since), and whether it takes a place. */
  recorded(i: number): boolean {
    return this.hasEnrolment[i] === 1;
  }

  takes(i: number): boolean {
    return this.takesPlace[i] === 1;
  }

  /** Row `i`'s new enrolment, once its id is chosen. */
  setEnrolmentId(i: number, id: string): void {
    uuidInto(id, this.enrolments, i * UUID);
    this.hasEnrolment[i] = 1;
  }

  private value(v: string): number {
    let k = this.valueIndex.get(v);
    if (k === undefined) {
      k = this.values.push(v) - 1;
      this.valueIndex.set(v, k);
    }
    return k;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    const bytes = (from: Buffer) => {
      const to = Buffer.alloc(capacity * UUID);
      from.copy(to);
      return to;
    };
    const numbers = <T extends Uint8Array | Uint32Array>(from: T, make: (n: number) => T): T => {
      const to = make(capacity);
      to.set(from);
      return to;
    };
    this.participants = bytes(this.participants);
    this.enrolments = bytes(this.enrolments);
    this.hasEnrolment = numbers(this.hasEnrolment, (n) => new Uint8Array(n));
    this.takesPlace = numbers(this.takesPlace, (n) => new Uint8Array(n));
    this.la = numbers(this.la, (n) => new Uint32Array(n));
    this.window = numbers(this.window, (n) => new Uint32Array(n));
    this.chain = numbers(this.chain, (n) => new Uint32Array(n));
    this.evidence = this.evidence.map((e) => numbers(e, (n) => new Uint32Array(n)));
    this.capacity = capacity;
  }
}
