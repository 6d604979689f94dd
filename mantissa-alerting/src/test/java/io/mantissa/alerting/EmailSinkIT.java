package io.mantissa.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.DeliveryResult;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailSinkIT {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(
              new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("bot@example.com", "bot", "smtp-pw"));

  private EmailSink.Builder sink(String host, int port) {
    return EmailSink.builder()
        .server(host, port)
        .tls(EmailSink.Tls.NONE)
        .from("mantissa@example.com")
        .to("soc@example.com")
        .to("oncall@example.com")
        .subjectPrefix("[SIEM] ")
        .allowPrivateAddresses(true)
        .timeout(Duration.ofSeconds(20))
        .clock(Clock.fixed(SinkFixtures.NOW, ZoneOffset.UTC));
  }

  @Test
  void sendsAMultipartMessageWithTextAndHtml() throws Exception {
    EmailSink email =
        sink("127.0.0.1", SMTP.getSmtp().getPort())
            .credentials("bot", Secret.of("smtp-pw"))
            .build();

    DeliveryResult result =
        email.deliver(
            SinkFixtures.alert().toBuilder().title("Brute force <script> against ålice").build(),
            "a-1/email");

    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient mailbox
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[SIEM] [HIGH] Brute force <script> against ålice");
    assertThat(m.getFrom()[0].toString()).isEqualTo("mantissa@example.com");
    assertThat(m.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("soc@example.com", "oncall@example.com");
    assertThat(m.getMessageID()).matches("<[0-9a-f]{32}@mantissa>");
    assertThat(m.getHeader("X-Mantissa-Alert-Id")).containsExactly("a-1");
    assertThat(m.getSentDate().toInstant()).isEqualTo(SinkFixtures.NOW);
    assertThat(m.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
    assertThat((String) parts.getBodyPart(0).getContent())
        .startsWith("[HIGH] Brute force <script> against ålice\n\nSeverity: High\n")
        .contains("Rule: okta-brute-force\n", "- ip: 203.0.113.7\n");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
    assertThat((String) parts.getBodyPart(1).getContent())
        .contains("<h2>[HIGH] Brute force &lt;script&gt; against ålice</h2>")
        .contains("<tr><th align=\"left\">Rule</th><td>okta-brute-force</td></tr>")
        .contains("<li>host: web-01</li>")
        .doesNotContain("<script>");
  }

  @Test
  void retriesOfOneDeliveryKeepTheirMessageId() throws Exception {
    EmailSink email = sink("127.0.0.1", SMTP.getSmtp().getPort()).build();
    email.deliver(SinkFixtures.alert(), "a-1/email");
    email.deliver(SinkFixtures.alert(), "a-1/email");
    email.deliver(SinkFixtures.alert(), "a-2/email");
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(6);
    java.util.Map<String, Long> copies = new java.util.TreeMap<>();
    for (MimeMessage m : received) {
      copies.merge(m.getMessageID(), 1L, Long::sum);
    }
    assertThat(copies.values()).containsExactlyInAnyOrder(4L, 2L);
  }

  @Test
  void refusesALoopbackRelayWithoutTheAllowance() {
    DeliveryResult r =
        sink("127.0.0.1", SMTP.getSmtp().getPort())
            .allowPrivateAddresses(false)
            .build()
            .deliver(SinkFixtures.alert(), "k");
    assertThat(r).isInstanceOf(DeliveryResult.PermanentFailure.class);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void requiresStartTlsByDefault() {
    DeliveryResult r =
        sink("127.0.0.1", SMTP.getSmtp().getPort())
            .tls(EmailSink.Tls.STARTTLS_REQUIRED)
            .build()
            .deliver(SinkFixtures.alert(), "k");
    assertThat(r).isNotInstanceOf(DeliveryResult.Delivered.class);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void transientRepliesAreRetryableAndPermanentOnesNot() throws Exception {
    assertThat(withGreeting("421 4.3.2 Service not available"))
        .isEqualTo(
            new DeliveryResult.RetryableFailure(
                "SMTP 421 4.3.2 Service not available", Optional.empty()));
    assertThat(withGreeting("554 5.7.1 No thanks"))
        .isEqualTo(new DeliveryResult.PermanentFailure("SMTP 554 5.7.1 No thanks"));
    assertThat(
            sink("127.0.0.1", ScriptedDestination.closedPort())
                .build()
                .deliver(SinkFixtures.alert(), "k"))
        .isInstanceOf(DeliveryResult.RetryableFailure.class);
  }

  @Test
  void credentialsStayOutOfToStringAndReasons() {
    EmailSink email =
        sink("127.0.0.1", SMTP.getSmtp().getPort())
            .credentials("bot", Secret.of("wrong-password"))
            .build();
    DeliveryResult r = email.deliver(SinkFixtures.alert(), "k");
    assertThat(r.toString()).doesNotContain("wrong-password").doesNotContain("AUTH PLAIN A");
    assertThat(email.toString()).doesNotContain("wrong-password");
  }

  /** A one-shot SMTP server that greets with {@code greeting} and hangs up. */
  private DeliveryResult withGreeting(String greeting) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = server.accept()) {
                  OutputStream out = s.getOutputStream();
                  out.write((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                      .readLine();
                } catch (java.io.IOException e) {
                  // the client may hang up first
                }
              });
      DeliveryResult r =
          sink("127.0.0.1", server.getLocalPort()).build().deliver(SinkFixtures.alert(), "k");
      served.get(20, java.util.concurrent.TimeUnit.SECONDS);
      return r;
    }
  }
}
