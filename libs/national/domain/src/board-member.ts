import { Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';

/**
 * The signed-in National Board member as the board's records need them: their name, read in a
 * platform unit of work first (the board role cannot read the users table), and the audit row of
 * a board write, recorded under the platform's nil tenant right after the board's transaction
 * commits, as the platform admin's actions are (the board role may not write the audit trail).
 */
@Injectable()
export class BoardMember {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  async name(): Promise<string> {
    const rows: { name: string }[] = await this.auth.inPlatform((m) =>
      m.query(`SELECT display_name AS name FROM users WHERE id = $1`, [this.auth.principal.userId]),
    );
    return rows[0]?.name?.slice(0, 200) || 'A National Board member';
  }

  audited(
    action: string,
    subjectType: string,
    ids: string[],
    details: Record<string, string | number | boolean | null>,
  ): Promise<unknown> {
    return this.auth.inPlatform(() => this.audit.record({ action, subjectType, subjectIds: ids, details }));
  }
}
