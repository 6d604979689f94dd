package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.EventParserProvider;
import io.mantissa.spi.source.ParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SourceCatalogTest {
  private static final ProviderContext CONTEXT =
      ProviderContext.of(MantissaConfig.defaults(), "test");

  @Test
  void knowsTheBuiltInSources() {
    assertThat(SourceCatalog.builtIn().ids())
        .contains(
            "okta",
            "entra_signin",
            "entra_audit",
            "google_workspace",
            "duo",
            "m365",
            "aws_cloudtrail",
            "aws_vpcflow",
            "aws_guardduty",
            "gcp_audit",
            "azure_activity",
            "crowdstrike",
            "jamf_pro",
            "slack",
            "snowflake",
            "salesforce",
            "onepassword",
            "github",
            "kubernetes",
            "docker",
            "otel_traces",
            "otel_metrics",
            "otel_logs");
  }

  @Test
  void coversEverySampleFolder() throws Exception {
    Path samples = SampleFiles.root();
    Assumptions.assumeTrue(samples != null, "../shared/samples is absent; skipping");
    Set<String> folders = new TreeSet<>();
    try (Stream<Path> list = Files.list(samples)) {
      list.filter(Files::isDirectory).forEach(p -> folders.add(p.getFileName().toString()));
    }
    folders.remove("otlp"); // OTLP requests carry traces, metrics and logs: otel_* sources
    assertThat(SourceCatalog.builtIn().ids()).containsAll(folders);
  }

  @Test
  void unknownSourceListsTheKnownOnes() {
    assertThatThrownBy(() -> SourceCatalog.builtIn().parser("nope", CONTEXT))
        .isInstanceOfSatisfying(
            MantissaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_SOURCE))
        .hasMessageContaining("unknown source 'nope'")
        .hasMessageContaining("okta, onepassword");
  }

  @Test
  void aProviderReplacesABuiltInAndAddsNewSources() {
    SourceCatalog catalog =
        SourceCatalog.of(
            SourceCatalog.builtInSpecs(),
            List.of(new FixedProvider("okta"), new FixedProvider("acme")));
    assertThat(catalog.ids()).contains("okta", "acme");
    assertThat(catalog.spec("okta")).isEmpty();
    assertThat(catalog.parser("okta", CONTEXT).parse("x", SourceLocation.line("o", 1)))
        .isEqualTo(new ParseResult.Rejected("fixed"));
    assertThat(catalog.parser("github", CONTEXT)).isInstanceOf(JsonEventParser.class);
  }

  @Test
  void twoProvidersWithOneNameAreAnError() {
    assertThatThrownBy(
            () ->
                SourceCatalog.of(
                    List.of(), List.of(new FixedProvider("acme"), new FixedProvider("acme"))))
        .isInstanceOfSatisfying(
            MantissaException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_PROVIDER));
  }

  @Test
  void loadFindsNoExtraProvidersOnThisClassPath() {
    assertThat(SourceCatalog.load().ids()).isEqualTo(SourceCatalog.builtIn().ids());
  }

  private record FixedProvider(String name) implements EventParserProvider {
    @Override
    public EventParser create(ProviderContext context) {
      return new EventParser() {
        @Override
        public String source() {
          return name;
        }

        @Override
        public ParseResult parse(String record, SourceLocation location) {
          return new ParseResult.Rejected("fixed");
        }
      };
    }
  }
}
