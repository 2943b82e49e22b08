/** The WebAuthn relying party a request speaks to: its id (a host name) and the origin pages run at. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/**
 * The relying party from the configured public URL, else from the request's own scheme and Host (a
 * passkey is bound to the host name it was made on, so both must name the one users browse to).
 */
export function relyingParty(
  publicUrl: string | null,
  request: { protocol: string; host: string },
): RelyingParty {
  const url = new URL(publicUrl ?? `${request.protocol}://${request.host}`);
  return { id: url.hostname, origin: url.origin, name: 'SOS' };
}
