import { seededId } from './ids';
import type { ResolvedSeedOptions } from './options';
import { brandUserNumber } from './people';
import { choose, seededRandom, timestampLiteral } from './sql-random';
import { ADJECTIVES, NOUNS, TAGS } from './vocabulary';

// Asset n has type (n - 1) mod 4, so any 4 consecutive assets cover every type.
const ASSET_TYPES = ['IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT'];
const EXTENSIONS = ['jpg', 'mp4', 'mp3', 'pdf'];
const MIME_TYPES = ['image/jpeg', 'video/mp4', 'audio/mpeg', 'application/pdf'];
// Typical sizes in bytes per type: minimum and spread.
const MIN_SIZES = [200_000, 5_000_000, 1_000_000, 50_000];
const SIZE_SPREADS = [5_000_000, 2_000_000_000, 20_000_000, 5_000_000];

export function insertAssets(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'assets');
  const byType = (values: readonly (string | number)[]) =>
    `(ARRAY[${values.map((v) => (typeof v === 'number' ? `${v}::bigint` : `'${v}'`)).join(', ')}])[t + 1]`;
  // The OFFSET 0 fences keep PostgreSQL from inlining each computed column into every place that
  // uses it (which evaluates it again there): three times faster.
  return `
INSERT INTO ip_assets (id, title, description, type, storage_key, file_size, mime_type, status, scan_status,
                       thumbnail_key, preview_key, tags, creator_id, created_by, created_at, updated_at, deleted_at)
SELECT id,
       initcap(adjective || ' ' || noun) || ' ' || n,
       'A ' || lower(${byType(ASSET_TYPES)}) || ' of a ' || adjective || ' ' || noun || ', ' || tag1 || ' and ' || tag2 || '.',
       ${byType(ASSET_TYPES)}::asset_type,
       'uploads/' || creator_id || '/' || id || '.' || ${byType(EXTENSIONS)},
       ${byType(MIN_SIZES)} + size % ${byType(SIZE_SPREADS)},
       ${byType(MIME_TYPES)},
       status::asset_status,
       (CASE WHEN status = 'DRAFT' THEN 'PENDING' ELSE 'CLEAN' END)::scan_status,
       CASE WHEN status <> 'DRAFT' THEN 'thumbnails/' || id || '.webp' END,
       CASE WHEN status <> 'DRAFT' AND t IN (1, 2) THEN 'previews/' || id || (CASE t WHEN 1 THEN '.mp4' ELSE '.mp3' END) END,
       ARRAY[tag1, tag2],
       creator_id, created_by, at, at,
       -- One in 50 soft-deleted.
       CASE WHEN n % 50 = 25 THEN at + interval '7 days' END
FROM (
  SELECT n, t, size, ${seededId('asset', o.seed, 'n')} AS id,
         ${choose(ADJECTIVES, rand('adjective', ADJECTIVES.length))} AS adjective,
         ${choose(NOUNS, rand('noun', NOUNS.length))} AS noun,
         ${choose(TAGS, 'tag')} AS tag1,
         ${choose(TAGS, `(tag + 1 + ${rand('tag2', TAGS.length - 1)}) % ${TAGS.length}`)} AS tag2,
         ${seededId('creator', o.seed, 'c')} AS creator_id,
         ${seededId('user', o.seed, 'c')} AS created_by,
         -- Out of 20: mostly published, a few in every other state.
         CASE WHEN st < 14 THEN 'PUBLISHED' WHEN st < 16 THEN 'APPROVED' WHEN st = 16 THEN 'REVIEW'
              WHEN st = 17 THEN 'DRAFT' WHEN st = 18 THEN 'PROCESSING' ELSE 'ARCHIVED' END AS status,
         ${timestampLiteral(o.startDate)} + ${rand('at', o.days * 86_400)} * interval '1 second' AS at
  FROM (SELECT n, (n - 1) % 4 AS t,
               1 + ${rand('creator', o.creators)} AS c,
               ${rand('status', 20)} AS st,
               ${rand('tag', TAGS.length)} AS tag,
               ${rand('size', 2_147_483_647)} AS size
          FROM generate_series(1, ${o.assets}) AS n OFFSET 0) AS r
  OFFSET 0
) AS s
ON CONFLICT DO NOTHING`;
}

export function insertProjects(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'projects');
  const statuses = ['ACTIVE', 'ACTIVE', 'IN_PROGRESS', 'COMPLETED', 'DRAFT', 'CANCELLED', 'ARCHIVED'];
  return `
INSERT INTO projects (id, brand_id, name, description, status, budget_cents, starts_at, ends_at,
                      created_at, updated_at, deleted_at)
SELECT ${seededId('project', o.seed, 'n')},
       ${seededId('user', o.seed, brandUserNumber(o, rand('brand', o.brands)))},
       initcap(${choose(ADJECTIVES, rand('adjective', ADJECTIVES.length))} || ' ' || ${choose(NOUNS, rand('noun', NOUNS.length))}) || ' Campaign',
       'A campaign that licenses ' || ${choose(NOUNS, rand('subject', NOUNS.length))} || ' imagery and sound for a seasonal launch.',
       (${choose(statuses, rand('status', statuses.length))})::project_status,
       100000 + ${rand('budget', 10_000_000)},
       at, at + interval '60 days', at, at,
       CASE WHEN ${rand('deleted', 40)} = 0 THEN at + interval '30 days' END
FROM (SELECT n, ${timestampLiteral(o.startDate)} + ${rand('at', o.days * 24)} * interval '1 hour' AS at
        FROM generate_series(1, ${o.projects}) AS n OFFSET 0) AS s
ON CONFLICT DO NOTHING`;
}

/** Two licenses in three belong to a project and go to that project's brand. */
export function insertLicenses(o: ResolvedSeedOptions): string {
  const rand = seededRandom(o.seed, 'licenses');
  const statuses = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'APPROVED', 'PENDING', 'EXPIRED', 'REJECTED', 'TERMINATED'];
  const projectId =
    o.projects > 0
      ? `CASE WHEN ${rand('in-project', 3)} <> 0 THEN ${seededId('project', o.seed, `1 + ${rand('project', o.projects)}`)} END`
      : 'NULL';
  return `
INSERT INTO licenses (id, ip_asset_id, licensee_id, project_id, status, terms, fee_cents, currency,
                      starts_at, ends_at, created_at, updated_at)
SELECT ${seededId('license', o.seed, 'n')},
       ${seededId('asset', o.seed, `1 + ${rand('asset', o.assets)}`)},
       COALESCE(p.brand_id, ${seededId('user', o.seed, brandUserNumber(o, rand('brand', o.brands)))}),
       p.id,
       (${choose(statuses, rand('status', statuses.length))})::license_status,
       'Non-exclusive worldwide license for digital and social media use for ' || (1 + ${rand('months', 24)}) || ' months.',
       5000 + ${rand('fee', 500_000)},
       'USD',
       at, at + (30 + ${rand('length', 700)}) * interval '1 day', at, at
FROM (SELECT n, ${projectId} AS project_id,
             ${timestampLiteral(o.startDate)} + ${rand('at', o.days * 24)} * interval '1 hour' AS at
        FROM generate_series(1, ${o.licenses}) AS n OFFSET 0) AS s
LEFT JOIN projects AS p ON p.id = s.project_id
ON CONFLICT DO NOTHING`;
}
