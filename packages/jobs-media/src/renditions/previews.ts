import { ffmpegArgs } from '../tools/ffmpeg-args';
import type { MediaTools } from '../tools/media-tools';
import { runTool } from '../tools/run-tool';

/** Seconds of a video's preview: enough to judge it, small enough to stream on any connection. */
export const VIDEO_PREVIEW_SECONDS = 15;
/** Seconds of an audio preview. */
export const AUDIO_PREVIEW_SECONDS = 30;

/**
 * A short low-resolution H.264 MP4 (at most 480 px high, even sizes as H.264 needs, AAC sound,
 * index at the front so it plays while loading).
 */
export function videoPreviewArgs(input: string, output: string): string[] {
  return ffmpegArgs({
    input,
    writing: [
      '-t',
      String(VIDEO_PREVIEW_SECONDS),
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-vf',
      "scale=-2:'min(480,ih)':flags=bicubic,format=yuv420p",
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '28',
      '-profile:v',
      'main',
      '-c:a',
      'aac',
      '-b:a',
      '96k',
      '-ac',
      '2',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
    ],
    output,
  });
}

/** A 30-second MP3 at 128 kbit/s. */
export function audioPreviewArgs(input: string, output: string): string[] {
  return ffmpegArgs({
    input,
    writing: ['-t', String(AUDIO_PREVIEW_SECONDS), '-vn', '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'],
    output,
  });
}

export async function encodePreview(
  tools: MediaTools,
  kind: 'VIDEO' | 'AUDIO',
  input: string,
  output: string,
) {
  const args = kind === 'VIDEO' ? videoPreviewArgs(input, output) : audioPreviewArgs(input, output);
  // Progress on a pipe to us: if this process dies, ffmpeg's next write fails and it stops too,
  // rather than encoding on as an orphan while the job's retry encodes again.
  await runTool(tools.ffmpegPath, ['-progress', 'pipe:1', ...args], {
    timeoutMs: tools.timeoutMs,
    label: `ffmpeg (${kind.toLowerCase()} preview)`,
  });
}
