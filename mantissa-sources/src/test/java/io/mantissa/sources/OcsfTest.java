package io.mantissa.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OcsfTest {
  @Test
  void identityKeyPrefersAnEmailLowerCased() {
    assertThat(Ocsf.identityKey("okta", " Alice@Example.COM ", "00u1"))
        .isEqualTo("alice@example.com");
    assertThat(Ocsf.identityKey("github", null, "OctoCat")).isEqualTo("github:octocat");
    assertThat(Ocsf.identityKey("aws", "bob", "carol@example.com")).isEqualTo("carol@example.com");
    assertThat(Ocsf.identityKey("aws", null, " ")).isNull();
  }

  @Test
  void apiActivityReadsTheVerbOfTheName() {
    assertThat(Ocsf.apiActivity("CreateUser")).isEqualTo(Ocsf.API_CREATE);
    assertThat(Ocsf.apiActivity("storage.objects.get")).isEqualTo(Ocsf.API_READ);
    assertThat(Ocsf.apiActivity("file_downloaded")).isEqualTo(Ocsf.API_READ);
    assertThat(Ocsf.apiActivity("io.k8s.core.v1.pods.delete")).isEqualTo(Ocsf.API_DELETE);
    assertThat(Ocsf.apiActivity("SetIamPolicy")).isEqualTo(Ocsf.API_UPDATE);
    assertThat(Ocsf.apiActivity("protected_branch.policy_override")).isEqualTo(Ocsf.OTHER);
    assertThat(Ocsf.apiActivity(null)).isEqualTo(Ocsf.OTHER);
  }

  @Test
  void addressesLoseTheirPorts() {
    assertThat(Ocsf.ip("192.0.2.1:443")).isEqualTo("192.0.2.1");
    assertThat(Ocsf.ip("[2001:db8::1]:443")).isEqualTo("2001:db8::1");
    assertThat(Ocsf.ip("2001:db8::1#443")).isEqualTo("2001:db8::1");
    assertThat(Ocsf.ip("2001:db8::1")).isEqualTo("2001:db8::1");
    assertThat(Ocsf.ip(null)).isNull();
  }
}
