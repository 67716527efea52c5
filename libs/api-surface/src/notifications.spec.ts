import { SingleUseLinks, INVITE_REMINDER_JOB, inviteReminderKey } from '@rep-hub/auth';
import {
  JobEnvelope,
  JobFailedError,
  JobRunner,
  NIL_TENANT,
  NotificationRow,
  NotificationService,
  NotifyEmailClient,
  OutboxRow,
  Personalisation,
  toEnvelope,
  UnitOfWork,
} from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ApiWorld, Member, nextAddress, PASSWORD } from './testing/api-world';

/** Notifications through the HTTP API and the job handlers, on PostgreSQL as the app role. */

const unique = (label: string) => `${label}.${randomUUID().slice(0, 8)}@council.example`;

/** Database access and job running for a world (the producer app runs no jobs by itself). */
function helpers(world: () => ApiWorld) {
  const platform = <T>(fn: (m: EntityManager) => Promise<T>) => world().app.get(UnitOfWork).forPlatform(null, fn);
  const jobs = (where: string, params: unknown[]) =>
    platform((m) =>
      m.query(
        `SELECT id, tenant_id, job_name, idempotency_key, actor_id, correlation_id, payload, attempts FROM job_outbox WHERE ${where} ORDER BY created_at`,
        params,
      ),
    ) as Promise<OutboxRow[]>;
  const notifications = (where: string, params: unknown[]) =>
    platform((m) => m.query(`SELECT * FROM notifications WHERE ${where}`, params)) as Promise<NotificationRow[]>;
  const run = (row: OutboxRow, attempt = 1) => world().app.get(JobRunner).run(toEnvelope(row), attempt);
  const inviteTokens = (userId: string) =>
    platform((m) =>
      m.query(`SELECT id FROM user_tokens WHERE user_id = $1 AND purpose = 'invite'`, [userId]),
    ) as Promise<{ id: string }[]>;
  return { platform, jobs, notifications, run, inviteTokens };
}

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;

describe('notifications: the development outbox', () => {
  let world: ApiWorld;
  let lead: Member;
  const { platform, jobs, notifications, run, inviteTokens } = helpers(() => world);

  beforeAll(async () => {
    world = await ApiWorld.start();
    const tenant = await world.created('post', '/api/v1/admin/tenants', {
      slug: `mail-${randomUUID().slice(0, 8)}`,
      name: 'Mail partnership',
    });
    const la = await world.created('post', `/api/v1/admin/tenants/${tenant.id}/organisations`, {
      kind: 'local_authority',
      name: 'Mail LA',
      laNumber: '352',
      isLead: true,
    });
    lead = await world.member(tenant.id, la.id, 'partnership_lead', 'mail-lead');
  });
  afterAll(() => world?.close());

  it('creating a user enqueues one invite job (ids only); running it twice sends one email whose link accepts the invite', async () => {
    const email = unique('invitee');
    const user = await world.created('post', '/api/v1/admin/users', { email, displayName: 'Invitee test' });
    expect((user['invite'] as { token: string }).token).toBeTruthy(); // the admin still gets a link to pass on
    const queued = await jobs('idempotency_key = $1', [`invite:${user.id}`]);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      tenant_id: NIL_TENANT,
      job_name: 'notifications.invite',
      payload: { userId: user.id },
    });

    await run(queued[0], 1);
    await run(queued[0], 2); // a retried or stalled job runs again
    const sent = await notifications('idempotency_key = $1', [`invite:${user.id}`]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      template: 'invite',
      email,
      provider: 'outbox',
      recipient_user_id: user.id,
      status: 'sent',
      provider_ref: null,
    });
    expect(Object.keys(sent[0].personalisation!).sort()).toEqual([
      'expires_on',
      'link',
      'role_description',
      'service_name',
    ]);
    expect(sent[0].personalisation!['expires_on']).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    // the second run made no second link: the admin's link and the emailed one
    expect(await inviteTokens(user.id)).toHaveLength(2);

    const token = tokenOf(sent[0].personalisation!['link']);
    expect(token).not.toBe((user['invite'] as { token: string }).token);
    const accept = await world.http.post('/api/v1/auth/invites/accept').send({ token, password: PASSWORD });
    expect(accept.status).toBe(200);
    expect(accept.body.userId).toBe(user.id);
    expect((await world.signIn(email)).accessToken).toBeTruthy();
  });

  it('sends no invite to someone who has already accepted one', async () => {
    // world.member accepted the admin's link before the invite job ran
    const queued = await jobs('idempotency_key = $1', [`invite:${lead.userId}`]);
    expect(queued).toHaveLength(1);
    await run(queued[0]);
    expect(await notifications('idempotency_key = $1', [`invite:${lead.userId}`])).toEqual([]);
    expect(await inviteTokens(lead.userId)).toHaveLength(1);
  });

  it('answers a reset request with the same 202 bytes for an unknown and a known email; only the known one is emailed', async () => {
    const nobody = unique('nobody');
    const before = await jobs(`job_name = 'notifications.password_reset'`, []);
    const unknown = await world.http
      .post('/api/v1/auth/password-resets')
      .set('X-Forwarded-For', nextAddress())
      .send({ email: nobody });
    const known = await world.http
      .post('/api/v1/auth/password-resets')
      .set('X-Forwarded-For', nextAddress())
      .send({ email: lead.email.toUpperCase() });
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(unknown.text).toBe(known.text);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);

    const after = await jobs(`job_name = 'notifications.password_reset'`, []);
    expect(after).toHaveLength(before.length + 1);
    const queued = await jobs('idempotency_key LIKE $1', [`password-reset:${lead.userId}:%`]);
    expect(queued).toHaveLength(1);
    expect(queued[0].payload).toEqual({ userId: lead.userId });
    await run(queued[0]);
    await run(queued[0], 2);
    const sent = await notifications(`template = 'password_reset' AND recipient_user_id = $1`, [lead.userId]);
    expect(sent).toHaveLength(1);
    expect(sent[0].email).toBe(lead.email);
    expect(sent[0].personalisation!['expires_at']).toMatch(/(am|pm|midday|midnight) on \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(await notifications('email = $1', [nobody])).toEqual([]);

    const done = await world.http
      .post('/api/v1/auth/password-resets/complete')
      .send({ token: tokenOf(sent[0].personalisation!['link']), password: 'a fresh passphrase 2026' });
    expect(done.status).toBe(200);
    // every session ended with the reset: sign in again with the new password
    lead = { ...lead, token: (await world.signIn(lead.email, 'a fresh passphrase 2026')).accessToken };
  });

  it('does nothing (and says the same) for an invited user, and after 5 requests an hour from one address', async () => {
    const invited = await world.created('post', '/api/v1/admin/users', {
      email: unique('pending'),
      displayName: 'Pending test',
    });
    const r = await world.http
      .post('/api/v1/auth/password-resets')
      .set('X-Forwarded-For', nextAddress())
      .send({ email: invited['email'] });
    expect(r.status).toBe(202);
    expect(await jobs('idempotency_key LIKE $1', [`password-reset:${invited.id}:%`])).toEqual([]);

    const address = nextAddress();
    const audited = () =>
      world.app
        .get(UnitOfWork)
        .forTenant({ tenantId: NIL_TENANT }, (m) =>
          m.query(
            `SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.password_reset_requested' AND subject_ids @> ARRAY[$1]::uuid[]`,
            [lead.userId],
          ),
        )
        .then((rows: { n: number }[]) => rows[0].n);
    const start = await audited();
    const bodies = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const res = await world.http
        .post('/api/v1/auth/password-resets')
        .set('X-Forwarded-For', address)
        .send({ email: lead.email });
      expect(res.status).toBe(202);
      bodies.add(res.text);
    }
    expect(bodies.size).toBe(1);
    expect((await audited()) - start).toBe(5); // the 6th and 7th did nothing
  });

  it('also emails a reset link when the admin creates one, and still answers the link', async () => {
    const user = await world.created('post', '/api/v1/admin/users', {
      email: unique('adminreset'),
      displayName: 'Admin reset test',
    });
    const link = await world.created('post', `/api/v1/admin/users/${user.id}/password-reset`, {});
    expect(link['token']).toBeTruthy();
    const queued = await jobs('idempotency_key LIKE $1', [`password-reset:${user.id}:%`]);
    expect(queued).toHaveLength(1);
    await run(queued[0]);
    expect(await notifications(`template = 'password_reset' AND recipient_user_id = $1`, [user.id])).toHaveLength(1);
  });

  it('refuses a personalisation with a missing, unknown, non-string or too long field, naming the field and storing nothing', async () => {
    const svc = world.app.get(NotificationService);
    const to = { userId: null, email: unique('validation') };
    const key = `test:${randomUUID()}`;
    const base = { service_name: 'REP Hub', link: 'http://localhost:3000/invites/abc', expires_on: '4 December 2026' };
    const { expires_on: _omit, ...missing } = base;
    await expect(svc.send({ template: 'invite', to, personalisation: missing, idempotencyKey: key })).rejects.toThrow(
      /"expires_on"/,
    );
    await expect(
      svc.send({ template: 'invite', to, personalisation: { ...base, colour: 'blue' }, idempotencyKey: key }),
    ).rejects.toThrow(/"colour"/);
    await expect(
      svc.send({
        template: 'invite',
        to,
        personalisation: { ...base, link: 42 as unknown as string },
        idempotencyKey: key,
      }),
    ).rejects.toThrow(/"link".*string/);
    await expect(
      svc.send({ template: 'invite', to, personalisation: { ...base, link: 'x'.repeat(500) }, idempotencyKey: key }),
    ).rejects.toThrow(/"link".*under 500/);
    await expect(
      svc.send({ template: 'nope' as 'invite', to, personalisation: base, idempotencyKey: key }),
    ).rejects.toThrow(/"nope"/);
    expect(await notifications('idempotency_key = $1', [key])).toEqual([]);
    // and a valid one goes to the outbox once
    const first = await svc.send({ template: 'invite', to, personalisation: base, idempotencyKey: key });
    const again = await svc.send({
      template: 'invite',
      to,
      personalisation: { ...base, expires_on: '5 December 2026' },
      idempotencyKey: key,
    });
    expect(again.id).toBe(first.id);
    expect(again.personalisation).toEqual({ ...base, role_description: '' });
  });

  it('shows the outbox to the platform admin, newest first and paged, auditing the ids shown; a tenant user gets 403', async () => {
    const res = await world.admin('get', '/api/v1/admin/notifications?limit=100');
    expect(res.status).toBe(200);
    const items = res.body.items as {
      id: string;
      template: string;
      email: string;
      provider: string;
      status: string;
      createdAt: string;
      personalisation: Personalisation;
      subject: string;
      body: string;
    }[];
    const reset = items.find((n) => n.template === 'password_reset' && n.email === lead.email)!;
    expect(reset).toMatchObject({ provider: 'outbox', status: 'sent', subject: 'Reset your REP Hub password' });
    expect(reset.personalisation['link']).toMatch(/\/password-reset\//);
    expect(reset.body).toContain(reset.personalisation['link']);
    expect(reset.body).toContain(reset.personalisation['expires_at']);
    const times = items.map((n) => Date.parse(n.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const one = await world.admin('get', '/api/v1/admin/notifications?limit=1');
    expect(one.body.items).toHaveLength(1);
    expect(one.body.nextCursor).toBe(one.body.items[0].id);
    const two = await world.admin('get', `/api/v1/admin/notifications?limit=1&cursor=${one.body.nextCursor}`);
    expect(two.body.items[0].id).toBe(items[1].id);

    const me = await world.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${world.adminToken}`);
    const audits = (await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: NIL_TENANT }, (m) =>
        m.query(
          `SELECT subject_ids FROM audit_events WHERE action = 'notification.list' AND actor_id = $1 AND subject_type = 'Notification' ORDER BY occurred_at`,
          [me.body.userId],
        ),
      )) as { subject_ids: string[] }[];
    expect(audits).toHaveLength(3);
    expect(audits[0].subject_ids).toEqual(items.map((n) => n.id));

    expect(
      (await world.http.get('/api/v1/admin/notifications').set('Authorization', `Bearer ${lead.token}`)).status,
    ).toBe(403);
    expect((await world.http.get('/api/v1/admin/notifications')).status).toBe(401);
    expect((await world.admin('get', '/api/v1/admin/notifications?limit=0')).status).toBe(400);
  });

  it('reminds an invited user once, the day before the newest invite expires; not for one expiring later', async () => {
    const make = async (label: string) =>
      (await world.created('post', '/api/v1/admin/users', { email: unique(label), displayName: `${label} test` })).id;
    const [soon, later, renewed] = [await make('soon'), await make('later'), await make('renewed')];
    await platform(async (m) => {
      await m.query(
        `UPDATE user_tokens SET expires_at = now() + interval '2 hours', created_at = now() - interval '6 days 22 hours' WHERE user_id = $1`,
        [soon],
      );
      await m.query(`UPDATE user_tokens SET expires_at = now() + interval '30 hours' WHERE user_id = $1`, [later]);
      await m.query(
        `UPDATE user_tokens SET expires_at = now() + interval '2 hours', created_at = now() - interval '6 days 22 hours' WHERE user_id = $1`,
        [renewed],
      );
    });
    await world.app.get(SingleUseLinks).createInvite(renewed, null); // a newer invite (7 days): nothing to remind of
    const [soonToken] = await inviteTokens(soon);

    const envelope: JobEnvelope = {
      v: 1,
      name: INVITE_REMINDER_JOB.name,
      tenantId: NIL_TENANT,
      actorId: null,
      correlationId: null,
      idempotencyKey: 'schedule:invite-reminders-daily:test',
      outboxId: 'schedule',
      payload: {},
    };
    const reminders = (userId: string) =>
      notifications(`template = 'invite_reminder' AND recipient_user_id = $1`, [userId]);
    await world.app.get(JobRunner).run(envelope, 1);
    const sent = await reminders(soon);
    expect(sent).toHaveLength(1);
    expect(sent[0].idempotency_key).toBe(inviteReminderKey(soonToken.id));
    expect(Object.keys(sent[0].personalisation!).sort()).toEqual(['expires_at', 'invited_on', 'service_name']);
    expect(await reminders(later)).toEqual([]);
    expect(await reminders(renewed)).toEqual([]);

    await world.app.get(JobRunner).run({ ...envelope, idempotencyKey: 'schedule:invite-reminders-daily:test-2' }, 1);
    expect(await reminders(soon)).toHaveLength(1); // never twice
  });
});

class FakeNotify implements NotifyEmailClient {
  calls: { templateId: string; email: string; options: { personalisation: Personalisation; reference: string } }[] = [];
  failWith?: unknown;

  async sendEmail(templateId: string, email: string, options: { personalisation: Personalisation; reference: string }) {
    this.calls.push({ templateId, email, options });
    if (this.failWith) throw this.failWith;
    return { data: { id: randomUUID() } };
  }
}

describe('notifications: through GOV.UK Notify (a fake client)', () => {
  const INVITE_TEMPLATE = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
  const RESET_TEMPLATE = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
  const notify = new FakeNotify();
  let world: ApiWorld;
  const { jobs, notifications, run, inviteTokens } = helpers(() => world);

  beforeAll(async () => {
    world = await ApiWorld.start({
      env: {
        NOTIFY_API_KEY: `test_key-${randomUUID()}-${randomUUID()}`,
        NOTIFY_TEMPLATE_IDS: JSON.stringify({ invite: INVITE_TEMPLATE, password_reset: RESET_TEMPLATE }),
      },
      notifyClient: notify,
    });
  });
  afterAll(() => world?.close());
  beforeEach(() => {
    notify.calls = [];
    notify.failWith = undefined;
  });

  it('calls Notify once with the template id and the job key as reference, and keeps no personalisation', async () => {
    const email = unique('notified');
    const user = await world.created('post', '/api/v1/admin/users', {
      email,
      displayName: 'Notified test',
      platformRole: 'national_board',
    });
    const [queued] = await jobs('idempotency_key = $1', [`invite:${user.id}`]);
    await run(queued, 1);
    await run(queued, 2);
    expect(notify.calls).toHaveLength(1);
    const call = notify.calls[0];
    expect(call.templateId).toBe(INVITE_TEMPLATE);
    expect(call.email).toBe(email);
    expect(call.options.reference).toBe(`invite:${user.id}`);
    expect(Object.keys(call.options.personalisation).sort()).toEqual([
      'expires_on',
      'link',
      'role_description',
      'service_name',
    ]);
    expect(call.options.personalisation['role_description']).toContain('Implementation Board');
    const [row] = await notifications('idempotency_key = $1', [`invite:${user.id}`]);
    expect(row).toMatchObject({ provider: 'notify', personalisation: null, status: 'sent', email });
    expect(row.provider_ref).toMatch(/^[0-9a-f-]{36}$/);
    // the emailed link works
    const accept = await world.http
      .post('/api/v1/auth/invites/accept')
      .send({ token: tokenOf(call.options.personalisation['link']), password: PASSWORD });
    expect(accept.status).toBe(200);
    // the outbox view shows it without personalisation
    const list = await world.admin('get', '/api/v1/admin/notifications?limit=10');
    const shown = list.body.items.find((n: { id: string }) => n.id === row.id);
    expect(shown).toMatchObject({ provider: 'notify', personalisation: null, body: null });
  });

  it('fails a send without the address or personalisation in the error, and keeps no row or link, so a retry sends', async () => {
    const email = unique('bounced');
    const user = await world.created('post', '/api/v1/admin/users', { email, displayName: 'Bounced test' });
    notify.failWith = Object.assign(new Error(`Request failed for ${email}`), {
      config: { data: JSON.stringify({ email_address: email }) },
      response: {
        status: 400,
        data: { errors: [{ error: 'BadRequestError', message: `Not a valid email address: ${email}` }] },
      },
    });
    const [queued] = await jobs('idempotency_key = $1', [`invite:${user.id}`]);
    const failure = await run(queued).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(JobFailedError);
    expect((failure as Error).message).toBe('NotifyError (400)');
    expect(await notifications('idempotency_key = $1', [`invite:${user.id}`])).toEqual([]);
    expect(await inviteTokens(user.id)).toHaveLength(1); // only the admin's: the job's link rolled back

    const direct = await world.app
      .get(NotificationService)
      .send({
        template: 'password_reset',
        to: { userId: user.id, email },
        personalisation: {
          service_name: 'REP Hub',
          link: 'http://localhost:3000/password-reset/secret-token-value',
          expires_at: '2pm on 4 December 2026',
        },
        idempotencyKey: `test:${randomUUID()}`,
      })
      .then(
        () => null,
        (e: unknown) => e as Error & { cause?: unknown },
      );
    expect(direct?.name).toBe('NotifyError');
    expect(direct?.message).toContain('password_reset');
    expect(
      JSON.stringify({ message: direct?.message, stack: direct?.stack, cause: direct?.cause, own: { ...direct } }),
    ).not.toMatch(/bounced|secret-token-value/);

    notify.failWith = undefined;
    await run(queued, 2);
    expect(notify.calls.filter((c) => c.options.reference === `invite:${user.id}`)).toHaveLength(2); // the failed call and the retry
    expect(await notifications('idempotency_key = $1', [`invite:${user.id}`])).toHaveLength(1);
  });

  it('names the template when NOTIFY_TEMPLATE_IDS has no id for it', async () => {
    const send = world.app.get(NotificationService).send({
      template: 'invite_reminder',
      to: { userId: null, email: unique('reminder') },
      personalisation: {
        service_name: 'REP Hub',
        expires_at: '2pm on 4 December 2026',
        invited_on: '27 November 2026',
      },
      idempotencyKey: `test:${randomUUID()}`,
    });
    await expect(send).rejects.toThrow(/"invite_reminder"/);
    expect(notify.calls).toEqual([]);
  });
});
