import type { FastifyReply, FastifyRequest } from 'fastify';

/** A moved family of paths: the prefix they answer under now, the old one kept for a while, and since when. */
export interface MovedPrefix {
  current: string;
  deprecated: string;
  /** The day the old prefix was deprecated (RFC 9745 dates the Deprecation header). */
  since: Date;
}

/** One path a route answers on, and what its registration adds when the path is a deprecated alias. */
export interface AliasedPath {
  url: string;
  /** Spread into the route's schema: `deprecated: true` marks the operation in the OpenAPI document. */
  schema: { deprecated?: true };
  /** Spread into the route's options: the hook that adds the Deprecation and successor Link headers. */
  options: { onSend?: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown> };
}

/**
 * The paths a route of a moved family answers on: the current one, then the deprecated alias, which
 * answers alike but says so in every answer (RFC 9745 `Deprecation: @<seconds>` and a `Link` to the
 * same request under the current prefix, rel="successor-version"), so clients can move before it goes.
 */
export function aliasedPaths(moved: MovedPrefix, suffix: string): AliasedPath[] {
  const deprecation = `@${Math.floor(moved.since.getTime() / 1000)}`;
  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const rest = request.url.startsWith(moved.deprecated)
      ? request.url.slice(moved.deprecated.length)
      : suffix;
    reply.header('deprecation', deprecation);
    reply.header('link', `<${moved.current}${rest}>; rel="successor-version"`);
    return payload;
  };
  return [
    { url: `${moved.current}${suffix}`, schema: {}, options: {} },
    { url: `${moved.deprecated}${suffix}`, schema: { deprecated: true }, options: { onSend } },
  ];
}
