/** The embedded default backend: DuckDB over a local partitioned lake and a SQLite state store. */
package io.mantissa.backend.local;
