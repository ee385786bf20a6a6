import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTestClip } from '@yg/testing/test-clip';
import sharp from 'sharp';

/** The EICAR test string: every scanner reports it, and it harms nothing. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args]);

/** A one-page PDF written by hand, with a correct cross-reference table. */
export function onePagePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = 'BT /F1 36 Tf 40 300 Td (Licence) Tj ET 0 0 1 rg 40 40 220 120 re f';
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export interface MediaFixtures {
  image: string;
  video: string;
  audio: string;
  pdf: string;
  eicar: string;
  /** An MP4 header followed by noise: sniffs as video, decodes as nothing. */
  corruptVideo: string;
  empty: string;
  /** A ZIP container named .docx: a document no tool here renders. */
  docx: string;
}

/** Small real media files made by sharp and ffmpeg (a few seconds of test pattern and tone). */
export async function makeFixtures(dir: string): Promise<MediaFixtures> {
  mkdirSync(dir, { recursive: true });
  const f = (name: string) => join(dir, name);
  await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#3366aa' } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="400" height="400"><circle cx="200" cy="200" r="180" fill="#ffcc00"/></svg>',
        ),
        top: 300,
        left: 600,
      },
    ])
    .jpeg()
    .toFile(f('photo.jpg'));
  writeTestClip('ffmpeg', f('clip.mp4'), {
    size: '640x360',
    seconds: 3,
    encoding: 'h264',
    frameRate: 25,
    preset: 'ultrafast',
  });
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=330:sample_rate=44100',
    '-t',
    '4',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '96k',
    f('tone.mp3'),
  ]);
  writeFileSync(f('licence.pdf'), onePagePdf());
  writeFileSync(f('eicar.com'), EICAR);
  const header = Buffer.from([
    0,
    0,
    0,
    0x18,
    ...Buffer.from('ftypisom'),
    0,
    0,
    2,
    0,
    ...Buffer.from('isomiso2'),
  ]);
  const noise = Buffer.alloc(64 * 1024);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251;
  writeFileSync(f('corrupt.mp4'), Buffer.concat([header, noise]));
  writeFileSync(f('empty.jpg'), Buffer.alloc(0));
  writeFileSync(
    f('brief.docx'),
    Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), noise.subarray(0, 2048)]),
  );
  return {
    image: f('photo.jpg'),
    video: f('clip.mp4'),
    audio: f('tone.mp3'),
    pdf: f('licence.pdf'),
    eicar: f('eicar.com'),
    corruptVideo: f('corrupt.mp4'),
    empty: f('empty.jpg'),
    docx: f('brief.docx'),
  };
}
