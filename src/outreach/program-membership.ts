import { type ProgramMembership, programRoles } from '../access/users/program-membership.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { findPrograms } from './case-repository.js';
import { findMembersOfUsers, insertMember, updateMember } from './program-repository.js';

/**
 * Program membership as the users administration sets it: an administrator names the programs a user
 * works in, and the user's member rows follow (joined as an outreach worker of the team, with the
 * user's organization as agency; the program's coordinators refine the team role and agency).
 */
export const programMembership: ProgramMembership = {
  async programs(db, jurisdictionId) {
    return (await findPrograms(db, jurisdictionId)).map((p) => ({ id: p.id, name: p.name }));
  },

  async programsOfUsers(db, jurisdictionId, userIds) {
    const programs = new Map((await findPrograms(db, jurisdictionId)).map((p) => [p.id, p.name]));
    const byUser = new Map<string, { id: string; name: string }[]>();
    for (const m of await findMembersOfUsers(db, jurisdictionId, userIds)) {
      if (!m.active || !m.userId) continue;
      const list = byUser.get(m.userId) ?? [];
      if (!list.some((p) => p.id === m.programId))
        list.push({ id: m.programId, name: programs.get(m.programId) ?? m.programId });
      byUser.set(m.userId, list);
    }
    return byUser;
  },

  async setUserPrograms(tx: Queryable, jurisdictionId, user, programIds, now) {
    const wanted = [...new Set(programIds)];
    if (wanted.length > 0 && !programRoles.includes(user.role)) {
      throw new SosError(
        'VALIDATION_FAILED',
        `A ${user.role} works in no outreach program: programs are for outreach coordinators, workers and oversight`,
        { field: 'program_ids' },
      );
    }
    const known = new Set((await findPrograms(tx, jurisdictionId)).map((p) => p.id));
    const unknown = wanted.findIndex((id) => !known.has(id));
    if (unknown >= 0) {
      throw new SosError('VALIDATION_FAILED', `No outreach program ${wanted[unknown]} in this jurisdiction`, {
        field: `program_ids.${unknown}`,
      });
    }
    const members = await findMembersOfUsers(tx, jurisdictionId, [user.id]);
    const joined: string[] = [];
    const left: string[] = [];
    for (const member of members) {
      const keep = wanted.includes(member.programId);
      if (member.active && !keep) {
        await updateMember(tx, { ...member, active: false });
        if (!left.includes(member.programId)) left.push(member.programId);
      }
    }
    for (const programId of wanted) {
      const rows = members.filter((m) => m.programId === programId);
      if (rows.some((m) => m.active)) continue;
      const former = rows[0];
      if (former) await updateMember(tx, { ...former, active: true });
      else
        await insertMember(tx, {
          jurisdictionId,
          id: newId(),
          programId,
          userId: user.id,
          displayName: user.displayName,
          agency: user.agency,
          teamRole: 'outreach_worker',
          active: true,
          createdAt: now,
        });
      joined.push(programId);
    }
    return { joined, left };
  },
};
