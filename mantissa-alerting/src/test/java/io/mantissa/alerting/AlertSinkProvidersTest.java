package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.ProviderRegistry;
import io.mantissa.api.config.MantissaConfig;
import io.mantissa.spi.ProviderContext;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.AlertSinkProvider;
import io.mantissa.testkit.MutableClock;
import org.junit.jupiter.api.Test;

class AlertSinkProvidersTest {
  private final ProviderRegistry<AlertSinkProvider> registry =
      ProviderRegistry.load(AlertSinkProvider.class);

  private AlertSink create(String kind, MantissaConfig config) {
    return registry
        .get(kind)
        .create(new ProviderContext(config, MutableClock.create(), config.providerSettings(kind)));
  }

  @Test
  void everyKindIsFoundByName() {
    assertThat(registry.names())
        .contains("webhook", "slack", "pagerduty", "teams", "jira", "servicenow", "email", "ses");
  }

  @Test
  void buildsSinksFromProviderSettingsWithoutShowingSecrets() {
    MantissaConfig config =
        MantissaConfig.builder()
            .providerSetting("pagerduty", "routing-key", "pd-secret-key")
            .providerSetting("pagerduty", "name", "oncall")
            .providerSetting(
                "slack", "webhook-url", "https://hooks.slack.com/services/T/B/slack-secret")
            .providerSetting("webhook", "url", "https://soar.example.com/hook")
            .providerSetting("webhook", "secret", "hook-secret")
            .providerSetting("jira", "url", "https://acme.atlassian.net")
            .providerSetting("jira", "email", "bot@example.com")
            .providerSetting("jira", "api-token", "jira-secret")
            .providerSetting("jira", "project-key", "SEC")
            .providerSetting("servicenow", "url", "https://acme.service-now.com")
            .providerSetting("servicenow", "user", "bot")
            .providerSetting("servicenow", "password", "sn-secret")
            .providerSetting("teams", "webhook-url", "https://acme.webhook.office.com/teams-secret")
            .providerSetting("email", "host", "smtp.example.com")
            .providerSetting("email", "from", "siem@example.com")
            .providerSetting("email", "to", "soc@example.com, oncall@example.com")
            .providerSetting("email", "username", "siem")
            .providerSetting("email", "password", "smtp-secret")
            .providerSetting("ses", "region", "eu-west-1")
            .providerSetting("ses", "access-key-id", "AKIAIOSFODNN7EXAMPLE")
            .providerSetting("ses", "secret-access-key", "ses-secret")
            .providerSetting("ses", "from", "siem@example.com")
            .providerSetting("ses", "to", "soc@example.com")
            .build();

    for (String kind :
        new String[] {
          "pagerduty", "slack", "webhook", "jira", "servicenow", "teams", "email", "ses"
        }) {
      AlertSink sink = create(kind, config);
      assertThat(sink.toString()).doesNotContain("secret");
    }
    assertThat(create("pagerduty", config).name()).isEqualTo("oncall");
    assertThat(create("slack", config)).isInstanceOf(SlackSink.class);
    assertThat(create("email", config)).isInstanceOf(EmailSink.class);
  }

  @Test
  void aMissingSettingNamesTheKey() {
    assertThatThrownBy(() -> create("pagerduty", MantissaConfig.builder().build()))
        .isInstanceOf(MantissaException.class)
        .hasMessageContaining("mantissa.providers.pagerduty.routing-key")
        .extracting(e -> ((MantissaException) e).code())
        .isEqualTo(ErrorCode.CONFIG_INVALID);
    MantissaConfig bad =
        MantissaConfig.builder()
            .providerSetting("webhook", "url", "https://x.example.com")
            .providerSetting("webhook", "secret", "s")
            .providerSetting("webhook", "timeout-seconds", "soon")
            .build();
    assertThatThrownBy(() -> create("webhook", bad))
        .hasMessageContaining("mantissa.providers.webhook.timeout-seconds");
  }
}
