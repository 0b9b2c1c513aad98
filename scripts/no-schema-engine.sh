#!/bin/sh
# Prisma's CLI insists on a native schema-engine binary before it will even run `generate`, and it
# downloads one from a host these machines cannot reach. `generate` never calls the engine, so we
# point PRISMA_SCHEMA_ENGINE_BINARY here. Migrations use the WASM engine instead: see scripts/db.ts.
echo "Atrium does not use Prisma's native schema engine; use npm run db:migrate / db:migration." >&2
exit 1
