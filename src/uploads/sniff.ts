// What a file is, from its first bytes (magic numbers): never from its name or the type the client declared.

export type FileType = 'png' | 'jpg' | 'pdf';

const SIGNATURES: Record<FileType, { mime: string; magic: number[] }> = {
  png: { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  jpg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  pdf: { mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
};

/** Bytes enough for every signature: what is read before anything is sent to connectFi. */
export const SNIFF_BYTES = 8;

export function detectType(head: Buffer): FileType | undefined {
  for (const [type, { magic }] of Object.entries(SIGNATURES)) {
    if (magic.every((byte, i) => head[i] === byte)) return type as FileType;
  }
  return undefined;
}

export function mimeOf(type: FileType): string {
  return SIGNATURES[type].mime;
}
