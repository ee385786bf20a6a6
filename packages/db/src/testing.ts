// `@yg/db/testing`: a database of its own per test file, and deterministic demo data. Tools for
// tests, benchmarks and demos, kept out of the root export so that production code never carries
// them (nor looks like it could call them).

export { seededIdOf } from './seed/ids';
export type { SeedOptions } from './seed/options';
export { type SeedCounts, seedDemoData } from './seed/seed-demo-data';
export { type CreateTestDatabaseOptions, createTestDatabase, type TestDatabase } from './test-database';
