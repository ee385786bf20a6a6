import { describe, expect, it } from 'vitest';
import { mergeExpositions } from '../src/prometheus';

describe('mergeExpositions', () => {
  it('declares each metric family once, with every queue sample under it', () => {
    const queue = (name: string, n: number) =>
      [
        '# HELP bullmq_job_count Number of jobs in the queue by state',
        '# TYPE bullmq_job_count gauge',
        `bullmq_job_count{queue="${name}", state="waiting"} ${n}`,
        '# HELP bullmq_job_completed_total Total number of completed jobs',
        '# TYPE bullmq_job_completed_total counter',
        `bullmq_job_completed_total{queue="${name}"} ${n * 10}`,
      ].join('\n');
    expect(mergeExpositions([queue('a', 1), queue('b', 2)])).toBe(
      [
        '# HELP bullmq_job_count Number of jobs in the queue by state',
        '# TYPE bullmq_job_count gauge',
        'bullmq_job_count{queue="a", state="waiting"} 1',
        'bullmq_job_count{queue="b", state="waiting"} 2',
        '# HELP bullmq_job_completed_total Total number of completed jobs',
        '# TYPE bullmq_job_completed_total counter',
        'bullmq_job_completed_total{queue="a"} 10',
        'bullmq_job_completed_total{queue="b"} 20',
        '',
      ].join('\n'),
    );
    expect(mergeExpositions([])).toBe('');
  });
});
