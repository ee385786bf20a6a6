import { join } from 'node:path';
import { ffmpegArgs } from '../tools/ffmpeg-args';
import type { MediaTools } from '../tools/media-tools';
import { runTool } from '../tools/run-tool';

/** Width of the waveform picture of an audio file. */
const WAVEFORM = { width: 1600, height: 400 };

/**
 * The ffmpeg arguments for a video's representative frame: from a tenth of the way in (past
 * black intro frames, at most 10 s), the most typical of the next frames (`thumbnail` filter).
 */
export function videoFrameArgs(input: string, output: string, durationSeconds?: number): string[] {
  const at = durationSeconds ? Math.min(durationSeconds * 0.1, 10) : 0;
  return ffmpegArgs({
    reading: ['-ss', at.toFixed(3)],
    input,
    writing: ['-vf', 'thumbnail=25', '-frames:v', '1', '-f', 'image2'],
    output,
  });
}

/** The ffmpeg arguments for an audio file's waveform picture. */
export function waveformArgs(input: string, output: string): string[] {
  return ffmpegArgs({
    input,
    writing: [
      '-filter_complex',
      `aformat=channel_layouts=mono,showwavespic=s=${WAVEFORM.width}x${WAVEFORM.height}:colors=0x4f46e5`,
      '-frames:v',
      '1',
      '-f',
      'image2',
    ],
    output,
  });
}

export async function extractVideoFrame(
  tools: MediaTools,
  input: string,
  outDir: string,
  durationSeconds?: number,
) {
  const out = join(outDir, 'frame.png');
  await runTool(tools.ffmpegPath, videoFrameArgs(input, out, durationSeconds), {
    timeoutMs: tools.timeoutMs,
    label: 'ffmpeg (video frame)',
  });
  return out;
}

export async function drawWaveform(tools: MediaTools, input: string, outDir: string) {
  const out = join(outDir, 'waveform.png');
  await runTool(tools.ffmpegPath, waveformArgs(input, out), {
    timeoutMs: tools.timeoutMs,
    label: 'ffmpeg (waveform)',
  });
  return out;
}

/** A PDF's first page as PNG, 1200 px on its longer side, by poppler's `pdftoppm`. */
export async function renderPdfFirstPage(tools: MediaTools, input: string, outDir: string) {
  const prefix = join(outDir, 'page');
  await runTool(
    tools.pdftoppmPath,
    ['-f', '1', '-l', '1', '-singlefile', '-png', '-scale-to', '1200', input, prefix],
    { timeoutMs: tools.timeoutMs, label: 'pdftoppm (first page)' },
  );
  return `${prefix}.png`;
}
