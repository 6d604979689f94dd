package io.mantissa.spi.enrich;

import java.util.Optional;

/**
 * Finds machines in a cloud inventory (AWS EC2, GCP Cloud Asset Inventory, Azure Resource Graph) by
 * host name, instance id or IP address.
 */
public interface AssetLookup {

  /**
   * The asset known by {@code key} (the first when several match, such as one private address in
   * two networks), or empty when unknown or the inventory is unavailable.
   */
  Optional<Asset> lookup(String key);
}
