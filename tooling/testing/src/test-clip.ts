// Made outside any test run too (the media benchmark), so it imports nothing of vitest.
import { execFileSync } from 'node:child_process';

export interface TestClipOptions {
  /** `WIDTHxHEIGHT`. */
  size: string;
  seconds: number;
  /** `h264` (an MP4 as uploads are) or `raw` (uncompressed: large on disk, quick to make). */
  encoding: 'h264' | 'raw';
  frameRate?: number;
  /** x264 preset for `h264`. @defaultValue `veryfast` */
  preset?: string;
}

/**
 * Writes a clip of ffmpeg's test pattern with a 440 Hz tone to `path`: real video with sound,
 * made in seconds, the same for the media tests and the media benchmark.
 */
export function writeTestClip(ffmpegPath: string, path: string, options: TestClipOptions): void {
  const codec =
    options.encoding === 'h264'
      ? ['-c:v', 'libx264', '-preset', options.preset ?? 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']
      : ['-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le'];
  execFileSync(ffmpegPath, [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${options.size}:rate=${options.frameRate ?? 30}`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=44100',
    '-t',
    String(options.seconds),
    ...codec,
    '-shortest',
    path,
  ]);
}
