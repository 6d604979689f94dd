package io.mantissa.spi.alert;

import io.mantissa.spi.Provider;

/** Creates {@link AlertSink}s; registered under a name such as {@code "slack"}. */
public interface AlertSinkProvider extends Provider<AlertSink> {}
