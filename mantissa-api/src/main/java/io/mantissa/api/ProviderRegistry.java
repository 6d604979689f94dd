package io.mantissa.api;

import io.mantissa.spi.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the providers of one SPI by name. Providers come from {@link ServiceLoader} and from
 * programmatic registration; a name can be taken only once, and asking for an unknown name fails at
 * once with the list of the names that exist.
 *
 * <pre>{@code
 * ProviderRegistry<EventStoreProvider> stores = ProviderRegistry.load(EventStoreProvider.class);
 * EventStore store = stores.get("local").create(context);
 * }</pre>
 *
 * @param <P> the provider interface
 */
public final class ProviderRegistry<P extends Provider<?>> {
  private final Class<P> type;
  private final Map<String, P> byName = new LinkedHashMap<>();

  private ProviderRegistry(Class<P> type) {
    this.type = type;
  }

  /** An empty registry, for programmatic registration only. */
  public static <P extends Provider<?>> ProviderRegistry<P> empty(Class<P> type) {
    return new ProviderRegistry<>(Objects.requireNonNull(type, "type"));
  }

  /**
   * A registry holding every provider of {@code type} that {@link ServiceLoader} finds on the class
   * path of the type's class loader.
   *
   * @throws MantissaException with {@link ErrorCode#DUPLICATE_PROVIDER} when two claim one name
   */
  public static <P extends Provider<?>> ProviderRegistry<P> load(Class<P> type) {
    ProviderRegistry<P> registry = empty(type);
    for (P provider : ServiceLoader.load(type, type.getClassLoader())) {
      registry.register(provider);
    }
    return registry;
  }

  /**
   * Adds a provider.
   *
   * @throws MantissaException with {@link ErrorCode#DUPLICATE_PROVIDER} when the name is taken
   */
  public synchronized ProviderRegistry<P> register(P provider) {
    String name = Objects.requireNonNull(provider.name(), "provider name");
    P existing = byName.get(name);
    if (existing != null) {
      throw new MantissaException(
          ErrorCode.DUPLICATE_PROVIDER,
          type.getSimpleName()
              + " name '"
              + name
              + "' is claimed by both "
              + existing.getClass().getName()
              + " and "
              + provider.getClass().getName());
    }
    byName.put(name, provider);
    return this;
  }

  /**
   * The provider registered under {@code name}.
   *
   * @throws MantissaException with {@link ErrorCode#UNKNOWN_PROVIDER} listing the available names
   */
  public synchronized P get(String name) {
    P provider = byName.get(name);
    if (provider == null) {
      throw new MantissaException(
          ErrorCode.UNKNOWN_PROVIDER,
          "no "
              + type.getSimpleName()
              + " named '"
              + name
              + "'; available: "
              + (byName.isEmpty() ? "(none)" : String.join(", ", names())));
    }
    return provider;
  }

  /** The registered names, sorted. */
  public synchronized Set<String> names() {
    return new TreeSet<>(byName.keySet());
  }
}
