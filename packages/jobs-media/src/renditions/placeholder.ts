import { loadSharp } from './sharp-loader';

/**
 * A plain tile naming the format (`DOCX`) for documents no tool here renders: the grid shows
 * something honest rather than nothing.
 */
export async function writePlaceholder(label: string, out: string): Promise<void> {
  const text =
    label
      .replace(/[^A-Z0-9]/gi, '')
      .slice(0, 6)
      .toUpperCase() || 'FILE';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1200">
  <rect width="100%" height="100%" fill="#eef0f4"/>
  <text x="50%" y="54%" font-family="sans-serif" font-size="220" font-weight="700" fill="#5b6473"
    text-anchor="middle">${text}</text></svg>`;
  const sharp = await loadSharp();
  await sharp(Buffer.from(svg)).png().toFile(out);
}
