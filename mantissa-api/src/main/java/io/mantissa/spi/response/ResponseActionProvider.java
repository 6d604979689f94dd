package io.mantissa.spi.response;

import io.mantissa.spi.Provider;

/** Creates {@link ResponseAction}s; the provider name is the action name. */
public interface ResponseActionProvider extends Provider<ResponseAction> {}
