import { z } from 'zod';
import { outreachServices } from '../outreach/outreach-vocabulary.js';
import type { DirectoryMatch } from './directory-search.js';
import { capacityOf, serviceNeeds } from './directory-service-presenter.js';
import { capacityStatuses } from './directory-vocabulary.js';

/** One place of a service on the map. */
const serviceLocationFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    service_id: z.string(),
    location_id: z.string(),
    city: z.string().nullable().describe("The town of the place's address"),
    name: z.string(),
    needs: z.array(z.enum(outreachServices)),
    capacity_status: z.enum(capacityStatuses),
    open_now: z.boolean().nullable(),
  }),
});

/** The services map: a GeoJSON FeatureCollection of the located places of the matching services. */
export const servicesMapSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(serviceLocationFeatureSchema),
});

/** A presented services map. */
export type ServicesMap = z.infer<typeof servicesMapSchema>;

/**
 * The map of the matches: a point per location with coordinates (only those within the distance
 * asked, when one is), in the list's order; a service with no located place is not on the map.
 */
export function presentServicesMap(matches: readonly DirectoryMatch[]): ServicesMap {
  return {
    type: 'FeatureCollection',
    features: matches.flatMap((match) => {
      const mapped = new Set(match.mappedLocationIds);
      return match.service.locations.flatMap((location) => {
        const { latitude, longitude } = location;
        if (!mapped.has(location.id) || latitude === null || longitude === null) return [];
        return [
          {
            type: 'Feature' as const,
            geometry: { type: 'Point' as const, coordinates: [longitude, latitude] as [number, number] },
            properties: {
              service_id: match.service.id,
              location_id: location.id,
              city: location.city,
              name: match.service.name,
              needs: serviceNeeds(match.service),
              capacity_status: capacityOf(match.service),
              open_now: match.openNow,
            },
          },
        ];
      });
    }),
  };
}
