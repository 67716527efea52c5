import { academicYearOf, offerability, QualityCheckView } from './directory.service';

const check = (kind: QualityCheckView['kind'], expiresOn: string): QualityCheckView => ({
  id: `${kind}-${expiresOn}`,
  kind,
  checkedOn: '2020-01-01',
  expiresOn,
  body: null,
  outcome: null,
  expired: false,
});

describe('offerability', () => {
  const today = '2026-11-28';
  const inDate = [
    check('due_diligence', '2027-01-01'),
    check('safeguarding', '2027-01-01'),
    check('insurance', '2027-01-01'),
  ];

  it('allows offers when every required check is in date, counting the expiry day itself', () => {
    expect(offerability(inDate, today)).toEqual({ canReceiveOffers: true, blockedBy: [] });
    expect(offerability([...inDate.slice(0, 2), check('insurance', today)], today).canReceiveOffers).toBe(true);
  });

  it('names each missing or expired check; the latest check of a kind is the one that counts', () => {
    expect(offerability([check('due_diligence', '2026-11-27')], today).blockedBy).toEqual([
      { kind: 'due_diligence', reason: 'expired', expiredOn: '2026-11-27' },
      { kind: 'safeguarding', reason: 'missing' },
      { kind: 'insurance', reason: 'missing' },
    ]);
    expect(offerability([...inDate, check('safeguarding', '2025-01-01')], today).canReceiveOffers).toBe(true);
  });

  it('does not require an inspection, but a lapsed one blocks offers', () => {
    expect(offerability([...inDate, check('inspection', '2026-01-01')], today).blockedBy).toEqual([
      { kind: 'inspection', reason: 'expired', expiredOn: '2026-01-01' },
    ]);
    expect(
      offerability([...inDate, check('inspection', '2026-01-01'), check('inspection', '2029-01-01')], today)
        .canReceiveOffers,
    ).toBe(true);
  });
});

describe('academicYearOf', () => {
  it('turns over on 1 September', () => {
    expect(academicYearOf(new Date('2026-08-31T12:00:00Z'))).toBe('2025/26');
    expect(academicYearOf(new Date('2026-09-01T00:00:00Z'))).toBe('2026/27');
    expect(academicYearOf(new Date('2099-12-31T00:00:00Z'))).toBe('2099/00');
  });
});
