import type { SearchEntityType } from '@yg/job-contracts';
import { assetDocuments } from './asset';
import { blogPostDocuments } from './blog-post';
import { creatorDocuments } from './creator';
import { licenseDocuments } from './license';
import { projectDocuments } from './project';
import type { DocumentSource } from './source';

export type { DocumentSource } from './source';

export const documentSources: Readonly<Record<SearchEntityType, DocumentSource>> = {
  asset: assetDocuments,
  creator: creatorDocuments,
  project: projectDocuments,
  license: licenseDocuments,
  blog_post: blogPostDocuments,
};
