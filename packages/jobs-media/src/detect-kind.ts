import { open } from 'node:fs/promises';
import type { AssetType } from '@yg/job-contracts';
import { type FileKind, SNIFF_BYTES, sniffFileKind } from './file-kind';
import { MediaRejectedError } from './media-errors';

export interface CheckedKind {
  /** The kind read from the bytes; `undefined` for a document of a format we do not know. */
  real: FileKind | undefined;
  /** Set when the bytes are of the declared type but another format than the upload said. */
  mimeMismatch?: string;
}

/**
 * Reads the file's first bytes and checks them against what the upload declared. Empty, or of
 * another asset type (a PNG uploaded as a video), is a `MediaRejectedError` naming both.
 */
export async function checkKind(
  path: string,
  declared: { type: AssetType; mimeType: string },
): Promise<CheckedKind> {
  const handle = await open(path, 'r');
  let head: Uint8Array;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0) throw new MediaRejectedError('the file is empty (0 bytes)');
  const real = sniffFileKind(head);
  const said = `declared ${declared.type} (${declared.mimeType})`;
  if (!real) {
    if (declared.type === 'DOCUMENT' && declared.mimeType !== 'application/pdf') return { real };
    throw new MediaRejectedError(
      `type mismatch: ${said}, but its bytes are of no known ${declared.type.toLowerCase()} format`,
    );
  }
  if (real.type !== declared.type) {
    throw new MediaRejectedError(`type mismatch: ${said}, but its bytes are ${real.mimeType}`);
  }
  if (declared.mimeType === 'application/pdf' && real.mimeType !== 'application/pdf') {
    throw new MediaRejectedError(`type mismatch: ${said}, but its bytes are ${real.mimeType}`);
  }
  // A ZIP or OLE container is what DOCX, XLSX, EPUB, DOC… are: no mismatch to report.
  const container = real.mimeType === 'application/zip' || real.mimeType === 'application/x-ole-storage';
  return real.mimeType === declared.mimeType || container
    ? { real }
    : { real, mimeMismatch: `${said}, bytes are ${real.mimeType}` };
}
