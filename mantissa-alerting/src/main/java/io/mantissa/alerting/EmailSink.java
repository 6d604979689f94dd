package io.mantissa.alerting;

import io.mantissa.api.Alert;
import io.mantissa.api.Entity;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.api.config.Secret;
import io.mantissa.spi.alert.AlertSink;
import io.mantissa.spi.alert.DeliveryResult;
import io.mantissa.spi.net.DestinationGuard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends alerts by e-mail over SMTP (RFC 5321) with a {@code multipart/alternative} body holding a
 * plain-text and an HTML part, both UTF-8. STARTTLS is required by default (with host-name
 * verification); AUTH PLAIN is used when credentials are set. The {@code Message-ID} derives from
 * the idempotency key, so retries of one delivery carry the same id and mail systems that
 * deduplicate on it show the alert once.
 *
 * <p>SMTP 4xx replies and connection failures are retryable, 5xx replies permanent.
 */
public final class EmailSink implements AlertSink {
  /** How the connection is protected. */
  public enum Tls {
    /** Upgrade with STARTTLS and fail when the server does not offer it (default). */
    STARTTLS_REQUIRED,
    /** TLS from the first byte (port 465). */
    IMPLICIT,
    /** No TLS: only for relays on a trusted network or tests. */
    NONE
  }

  private static final String CRLF = "\r\n";
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final String name;
  private final String host;
  private final int port;
  private final Tls tls;
  private final String username;
  private final Secret password;
  private final String from;
  private final List<String> to;
  private final String subjectPrefix;
  private final Duration timeout;
  private final Clock clock;
  private final boolean allowPrivateAddresses;

  private EmailSink(Builder b) {
    if (b.host == null || b.from == null || b.to.isEmpty()) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID, "email sink " + b.name + " needs host, from and to");
    }
    this.name = b.name;
    this.host = b.host;
    this.port = b.port;
    this.tls = b.tls;
    this.username = b.username;
    this.password = b.password;
    this.from = address(b.from);
    this.to = b.to.stream().map(EmailSink::address).toList();
    this.subjectPrefix = b.subjectPrefix;
    this.timeout = b.timeout;
    this.clock = b.clock;
    this.allowPrivateAddresses = b.allowPrivateAddresses;
  }

  /** A builder; host, from and at least one recipient are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** A reply that ends the conversation. */
  private static final class SmtpFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;

    SmtpFailure(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  @Override
  public DeliveryResult deliver(Alert alert, String idempotencyKey) {
    DestinationGuard.Verdict verdict = DestinationGuard.checkHost(host, allowPrivateAddresses);
    if (verdict instanceof DestinationGuard.Verdict.Refused r) {
      return new DeliveryResult.PermanentFailure(r.reason());
    }
    if (verdict instanceof DestinationGuard.Verdict.Unresolved u) {
      return new DeliveryResult.RetryableFailure(u.reason(), Optional.empty());
    }
    String message = message(alert, idempotencyKey);
    try {
      return new DeliveryResult.Delivered(send(message));
    } catch (SmtpFailure f) {
      String reason = "SMTP " + f.getMessage();
      return f.code >= 500
          ? new DeliveryResult.PermanentFailure(reason)
          : new DeliveryResult.RetryableFailure(reason, Optional.empty());
    } catch (SocketTimeoutException e) {
      return new DeliveryResult.RetryableFailure(
          "timeout after " + timeout.toMillis() + " ms", Optional.empty());
    } catch (IOException e) {
      return new DeliveryResult.RetryableFailure(
          "connection failed: " + e.getClass().getSimpleName(), Optional.empty());
    } catch (RuntimeException e) {
      return new DeliveryResult.PermanentFailure("SMTP failed: " + e.getClass().getSimpleName());
    }
  }

  private String send(String message) throws IOException, SmtpFailure {
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), ms);
      socket.setSoTimeout(ms);
      if (tls == Tls.IMPLICIT) {
        socket = upgrade(socket);
      }
      Session s = new Session(socket);
      s.expect(220);
      List<String> ehlo = s.command("EHLO mantissa.local", 250);
      if (tls == Tls.STARTTLS_REQUIRED) {
        if (ehlo.stream().noneMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("STARTTLS"))) {
          throw new SmtpFailure(530, "server does not offer STARTTLS");
        }
        s.command("STARTTLS", 220);
        socket = upgrade(socket);
        s = new Session(socket);
        s.command("EHLO mantissa.local", 250);
      }
      if (username != null) {
        String plain =
            Base64.getEncoder()
                .encodeToString(
                    ("\0" + username + "\0" + password.reveal()).getBytes(StandardCharsets.UTF_8));
        s.commandQuietly("AUTH PLAIN " + plain, "AUTH PLAIN ****", 235);
      }
      s.command("MAIL FROM:<" + from + ">", 250);
      for (String rcpt : to) {
        s.command("RCPT TO:<" + rcpt + ">", 250, 251);
      }
      s.command("DATA", 354);
      StringBuilder data = new StringBuilder();
      for (String line : message.split(CRLF, -1)) {
        data.append(line.startsWith(".") ? "." + line : line).append(CRLF);
      }
      data.append(".").append(CRLF);
      s.write(data.toString());
      List<String> accepted = s.expect(250);
      try {
        s.command("QUIT", 221);
      } catch (IOException | SmtpFailure ignored) {
        // the message is accepted; a failed goodbye does not matter
      }
      String last = accepted.get(accepted.size() - 1);
      return last.length() > 4 ? last.substring(4).trim() : "";
    } finally {
      socket.close();
    }
  }

  private Socket upgrade(Socket plain) throws IOException {
    SSLSocket ssl =
        (SSLSocket)
            ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  /** One SMTP conversation on a socket. */
  private static final class Session {
    private final BufferedReader in;
    private final OutputStream out;

    Session(Socket socket) throws IOException {
      this.in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      this.out = socket.getOutputStream();
    }

    void write(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    List<String> command(String line, int... ok) throws IOException, SmtpFailure {
      return commandQuietly(line, line, ok);
    }

    /** Sends a command; {@code shown} is what a failure message may quote. */
    List<String> commandQuietly(String line, String shown, int... ok)
        throws IOException, SmtpFailure {
      write(line + CRLF);
      try {
        return expect(ok);
      } catch (SmtpFailure f) {
        throw new SmtpFailure(f.code, f.getMessage() + " (after " + verb(shown) + ")");
      }
    }

    List<String> expect(int... ok) throws IOException, SmtpFailure {
      List<String> lines = new ArrayList<>();
      String line;
      do {
        line = in.readLine();
        if (line == null) {
          throw new IOException("connection closed");
        }
        lines.add(line);
      } while (line.length() > 3 && line.charAt(3) == '-');
      int code;
      try {
        code = Integer.parseInt(line.substring(0, 3));
      } catch (RuntimeException e) {
        throw new SmtpFailure(500, "unreadable reply");
      }
      for (int c : ok) {
        if (c == code) {
          return lines.stream().map(l -> l.length() > 4 ? l.substring(4) : "").toList();
        }
      }
      throw new SmtpFailure(code, line.length() > 200 ? line.substring(0, 200) : line);
    }

    private static String verb(String line) {
      int colon = line.indexOf(':');
      int space = line.indexOf(' ');
      int end = colon > 0 ? colon : space > 0 ? space : line.length();
      return line.substring(0, end);
    }
  }

  String message(Alert a, String idempotencyKey) {
    String boundary = "mantissa-" + Keys.sha256(idempotencyKey).substring(0, 24);
    StringBuilder m = new StringBuilder();
    header(m, "Date", DATE.format(clock.instant()));
    header(m, "From", from);
    header(m, "To", String.join(", ", to));
    header(m, "Subject", encodeWord(subject(subjectPrefix, a)));
    header(m, "Message-ID", "<" + Keys.sha256(idempotencyKey).substring(0, 32) + "@mantissa>");
    header(m, "MIME-Version", "1.0");
    header(m, "X-Mantissa-Alert-Id", encodeWord(a.id()));
    header(m, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
    m.append(CRLF);
    part(m, boundary, "text/plain", text(a));
    part(m, boundary, "text/html", html(a));
    m.append("--").append(boundary).append("--").append(CRLF);
    return m.toString();
  }

  private static void header(StringBuilder m, String name, String value) {
    m.append(name).append(": ").append(value.replaceAll("[\\r\\n]", " ")).append(CRLF);
  }

  private static void part(StringBuilder m, String boundary, String type, String body) {
    m.append("--").append(boundary).append(CRLF);
    m.append("Content-Type: ").append(type).append("; charset=UTF-8").append(CRLF);
    m.append("Content-Transfer-Encoding: base64").append(CRLF).append(CRLF);
    m.append(
            Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.getBytes(StandardCharsets.UTF_8)))
        .append(CRLF);
  }

  /** RFC 2047 encoded word when the value is not plain printable ASCII. */
  static String encodeWord(String s) {
    if (s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && s.length() <= 900) {
      return s;
    }
    return "=?UTF-8?B?"
        + Base64.getEncoder()
            .encodeToString(AlertText.truncate(s, 200).getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  /** The subject of an alert's e-mail: {@code prefix} and the summary on one line. */
  static String subject(String prefix, Alert a) {
    return prefix + AlertText.summary(a).replaceAll("\\s+", " ");
  }

  static String text(Alert a) {
    StringBuilder sb = new StringBuilder(AlertText.summary(a)).append("\n\n");
    AlertText.appendDetails(sb, a, true);
    return sb.append("\n-- \nMantissa Log\n").toString();
  }

  static String html(Alert a) {
    StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><body>");
    sb.append("<h2>").append(escape(AlertText.summary(a))).append("</h2><table>");
    row(sb, "Severity", AlertText.severity(a));
    row(sb, "Status", AlertText.status(a));
    row(sb, "Rule", a.ruleId());
    row(sb, "Time", a.time().toString());
    row(sb, "Alert id", a.id());
    if (!a.attackTags().isEmpty()) {
      row(sb, "ATT&CK", String.join(", ", a.attackTags()));
    }
    sb.append("</table>");
    if (!a.entities().isEmpty()) {
      sb.append("<h3>Entities</h3><ul>");
      for (Entity e : a.entities()) {
        sb.append("<li>").append(escape(AlertText.entity(e))).append("</li>");
      }
      sb.append("</ul>");
    }
    return sb.append("<p>Mantissa Log</p></body></html>").toString();
  }

  private static void row(StringBuilder sb, String label, String value) {
    sb.append("<tr><th align=\"left\">")
        .append(escape(label))
        .append("</th><td>")
        .append(escape(value))
        .append("</td></tr>");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String address(String a) {
    Objects.requireNonNull(a, "address");
    if (!a.matches("[^\\s<>@\\r\\n]+@[^\\s<>@\\r\\n]+")) {
      throw new MantissaException(ErrorCode.CONFIG_INVALID, "not a plain e-mail address: " + a);
    }
    return a;
  }

  @Override
  public String toString() {
    return "EmailSink[" + name + " -> " + host + ":" + port + " " + tls + "]";
  }

  /** Builds {@link EmailSink}s. */
  public static final class Builder {
    private String name = "email";
    private String host;
    private int port = 587;
    private Tls tls = Tls.STARTTLS_REQUIRED;
    private String username;
    private Secret password;
    private String from;
    private final List<String> to = new ArrayList<>();
    private String subjectPrefix = "";
    private Duration timeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private boolean allowPrivateAddresses;

    private Builder() {}

    /** The sink's name (default {@code email}). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The SMTP relay and its port (587 by default). */
    public Builder server(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** How the connection is protected (default STARTTLS, required). */
    public Builder tls(Tls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** Credentials for AUTH PLAIN. */
    public Builder credentials(String username, Secret password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** The sender address. */
    public Builder from(String from) {
      this.from = from;
      return this;
    }

    /** Adds a recipient. */
    public Builder to(String recipient) {
      to.add(Objects.requireNonNull(recipient, "recipient"));
      return this;
    }

    /** Text put before every subject, such as {@code [SIEM] }. */
    public Builder subjectPrefix(String prefix) {
      this.subjectPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Connect and read timeout (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /** The clock for the Date header. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Allows relays on private, loopback and link-local addresses (tests, internal relays). */
    public Builder allowPrivateAddresses(boolean allow) {
      this.allowPrivateAddresses = allow;
      return this;
    }

    /** Builds the sink. */
    public EmailSink build() {
      return new EmailSink(this);
    }

    @Override
    public String toString() {
      return "EmailSink.Builder[" + name + "]";
    }
  }
}
