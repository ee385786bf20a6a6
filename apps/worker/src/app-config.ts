import { readEnv } from '@yg/queue-core';
import { z } from 'zod';

export interface WorkerAppConfig {
  /** `WORKER_HTTP_PORT`: health and metrics; 0 turns the server off. @defaultValue 3001 */
  httpPort: number;
  /** `WORKER_HTTP_HOST`. @defaultValue 127.0.0.1 (set 0.0.0.0 in a container) */
  httpHost: string;
  /**
   * The queue dashboard at `/admin/queues`, present only when `DASHBOARD_PASSWORD` is set
   * (`DASHBOARD_USER`, default `admin`; `DASHBOARD_READ_ONLY=true` hides retry/clean/remove).
   */
  dashboard: { user: string; password: string; readOnly: boolean } | undefined;
}

const Env = z.object({
  WORKER_HTTP_PORT: z
    .string()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be at most 65535')
    .default(3001),
  WORKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_USER: z
    .string()
    .min(1)
    .regex(/^[^:]+$/, 'must not contain ":"')
    .default('admin'),
  DASHBOARD_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DASHBOARD_READ_ONLY: z.enum(['true', 'false']).default('false'),
});

export function loadWorkerAppConfig(env: Record<string, string | undefined> = process.env): WorkerAppConfig {
  const e = readEnv(Env, env);
  return {
    httpPort: e.WORKER_HTTP_PORT,
    httpHost: e.WORKER_HTTP_HOST,
    dashboard: e.DASHBOARD_PASSWORD
      ? { user: e.DASHBOARD_USER, password: e.DASHBOARD_PASSWORD, readOnly: e.DASHBOARD_READ_ONLY === 'true' }
      : undefined,
  };
}
