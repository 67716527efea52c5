import { Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import { requireBoard } from './exceptions.service';
import { ProgrammeReformView, ProgrammeReformsView } from './programme.model';
import { ProgrammeStore } from './programme.store';
import { ReleaseRow, ReleasesStore } from './releases.store';

/**
 * Reforms across the programme: for each reform, which partnerships and LAs test it and its
 * status in each, with the findings the partnerships have sent. Each partnership is read from its
 * newest release (the latest version of its latest period), which carries its register as it stood
 * when that return was sent (a partnership whose newest release was sent before returns carried
 * their register shows none). Read as the board role.
 */
@Injectable()
export class ProgrammeReformsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly uow: UnitOfWork,
    private readonly releases: ReleasesStore,
    private readonly programme: ProgrammeStore,
  ) {}

  async reforms(): Promise<ProgrammeReformsView> {
    requireBoard(this.auth);
    return this.uow.forBoard(async (m) => {
      // `latest` is ordered by period, oldest first: the last one of each partnership is its newest
      const newest = new Map<string, ReleaseRow>();
      for (const r of await this.releases.latest(m)) newest.set(r.partnershipId, r);
      const releases = [...newest.values()];
      const ids = releases.map((r) => r.id);
      const byId = new Map(releases.map((r) => [r.id, r]));
      const statuses = await this.programme.reforms(m, ids);
      const findings = await this.programme.findings(m, ids);
      const reforms = new Map<string, ProgrammeReformView>();
      const reform = (code: string, name: string) => {
        let r = reforms.get(code);
        if (!r) {
          r = {
            code,
            name,
            statusCounts: { planned: 0, active: 0, paused: 0, stopped: 0 },
            partnerships: [],
            findings: [],
          };
          reforms.set(code, r);
        }
        return r;
      };
      for (const s of statuses) {
        const release = byId.get(s.releaseId)!;
        const r = reform(s.reformCode, s.reformName);
        r.statusCounts[s.status]++;
        let p = r.partnerships.find((x) => x.releaseId === release.id);
        if (!p) {
          p = {
            partnershipId: release.partnershipId,
            partnershipName: release.partnershipName,
            periodCode: release.periodCode,
            periodName: release.periodName,
            releaseId: release.id,
            version: release.version,
            las: [],
          };
          r.partnerships.push(p);
        }
        p.las.push({
          laNumber: s.laNumber,
          gssCode: s.gssCode,
          laName: s.laName,
          status: s.status,
          since: s.since,
          reason: s.reason,
        });
      }
      for (const f of findings) {
        const release = byId.get(f.releaseId)!;
        reform(f.reformCode, f.reformName).findings.push({
          partnershipId: release.partnershipId,
          partnershipName: release.partnershipName,
          title: f.title,
          status: f.status,
          startsOn: f.startsOn,
          endsOn: f.endsOn,
          laNames: f.laNames,
          findings: f.findings,
          lessons: f.lessons,
          results: f.results,
        });
      }
      const sorted = [...reforms.values()].sort((a, b) => a.name.localeCompare(b.name));
      for (const r of sorted) {
        r.partnerships.sort((a, b) => a.partnershipName.localeCompare(b.partnershipName));
        r.findings.sort((a, b) => a.partnershipName.localeCompare(b.partnershipName) || a.title.localeCompare(b.title));
      }
      return { reforms: sorted };
    });
  }
}
