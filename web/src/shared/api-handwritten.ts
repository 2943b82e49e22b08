// The answers of the endpoints whose routes declare no response schema yet, written by hand from their
// presenters. Each is read through its alias in api-responses.ts only; once its route declares the schema
// (and `npm run api:types` has run), the alias becomes `JsonResponse<...>` and its shape here is deleted.

/** The `overdoses` events of GET /api/v1/live (a server-sent stream, outside the OpenAPI document). */
export type HandLiveOverdoses =
  | {
      /** New overdoses as an analyst's stream carries them. */
      points: {
        id: string;
        occurred_at: string;
        occurred_date: string;
        latitude: number | null;
        longitude: number | null;
        fatal: boolean | null;
        source_type: string;
      }[];
    }
  | {
      /** New overdoses as a partner's stream carries them: a day, an H3 cell and a count. */
      cells: { day: string; cell: string | null; count: number }[];
    };
