import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

/**
 * sharp, loaded at the first image to render: with libvips it adds ~25 MiB to a process, which a
 * worker that serves other queues, or has had no upload yet, should not carry.
 */
export function loadSharp(): Promise<typeof Sharp> {
  loading ??= import('sharp').then((module) => module.default);
  return loading;
}
