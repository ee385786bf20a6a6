import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

// Prisma 6's `migrate diff` reads a datamodel with a `url` in its datasource; the schema of @yg/db
// is a folder of files for Prisma 7, whose datasource must not have one. This joins the folder's
// models and enums into one file behind a datasource that Prisma 6 accepts. Generator blocks are
// dropped: they do not change the database.
const DATASOURCE = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`;

const BLOCK_TO_DROP = /^(generator|datasource)\s+\w+\s*\{[^}]*\}\s*$/gm;

/** @param {string} schemaDir */
export async function readDatamodel(schemaDir) {
  const files = (await readdir(schemaDir)).filter((name) => name.endsWith('.prisma')).sort();
  if (files.length === 0) throw new Error(`No .prisma files in ${schemaDir}`);
  const parts = await Promise.all(
    files.map(async (name) => {
      const text = await readFile(join(schemaDir, name), 'utf8');
      return `// ${name}\n${text.replace(BLOCK_TO_DROP, '').trim()}\n`;
    }),
  );
  return `${DATASOURCE}\n${parts.join('\n')}`;
}
