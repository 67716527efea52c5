import { UnitOfWork } from '@rep-hub/platform';
import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

/**
 * The DPO's "who accessed this record" page (issue 20) over HTTP without JavaScript, with AP's
 * pupils: by record and by person, the audit trail's rows for what the DPO's own LA answers for
 * (another LA's pupil is not found; a person's reads of another LA's pupils are left out), and the
 * CSV download.
 */
describe('who accessed a record', () => {
  let world: WebWorld;
  let dpo: TestAgent;
  let officer1: TestAgent;
  let officer2: TestAgent;
  let ids: { officer1: string; officer2: string };
  let pupils: { mine: string; theirs: string };
  let names: { officer1: string; officer2: string };

  beforeAll(async () => {
    world = await startWebWorld();
    const tenant = await world.onboarding.createTenant(
      { slug: `acl-${unique()}`, name: `Access log partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    const org = (name: string, laNumber: string, isLead = false) =>
      world.onboarding.createOrganisation(
        tenant.id,
        { kind: 'local_authority', name, laNumber, ...(isLead ? { isLead } : {}) },
        world.adminId,
      );
    const [la1, la2] = [await org('Derby City Council', '831', true), await org('Derbyshire County Council', '830')];
    const member = async (label: string, laId: string, role: 'la_officer' | 'data_protection_officer') => {
      const u = await world.user(label);
      await world.onboarding.addMembership(tenant.id, { userId: u.id, organisationId: laId, role }, world.adminId);
      return u;
    };
    const d = await member('dpo', la1.id, 'data_protection_officer');
    const o1 = await member('officer1', la1.id, 'la_officer');
    const o2 = await member('officer2', la2.id, 'la_officer');
    ids = { officer1: o1.id, officer2: o2.id };
    names = { officer1: o1.displayName, officer2: o2.displayName };
    const pupil = async (laId: string, family: string) => {
      const [row] = (await world.app
        .get(UnitOfWork)
        .forTenant({ tenantId: tenant.id, laIds: [laId] }, (m) =>
          m.query(
            `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth) VALUES ($1, $2, 'UN2', 'Robin', $3, '2013-05-02') RETURNING id`,
            [tenant.id, laId, family],
          ),
        )) as { id: string }[];
      return row.id;
    };
    pupils = { mine: await pupil(la1.id, 'Mine'), theirs: await pupil(la2.id, 'Theirs') };
    dpo = await world.signIn(d.email);
    officer1 = await world.signIn(o1.email);
    officer2 = await world.signIn(o2.email);
    // each officer opens their own LA's pupil: audited reads
    expect((await officer1.get(`/ap/pupils/${pupils.mine}`)).status).toBe(200);
    expect((await officer2.get(`/ap/pupils/${pupils.theirs}`)).status).toBe(200);
  });
  afterAll(() => world?.close());

  it('is on the DPO’s home and nobody else’s; other roles get 403', async () => {
    expect((await dpo.get('/').expect(200)).text).toContain('href="/audit/access"');
    expect((await officer1.get('/audit/access')).status).toBe(403);
    expect((await officer1.get(`/audit/access/download?by=record&subjectId=${pupils.mine}`)).status).toBe(403);
  });

  it('shows who opened a pupil of the DPO’s LA, and not another LA’s pupil', async () => {
    const mine = await dpo.get(`/audit/access?by=record&subjectId=${pupils.mine}`).expect(200);
    expect(mine.text).toContain('data-testid="access-rows"');
    expect(mine.text).toContain(names.officer1);
    const theirs = await dpo.get(`/audit/access?by=record&subjectId=${pupils.theirs}`);
    expect(theirs.status).toBe(404);
    expect(theirs.text).not.toContain(names.officer2);
    const bad = await dpo.get('/audit/access?by=record&subjectId=not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#subjectId"');
  });

  it('shows a person’s activity on the DPO’s LA’s records only', async () => {
    const one = await dpo.get(`/audit/access?by=user&actorId=${ids.officer1}`).expect(200);
    expect(one.text).toContain('data-testid="access-rows"');
    expect(one.text).toContain('pupil.read');
    const two = await dpo.get(`/audit/access?by=user&actorId=${ids.officer2}`).expect(200);
    // officer 2 opened only their own LA's pupil (and signed in: an event about no LA's record)
    expect(two.text).not.toContain('pupil.read');
    const missing = await dpo.get('/audit/access?by=user&actorId=');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#actorId"');
  });

  it('downloads the rows as CSV', async () => {
    const csv = await dpo.get(`/audit/access/download?by=record&subjectId=${pupils.mine}`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="access-log.csv"/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('occurred_at,user_id,user_name,action,record_type,request_id');
    expect(lines.slice(1).some((l) => l.includes(ids.officer1) && l.includes(names.officer1))).toBe(true);
    expect((await dpo.get(`/audit/access/download?by=record&subjectId=${pupils.theirs}`)).status).toBe(404);
  });
});
