import type { MediaTools } from './media-tools';
import { MediaToolError, runTool } from './run-tool';

export interface MediaProbe {
  formatName: string;
  durationSeconds?: number;
  /** The first video stream's size, when there is one. */
  width?: number;
  height?: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

interface ProbeJson {
  format?: { format_name?: string; duration?: string };
  streams?: {
    codec_type?: string;
    width?: number;
    height?: number;
    duration?: string;
    disposition?: { attached_pic?: number };
  }[];
}

/** What ffprobe reads from a media file; a file it cannot read fails with `MediaToolError`. */
export async function probeMedia(tools: MediaTools, path: string): Promise<MediaProbe> {
  const { stdout } = await runTool(
    tools.ffprobePath,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path],
    { timeoutMs: tools.timeoutMs, label: 'ffprobe' },
  );
  let parsed: ProbeJson;
  try {
    parsed = JSON.parse(stdout) as ProbeJson;
  } catch {
    throw new MediaToolError('ffprobe printed no readable description of the file');
  }
  const streams = parsed.streams ?? [];
  // Cover art in an MP3 is a "video" stream of one picture: not a video.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const duration = Number(parsed.format?.duration ?? video?.duration);
  return {
    formatName: parsed.format?.format_name ?? 'unknown',
    ...(Number.isFinite(duration) && duration > 0
      ? { durationSeconds: Math.round(duration * 1000) / 1000 }
      : {}),
    ...(video?.width && video.height ? { width: video.width, height: video.height } : {}),
    hasVideo: Boolean(video),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}
