export interface FfmpegCommand {
  /** Options that apply to reading the input (a seek before `-i` is fast: it skips by keyframe). */
  reading?: string[];
  input: string;
  /** Filters, codecs and the container of the output. */
  writing: string[];
  output: string;
}

/**
 * An ffmpeg command line as every rendition runs it: never reading stdin (a worker has none to
 * give), errors only on stderr (the message a failed job keeps), overwriting a retry's leftovers.
 */
export function ffmpegArgs({ reading = [], input, writing, output }: FfmpegCommand): string[] {
  return ['-nostdin', '-v', 'error', '-y', ...reading, '-i', input, ...writing, output];
}
