package io.mantissa.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.spi.Provider;
import io.mantissa.spi.ProviderContext;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  /** A provider interface of this test, with one implementation found through ServiceLoader. */
  public interface GreeterProvider extends Provider<String> {}

  /** Registered in META-INF/services of the test resources. */
  public static final class HelloProvider implements GreeterProvider {
    @Override
    public String name() {
      return "hello";
    }

    @Override
    public String create(ProviderContext context) {
      return "hello from " + context.settings().getOrDefault("who", "nobody");
    }
  }

  private static GreeterProvider named(String name) {
    return new GreeterProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String create(ProviderContext context) {
        return name;
      }
    };
  }

  @Test
  void findsProvidersThroughServiceLoader() {
    ProviderRegistry<GreeterProvider> registry = ProviderRegistry.load(GreeterProvider.class);

    assertThat(registry.names()).containsExactly("hello");
    var config =
        io.mantissa.api.config.MantissaConfig.builder()
            .providerSetting("hello", "who", "tests")
            .build();
    assertThat(registry.get("hello").create(ProviderContext.of(config, "hello")))
        .isEqualTo("hello from tests");
  }

  @Test
  void acceptsProgrammaticRegistration() {
    ProviderRegistry<GreeterProvider> registry =
        ProviderRegistry.load(GreeterProvider.class).register(named("custom"));

    assertThat(registry.names()).containsExactly("custom", "hello");
    assertThat(registry.get("custom").name()).isEqualTo("custom");
  }

  @Test
  void unknownNameFailsFastWithTheAvailableNames() {
    ProviderRegistry<GreeterProvider> registry =
        ProviderRegistry.load(GreeterProvider.class).register(named("b"));

    assertThatThrownBy(() -> registry.get("nope"))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_PROVIDER))
        .hasMessage("no GreeterProvider named 'nope'; available: b, hello");
  }

  @Test
  void emptyRegistrySaysNoneAreAvailable() {
    assertThatThrownBy(() -> ProviderRegistry.empty(GreeterProvider.class).get("x"))
        .hasMessageEndingWith("available: (none)");
  }

  @Test
  void duplicateNameFailsFastNamingBothClasses() {
    ProviderRegistry<GreeterProvider> registry = ProviderRegistry.load(GreeterProvider.class);

    assertThatThrownBy(() -> registry.register(named("hello")))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_PROVIDER))
        .hasMessageContaining("'hello' is claimed by both")
        .hasMessageContaining(HelloProvider.class.getName());
  }
}
