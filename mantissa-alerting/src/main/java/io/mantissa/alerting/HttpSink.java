package io.mantissa.alerting;

import io.mantissa.spi.alert.AlertSink;

/**
 * What every HTTP sink holds: its name and the {@link HttpDelivery} built from its {@link
 * HttpSinkBuilder} (which validates the shared settings).
 */
abstract class HttpSink implements AlertSink {
  final String name;
  final HttpDelivery http;

  HttpSink(HttpSinkBuilder<?> b) {
    this.http = b.delivery();
    this.name = b.name;
  }

  @Override
  public final String name() {
    return name;
  }
}
