import type { Queryable } from '../platform/database.js';
import type { PeerSupportContact } from './debrief-prompt-mail.js';

/** The jurisdiction's peer-support contacts, in their order. */
export function listPeerContacts(db: Queryable, jurisdictionId: string): Promise<PeerSupportContact[]> {
  return db.query<PeerSupportContact>(
    `select name, phone, email from responder_peer_contacts where jurisdiction_id = $1 order by position, id`,
    [jurisdictionId],
  );
}

/** Replaces the jurisdiction's peer-support contacts with these, in this order. */
export async function replacePeerContacts(
  tx: Queryable,
  jurisdictionId: string,
  contacts: readonly (PeerSupportContact & { id: string })[],
): Promise<void> {
  await tx.query('delete from responder_peer_contacts where jurisdiction_id = $1', [jurisdictionId]);
  if (contacts.length === 0) return;
  await tx.query(
    `insert into responder_peer_contacts (jurisdiction_id, id, name, phone, email, position)
     select $1, c.id, c.name, c.phone, c.email, c.position
     from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[]) as c(id, name, phone, email, position)`,
    [
      jurisdictionId,
      contacts.map((c) => c.id),
      contacts.map((c) => c.name),
      contacts.map((c) => c.phone),
      contacts.map((c) => c.email),
      contacts.map((_, i) => i),
    ],
  );
}
