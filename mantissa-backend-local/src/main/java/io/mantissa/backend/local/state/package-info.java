/**
 * The embedded default {@link io.mantissa.spi.state.StateStore}: one SQLite file in WAL mode,
 * selected with the provider name {@code "local"}.
 */
package io.mantissa.backend.local.state;
