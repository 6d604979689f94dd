package io.mantissa.apm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.SourceLocation;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Mutated, truncated or arbitrary input never escapes the OTLP parsers as an exception. */
class OtlpParserProperties {
  private static final SourceLocation AT = SourceLocation.line("test", 1);
  private static final EventParser TRACES = new OtlpTraceParserProvider().create(null);
  private static final EventParser METRICS = new OtlpMetricParserProvider().create(null);

  /** An edit of a valid export: cut it, replace a character, or insert one. */
  record Edit(boolean metrics, int at, int kind, char ch) {
    String apply() {
      String base = (metrics ? Fixtures.METRICS : Fixtures.TRACES).strip().replace("\n", "");
      int i = Math.floorMod(at, base.length());
      return switch (kind) {
        case 0 -> base.substring(0, i);
        case 1 -> base.substring(0, i) + ch + base.substring(i + 1);
        case 2 -> base.substring(0, i) + ch + base.substring(i);
        default ->
            base.substring(0, i) + base.substring(Math.min(base.length(), i + 1 + (at & 15)));
      };
    }
  }

  @Provide
  Arbitrary<Edit> edits() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 100_000),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(
                '"', '{', '}', '[', ']', ',', ':', '0', '9', '-', 'x', 'e', ' ', 'n', '\\'))
        .as(Edit::new);
  }

  @Property(tries = 2_000)
  void editedExportsAreParsedOrRejectedNeverThrown(@ForAll("edits") Edit edit) {
    String record = edit.apply();
    ParseResult t = TRACES.parse(record, AT);
    ParseResult m = METRICS.parse(record, AT);
    assertThat(t).isNotNull();
    assertThat(m).isNotNull();
    if (t instanceof ParseResult.Rejected r) {
      assertThat(r.reason()).isNotBlank();
    }
    if (m instanceof ParseResult.Rejected r) {
      assertThat(r.reason()).isNotBlank();
    }
  }

  @Property(tries = 500)
  void arbitraryTextIsRejectedNeverThrown(@ForAll String record) {
    assertThat(TRACES.parse(record, AT)).isNotNull();
    assertThat(METRICS.parse(record, AT)).isNotNull();
  }
}
