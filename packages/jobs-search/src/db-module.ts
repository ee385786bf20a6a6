type DbModule = typeof import('@yg/db');

// Loaded on first use, so that importing the producers never loads the database client; then
// kept at hand, so that a search page neither pays the module loader (its resolve hooks) nor
// waits a turn of the event loop for it on every call.
let loading: Promise<DbModule> | undefined;
let loaded: DbModule | undefined;

/** `@yg/db`: the module itself once it has loaded, until then the promise of it. */
export function loadDb(): DbModule | Promise<DbModule> {
  if (loaded) return loaded;
  loading ??= import('@yg/db').then((module) => {
    loaded = module;
    return module;
  });
  return loading;
}
