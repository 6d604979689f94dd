package io.mantissa.spi;

/**
 * A named factory for one implementation of an SPI. Providers are found through {@link
 * java.util.ServiceLoader} (list them in {@code META-INF/services/<provider interface>}) or
 * registered programmatically with {@link io.mantissa.api.ProviderRegistry#register}.
 *
 * @param <T> what the provider creates
 */
public interface Provider<T> {

  /** The unique name under which users select this provider, such as {@code "local"}. */
  String name();

  /** Creates a new instance configured from the context. */
  T create(ProviderContext context);
}
