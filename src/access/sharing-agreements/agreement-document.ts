import { createHash } from 'node:crypto';
import { SosError } from '../../platform/errors.js';

/** The largest signed document an agreement keeps: 5 MB. */
export const MAX_AGREEMENT_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** A signed document as uploaded: file name, media type, content in base64. */
export interface DocumentUpload {
  name: string;
  type: string;
  base64: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes an uploaded document and fingerprints it: refuses (VALIDATION_FAILED, field
 * document.base64) text that is not base64, an empty file or one over 5 MB; answers the content in
 * canonical base64 with the SHA-256 of its bytes. Pure.
 */
export function readDocumentUpload(
  upload: DocumentUpload,
): DocumentUpload & { sha256: string; size: number } {
  const field = { field: 'document.base64' };
  const text = upload.base64.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new SosError('VALIDATION_FAILED', 'The document is not valid base64', field);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0) throw new SosError('VALIDATION_FAILED', 'The document is empty', field);
  if (bytes.length > MAX_AGREEMENT_DOCUMENT_BYTES) {
    throw new SosError(
      'VALIDATION_FAILED',
      `The document has ${bytes.length} bytes; at most ${MAX_AGREEMENT_DOCUMENT_BYTES} are kept`,
      field,
    );
  }
  return {
    name: upload.name,
    type: upload.type,
    base64: bytes.toString('base64'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
  };
}
