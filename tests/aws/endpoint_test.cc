// Region and endpoint resolution: the precedence of explicit options and
// environment, the partition table, FIPS / dual-stack, and URL parsing.

#include "providers/aws/endpoint.h"

#include <gtest/gtest.h>

#include <map>

namespace backupctl {
namespace {

struct FakeEnv {
  std::map<std::string, std::string> vars;
  std::optional<std::string> profile_region;
  std::optional<std::string> asked_profile;

  EndpointEnv Seams() {
    EndpointEnv env;
    env.env = [this](const std::string& name) -> std::optional<std::string> {
      auto it = vars.find(name);
      if (it == vars.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
    env.profile_region = [this](const std::optional<std::string>& profile) {
      asked_profile = profile.value_or("<none>");
      return profile_region;
    };
    return env;
  }
};

std::string UrlFor(const std::string& region, std::map<std::string, std::string> vars = {}) {
  FakeEnv fake;
  fake.vars = std::move(vars);
  EndpointInputs in;
  in.region = region;
  Outcome<Endpoint> ep = ResolveEndpoint(in, fake.Seams());
  if (!ep.ok()) return "error: " + ep.error().message;
  return ep.value().url;
}

TEST(EndpointTest, PartitionTable) {
  struct Case {
    const char* region;
    const char* url;
  };
  const Case cases[] = {
      {"us-east-1", "https://backup.us-east-1.amazonaws.com"},
      {"eu-west-3", "https://backup.eu-west-3.amazonaws.com"},
      {"ap-southeast-5", "https://backup.ap-southeast-5.amazonaws.com"},
      {"il-central-1", "https://backup.il-central-1.amazonaws.com"},
      {"cn-north-1", "https://backup.cn-north-1.amazonaws.com.cn"},
      {"cn-northwest-1", "https://backup.cn-northwest-1.amazonaws.com.cn"},
      {"us-gov-west-1", "https://backup.us-gov-west-1.amazonaws.com"},
      {"us-iso-east-1", "https://backup.us-iso-east-1.c2s.ic.gov"},
      {"us-isob-east-1", "https://backup.us-isob-east-1.sc2s.sgov.gov"},
      {"us-isof-south-1", "https://backup.us-isof-south-1.csp.hci.ic.gov"},
      {"eu-isoe-west-1", "https://backup.eu-isoe-west-1.cloud.adc-e.uk"},
      {"eusc-de-east-1", "https://backup.eusc-de-east-1.amazonaws.eu"},
      // Unknown prefixes fall back to the aws partition, like the SDKs.
      {"xx-future-1", "https://backup.xx-future-1.amazonaws.com"},
  };
  for (const Case& c : cases) EXPECT_EQ(UrlFor(c.region), c.url) << c.region;
  EXPECT_EQ(PartitionForRegion("us-gov-east-1").id, "aws-us-gov");
  EXPECT_EQ(PartitionForRegion("cn-north-1").id, "aws-cn");
  EXPECT_EQ(PartitionForRegion("us-east-1").id, "aws");
}

TEST(EndpointTest, FipsAndDualStack) {
  EXPECT_EQ(UrlFor("us-east-1", {{"AWS_USE_FIPS_ENDPOINT", "true"}}),
            "https://backup-fips.us-east-1.amazonaws.com");
  EXPECT_EQ(UrlFor("us-gov-west-1", {{"AWS_USE_FIPS_ENDPOINT", "TRUE"}}),
            "https://backup-fips.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(UrlFor("cn-north-1", {{"AWS_USE_FIPS_ENDPOINT", "true"}}),
            "https://backup-fips.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(UrlFor("us-east-1", {{"AWS_USE_FIPS_ENDPOINT", "false"}}),
            "https://backup.us-east-1.amazonaws.com");
  EXPECT_EQ(UrlFor("us-east-1", {{"AWS_USE_DUALSTACK_ENDPOINT", "true"}}),
            "https://backup.us-east-1.api.aws");
  EXPECT_EQ(UrlFor("cn-north-1",
                   {{"AWS_USE_DUALSTACK_ENDPOINT", "true"}, {"AWS_USE_FIPS_ENDPOINT", "true"}}),
            "https://backup-fips.cn-north-1.api.amazonwebservices.com.cn");
  EXPECT_EQ(UrlFor("us-east-1", {{"AWS_USE_FIPS_ENDPOINT", "yes"}}),
            "error: AWS_USE_FIPS_ENDPOINT must be true or false, got \"yes\"");
}

TEST(EndpointTest, EndpointPrecedence) {
  FakeEnv fake;
  fake.vars = {{"AWS_ENDPOINT_URL", "http://general:1"},
               {"AWS_ENDPOINT_URL_BACKUP", "http://service:2"}};
  EndpointInputs in;
  in.region = "eu-west-1";
  in.endpoint = "http://explicit:3";
  EXPECT_EQ(ResolveEndpoint(in, fake.Seams()).value().url, "http://explicit:3");
  in.endpoint.reset();
  EXPECT_EQ(ResolveEndpoint(in, fake.Seams()).value().url, "http://service:2");
  fake.vars.erase("AWS_ENDPOINT_URL_BACKUP");
  EXPECT_EQ(ResolveEndpoint(in, fake.Seams()).value().url, "http://general:1");
  fake.vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  EXPECT_EQ(ResolveEndpoint(in, fake.Seams()).value().url,
            "https://backup.eu-west-1.amazonaws.com");
  // The explicit option is configuration, not an environment endpoint: it still
  // wins.
  in.endpoint = "http://explicit:3";
  EXPECT_EQ(ResolveEndpoint(in, fake.Seams()).value().url, "http://explicit:3");
}

TEST(EndpointTest, CustomEndpointRefusesFipsAndDualStack) {
  FakeEnv fake;
  fake.vars = {{"AWS_USE_FIPS_ENDPOINT", "true"}};
  EndpointInputs in;
  in.region = "us-east-1";
  in.endpoint = "http://127.0.0.1:4566";
  Outcome<Endpoint> ep = ResolveEndpoint(in, fake.Seams());
  ASSERT_FALSE(ep.ok());
  EXPECT_EQ(ep.error().kind, ErrorKind::kInvalidParameter);
  EXPECT_NE(ep.error().message.find("FIPS"), std::string::npos);
  fake.vars = {{"AWS_USE_DUALSTACK_ENDPOINT", "true"}};
  EXPECT_FALSE(ResolveEndpoint(in, fake.Seams()).ok());
}

TEST(EndpointTest, RegionPrecedence) {
  FakeEnv fake;
  fake.vars = {{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-2"}};
  fake.profile_region = "eu-west-3";
  EndpointInputs in;
  in.region = "us-west-2";
  in.profile = "dev";
  EXPECT_EQ(ResolveRegion(in, fake.Seams()).value(), "us-west-2");
  in.region.reset();
  EXPECT_EQ(ResolveRegion(in, fake.Seams()).value(), "eu-west-1");
  fake.vars.erase("AWS_REGION");
  EXPECT_EQ(ResolveRegion(in, fake.Seams()).value(), "eu-west-2");
  fake.vars["AWS_DEFAULT_REGION"] = "";  // empty counts as unset
  EXPECT_EQ(ResolveRegion(in, fake.Seams()).value(), "eu-west-3");
  EXPECT_EQ(fake.asked_profile, "dev");
  fake.profile_region.reset();
  Outcome<std::string> none = ResolveRegion(in, fake.Seams());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no AWS region"), std::string::npos);
}

TEST(EndpointTest, RegionMustBeAHostLabel) {
  FakeEnv fake;
  for (const char* bad : {"us-east-1.evil.com", "US-EAST-1", "us east", "-us-east-1", "a/b"}) {
    EndpointInputs in;
    in.region = bad;
    EXPECT_FALSE(ResolveRegion(in, fake.Seams()).ok()) << bad;
  }
}

TEST(EndpointTest, ParsesCustomUrls) {
  Outcome<Endpoint> ep = ParseEndpointUrl("http://127.0.0.1:4566");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep.value().base_url, "http://127.0.0.1:4566");
  EXPECT_EQ(ep.value().host, "127.0.0.1:4566");
  EXPECT_EQ(ep.value().path_prefix, "");

  ep = ParseEndpointUrl("https://Backup.Example.com:443/prefix/");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep.value().host, "Backup.Example.com");  // default port dropped
  EXPECT_EQ(ep.value().base_url, "https://Backup.Example.com");
  EXPECT_EQ(ep.value().path_prefix, "/prefix");

  ep = ParseEndpointUrl("http://[::1]:8080/");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep.value().host, "[::1]:8080");
  EXPECT_EQ(ep.value().path_prefix, "");

  EXPECT_EQ(ParseEndpointUrl("HTTP://h:80").value().host, "h");
}

TEST(EndpointTest, RejectsMalformedUrls) {
  for (const char* bad :
       {"127.0.0.1:4566", "ftp://host", "http://", "http://:80", "http://h:0", "http://h:99999",
        "http://h:8x", "http://user:pw@h", "http://h/?a=b", "http://h#frag", "http://[::1"}) {
    Outcome<Endpoint> ep = ParseEndpointUrl(bad);
    ASSERT_FALSE(ep.ok()) << bad;
    EXPECT_EQ(ep.error().code, "InvalidConfiguration");
  }
}

}  // namespace
}  // namespace backupctl
