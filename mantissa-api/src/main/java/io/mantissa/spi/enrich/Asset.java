package io.mantissa.spi.enrich;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A machine or other cloud resource as an inventory knows it (an EC2 instance, a Compute Engine
 * instance, an Azure virtual machine).
 *
 * @param key the key it was found by (host name, instance id or IP address)
 * @param provider which inventory answered, such as {@code "aws"}
 * @param id the inventory's identifier (instance id, full resource name or ARM resource id)
 * @param name the resource's name (its {@code Name} tag, display name or VM name), or empty
 * @param type the resource type, such as {@code ec2:instance} or {@code
 *     compute.googleapis.com/Instance}, or empty
 * @param state its state, such as {@code running}, or empty
 * @param location its region or zone, or empty
 * @param account the AWS account, GCP project or Azure subscription it belongs to, or empty
 * @param privateIps its private addresses
 * @param publicIps its public addresses
 * @param tags its tags or labels, sorted by key
 * @param details further facts, sorted by name (such as {@code instance_type}, {@code image},
 *     {@code network}, {@code launch_time}); may be empty
 */
public record Asset(
    String key,
    String provider,
    String id,
    String name,
    String type,
    String state,
    String location,
    String account,
    List<String> privateIps,
    List<String> publicIps,
    Map<String, String> tags,
    Map<String, String> details) {

  /** Validates and copies. */
  public Asset {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(account, "account");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    privateIps = List.copyOf(privateIps);
    publicIps = List.copyOf(publicIps);
    tags.forEach((k, v) -> Objects.requireNonNull(v, "tags value"));
    tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    details.forEach((k, v) -> Objects.requireNonNull(v, "details value"));
    details = Collections.unmodifiableMap(new TreeMap<>(details));
  }
}
