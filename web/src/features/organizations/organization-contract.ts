import type { JsonResponse } from '../../shared/api';

/** Where the administration API lives. */
export const ADMIN_API = '/api/v1/admin';

/** GET /api/v1/admin/organizations: the organizations and the organization vocabulary. */
export type OrganizationList = JsonResponse<'/api/v1/admin/organizations'>;
/** One organization as administrators read it. */
export type Organization = OrganizationList['organizations'][number];
/** One contact of an organization. */
export type Contact = Organization['contacts'][number];
/** GET /api/v1/admin/api-keys: the keys and what each scope means. */
export type ApiKeyList = JsonResponse<'/api/v1/admin/api-keys'>;
/** One API key as listed (never its secret). */
export type ApiKey = ApiKeyList['api_keys'][number];
/** A scope of an API key. */
export type ApiKeyScope = ApiKeyList['scopes'][number]['name'];
/** A key just issued or rotated: the only answer with its secret. */
export type IssuedApiKey = JsonResponse<'/api/v1/admin/organizations/{organizationId}/api-keys', 'post'>;

/** The organization vocabulary in words. */
export const TYPE_NAMES: Record<string, string> = {
  ems: 'EMS',
  fire: 'Fire',
  police: 'Police',
  sheriff: 'Sheriff',
  hospital: 'Hospital / ED',
  medical_examiner: 'Medical examiner',
  public_health: 'Public health',
  harm_reduction: 'Harm reduction',
  treatment: 'Treatment provider',
  school: 'School',
  other: 'Other',
};

/** A key's status in words. */
export const STATUS_NAMES: Record<ApiKey['status'], string> = {
  active: 'Active',
  expiring: 'Expiring (rotated)',
  revoked: 'Revoked',
  expired: 'Expired',
};
