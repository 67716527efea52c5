import {
  humanDate,
  humanDateTime,
  NOTIFICATION_TEMPLATES,
  NotificationTemplate,
  NotificationTemplateError,
  notificationTemplateNames,
  registerNotificationTemplates,
  renderNotification,
  templateProblems,
  validateNotificationTemplates,
  validatePersonalisation,
} from './notification-templates';

describe('notification templates', () => {
  it('uses exactly the fields each template declares, and never a field about a child', () => {
    for (const [name, t] of Object.entries(NOTIFICATION_TEMPLATES) as [string, NotificationTemplate][])
      expect(templateProblems(name, t)).toEqual([]);
    expect(
      templateProblems('bad', {
        required: ['service_name', 'pupil_name', 'unused'],
        optional: [],
        subject: '((service_name))',
        body: '((pupil_name)) ((link))',
      }),
    ).toEqual([
      'the template "bad" uses "link" without declaring it',
      'the template "bad" declares "unused" and never uses it',
      'the template "bad" has a field about a child, "pupil_name"',
    ]);
  });

  it('lets a module register its templates, and stops the app on a name registered twice', () => {
    const t = { required: ['service_name'], optional: [], subject: 'Hello from ((service_name))', body: 'Hello.' };
    registerNotificationTemplates('gardens', { garden_open: t });
    expect(notificationTemplateNames()).toContain('garden_open');
    expect(
      renderNotification('garden_open', validatePersonalisation('garden_open', { service_name: 'REP Hub' })).subject,
    ).toBe('Hello from REP Hub');
    expect(() => validateNotificationTemplates()).not.toThrow();
    registerNotificationTemplates('allotments', { garden_open: t, invite: t });
    expect(() => validateNotificationTemplates()).toThrow(NotificationTemplateError);
    expect(() => validateNotificationTemplates()).toThrow(
      'Notification templates are wrong: the template "garden_open" of allotments is already gardens\'s; the template "invite" of allotments is already the core\'s',
    );
  });

  it('renders the plain text, leaving no empty paragraph for a missing optional field', () => {
    const p = validatePersonalisation('invite', {
      service_name: 'REP Hub',
      link: 'http://localhost:3000/invites/abc',
      expires_on: '4 December 2026',
    });
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
