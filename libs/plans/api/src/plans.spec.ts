import { ApiWorld } from '@rep-hub/api-surface/testing';
import { JobContext, UnitOfWork } from '@rep-hub/platform';
import { PlanPdfHandler } from '@rep-hub/plans-domain';
import { createHash } from 'node:crypto';
import { PlansPartnership, startPlansApiWorld } from './testing';

type Who = 'lead' | 'la1' | 'la2' | 'icb' | 'forum' | 'school';
interface Section {
  id: string;
  key: string;
  laId: string | null;
  body: string;
  html: string;
  version: number;
  themes: { code: string }[];
}
interface Version {
  id: string;
  number: number;
  status: string;
  version: number;
  pdfStatus: string;
  sections: Section[];
  signOffs: {
    memberId: string;
    decision: string | null;
    recordedOnBehalf: boolean;
    recordedBy: { id: string } | null;
  }[];
  parentCarerForum: { memberId: string; decision: string | null; reason: string | null }[];
  allowedActions: string[];
  canDecideFor: string[];
}

/**
 * Local inclusion plans through the API on real PostgreSQL under RLS as the app role: creating a
 * plan for one LA or several, the stages on the server with their 409s, sections edited under
 * their version (two edits at once: one wins), field errors, each member organisation's decision,
 * publication superseding the version before and its PDF job, and the walls between partnerships
 * and between LAs.
 */
describe('inclusion plans API', () => {
  let world: ApiWorld;
  let uow: UnitOfWork;
  let p: PlansPartnership;
  let q: PlansPartnership;

  beforeAll(async () => {
    world = await startPlansApiWorld();
    uow = world.app.get(UnitOfWork);
    p = (await world.partnership('plp', ['340', '341'])) as PlansPartnership;
    q = (await world.partnership('plq', ['342', '343'])) as PlansPartnership;
  });
  afterAll(async () => {
    for (const x of [p, q])
      await uow?.forTenant({ tenantId: x.tenantId }, (m) =>
        m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [x.tenantId]),
      );
    await world?.close();
  });

  const as = (who: Who, of: PlansPartnership = p) => {
    const auth = (r: ReturnType<ApiWorld['http']['get']>) => r.set('Authorization', `Bearer ${of.members[who].token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      put: (path: string, body: object) => auth(world.http.put(path)).send(body),
    };
  };
  const fields = (body: { errors?: { field: string }[] }) =>
    [...new Set((body.errors ?? []).map((e) => e.field))].sort();
  const plan = (laIds: string[], title = 'Our local inclusion plan') => ({
    title,
    periodStart: '2026-04-01',
    periodEnd: '2029-03-31',
    reviewOn: '2027-03-31',
    laIds,
  });
  const version = async (who: Who, of: PlansPartnership, planId: string, versionId: string) => {
    const r = await as(who, of).get(`/api/v1/plans/${planId}/versions/${versionId}`);
    expect(r.status).toBe(200);
    return r.body as Version;
  };
  const auditCount = (tenantId: string, id: string) =>
    uow.forTenant({ tenantId }, async (m) => {
      const rows = (await m.query(
        `SELECT action FROM audit_events WHERE tenant_id = $1 AND $2::uuid = ANY(subject_ids) ORDER BY occurred_at`,
        [tenantId, id],
      )) as { action: string }[];
      return rows.map((r) => r.action);
    });

  it('refuses a plan with bad fields, naming each field, and writes nothing', async () => {
    const bad = await as('lead').post('/api/v1/plans', {
      title: '',
      periodStart: '2026-02-30',
      periodEnd: '2100-01-01',
      reviewOn: '2020-01-01',
      laIds: ['not-a-uuid'],
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['laIds', 'periodEnd', 'periodStart', 'reviewOn', 'title']);
    const order = await as('lead').post('/api/v1/plans', {
      ...plan([p.las[0]]),
      periodEnd: '2026-01-01',
      reviewOn: '2030-01-01',
    });
    expect([order.status, fields(order.body)]).toEqual([400, ['periodEnd', 'reviewOn']]);
    const notLa = await as('lead').post('/api/v1/plans', plan([p.schoolId]));
    expect([notLa.status, fields(notLa.body)]).toEqual([400, ['laIds']]);
    const other = await as('lead').post('/api/v1/plans', plan([q.las[0]]));
    expect([other.status, fields(other.body)]).toEqual([400, ['laIds']]);
    expect((await as('lead').get('/api/v1/plans')).body.items).toEqual([]);
  });

  it('makes a plan of several LAs with each section’s plan-wide and LA parts; each LA officer edits only their LA’s part', async () => {
    const made = await as('lead').post('/api/v1/plans', plan(p.las, 'Shared plan'));
    expect(made.status).toBe(201);
    expect(made.body.versions.map((v: Version) => [v.number, v.status])).toEqual([[1, 'draft']]);
    const again = await as('la1').post('/api/v1/plans', plan([p.las[0]]));
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already has a local inclusion plan/);
    const v = await version('la1', p, made.body.id, made.body.versions[0].id);
    expect(v.sections).toHaveLength(21);
    expect(v.sections.filter((s) => s.laId === null)).toHaveLength(7);
    const la2Part = v.sections.find((s) => s.laId === p.las[1])!;
    const la1Part = v.sections.find((s) => s.laId === p.las[0])!;
    const wide = v.sections.find((s) => s.laId === null)!;
    const url = (s: Section) => `/api/v1/plans/${made.body.id}/versions/${v.id}/sections/${s.id}`;
    const edit = { body: 'Our part', themes: [], version: 1 };
    expect((await as('la1').put(url(la2Part), edit)).status).toBe(403);
    expect((await as('la1').put(url(la1Part), edit)).status).toBe(200);
    expect((await as('la2').put(url(wide), edit)).status).toBe(200);
    expect((await as('icb').put(url(wide), { ...edit, version: 2 })).status).toBe(403);
    // everyone in the partnership reads it; the ICB member may not manage it
    const read = await as('icb').get(`/api/v1/plans/${made.body.id}`);
    expect([read.status, read.body.canManage]).toEqual([200, false]);
  });

  it('walls plans between partnerships and between LAs: an LA officer cannot make or edit another LA’s plan', async () => {
    const forOther = await as('la2', q).post('/api/v1/plans', plan([q.las[0]]));
    expect(forOther.status).toBe(403);
    const made = await as('la1', q).post('/api/v1/plans', plan([q.las[0]], 'LA one plan'));
    expect(made.status).toBe(201);
    const v = await version('la1', q, made.body.id, made.body.versions[0].id);
    expect(v.sections).toHaveLength(7);
    const url = `/api/v1/plans/${made.body.id}/versions/${v.id}/sections/${v.sections[0].id}`;
    const theirs = await as('la2', q).put(url, { body: 'Not mine', themes: [], version: 1 });
    expect(theirs.status).toBe(403);
    const move = await as('la2', q).post(`/api/v1/plans/${made.body.id}/versions/${v.id}/transitions`, {
      action: 'co_produce',
    });
    expect(move.status).toBe(403);
    // partnership p sees none of q's plans, and gets 404 for each of its ids
    expect((await as('lead').get('/api/v1/plans')).body.items.map((x: { id: string }) => x.id)).not.toContain(
      made.body.id,
    );
    expect((await as('lead').get(`/api/v1/plans/${made.body.id}`)).status).toBe(404);
    expect((await as('lead').get(`/api/v1/plans/${made.body.id}/versions/${v.id}`)).status).toBe(404);
    expect((await as('lead').put(url, { body: 'x', themes: [], version: 1 })).status).toBe(404);
    expect(
      (await as('lead').post(`/api/v1/plans/${made.body.id}/versions/${v.id}/transitions`, { action: 'co_produce' }))
        .status,
    ).toBe(404);
    expect((await version('la1', q, made.body.id, v.id)).sections[0].version).toBe(1);
  });

  describe('one plan through its stages', () => {
    let planId: string;
    let v1: Version;
    const url = (s: Section, vid = v1.id) => `/api/v1/plans/${planId}/versions/${vid}/sections/${s.id}`;
    const move = (action: string, vid = v1.id, who: Who = 'la1') =>
      as(who, q).post(`/api/v1/plans/${planId}/versions/${vid}/transitions`, { action });
    const decide = (who: Who, memberId: string, decision: string, reason?: string, vid = v1.id) =>
      as(who, q).post(`/api/v1/plans/${planId}/versions/${vid}/sign-offs`, { memberId, decision, reason });

    beforeAll(async () => {
      const made = await as('la2', q).post('/api/v1/plans', plan([q.las[1]], 'LA two plan'));
      expect(made.status).toBe(201);
      planId = made.body.id;
      v1 = await version('la2', q, planId, made.body.versions[0].id);
    });

    it('names the field of a bad section: a link not https, a ragged table, an unknown theme, text too long, no version', async () => {
      const s = v1.sections[0];
      const link = await as('la2', q).put(url(s), { body: 'Fine\n[x](javascript:alert(1))', themes: [], version: 1 });
      expect([link.status, fields(link.body)]).toEqual([400, ['body']]);
      expect(link.body.errors[0].message).toMatch(/^Line 2: /);
      const table = await as('la2', q).put(url(s), { body: '| a | b |\n|---|---|\n| 1 |', themes: [], version: 1 });
      expect([table.status, table.body.errors[0].message]).toEqual([
        400,
        'Line 3: this table row has 1 cell; the header row has 2',
      ]);
      const theme = await as('la2', q).put(url(s), { body: 'ok', themes: ['no_such_theme'], version: 1 });
      expect([theme.status, fields(theme.body)]).toEqual([400, ['themes']]);
      const long = await as('la2', q).put(url(s), { body: 'x'.repeat(20_001), themes: [], version: 1 });
      expect([long.status, fields(long.body)]).toEqual([400, ['body']]);
      const none = await as('la2', q).put(url(s), { body: 'ok', themes: [] });
      expect([none.status, fields(none.body)]).toEqual([400, ['version']]);
      expect((await version('la2', q, planId, v1.id)).sections[0].version).toBe(1);
    });

    it('saves one of two edits sent at once; the other gets 409 naming the text, version, who and when', async () => {
      const s = v1.sections[1];
      const [a, b] = await Promise.all([
        as('la2', q).put(url(s), { body: '## First\n\n- one', themes: ['targeted_support'], version: 1 }),
        as('lead', q).put(url(s), { body: 'Second', themes: [], version: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [won, lost] = a.status === 200 ? [a, b] : [b, a];
      expect(lost.body).toMatchObject({
        status: 409,
        currentVersion: 2,
        currentBody: won.body.body,
        currentThemes: won.body.themes.map((t: { code: string }) => t.code),
        updatedBy: { id: won === a ? q.members.la2.userId : q.members.lead.userId },
        updatedAt: won.body.updatedAt,
      });
      const now = (await version('la2', q, planId, v1.id)).sections[1];
      expect([now.version, now.body]).toEqual([2, won.body.body]);
      // a stale version later: the same 409
      const stale = await as('la2', q).put(url(s), { body: 'late', themes: [], version: 1 });
      expect([stale.status, stale.body.currentVersion]).toEqual([409, 2]);
      const ok = await as('la2', q).put(url(s), {
        body: '## Needs\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[guide](https://www.gov.uk/)',
        themes: ['identification_of_need', 'ap_tiers'],
        version: 2,
      });
      expect(ok.status).toBe(200);
      expect(ok.body.html).toContain('<table class="govuk-table">');
      expect(ok.body.html).toContain('href="https://www.gov.uk/"');
    });

    it('enforces the stages: sign-off only in co-production, every member’s decision before signed off, publish only from signed off', async () => {
      const members = q.localMembers[1];
      expect((await decide('la2', members.la, 'signed_off')).status).toBe(409);
      const early = await move('publish', v1.id, 'la2');
      expect([early.status, early.body.versionStatus, early.body.allowedActions]).toEqual([
        409,
        'draft',
        ['co_produce'],
      ]);
      const co = await move('co_produce', v1.id, 'la2');
      expect([co.status, co.body.status]).toEqual([200, 'co_production']);
      expect((await move('co_produce', v1.id, 'la2')).status).toBe(409);
      // sections stay editable in co-production
      const s = (await version('la2', q, planId, v1.id)).sections[2];
      expect(
        (await as('la2', q).put(url(s), { body: 'In co-production', themes: [], version: s.version })).status,
      ).toBe(200);
      const waiting = await move('sign_off', v1.id, 'la2');
      expect([waiting.status, waiting.body.waitingFor.length]).toEqual([409, 3]);
      // each member decides for itself: the ICB's member dissents (a reason needed), the LA's officer signs off
      expect(fields((await decide('icb', members.icb, 'dissent')).body)).toEqual(['reason']);
      expect((await decide('la1', members.la, 'signed_off')).status).toBe(403);
      expect((await decide('icb', members.la, 'signed_off')).status).toBe(403);
      expect((await decide('icb', members.icb, 'dissent', 'Therapy waits are not addressed')).status).toBe(200);
      expect((await decide('la2', members.la, 'signed_off')).status).toBe(200);
      // the forum outside REP Hub: its decision is recorded by the LA's officer (not by the ICB), who is named
      expect((await decide('icb', members.forum, 'signed_off')).status).toBe(403);
      const forum = await decide('la2', members.forum, 'dissent', 'Families were consulted too late');
      expect(forum.status).toBe(200);
      const f = (forum.body as Version).signOffs.find((d) => d.memberId === members.forum)!;
      expect([f.recordedOnBehalf, f.recordedBy?.id]).toEqual([true, q.members.la2.userId]);
      expect((forum.body as Version).parentCarerForum).toEqual([
        expect.objectContaining({
          memberId: members.forum,
          decision: 'dissent',
          reason: 'Families were consulted too late',
        }),
      ]);
      const signed = await move('sign_off', v1.id, 'la2');
      expect([signed.status, signed.body.status]).toEqual([200, 'signed_off']);
      const frozen = (signed.body as Version).sections[0];
      expect((await as('la2', q).put(url(frozen), { body: 'late', themes: [], version: frozen.version })).status).toBe(
        409,
      );
      expect((await decide('la2', members.la, 'signed_off')).status).toBe(409);
      expect((await as('la2', q).post(`/api/v1/plans/${planId}/versions`, {})).status).toBe(409);
      const published = await move('publish', v1.id, 'la2');
      expect([published.status, published.body.status, published.body.pdfStatus]).toEqual([200, 'published', 'queued']);
      expect(await auditCount(q.tenantId, v1.id)).toEqual([
        'inclusion_plan.create',
        'inclusion_plan.section_edit',
        'inclusion_plan.section_edit',
        'inclusion_plan.co_produce',
        'inclusion_plan.section_edit',
        'inclusion_plan.dissent',
        'inclusion_plan.member_sign_off',
        'inclusion_plan.dissent',
        'inclusion_plan.sign_off',
        'inclusion_plan.publish',
      ]);
    });

    it('makes the published version’s PDF through its job, queued in the outbox', async () => {
      const [job] = await uow.forTenant({ tenantId: q.tenantId }, (m) =>
        m.query(
          `SELECT id, job_name, queue, payload, idempotency_key FROM job_outbox WHERE tenant_id = $1 AND idempotency_key = $2`,
          [q.tenantId, `plans-pdf:${v1.id}`],
        ),
      );
      expect([job.job_name, job.queue, job.payload]).toEqual([
        'plans.version_pdf',
        'reports',
        { planId, versionId: v1.id },
      ]);
      const ctx = {
        envelope: { tenantId: q.tenantId, name: job.job_name, outboxId: job.id, idempotencyKey: job.idempotency_key },
        work: <T>(fn: Parameters<UnitOfWork['forTenant']>[1]) =>
          uow.forTenant({ tenantId: q.tenantId }, fn) as Promise<T>,
      } as unknown as JobContext;
      await world.app.get(PlanPdfHandler).handle(ctx, job.payload);
      const [row] = await uow.forTenant({ tenantId: q.tenantId }, (m) =>
        m.query(`SELECT pdf, pdf_sha256, pdf_status FROM inclusion_plan_versions WHERE tenant_id = $1 AND id = $2`, [
          q.tenantId,
          v1.id,
        ]),
      );
      expect(row.pdf_status).toBe('ready');
      expect((row.pdf as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(row.pdf_sha256).toBe(
        createHash('sha256')
          .update(row.pdf as Buffer)
          .digest('hex'),
      );
      expect((await version('icb', q, planId, v1.id)).pdfStatus).toBe('ready');
    });

    it('starts a new version as a copy of the latest; publishing it supersedes the one before', async () => {
      const v2 = await as('la2', q).post(`/api/v1/plans/${planId}/versions`, { changeSummary: 'Annual review' });
      expect([v2.status, v2.body.number, v2.body.status]).toEqual([201, 2, 'draft']);
      const before = await version('la2', q, planId, v1.id);
      expect((v2.body as Version).sections.map((s) => [s.key, s.body])).toEqual(
        before.sections.map((s) => [s.key, s.body]),
      );
      expect((await as('la2', q).post(`/api/v1/plans/${planId}/versions`, {})).status).toBe(409);
      expect((await move('co_produce', v2.body.id, 'la2')).status).toBe(200);
      const m = q.localMembers[1];
      for (const [who, id] of [
        ['la2', m.la],
        ['icb', m.icb],
        ['la2', m.forum],
      ] as const)
        expect((await decide(who, id, 'signed_off', undefined, v2.body.id)).status).toBe(200);
      expect((await move('sign_off', v2.body.id, 'la2')).status).toBe(200);
      expect((await move('publish', v2.body.id, 'la2')).status).toBe(200);
      const got = await as('forum', q).get(`/api/v1/plans/${planId}`);
      expect(got.body.versions.map((v: Version) => [v.number, v.status])).toEqual([
        [2, 'published'],
        [1, 'superseded'],
      ]);
      expect(got.body.publishedVersion.number).toBe(2);
      expect(got.body.canStartVersion).toBe(false);
      expect((await as('la2', q).get(`/api/v1/plans/${planId}`)).body.canStartVersion).toBe(true);
    });
  });
});
