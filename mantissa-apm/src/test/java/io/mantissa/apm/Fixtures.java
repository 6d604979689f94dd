package io.mantissa.apm;

/** OTLP/JSON export requests written as the OTLP/HTTP exporters send them. */
final class Fixtures {
  private Fixtures() {}

  /** Two services, one trace: a frontend server span and a failing checkout child span. */
  static final String TRACES =
      """
      {"resourceSpans":[
        {"resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"frontend"}},
            {"key":"deployment.environment","value":{"stringValue":"prod"}}]},
         "scopeSpans":[{"scope":{"name":"io.opentelemetry.tomcat","version":"2.1.0"},
           "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
             "name":"POST /checkout","kind":2,
             "startTimeUnixNano":"1764158400000000000","endTimeUnixNano":"1764158400250500000",
             "attributes":[
               {"key":"http.request.method","value":{"stringValue":"POST"}},
               {"key":"http.route","value":{"stringValue":"/checkout"}},
               {"key":"http.response.status_code","value":{"intValue":"500"}},
               {"key":"retry","value":{"boolValue":false}},
               {"key":"ratio","value":{"doubleValue":0.5}},
               {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":2}]}}},
               {"key":"ctx","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}}}],
             "status":{"code":2,"message":"payment declined"}}]}]},
        {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
         "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"1111111111111111",
             "parentSpanId":"eee19b7ec3c1b174","name":"POST /api/checkout","kind":"SPAN_KIND_SERVER",
             "startTimeUnixNano":1764158400010000000,"endTimeUnixNano":"1764158400240000000",
             "attributes":[{"key":"http.method","value":{"stringValue":"POST"}},
                           {"key":"http.status_code","value":{"intValue":502}}],
             "status":{"code":"STATUS_CODE_ERROR"}}]}]}]}
      """;

  /** A gauge, a monotonic sum and a histogram of one service. */
  static final String METRICS =
      """
      {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"payments"}}]},
        "scopeMetrics":[{"scope":{"name":"io.opentelemetry.runtime"},"metrics":[
          {"name":"system.cpu.utilization","unit":"1","gauge":{"dataPoints":[
            {"asDouble":0.42,"timeUnixNano":"1764158400000000000"}]}},
          {"name":"http.server.requests","unit":"{request}","sum":{"aggregationTemporality":1,"isMonotonic":true,
            "dataPoints":[{"asInt":"17","startTimeUnixNano":"1764158340000000000","timeUnixNano":"1764158400000000000",
              "attributes":[{"key":"http.route","value":{"stringValue":"/api/charge"}}]}]}},
          {"name":"http.server.request.duration","unit":"ms","histogram":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_DELTA",
            "dataPoints":[{"timeUnixNano":"1764158400000000000","count":"17","sum":1234.5,"min":12,"max":480,
              "explicitBounds":[50,100,250],"bucketCounts":["5","6","4","2"]}]}}]}]}]}
      """;
}
