// `@yg/jobs-blog/worker`: what a worker app composes — the blog module (health group `blog`: the
// every-minute publisher) and the deps it needs.

export { type AnnounceResult, announcePublishedPosts } from './announce';
export { POST_PUBLISHED_NOTIFICATION, publishNotificationId } from './announcement';
export type { BlogDeps } from './deps';
export { BLOG_PUBLISHING_CRON, blogModule } from './module';
export type { PublishResult } from './processors/publish-scheduled';
export { type PublishedPost, publishDuePosts } from './publish-due';
