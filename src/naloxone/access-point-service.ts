import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import { loadAreaLocator } from '../surveillance/area-locator.js';
import { type PresentedAccessPoint, presentAccessPoint } from './access-point-presenter.js';
import {
  findAccessPoint,
  insertAccessPoint,
  insertStockReport,
  listAccessPoints,
  type StoredAccessPoint,
  updateAccessPoint,
} from './access-point-repository.js';
import type { NaloxoneDependencies } from './distribution-service.js';
import { coverageLayer, jurisdictionDay, jurisdictionOf } from './naloxone-scope.js';
import type { AccessPointType, OpeningHours } from './naloxone-vocabulary.js';

/** A new access point as the API takes it. */
export interface AccessPointInput {
  name: string;
  site_type: AccessPointType;
  address: string | null;
  latitude: number;
  longitude: number;
  hours: OpeningHours[];
  low_stock_kits?: number | undefined;
  /** The organization that runs the point: its API key may then report a machine's stock. */
  organization_id?: string | null | undefined;
}

/** Presents access points with the names of their areas and open-now in the jurisdiction's zone. */
async function presenter(deps: NaloxoneDependencies, jurisdictionId: string) {
  // A jurisdiction without a layer still lists its points (with no area names).
  const [layer, day] = await Promise.all([
    coverageLayer(deps.db, jurisdictionId).catch((error: unknown) => {
      if (error instanceof SosError && error.code === 'NALOXONE_NO_LAYER') return null;
      throw error;
    }),
    jurisdictionDay(deps.db, jurisdictionId, deps.clock.now()),
  ]);
  const areaNames = new Map((layer?.areas ?? []).map((a) => [a.id, a.name]));
  const context = { now: deps.clock.now(), timeZone: day.timeZone, areaNames };
  return (point: StoredAccessPoint) => presentAccessPoint(point, context);
}

/** Adds an access point (`naloxone.manage`), placed into its area of the mapped layer; audited. */
export async function createAccessPoint(
  deps: NaloxoneDependencies,
  actor: Actor,
  input: AccessPointInput,
): Promise<PresentedAccessPoint> {
  authorize(actor, 'naloxone.manage');
  const jurisdictionId = jurisdictionOf(actor);
  const layer = await coverageLayer(deps.db, jurisdictionId);
  const placed = (await loadAreaLocator(deps.db, jurisdictionId))
    .assign(input.latitude, input.longitude)
    .areas.find((a) => a.layerId === layer.id);
  if (!placed) {
    throw new SosError(
      'NALOXONE_POINT_OUTSIDE',
      `(${input.latitude}, ${input.longitude}) lies outside every area of the layer ${layer.name}`,
      { field: 'latitude' },
    );
  }
  const id = newId();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await insertAccessPoint(tx, jurisdictionId, {
      id,
      name: input.name,
      siteType: input.site_type,
      address: input.address,
      latitude: input.latitude,
      longitude: input.longitude,
      layerId: layer.id,
      areaId: placed.areaId,
      hours: input.hours,
      active: true,
      organizationId: input.organization_id ?? null,
      lowStockKits: input.low_stock_kits ?? 5,
      createdAt: now,
    });
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'naloxone_access_point.create',
        subjectType: 'naloxone_access_point',
        subjectId: id,
        purpose: 'operations',
        details: { site_type: input.site_type, area_id: placed.areaId },
      },
    ]);
  });
  return (await presenter(deps, jurisdictionId))(
    (await findAccessPoint(deps.db, jurisdictionId, id)) as StoredAccessPoint,
  );
}

/** Changes an access point's name, hours, low-stock level, or retires it (`naloxone.manage`); audited. */
export async function changeAccessPoint(
  deps: NaloxoneDependencies,
  actor: Actor,
  id: string,
  change: {
    name?: string | undefined;
    hours?: OpeningHours[] | undefined;
    active?: boolean | undefined;
    low_stock_kits?: number | undefined;
  },
): Promise<PresentedAccessPoint> {
  authorize(actor, 'naloxone.manage');
  const jurisdictionId = jurisdictionOf(actor);
  const point = await findAccessPoint(deps.db, jurisdictionId, id);
  if (!point) throw new SosError('NOT_FOUND', 'No such access point');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await updateAccessPoint(tx, jurisdictionId, id, {
      name: change.name ?? point.name,
      hours: change.hours ?? point.hours,
      active: change.active ?? point.active,
      lowStockKits: change.low_stock_kits ?? point.lowStockKits,
    });
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'naloxone_access_point.change',
        subjectType: 'naloxone_access_point',
        subjectId: id,
        purpose: 'operations',
        details: { changed: Object.keys(change).sort() },
      },
    ]);
  });
  return (await presenter(deps, jurisdictionId))(
    (await findAccessPoint(deps.db, jurisdictionId, id)) as StoredAccessPoint,
  );
}

/** A page of the jurisdiction's access points (`naloxone.read`), oldest first, with the next page's cursor. */
export async function readAccessPoints(
  deps: NaloxoneDependencies,
  actor: Actor,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ access_points: PresentedAccessPoint[]; next_cursor: string | null }> {
  authorize(actor, 'naloxone.read');
  const jurisdictionId = jurisdictionOf(actor);
  const after = page.cursor ? decodePageCursor(page.cursor) : null;
  const rows = await listAccessPoints(deps.db, jurisdictionId, { after, limit: page.limit + 1 });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const present = await presenter(deps, jurisdictionId);
  return {
    access_points: shown.map(present),
    next_cursor:
      rows.length > page.limit && last ? encodePageCursor({ at: last.createdAt, id: last.id }) : null,
  };
}

/**
 * Records what a vending machine held when it was checked and whether it was restocked then: by a
 * user who manages access points (`naloxone.manage`), or by the API key of the organization that runs
 * the machine (`naloxone.record` for its own organization); NALOXONE_NOT_A_VENDING_MACHINE for any
 * other access point; audited.
 */
export async function reportStock(
  deps: NaloxoneDependencies,
  actor: Actor,
  id: string,
  report: {
    kits_left: number;
    restocked: boolean;
    reported_at?: string | undefined;
    channel: 'api' | 'form';
  },
): Promise<PresentedAccessPoint> {
  if (actor.kind !== 'api_key') authorize(actor, 'naloxone.manage');
  const jurisdictionId = jurisdictionOf(actor);
  const point = await findAccessPoint(deps.db, jurisdictionId, id);
  if (actor.kind === 'api_key') {
    // A key reads nothing: it may learn that a point exists only when its organization runs it.
    authorize(actor, 'naloxone.record', {
      type: 'naloxone_access_point',
      jurisdictionId,
      organizationId: point?.organizationId ?? 'none',
    });
  }
  if (!point) throw new SosError('NOT_FOUND', 'No such access point');
  if (point.siteType !== 'vending_machine') throw new SosError('NALOXONE_NOT_A_VENDING_MACHINE');
  const now = deps.clock.now();
  const reportedAt = report.reported_at ? new Date(report.reported_at) : now;
  if (reportedAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new SosError('VALIDATION_FAILED', 'reported_at is in the future', { field: 'reported_at' });
  }
  const reportId = newId();
  await deps.db.transaction(async (tx) => {
    await insertStockReport(tx, jurisdictionId, {
      id: reportId,
      accessPointId: id,
      reportedAt,
      kitsLeft: report.kits_left,
      restocked: report.restocked,
      channel: report.channel,
    });
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'naloxone_stock.report',
        subjectType: 'naloxone_access_point',
        subjectId: id,
        purpose: 'operations',
        details: { kits_left: report.kits_left, restocked: report.restocked },
      },
    ]);
  });
  return (await presenter(deps, jurisdictionId))(
    (await findAccessPoint(deps.db, jurisdictionId, id)) as StoredAccessPoint,
  );
}
