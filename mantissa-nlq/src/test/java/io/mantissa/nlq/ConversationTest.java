package io.mantissa.nlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.backend.local.state.LocalStateStoreProvider;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.query.SqlDialect;
import io.mantissa.spi.state.StateStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Follow-ups, sessions in the SQLite state store, caches and cost confirmation. */
class ConversationTest {
  @TempDir static Path dir;
  static LocalQueryBackend backend;
  static StateStore store;
  static NlqEngine nlq;

  @BeforeAll
  static void lake() {
    backend = Lake.build(dir.resolve("lake"));
    MantissaConfig config = MantissaConfig.builder().dataDir(dir.resolve("state")).build();
    store = new LocalStateStoreProvider().create(new ProviderContext(config, Lake.CLOCK, Map.of()));
    nlq = NlqEngine.builder(backend).stateStore(store).clock(Lake.CLOCK).build();
  }

  @AfterAll
  static void close() {
    backend.close();
    store.close();
  }

  private static int rows(Answer a) {
    return a.result().orElseThrow().rows().size();
  }

  private static List<Object> first(Answer a) {
    return a.result().orElseThrow().rows().get(0);
  }

  @Test
  void followUpsRefineThePreviousQuestion() {
    Answer all = nlq.ask(Ask.of("Show me all failed logins this week").inSession("s1"));
    assertThat(rows(all)).isEqualTo(5);

    Answer germany = nlq.ask(Ask.of("only from Germany").inSession("s1"));
    assertThat(germany.status()).isEqualTo(Answer.Status.ANSWERED);
    assertThat(rows(germany)).isEqualTo(3);
    assertThat(germany.assumptions()).anyMatch(s -> s.startsWith("a follow-up"));

    Answer lastWeek = nlq.ask(Ask.of("what about last week?").inSession("s1"));
    assertThat(rows(lastWeek)).isEqualTo(1);
    assertThat(lastWeek.explanation()).contains("2026-11-16 00:00").contains("2026-11-23 00:00");

    Answer byCountry = nlq.ask(Ask.of("group by country").inSession("s1"));
    assertThat(byCountry.result().orElseThrow().columns().get(0).name()).isEqualTo("country");
    assertThat(first(byCountry)).containsExactly("DE", 1L); // the OCSF ISO code of Okta's "Germany"

    Answer raw = nlq.ask(Ask.of("show the raw events").inSession("s1"));
    List<String> columns = new ArrayList<>();
    raw.result().orElseThrow().columns().forEach(c -> columns.add(c.name()));
    assertThat(columns).contains("raw", "user_name");
    assertThat(rows(raw)).isEqualTo(1);
  }

  @Test
  void onlyAdmins() {
    nlq.ask(Ask.of("Show successful logins today").inSession("s2"));
    Answer admins = nlq.ask(Ask.of("only admins").inSession("s2"));
    assertThat(rows(admins)).isEqualTo(1);
    assertThat(admins.assumptions()).anyMatch(s -> s.startsWith("admins:"));
  }

  @Test
  void sessionsAreBoundedAndSeparate() {
    NlqEngine small =
        NlqEngine.builder(backend)
            .stateStore(store)
            .clock(Lake.CLOCK)
            .sessions(2, java.time.Duration.ofHours(1))
            .build();
    small.ask(Ask.of("Show failed logins this week").inSession("b1"));
    small.ask(Ask.of("only from Germany").inSession("b1"));
    small.ask(Ask.of("group by user").inSession("b1"));
    String stored = store.get("nlq/session/b1").orElseThrow().value();
    assertThat(stored).doesNotContain("Show failed logins this week").contains("group by user");
    // another session does not see b1's context
    Answer fresh = small.ask(Ask.of("only from Germany").inSession("b2"));
    assertThat(fresh.status()).isEqualTo(Answer.Status.CANNOT_ANSWER);
  }

  @Test
  void repeatedQuestionsHitTheCaches() {
    CacheStats before = nlq.cacheStats();
    nlq.ask(Ask.of("How many failed logins this week?"));
    Answer again = nlq.ask(Ask.of("How many failed logins this week?"));
    CacheStats after = nlq.cacheStats();
    assertThat(again.fromCache()).isTrue();
    assertThat(after.planHits()).isGreaterThan(before.planHits());
    assertThat(after.resultHits()).isGreaterThan(before.resultHits());
    assertThat(first(again)).containsExactly(5L);
  }

  @Test
  void costsAboveTheThresholdWaitForConfirmation() {
    NlqEngine strict =
        NlqEngine.builder(backend).clock(Lake.CLOCK).confirmAbove(BigDecimal.ZERO, 0).build();
    Answer a = strict.ask(Ask.of("Show failed logins this week"));
    assertThat(a.status()).isEqualTo(Answer.Status.NEEDS_CONFIRMATION);
    assertThat(a.result()).isEmpty();
    assertThat(a.estimate().orElseThrow().bytesScanned()).isPositive();
    Answer confirmed = strict.ask(Ask.of("Show failed logins this week").confirm());
    assertThat(confirmed.status()).isEqualTo(Answer.Status.ANSWERED);
  }

  @Test
  void pricesUseTheTargetEnginesRates() {
    Answer athena = nlq.ask(Ask.of("Show failed logins this week").forDialect(SqlDialect.ATHENA));
    CostRates.Price p = athena.price().orElseThrow();
    // a few KB scanned is billed at Athena's 10 MB minimum: 10^7 / 10^12 * $5
    assertThat(p.billedBytes()).isEqualTo(10_000_000L);
    assertThat(p.usd()).isEqualByComparingTo("0.00005");
    assertThat(athena.status()).isEqualTo(Answer.Status.EXPLAINED);
    assertThat(athena.sql().orElseThrow()).contains("json_extract_scalar");
  }
}
