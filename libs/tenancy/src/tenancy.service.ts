import { Injectable } from '@nestjs/common';
import { hashPassword, UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { Membership, Organisation, OrganisationKind, PlatformRole, Tenant, User } from './entities';

export interface NewTenant {
  slug: string;
  name: string;
  region?: string | null;
}

export interface NewOrganisation {
  kind: OrganisationKind;
  name: string;
  laNumber?: string | null;
  gssCode?: string | null;
  isLead?: boolean;
  urn?: string | null;
  ukprn?: string | null;
  ofstedUrn?: string | null;
  localAuthorityId?: string | null;
}

export interface NewUser {
  email: string;
  displayName: string;
  password?: string;
  platformRole?: PlatformRole | null;
  status?: User['status'];
}

/**
 * Partnerships, their organisations, users and memberships. Each method joins the caller's unit
 * of work when one is open (so an admin action and its audit row commit together), or opens its
 * own; it never opens one inside another (PGlite is one session).
 */
@Injectable()
export class TenancyService {
  constructor(private readonly uow: UnitOfWork) {}

  createTenant(input: NewTenant, actorId: string | null = null): Promise<Tenant> {
    return this.uow.joinPlatform(actorId, (m) =>
      m.save(m.create(Tenant, { id: randomUUID(), slug: input.slug, name: input.name, region: input.region ?? null })),
    );
  }

  findTenantBySlug(slug: string): Promise<Tenant | null> {
    return this.uow.joinPlatform(null, (m) => m.findOne(Tenant, { where: { slug } }));
  }

  listTenants(): Promise<Tenant[]> {
    return this.uow.joinPlatform(null, (m) => m.find(Tenant, { order: { name: 'ASC' } }));
  }

  addOrganisation(tenantId: string, input: NewOrganisation, actorId: string | null = null): Promise<Organisation> {
    return this.uow.joinTenant({ tenantId, actorId }, (m) =>
      m.save(
        m.create(Organisation, {
          tenantId,
          id: randomUUID(),
          kind: input.kind,
          name: input.name,
          laNumber: input.laNumber ?? null,
          gssCode: input.gssCode ?? null,
          isLead: input.isLead ?? false,
          urn: input.urn ?? null,
          ukprn: input.ukprn ?? null,
          ofstedUrn: input.ofstedUrn ?? null,
          localAuthorityId: input.localAuthorityId ?? null,
        }),
      ),
    );
  }

  /**
   * Sets an organisation's name and identifiers if it is still at `version` (its version goes up
   * by one); answers whether it was. The caller has checked the values (a unique identifier another
   * organisation holds fails on the partnership's unique index).
   */
  changeOrganisation(
    tenantId: string,
    id: string,
    version: number,
    to: Pick<Organisation, 'name' | 'laNumber' | 'gssCode' | 'urn' | 'ukprn' | 'ofstedUrn'>,
    actorId: string | null = null,
  ): Promise<boolean> {
    return this.uow.joinTenant({ tenantId, actorId }, async (m) => {
      const [, count] = (await m.query(
        `UPDATE organisations SET name = $4, la_number = $5, gss_code = $6, urn = $7, ukprn = $8, ofsted_urn = $9,
                updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $3`,
        [tenantId, id, version, to.name, to.laNumber, to.gssCode, to.urn, to.ukprn, to.ofstedUrn],
      )) as [unknown, number];
      return Number(count) === 1;
    });
  }

  listOrganisations(tenantId: string, kind?: OrganisationKind): Promise<Organisation[]> {
    return this.uow.forTenant({ tenantId }, () => {
      const q = this.uow.tenantQuery(Organisation, 'o').orderBy('o.name', 'ASC');
      if (kind) q.andWhere('o.kind = :kind', { kind });
      return q.getMany();
    });
  }

  async createUser(input: NewUser, actorId: string | null = null): Promise<User> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.uow.joinPlatform(actorId, async (m) => {
      const user = m.create(User, {
        id: randomUUID(),
        email: input.email.trim().toLowerCase(),
        displayName: input.displayName,
        passwordHash,
        platformRole: input.platformRole ?? null,
        status: input.status ?? (passwordHash ? 'active' : 'invited'),
      });
      await m.insert(User, user);
      return user;
    });
  }

  findUser(id: string): Promise<User | null> {
    return this.uow.joinPlatform(null, (m) => m.findOne(User, { where: { id } }));
  }

  findTenant(id: string): Promise<Tenant | null> {
    return this.uow.joinPlatform(null, (m) => m.findOne(Tenant, { where: { id } }));
  }

  findUserByEmail(email: string): Promise<User | null> {
    return this.uow.joinPlatform(null, (m) => m.findOne(User, { where: { email: email.trim().toLowerCase() } }));
  }

  addMembership(
    input: { tenantId: string; userId: string; organisationId: string; role: string },
    actorId: string | null = null,
  ): Promise<Membership> {
    return this.uow.joinPlatform(actorId, (m) =>
      m.save(m.create(Membership, { id: randomUUID(), status: 'active', ...input })),
    );
  }

  /**
   * Creates the platform admin from ADMIN_EMAIL / ADMIN_PASSWORD if no user has that email.
   * An existing user is never overwritten. Returns whether one was created.
   */
  async ensurePlatformAdmin(email: string, password: string): Promise<boolean> {
    if (await this.findUserByEmail(email)) return false;
    try {
      await this.createUser({
        email,
        password,
        displayName: 'Platform admin',
        platformRole: 'platform_admin',
        status: 'active',
      });
      return true;
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') return false; // created concurrently
      throw error;
    }
  }
}
