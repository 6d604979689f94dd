package io.mantissa.nlq;

import io.mantissa.api.config.MantissaConfig;
import io.mantissa.backend.local.LocalEventStore;
import io.mantissa.backend.local.LocalQueryBackend;
import io.mantissa.sources.NdjsonIngestor;
import io.mantissa.sources.SourceCatalog;
import io.mantissa.spi.ProviderContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A small local lake of hand-written vendor events (Okta System Log, CloudTrail) around {@link
 * #NOW}, ingested through the real parsers into the real local backend.
 */
final class Lake {
  /** Thursday 2026-11-26 12:00 UTC: "this week" starts Monday 2026-11-23. */
  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Lake() {}

  static LocalQueryBackend build(Path dir) {
    List<String> okta = new ArrayList<>();
    List<String> cloudtrail = new ArrayList<>();
    // failed logins: 3 from Germany this week, 2 from the US this week, 1 from Germany last week
    okta.add(
        login(
            "a1",
            "2026-11-24T09:00:00Z",
            "alice@acme.example",
            "Alice Smith",
            "203.0.113.5",
            "Germany",
            "FAILURE"));
    okta.add(
        login(
            "a2",
            "2026-11-24T09:01:00Z",
            "alice@acme.example",
            "Alice Smith",
            "203.0.113.5",
            "Germany",
            "FAILURE"));
    okta.add(
        login(
            "a3",
            "2026-11-25T10:00:00Z",
            "bob@acme.example",
            "Bob Jones",
            "203.0.113.9",
            "Germany",
            "FAILURE"));
    okta.add(
        login(
            "a4",
            "2026-11-25T11:00:00Z",
            "carol@acme.example",
            "Carol Chen",
            "198.51.100.3",
            "United States",
            "FAILURE"));
    okta.add(
        login(
            "a5",
            "2026-11-26T08:00:00Z",
            "dave@acme.example",
            "Dave Kumar",
            "198.51.100.4",
            "United States",
            "FAILURE"));
    okta.add(
        login(
            "a6",
            "2026-11-18T08:00:00Z",
            "erin@acme.example",
            "Erin Novak",
            "203.0.113.7",
            "Germany",
            "FAILURE"));
    // successful logins
    okta.add(
        login(
            "s1",
            "2026-11-26T07:00:00Z",
            "alice@acme.example",
            "Alice Smith",
            "198.51.100.10",
            "United States",
            "SUCCESS"));
    okta.add(
        login(
            "s2",
            "2026-11-26T07:30:00Z",
            "admin.ops@acme.example",
            "Admin Ops",
            "198.51.100.11",
            "United States",
            "SUCCESS"));
    // MFA failures this month: bob 3, alice 1, and one earlier month
    okta.add(mfa("m1", "2026-11-20T10:00:00Z", "bob@acme.example", "Bob Jones", "DENY"));
    okta.add(mfa("m2", "2026-11-20T10:01:00Z", "bob@acme.example", "Bob Jones", "DENY"));
    okta.add(mfa("m3", "2026-11-21T10:02:00Z", "bob@acme.example", "Bob Jones", "DENY"));
    okta.add(mfa("m4", "2026-11-22T10:00:00Z", "alice@acme.example", "Alice Smith", "DENY"));
    okta.add(mfa("m5", "2026-10-22T10:00:00Z", "carol@acme.example", "Carol Chen", "DENY"));
    okta.add(mfa("m6", "2026-11-22T11:00:00Z", "carol@acme.example", "Carol Chen", "SUCCESS"));
    // buckets: two in the last 24 hours, one older
    cloudtrail.add(
        trail("c1", "2026-11-26T01:00:00Z", "CreateBucket", "IAMUser", "bob", "acme-logs"));
    cloudtrail.add(
        trail("c2", "2026-11-25T13:00:00Z", "CreateBucket", "IAMUser", "carol", "acme-exports"));
    cloudtrail.add(
        trail("c3", "2026-11-24T13:00:00Z", "CreateBucket", "IAMUser", "carol", "acme-old"));
    cloudtrail.add(
        trail("c4", "2026-11-25T13:05:00Z", "PutBucketPolicy", "IAMUser", "carol", "acme-exports"));
    // root: used twice, last on 2026-11-19
    cloudtrail.add(trail("r1", "2026-11-12T03:00:00Z", "ConsoleLogin", "Root", null, null));
    cloudtrail.add(trail("r2", "2026-11-19T04:30:00Z", "ListBuckets", "Root", null, null));
    try (LocalEventStore store = LocalEventStore.open(dir, CLOCK)) {
      SourceCatalog sources = SourceCatalog.builtIn();
      NdjsonIngestor ingestor = NdjsonIngestor.builder(store).clock(CLOCK).build();
      ProviderContext ctx = ProviderContext.of(MantissaConfig.defaults(), "test");
      ingest(ingestor, sources, ctx, "okta", okta);
      ingest(ingestor, sources, ctx, "aws_cloudtrail", cloudtrail);
    }
    return LocalQueryBackend.open(dir);
  }

  private static void ingest(
      NdjsonIngestor ingestor,
      SourceCatalog sources,
      ProviderContext ctx,
      String source,
      List<String> lines) {
    byte[] body = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    var report =
        ingestor.ingest(sources.parser(source, ctx), new ByteArrayInputStream(body), source);
    if (report.rejected() > 0) {
      throw new IllegalStateException(source + " test events rejected: " + report);
    }
  }

  static String login(
      String id, String time, String email, String name, String ip, String country, String result) {
    return """
        {"uuid":"%s","published":"%s","eventType":"user.session.start","displayMessage":"User login to Okta",\
        "actor":{"id":"00u%s","type":"User","alternateId":"%s","displayName":"%s"},\
        "client":{"ipAddress":"%s","geographicalContext":{"country":"%s","city":"X"}},\
        "outcome":{"result":"%s"},"severity":"INFO"}"""
        .formatted(id, time, id, email, name, ip, country, result);
  }

  static String mfa(String id, String time, String email, String name, String result) {
    return """
        {"uuid":"%s","published":"%s","eventType":"user.authentication.auth_via_mfa",\
        "displayMessage":"Authentication of user via MFA",\
        "actor":{"id":"00u%s","type":"User","alternateId":"%s","displayName":"%s"},\
        "client":{"ipAddress":"198.51.100.20","geographicalContext":{"country":"United States"}},\
        "outcome":{"result":"%s"},"severity":"INFO"}"""
        .formatted(id, time, id, email, name, result);
  }

  static String trail(
      String id, String time, String name, String type, String user, String bucket) {
    String identity =
        type.equals("Root")
            ? "{\"type\":\"Root\",\"principalId\":\"123456789012\",\"arn\":\"arn:aws:iam::123456789012:root\",\"accountId\":\"123456789012\"}"
            : "{\"type\":\"IAMUser\",\"principalId\":\"AIDA%s\",\"arn\":\"arn:aws:iam::123456789012:user/%s\",\"accountId\":\"123456789012\",\"userName\":\"%s\"}"
                .formatted(user, user, user);
    String params = bucket == null ? "null" : "{\"bucketName\":\"" + bucket + "\"}";
    return """
        {"eventVersion":"1.08","eventID":"%s","eventTime":"%s","eventSource":"s3.amazonaws.com",\
        "eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7",\
        "userAgent":"aws-cli/2.15","userIdentity":%s,"requestParameters":%s,\
        "recipientAccountId":"123456789012"}"""
        .formatted(id, time, name, identity, params);
  }
}
