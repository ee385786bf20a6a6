import type { AssetType } from '@yg/job-contracts';

export interface FileKind {
  mimeType: string;
  type: AssetType;
}

/** Bytes to read from a file's start to tell its kind. */
export const SNIFF_BYTES = 4100;

const ascii = (bytes: Uint8Array, offset: number, text: string) =>
  bytes.length >= offset + text.length &&
  [...text].every((char, i) => bytes[offset + i] === char.charCodeAt(0));
const starts = (bytes: Uint8Array, ...values: number[]) => values.every((value, i) => bytes[i] === value);

/**
 * The file's real kind from its first bytes (magic numbers), whatever the upload claimed; or
 * `undefined` for bytes of no kind we know. A table of our own for the formats a marketplace
 * takes: the `file-type` package is ESM-only, which this package's CommonJS build cannot load.
 */
export function sniffFileKind(bytes: Uint8Array): FileKind | undefined {
  if (starts(bytes, 0xff, 0xd8, 0xff)) return { mimeType: 'image/jpeg', type: 'IMAGE' };
  if (starts(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    return { mimeType: 'image/png', type: 'IMAGE' };
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return { mimeType: 'image/gif', type: 'IMAGE' };
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return { mimeType: 'image/webp', type: 'IMAGE' };
  if (starts(bytes, 0x49, 0x49, 0x2a, 0x00) || starts(bytes, 0x4d, 0x4d, 0x00, 0x2a)) {
    return { mimeType: 'image/tiff', type: 'IMAGE' };
  }
  if (ascii(bytes, 4, 'ftyp')) return isoMediaKind(bytes);
  if (starts(bytes, 0x1a, 0x45, 0xdf, 0xa3)) {
    // EBML: the DocType in the header says WebM or Matroska.
    const header = String.fromCharCode(...bytes.slice(0, 64));
    return { mimeType: header.includes('webm') ? 'video/webm' : 'video/x-matroska', type: 'VIDEO' };
  }
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'AVI '))
    return { mimeType: 'video/x-msvideo', type: 'VIDEO' };
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return { mimeType: 'audio/wav', type: 'AUDIO' };
  if (ascii(bytes, 0, 'fLaC')) return { mimeType: 'audio/flac', type: 'AUDIO' };
  if (ascii(bytes, 0, 'OggS')) return { mimeType: 'audio/ogg', type: 'AUDIO' };
  if (ascii(bytes, 0, 'ID3')) return { mimeType: 'audio/mpeg', type: 'AUDIO' };
  // An MPEG audio frame header: 11 sync bits, layer III.
  if (bytes[0] === 0xff && bytes[1] !== undefined && (bytes[1] & 0xe6) === 0xe2) {
    return { mimeType: 'audio/mpeg', type: 'AUDIO' };
  }
  // ADTS AAC: 12 sync bits, layer 00.
  if (bytes[0] === 0xff && bytes[1] !== undefined && (bytes[1] & 0xf6) === 0xf0) {
    return { mimeType: 'audio/aac', type: 'AUDIO' };
  }
  if (ascii(bytes, 0, '%PDF-')) return { mimeType: 'application/pdf', type: 'DOCUMENT' };
  if (starts(bytes, 0x50, 0x4b, 0x03, 0x04)) return { mimeType: 'application/zip', type: 'DOCUMENT' };
  if (starts(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return { mimeType: 'application/x-ole-storage', type: 'DOCUMENT' };
  }
  return undefined;
}

/** ISO base media (MP4, MOV, M4A, HEIC…): the major brand tells audio, image and video apart. */
function isoMediaKind(bytes: Uint8Array): FileKind {
  const brand = String.fromCharCode(...bytes.slice(8, 12));
  if (brand === 'M4A ' || brand === 'M4B ') return { mimeType: 'audio/mp4', type: 'AUDIO' };
  if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return { mimeType: 'image/heic', type: 'IMAGE' };
  if (brand === 'avif') return { mimeType: 'image/avif', type: 'IMAGE' };
  if (brand === 'qt  ') return { mimeType: 'video/quicktime', type: 'VIDEO' };
  return { mimeType: 'video/mp4', type: 'VIDEO' };
}
