import { humanDate, humanDateTime, NOTIFICATION_TEMPLATES, NotificationTemplate, renderNotification, validatePersonalisation } from './notification-templates';

describe('notification templates', () => {
  it('uses exactly the fields each template declares, and never a field about a child', () => {
    for (const [name, t] of Object.entries(NOTIFICATION_TEMPLATES) as [string, NotificationTemplate][]) {
      const used = new Set([...`${t.subject}\n${t.body}`.matchAll(/\(\(([a-z_]+)\)\)/g)].map((m) => m[1]));
      expect({ name, fields: [...used].sort() }).toEqual({ name, fields: [...t.required, ...t.optional].sort() });
      expect([...used].filter((f) => /pupil|child|upn|dob|birth|(^|_)(first_|last_|sur)?name$/.test(f) && f !== 'service_name')).toEqual([]);
    }
  });

  it('renders the plain text, leaving no empty paragraph for a missing optional field', () => {
    const p = validatePersonalisation('invite', { service_name: 'REP Hub', link: 'http://localhost:3000/invites/abc', expires_on: '4 December 2026' });
    expect(p['role_description']).toBe('');
    const { subject, body } = renderNotification('invite', p);
    expect(subject).toBe('Create your password for REP Hub');
    expect(body).toContain('create your password before 4 December 2026:\n\nhttp://localhost:3000/invites/abc');
    expect(body).not.toContain('((');
    expect(body).not.toMatch(/\n{3,}/);
  });

  it('writes dates and times the GOV.UK way, in UK time', () => {
    expect(humanDate(new Date('2026-12-04T10:00:00Z'))).toBe('4 December 2026');
    expect(humanDate(new Date('2026-06-30T23:30:00Z'))).toBe('1 July 2026'); // BST
    expect(humanDateTime(new Date('2026-12-04T14:30:00Z'))).toBe('2:30pm on 4 December 2026');
    expect(humanDateTime(new Date('2026-06-04T16:00:00Z'))).toBe('5pm on 4 June 2026');
    expect(humanDateTime(new Date('2026-12-04T12:00:00Z'))).toBe('midday on 4 December 2026');
    expect(humanDateTime(new Date('2026-12-04T09:05:00Z'))).toBe('9:05am on 4 December 2026');
  });
});
