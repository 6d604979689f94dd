package io.mantissa.sources;

import static io.mantissa.sources.Fields.number;
import static io.mantissa.sources.Fields.text;

import java.time.Instant;
import java.util.Map;

/**
 * AWS VPC Flow Logs: Network Activity; {@code ACCEPT} is Traffic (allowed), {@code REJECT} is
 * Refuse (denied), a record without traffic ({@code NODATA}, {@code SKIPDATA}) is Other. Reads the
 * hyphenated field names of the text form and the camel-case names of the JSON form.
 */
final class VpcFlowNormalizer implements Normalizer {
  @Override
  public Map<String, Object> normalize(Map<String, Object> f, Instant time) {
    String action = text(f, "action");
    Ocsf.Builder b = Ocsf.event(Ocsf.NETWORK_ACTIVITY, time, "AWS", "VPC Flow Logs");
    if ("ACCEPT".equals(action)) {
      b.activity(Ocsf.NETWORK_TRAFFIC).outcome(true).put("action_id", 1).put("action", "Allowed");
    } else if ("REJECT".equals(action)) {
      b.activity(Ocsf.NETWORK_REFUSE).outcome(false).put("action_id", 2).put("action", "Denied");
    }
    String direction = text(f, "flow-direction", "flowDirection", "flowdirection");
    if (direction != null) {
      b.put("connection_info.direction_id", direction.equals("ingress") ? 1 : 2)
          .put("connection_info.direction", direction.equals("ingress") ? "Inbound" : "Outbound");
    }
    Double start = number(f, "start");
    Double end = number(f, "end");
    return b.put("status_code", text(f, "log-status", "logStatus", "logstatus", "status"))
        .put("src_endpoint.ip", text(f, "srcaddr", "srcAddr", "srcaddr"))
        .put("src_endpoint.port", integer(number(f, "srcport", "srcPort")))
        .put("src_endpoint.interface_uid", text(f, "interface-id", "interfaceId"))
        .put("src_endpoint.vpc_uid", text(f, "vpc-id", "vpcId"))
        .put("src_endpoint.subnet_uid", text(f, "subnet-id", "subnetId"))
        .put("src_endpoint.instance_uid", text(f, "instance-id", "instanceId"))
        .put("dst_endpoint.ip", text(f, "dstaddr", "dstAddr"))
        .put("dst_endpoint.port", integer(number(f, "dstport", "dstPort")))
        .put("connection_info.protocol_num", integer(number(f, "protocol")))
        .put("connection_info.tcp_flags", integer(number(f, "tcp-flags", "tcpFlags")))
        .put("traffic.packets", integer(number(f, "packets")))
        .put("traffic.bytes", integer(number(f, "bytes")))
        .put("start_time", start == null ? null : (long) (start * 1000))
        .put("end_time", end == null ? null : (long) (end * 1000))
        .put("cloud.provider", "AWS")
        .put("cloud.region", text(f, "region"))
        .put("cloud.zone", text(f, "az-id", "azId"))
        .put("cloud.account.uid", text(f, "account-id", "accountId", "account"))
        .build();
  }

  private static Long integer(Double d) {
    return d == null ? null : d.longValue();
  }
}
