package io.mantissa.sources;

import java.util.List;

/** The delivery envelopes and the OCSF normalizer of each built-in source. */
final class SourceProfiles {
  private SourceProfiles() {}

  /** The envelopes a record of {@code source} may arrive in, tried in order. */
  static List<Envelope> envelopes(String source) {
    return switch (source) {
      case "aws_guardduty" -> List.of(Envelope.EVENT_BRIDGE);
      case "kubernetes" -> List.of(Envelope.AKS_DIAGNOSTIC, Envelope.PUB_SUB);
      case "gcp_audit" -> List.of(Envelope.PUB_SUB);
      default -> List.of();
    };
  }

  /** The OCSF normalizer of {@code source}; {@link Normalizer#NONE} for sources without one. */
  static Normalizer normalizer(String source) {
    return switch (source) {
      case "okta" -> new OktaNormalizer();
      case "entra_signin" -> new EntraSignInNormalizer();
      case "entra_audit" -> new EntraAuditNormalizer();
      case "google_workspace" -> new GoogleWorkspaceNormalizer();
      case "duo" -> new DuoNormalizer();
      case "m365" -> new M365Normalizer();
      case "aws_cloudtrail" -> new CloudTrailNormalizer();
      case "aws_vpcflow" -> new VpcFlowNormalizer();
      case "aws_guardduty" -> new GuardDutyNormalizer();
      case "gcp_audit" -> new GcpAuditNormalizer();
      case "azure_activity" -> new AzureActivityNormalizer();
      case "crowdstrike" -> new CrowdStrikeNormalizer();
      case "slack" -> new SlackNormalizer();
      case "snowflake" -> new SnowflakeNormalizer();
      case "salesforce" -> new SalesforceNormalizer();
      case "onepassword" -> new OnePasswordNormalizer();
      case "github" -> new GitHubNormalizer();
      case "kubernetes" -> new KubernetesNormalizer();
      default -> Normalizer.NONE;
    };
  }
}
