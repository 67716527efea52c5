import { totpCode } from '@rep-hub/auth';
import { randomUUID } from 'node:crypto';
import { ApiWorld, nextAddress, PASSWORD } from './testing/api-world';

/** TOTP for every role that can open a named child (MFA_REQUIRED on, as in production). */
describe('TOTP for roles that can open a named child', () => {
  let world: ApiWorld;
  let tenantId: string;
  let laId: string;

  beforeAll(async () => {
    world = await ApiWorld.start({ mfa: true });
    tenantId = (
      await world.created('post', '/api/v1/admin/tenants', {
        slug: `mfa-${randomUUID().slice(0, 8)}`,
        name: 'MFA partnership',
      })
    ).id;
    laId = (
      await world.created('post', `/api/v1/admin/tenants/${tenantId}/organisations`, {
        kind: 'local_authority',
        name: 'MFA LA',
        laNumber: '213',
      })
    ).id;
  });
  afterAll(() => world?.close());

  async function invite(role: string) {
    const email = `${role}.${randomUUID().slice(0, 8)}@council.example`;
    const user = await world.created('post', '/api/v1/admin/users', { email, displayName: `${role} MFA test` });
    await world.http
      .post('/api/v1/auth/invites/accept')
      .send({ token: (user['invite'] as { token: string }).token, password: PASSWORD })
      .expect(200);
    await world.created('post', `/api/v1/admin/tenants/${tenantId}/memberships`, {
      userId: user.id,
      organisationId: laId,
      role,
    });
    return { email, userId: user.id };
  }
  const login = (email: string) =>
    world.http.post('/api/v1/auth/login').set('X-Forwarded-For', nextAddress()).send({ email, password: PASSWORD });

  it('makes an LA officer set up an authenticator, then sign in with a code', async () => {
    const { email } = await invite('la_officer');
    const first = await login(email);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mfaRequired: true, mfaEnrolled: false });
    expect(first.body.accessToken).toBeUndefined();
    const setup = await world.http.post('/api/v1/auth/mfa/setup').send({ mfaToken: first.body.mfaToken });
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toContain(`secret=${setup.body.secret}`);
    const wrong = await world.http.post('/api/v1/auth/mfa/verify').send({
      mfaToken: first.body.mfaToken,
      code: '000000' === totpCode(setup.body.secret, Date.now()) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    const code = totpCode(setup.body.secret, Date.now());
    const ok = await world.http.post('/api/v1/auth/mfa/verify').send({ mfaToken: first.body.mfaToken, code });
    expect(ok.status).toBe(200);
    expect(ok.body.tenantId).toBe(tenantId);
    const me = await world.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${ok.body.accessToken}`);
    expect(me.status).toBe(200);

    // signing in again: already enrolled, and the code just used cannot be replayed
    const again = await login(email);
    expect(again.body).toMatchObject({ mfaRequired: true, mfaEnrolled: true });
    expect((await world.http.post('/api/v1/auth/mfa/setup').send({ mfaToken: again.body.mfaToken })).status).toBe(409);
    const replay = await world.http.post('/api/v1/auth/mfa/verify').send({ mfaToken: again.body.mfaToken, code });
    expect(replay.status).toBe(401);
    const next = await world.http
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: again.body.mfaToken, code: totpCode(setup.body.secret, Date.now() + 30_000) });
    expect(next.status).toBe(200);
  });

  it('signs a partnership lead straight in (no named child in that role)', async () => {
    const { email } = await invite('partnership_lead');
    const r = await login(email);
    expect(r.status).toBe(200);
    expect(typeof r.body.accessToken).toBe('string');
    expect(r.body.mfaRequired).toBeUndefined();
  });

  it('stops a session without the TOTP step once the user gains a role that needs it', async () => {
    const { email, userId } = await invite('partnership_lead');
    const s = await login(email);
    expect((await world.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${s.body.accessToken}`)).status).toBe(
      200,
    );
    await world.created('post', `/api/v1/admin/tenants/${tenantId}/memberships`, {
      userId,
      organisationId: laId,
      role: 'la_officer',
    });
    expect((await world.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${s.body.accessToken}`)).status).toBe(
      401,
    );
  });

  it('refuses a forged or expired mfaToken, and lets an admin reset a lost authenticator', async () => {
    expect(
      (
        await world.http
          .post('/api/v1/auth/mfa/verify')
          .send({ mfaToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad-signature-here', code: '123456' })
      ).status,
    ).toBe(401);
    const { email, userId } = await invite('la_officer');
    const first = await login(email);
    const setup = await world.http.post('/api/v1/auth/mfa/setup').send({ mfaToken: first.body.mfaToken });
    await world.http
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: first.body.mfaToken, code: totpCode(setup.body.secret, Date.now()) })
      .expect(200);
    expect((await world.admin('post', `/api/v1/admin/users/${userId}/mfa-reset`)).status).toBe(204);
    const after = await login(email);
    expect(after.body).toMatchObject({ mfaRequired: true, mfaEnrolled: false });
  });
});
