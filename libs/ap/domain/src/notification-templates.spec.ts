import {
  renderNotification,
  templateProblems,
  validateNotificationTemplates,
  validatePersonalisation,
} from '@rep-hub/platform';
import { AP_NOTIFICATION_TEMPLATES } from './notification-templates';

describe('AP notification templates', () => {
  it('are registered with the platform, each using exactly its fields and none about a child', () => {
    expect(() => validateNotificationTemplates()).not.toThrow();
    for (const [name, t] of Object.entries(AP_NOTIFICATION_TEMPLATES)) expect(templateProblems(name, t)).toEqual([]);
  });

  it('render an alert that names the case and says what to do', () => {
    const p = validatePersonalisation('ap_alert', {
      service_name: 'REP Hub',
      alert_kind: 'Review overdue',
      summary: 'The placement review was due on 1 December 2026',
      what_to_do: 'Hold the review and record it.',
      reference: 'AP-000123',
      local_authority: 'Manchester',
      link: 'http://localhost:3000/ap/alerts/x',
    });
    const { subject, body } = renderNotification('ap_alert', p);
    expect(subject).toBe('Review overdue: alternative provision case AP-000123');
    expect(body).toContain('What to do: Hold the review and record it.');
    expect(body).not.toContain('((');
  });
});
