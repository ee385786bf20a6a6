import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z as esmZod } from 'zod';
import * as source from '../src/index';

// The exported schemas are built on first use, behind a forwarding proxy: they must still be zod
// schemas in every way a user relies on, with zod's own ES module build (the source, as the ESM
// build runs it) and with the CommonJS build of the package beside zod's CommonJS build.
const require = createRequire(import.meta.url);
const variants = [
  ['ES module', source, esmZod],
  [
    'CommonJS build',
    require('../dist/index.cjs') as typeof source,
    (require('zod') as typeof import('zod')).z,
  ],
] as const;

describe.each(variants)('lazy exported schemas (%s)', (_, contracts, z) => {
  it('parse and safeParse as the schema they stand for, with its messages', () => {
    expect(contracts.EntityId.parse('asset-1')).toBe('asset-1');
    const bad = contracts.EntityId.safeParse(' asset-1');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual(['must not have surrounding whitespace']);
    expect(contracts.CalendarDate.safeParse('2025-02-30').error?.issues[0]?.message).toBe(
      'must be a real calendar date',
    );
    expect(contracts.SearchEntityType.options).toContain('blog_post');
    expect(Object.keys(contracts.EmailSendPayload.shape)).toContain('idempotencyKey');
  });

  it("are zod schemas to the user's zod: instanceof, composition, derived schemas", () => {
    expect(contracts.EntityId).toBeInstanceOf(z.ZodType);
    expect(contracts.EntityId).toBeInstanceOf(z.ZodString);
    expect(contracts.EmailSendPayload).toBeInstanceOf(z.ZodObject);

    const mine = z.object({ owner: contracts.EntityId, day: contracts.CalendarDate.optional() });
    expect(mine.parse({ owner: 'u1', day: '2025-10-18' })).toEqual({ owner: 'u1', day: '2025-10-18' });
    const issues = mine.safeParse({ owner: '', day: '2025-02-30' }).error?.issues;
    expect(issues?.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'owner: must not be empty',
      'day: must be a real calendar date',
    ]);
    expect(contracts.ThumbnailPayload.extend({ note: z.string() }).shape.note).toBeInstanceOf(z.ZodString);
    expect(z.toJSONSchema(contracts.CalendarMonth)).toMatchObject({ type: 'string' });
  });

  it('stay the one schema their contract validates with', () => {
    expect(contracts.emailSend.schema).toBe(contracts.EmailSendPayload);
    const built = contracts.builtSchema(contracts.EmailSendPayload);
    expect(built).not.toBe(contracts.EmailSendPayload);
    expect(built).toBeInstanceOf(z.ZodObject);
    expect(contracts.builtSchema(built)).toBe(built);
    // Built once: the proxy forwards to that schema, field schemas included.
    expect(contracts.EmailSendPayload.shape).toBe(built.shape);
    expect(contracts.builtSchema(contracts.EmailSendPayload)).toBe(built);
  });

  it('show as the schema they stand for', () => {
    expect(inspect(contracts.CalendarDate)).toBe(inspect(contracts.builtSchema(contracts.CalendarDate)));
    expect(Object.keys(contracts.EntityId)).toEqual(Object.keys(contracts.builtSchema(contracts.EntityId)));
  });

  it('build a user schema lazily too, with the same zod', () => {
    const Slug = contracts.lazySchema((zod) => zod.string().regex(/^[a-z-]+$/, 'must be a slug'));
    expect(Slug.safeParse('Not A Slug').error?.issues[0]?.message).toBe('must be a slug');
    expect(contracts.builtSchema(Slug)).toBeInstanceOf(z.ZodString);
    expect(contracts.loadZod()).toBe(z);
  });
});
