/**
 * The embedded default backend: DuckDB over a local partitioned lake ({@link
 * io.mantissa.backend.local.LocalEventStore}, {@link io.mantissa.backend.local.LocalQueryBackend},
 * both registered as {@code "local"}) and a SQLite state store.
 */
package io.mantissa.backend.local;
