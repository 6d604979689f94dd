package io.mantissa.spi.enrich;

import io.mantissa.spi.Provider;

/**
 * Creates {@link AssetLookup}s; registered under a name such as {@code "aws_ec2"} and configured
 * from {@code mantissa.providers.<name>.<key>}.
 */
public interface AssetLookupProvider extends Provider<AssetLookup> {}
