import { controlRelease, rulesFor } from '@rep-hub/disclosure';
import {
  EVALUATION_DISCLOSURE_RULES,
  EVALUATION_RETURN_RELEASE,
  nationalPayload,
  NationalPublicationError,
  returnRelease,
} from './national-release';
import { ReturnSnapshot, SnapshotFigure } from './return-snapshot.model';

const rules = rulesFor(EVALUATION_DISCLOSURE_RULES, EVALUATION_RETURN_RELEASE);
const LA = {
  laId: '6f1d2c1e-0000-4000-8000-000000000001',
  laNumber: '888',
  gssCode: 'E10000017',
  laName: 'Lancashire',
};

const fig = (over: Partial<SnapshotFigure>): SnapshotFigure => ({
  indicatorCode: 'ap.days_to_place',
  indicatorName: 'Days to place',
  unit: 'days',
  definitionVersion: 1,
  source: 'submitted',
  laId: null,
  laNumber: null,
  gssCode: null,
  laName: null,
  numerator: null,
  denominator: null,
  value: null,
  lineage: { kind: 'missing' },
  ...over,
});
const snapshot = (figures: SnapshotFigure[]): ReturnSnapshot => ({
  schema: 1,
  tenantId: '6f1d2c1e-0000-4000-8000-0000000000aa',
  partnershipName: 'North West',
  returnId: '6f1d2c1e-0000-4000-8000-0000000000bb',
  returnVersion: 1,
  correctsReturnId: null,
  correctionReason: null,
  period: { code: '2025-26-autumn', name: 'Autumn 2025', from: '2025-09-01', to: '2025-12-31' },
  narrative: 'Private narrative',
  figures,
  ratings: [],
  laSignOffs: [],
  leadSignedOffBy: 'Lead',
  leadSignedOffAt: '2026-01-10T10:00:00Z',
  sentBy: 'Lead',
  sentAt: '2026-01-10T10:00:00Z',
});
const publish = (s: ReturnSnapshot) => nationalPayload(s, controlRelease(returnRelease(s, 1), { rules }), null);

describe('a sent return as a release for the national level', () => {
  it('withholds days over fewer than 5 cases, and days whose cases are unknown', () => {
    // a days figure as an indicator publisher gives it (the contract): the cases counted in the numerator, no denominator
    const out = publish(
      snapshot([
        fig({ ...LA, numerator: 3, value: 41.5 }),
        fig({ numerator: null, value: 30 }),
        fig({ indicatorCode: 'ap.days_other', numerator: 12, value: 33.3 }),
      ]),
    );
    expect(out.figures.map((f) => [f.laNumber, f.indicatorCode, f.denominator, f.value, f.symbol])).toEqual([
      ['888', 'ap.days_to_place', null, null, 'c'],
      [null, 'ap.days_to_place', null, null, 'x'],
      [null, 'ap.days_other', 12, 33.3, null],
    ]);
    // a sum of days is not a count of children: it never leaves; the cases are published as what the figure is over
    expect(out.figures.every((f) => f.numerator === null)).toBe(true);
  });

  it('publishes the AP days medians over enough cases and suppresses those over few, as ApIndicators gives them', () => {
    // ApIndicators: { numerator: cases, denominator: null, value: median } for each LA and the partnership
    const ap = (code: string, la: boolean, cases: number, median: number | null) =>
      fig({
        ...(la ? LA : {}),
        indicatorCode: code,
        indicatorName: code,
        source: 'computed',
        numerator: cases,
        denominator: null,
        value: median,
      });
    const out = publish(
      snapshot([
        ap('ap.days_to_decision', true, 26, 13),
        ap('ap.days_to_decision', false, 26, 13),
        ap('ap.days_to_placement', true, 4, 21.5),
        ap('ap.days_to_placement', false, 9, 18),
      ]),
    );
    expect(out.figures.map((f) => [f.indicatorCode, f.laNumber, f.denominator, f.value, f.symbol])).toEqual([
      ['ap.days_to_decision', '888', 26, 13, null],
      ['ap.days_to_decision', null, 26, 13, null],
      ['ap.days_to_placement', '888', null, null, 'c'],
      ['ap.days_to_placement', null, 9, 18, null],
    ]);
  });

  it('refuses a count that is not whole, rather than publish it unchecked', () => {
    expect(() => returnRelease(snapshot([fig({ unit: 'count', numerator: 2.5, value: 2.5 })]), 1)).toThrow(
      NationalPublicationError,
    );
  });

  it('sends the controlled figures, the ratings and the method note, nothing else of an older snapshot', () => {
    const out = publish(snapshot([fig({ unit: 'count', numerator: 40, value: 40 })]));
    expect(Object.keys(out).sort()).toEqual(
      [
        'correctionReason',
        'disclosure',
        'figures',
        'partnership',
        'period',
        'ratings',
        'replacesVersion',
        'returnVersion',
        'version',
      ].sort(),
    );
    // a snapshot frozen before reforms and findings were recorded sends none (rather than an empty register)
    expect(out.reforms).toBeUndefined();
    expect(out.findings).toBeUndefined();
    expect(out.period).toEqual({
      code: '2025-26-autumn',
      name: 'Autumn 2025',
      from: '2025-09-01',
      to: '2025-12-31',
      dueOn: '2026-02-11',
    });
    expect(out.disclosure).toMatchObject({ controlledBy: 'disclosure-control', threshold: 5 });
    expect(out.disclosure.lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(out)).not.toContain('Private narrative');
    expect(out.figures[0]).toMatchObject({ level: 'partnership', numerator: 40, value: 40, symbol: null });
  });

  it('sends the ratings with the indicator’s name, and the register and findings as sent, without ids or settings', () => {
    const out = publish({
      ...snapshot([fig({ unit: 'count', numerator: 40, value: 40 })]),
      ratings: [
        {
          indicatorCode: 'ap.days_to_place',
          rag: 'red',
          exception: true,
          ownerName: 'Pat Lead',
          commentary: 'Two panels were cancelled; both are rebooked.',
        },
      ],
      reforms: [
        {
          reformCode: 'mediation',
          reformName: 'Mediation',
          reformsVersion: '2026-1',
          laId: LA.laId,
          laNumber: LA.laNumber,
          gssCode: LA.gssCode,
          laName: LA.laName,
          status: 'paused',
          since: '2025-11-02',
          reason: 'The contract ended.',
        },
      ],
      findings: [
        {
          testId: '6f1d2c1e-0000-4000-8000-0000000000cc',
          title: 'Panels decide within six weeks',
          reformCode: 'multi_agency_panels',
          reformName: 'Multi-agency panels',
          status: 'running',
          startsOn: '2025-09-01',
          endsOn: '2026-07-31',
          laNames: ['Lancashire'],
          findings: 'Decisions take 5.5 weeks.',
          lessons: 'Meet at the same time each week.',
          results: [{ recordedOn: '2025-11-20', summary: 'Half term: 5.5 weeks on average.' }],
        },
      ],
    });
    expect(out.ratings).toEqual([
      {
        indicatorCode: 'ap.days_to_place',
        indicatorName: 'Days to place',
        rag: 'red',
        exception: true,
        ownerName: 'Pat Lead',
        commentary: 'Two panels were cancelled; both are rebooked.',
      },
    ]);
    expect(out.reforms).toEqual([
      {
        reformCode: 'mediation',
        reformName: 'Mediation',
        reformsVersion: '2026-1',
        laNumber: '888',
        gssCode: 'E10000017',
        laName: 'Lancashire',
        status: 'paused',
        since: '2025-11-02',
        reason: 'The contract ended.',
      },
    ]);
    expect(out.findings?.[0]).toMatchObject({ title: 'Panels decide within six weeks', laNames: ['Lancashire'] });
    // the partnership's own ids (LA, test) stay in the partnership
    expect(JSON.stringify(out)).not.toContain(LA.laId);
    expect(JSON.stringify(out)).not.toContain('0000000000cc');
  });
});
