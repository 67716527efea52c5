import { unique, WebWorld } from './testing';

/**
 * A National Board member is in no partnership: the account page and the refusal page speak to
 * them in the board's own terms (published, disclosure-controlled figures only), never "ask your
 * partnership lead"; a partnership's user keeps the words of their partnership.
 */
describe('the web kit in a National Board member’s own terms', () => {
  let world: WebWorld;
  beforeAll(async () => {
    world = await WebWorld.start();
  });
  afterAll(() => world?.close());

  it('shows the board member’s account in the board’s terms, and refuses a partnership’s page in them', async () => {
    const { agent } = await world.ensureBoardMember('terms');
    const account = await agent.get('/account').expect(200);
    expect(account.text).toContain('National Board member');
    expect(account.text).toContain('None: the National Board works across partnerships');
    expect(account.text).toContain('data-testid="board-terms"');
    const refused = await agent.get('/data-sharing').expect(403);
    expect(refused.text).toContain(
      'National Board members see only published, disclosure-controlled figures and the board’s own records',
    );
    expect(refused.text).not.toContain('ask your partnership lead');
  });

  it('keeps a partnership user’s words: their refusal still points to their partnership lead', async () => {
    const o = world.onboarding;
    const tenant = await o.createTenant({ slug: `terms-${unique()}`, name: `Terms ${unique()}` }, world.adminId);
    const school = await o.createOrganisation(
      tenant.id,
      { kind: 'training_provider', name: 'Terms training' },
      world.adminId,
    );
    const { staff } = await world.members(tenant.id, [['staff', school.id, 'workforce_lead']]);
    const account = await staff.get('/account').expect(200);
    expect(account.text).not.toContain('data-testid="board-terms"');
    const refused = await staff.get('/admin').expect(403);
    expect(refused.text).toContain('ask your partnership lead');
    expect(refused.text).not.toContain('National Board members');
  });
});
