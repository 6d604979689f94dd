package io.mantissa.spi.enrich;

import io.mantissa.spi.Provider;

/**
 * Creates {@link DirectoryLookup}s; registered under a name such as {@code "okta"} and configured
 * from {@code mantissa.providers.<name>.<key>}.
 */
public interface DirectoryLookupProvider extends Provider<DirectoryLookup> {}
