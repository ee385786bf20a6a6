import type { SearchEntityType } from '@yg/job-contracts';

export function rawReindex(url: string, entityType: SearchEntityType, batchSize: number): Promise<void>;
