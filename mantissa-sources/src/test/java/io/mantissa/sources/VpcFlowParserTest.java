package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.Event;
import io.mantissa.api.MantissaException;
import io.mantissa.api.SourceLocation;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.source.EventParser;
import io.mantissa.spi.source.ParseResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VpcFlowParserTest {
  private static final SourceLocation AT = SourceLocation.line("flow.log", 1);
  private static final String V2 =
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249"
          + " 1418530010 1418530070 ACCEPT OK";

  private static EventParser parser(Map<String, String> settings) {
    return SourceCatalog.builtIn()
        .parser(
            "aws_vpcflow",
            new ProviderContext(MantissaConfig.defaults(), Clock.systemUTC(), settings));
  }

  private static Event single(EventParser parser, String line) {
    ParseResult r = parser.parse(line, AT);
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Parsed.class);
    assertThat(((ParseResult.Parsed) r).events()).hasSize(1);
    return ((ParseResult.Parsed) r).events().get(0);
  }

  private static String reason(ParseResult r) {
    assertThat(r).isInstanceOf(ParseResult.Rejected.class);
    return ((ParseResult.Rejected) r).reason();
  }

  @Test
  void readsTheDefaultVersion2LayoutWithNumbersAndHyphenatedNames() {
    Event e = single(parser(Map.of()), V2);
    assertThat(e.source()).isEqualTo("aws_vpcflow");
    assertThat(e.time()).isEqualTo(Instant.ofEpochSecond(1418530010));
    assertThat(e.fields())
        .containsEntry("version", 2L)
        .containsEntry("account-id", "123456789010")
        .containsEntry("srcaddr", "172.31.16.139")
        .containsEntry("dstport", 22L)
        .containsEntry("action", "ACCEPT")
        .containsEntry("log-status", "OK")
        .hasSize(14);
    assertThat(e.id()).matches("[0-9a-f]{32}");
  }

  @Test
  void aHeaderLineSetsTheFieldsOfTheFollowingLines() {
    EventParser parser = parser(Map.of());
    ParseResult header =
        parser.parse("version srcaddr dstaddr start end action flow-direction log-status", AT);
    assertThat(((ParseResult.Parsed) header).events()).isEmpty();
    Event e = single(parser, "5 10.0.0.1 10.0.0.2 1700000000 1700000060 REJECT egress OK");
    assertThat(e.fields())
        .containsEntry("flow-direction", "egress")
        .containsEntry("dstaddr", "10.0.0.2")
        .hasSize(8);
    assertThat(e.normalizedField(io.mantissa.api.FieldPath.of("connection_info.direction")))
        .isEqualTo("Outbound");
    assertThat(reason(parser.parse(V2, AT))).isEqualTo("line has 14 fields, the field list has 8");
  }

  @Test
  void aConfiguredFieldListIsUsedWithoutAHeader() {
    EventParser parser = parser(Map.of("fields", "${version} ${srcaddr} ${start} ${action}"));
    Event e = single(parser, "3 192.0.2.1 1700000000 ACCEPT");
    assertThat(e.fields()).containsOnlyKeys("version", "srcaddr", "start", "action");
  }

  @Test
  void anUnknownConfiguredFieldIsAConfigurationError() {
    assertThatThrownBy(() -> parser(Map.of("fields", "version bogus")))
        .isInstanceOf(MantissaException.class)
        .satisfies(
            e -> assertThat(((MantissaException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID))
        .hasMessageContaining("bogus");
  }

  @Test
  void badLinesAreRejectedWithAReason() {
    EventParser parser = parser(Map.of());
    assertThat(reason(parser.parse("2 1 2 3", AT)))
        .startsWith("line has 4 fields; without a header");
    assertThat(reason(parser.parse(V2.replace(" 22 ", " ssh "), AT)))
        .isEqualTo("field 'dstport' value 'ssh' is not a number");
    assertThat(reason(parser.parse("version bogus-field", AT)))
        .isEqualTo("header line names unknown field 'bogus-field'");
    assertThat(reason(parser.parse(V2.replace("1418530010 1418530070", "- -"), AT)))
        .isEqualTo("field 'start' is missing (also looked for 'end')");
  }

  @Test
  void theJsonFormIsStillRead() {
    Event e =
        single(
            parser(Map.of()),
            "{\"srcAddr\":\"10.0.0.1\",\"dstPort\":443,\"action\":\"ACCEPT\",\"start\":1700000000}");
    assertThat(e.normalizedField(io.mantissa.api.FieldPath.of("src_endpoint.ip")))
        .isEqualTo("10.0.0.1");
    assertThat(e.normalizedField(io.mantissa.api.FieldPath.of("dst_endpoint.port")))
        .isEqualTo(443L);
  }

  @Test
  void theDefaultLayoutsAreCumulativePerVersion() {
    assertThat(List.of(14, 21, 25, 29))
        .allSatisfy(n -> assertThat(VpcFlowParser.DEFAULT_ORDER.subList(0, n)).hasSize(n));
    assertThat(VpcFlowParser.DEFAULT_ORDER.get(28)).isEqualTo("traffic-path");
  }
}
