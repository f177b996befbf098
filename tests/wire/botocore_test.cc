// Cross-check with botocore's own rest-json serializer: for the sample inputs
// and a few dozen generated ones, botocore's url_path, query and JSON body
// must equal what Encode builds. Prefers Debian's python3-botocore
// (/usr/bin/python3); skips when no python with botocore is installed.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <set>

#include <sys/wait.h>

#include "providers/wire/rest.h"
#include "tests/support/peers.h"
#include "tests/wire/samples.h"

namespace backupctl::testing {
namespace {

constexpr int kNoBotocore = 77;  // botocore_serialize.py: this python lacks botocore

// Runs the serializer script; returns false when no python with botocore exists.
bool RunBotocore(const char* script, const std::string& in_path, const std::string& out_path) {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    const std::string cmd = std::string("timeout 60 ") + python +
                            " " BACKUPCTL_SOURCE_DIR "/tests/wire/" + script + " " + in_path + " " +
                            out_path + " 2>/dev/null";
    const int status = std::system(cmd.c_str());
    if (!WIFEXITED(status)) continue;
    const int rc = WEXITSTATUS(status);
    if (rc == 0) return true;
    EXPECT_TRUE(rc == kNoBotocore || rc == 127) << cmd << " exited " << rc;
  }
  return false;
}

template <typename In>
HttpRequest EncodeAs(const Json& params) {
  In in{};
  FromJson(JsonIn{params, "", ReadMode::kRequest}, &in);
  return Encode(in);
}

HttpRequest EncodeParams(const std::string& op, const Json& params) {
#define BACKUPCTL_CASE(Name, Out, In, ...) \
  if (op == #Name) return EncodeAs<In>(params);
  BACKUPCTL_OPERATIONS(BACKUPCTL_CASE)
#undef BACKUPCTL_CASE
  ADD_FAILURE() << "no encoder for " << op;
  return {};
}

// Deterministic generator of inputs with URI- and JSON-hostile text.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string Text(size_t max_pieces = 6) {
    static const char* kPieces[] = {"a", "Z", "9", "-", "_", ".", "~", " ",    ":",  "/", "+",
                                    "=", "%", "&", "?", "#", "é", "✓", "ключ", "\"", "\\"};
    std::string out = "x";
    const size_t n = Below(max_pieces + 1);
    for (size_t i = 0; i < n; ++i) out += kPieces[Below(std::size(kPieces))];
    return out;
  }
  std::string Arn() { return "arn:aws:backup:us-east-1:123456789012:backup-vault:" + Text(); }
  bool Coin() { return Below(2) == 1; }
  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  std::optional<std::string> MaybeText() { return Coin() ? std::optional(Text()) : std::nullopt; }
  std::optional<int> MaybeMax() {
    return Coin() ? std::optional(static_cast<int>(1 + Below(1000))) : std::nullopt;
  }
  Tags SomeTags() {
    Tags tags;
    for (size_t i = Below(4); i > 0; --i) tags[Text()] = Text();
    return tags;
  }
  std::optional<int64_t> MaybeDays() {
    return Coin() ? std::optional(static_cast<int64_t>(Below(36500))) : std::nullopt;
  }

  BackupRule Rule() {
    BackupRule r;
    r.rule_name = "r" + std::to_string(Below(100));
    r.target_backup_vault_name = "v" + std::to_string(Below(100));
    r.schedule_expression = Coin() ? std::optional("cron(0 5 ? * * *)") : std::nullopt;
    r.schedule_expression_timezone = Coin() ? std::optional("Europe/Paris") : std::nullopt;
    r.start_window_minutes = MaybeDays();
    r.completion_window_minutes = MaybeDays();
    if (Coin()) r.lifecycle = Lifecycle{MaybeDays(), MaybeDays(), std::nullopt, std::nullopt};
    if (Coin() && r.lifecycle) r.lifecycle->opt_in_to_archive_for_supported_resources = Coin();
    r.recovery_point_tags = SomeTags();
    for (size_t i = Below(3); i > 0; --i) r.copy_actions.push_back({Arn(), std::nullopt});
    if (Coin()) r.enable_continuous_backup = Coin();
    return r;
  }

 private:
  std::mt19937 rng_;
};

struct Case {
  std::string op;
  Json params;
};

template <typename In>
void Add(std::vector<Case>& cases, const In& in) {
  cases.push_back({Encode(in).operation, ToJson(in)});
}

void AddSamples(std::vector<Case>& cases, const Inputs& in) {
#define BACKUPCTL_ADD_SAMPLE(Name, Out, In, ...) Add(cases, Sample<In>(in));
  BACKUPCTL_OPERATIONS(BACKUPCTL_ADD_SAMPLE)
#undef BACKUPCTL_ADD_SAMPLE
}

void AddGenerated(std::vector<Case>& cases, Generator& g) {
  Add(cases, CreateBackupVaultInput{g.Text(), g.SomeTags(), g.MaybeText(), g.MaybeText()});
  Add(cases, ListBackupVaultsInput{g.MaybeText(), g.MaybeMax()});
  Add(cases, ListBackupPlansInput{g.MaybeText(), g.MaybeMax(),
                                  g.Coin() ? std::optional(g.Coin()) : std::nullopt});
  Add(cases, GetBackupPlanInput{g.Text(), g.MaybeText()});
  Add(cases, ListTagsInput{g.Arn(), g.MaybeText(), g.MaybeMax()});
  Add(cases, TagResourceInput{g.Arn(), g.SomeTags()});
  Add(cases, UntagResourceInput{g.Arn(), {g.Text(), g.Text()}});
  Add(cases,
      PutBackupVaultLockConfigurationInput{g.Text(), g.MaybeDays(), g.MaybeDays(), g.MaybeDays()});
  CreateBackupPlanInput plan;
  plan.backup_plan.backup_plan_name = g.Text();
  for (size_t i = 1 + g.Below(3); i > 0; --i) plan.backup_plan.rules.push_back(g.Rule());
  plan.backup_plan_tags = g.SomeTags();
  plan.creator_request_id = g.MaybeText();
  Add(cases, plan);
  CreateBackupSelectionInput sel;
  sel.backup_plan_id = g.Text();
  sel.backup_selection = FullSelection();
  sel.backup_selection.selection_name = g.Text();
  if (g.Coin()) sel.backup_selection.conditions.reset();
  if (g.Coin()) sel.backup_selection.resources.clear();
  Add(cases, sel);
}

std::set<std::pair<std::string, std::string>> Pairs(const std::string& query_string) {
  std::set<std::pair<std::string, std::string>> out;
  size_t start = 0;
  while (start < query_string.size()) {
    size_t amp = query_string.find('&', start);
    std::string pair = query_string.substr(start, amp - start);
    size_t eq = pair.find('=');
    out.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out;
}

// Members botocore 1.29.27 (Debian) lacks; newer models (tests/data/aws-backup-model) have them.
void ExpectOnlyNewerMembersSkipped(const Json& skipped) {
  static const std::set<std::string> kNewer = {"ScheduleExpressionTimezone",
                                               "OptInToArchiveForSupportedResources",
                                               "DeleteAfterEvent",
                                               "VaultType",
                                               "VaultState",
                                               "TargetLogicallyAirGappedBackupVaultArn",
                                               "IndexActions",
                                               "ScanActions",
                                               "ScanSettings",
                                               "Index",
                                               "LogicallyAirGappedBackupVaultArn",
                                               "ByMessageCategory",
                                               "BySourceRecoveryPointArn"};
  for (const Json& path : skipped) {
    const std::string p = path;
    const size_t dot = p.rfind('.');
    EXPECT_TRUE(kNewer.count(dot == std::string::npos ? p : p.substr(dot + 1)))
        << "botocore does not know " << p;
  }
}

// Operations botocore 1.29.27 (Debian) lacks; every other one must be compared.
bool NewerOperationSkipped(const Json& boto) {
  static const std::set<std::string> kNewer = {"ListBackupJobSummaries", "ListCopyJobSummaries",
                                               "ListRestoreJobSummaries"};
  if (!boto.value("unknown_operation", false)) return false;
  EXPECT_TRUE(kNewer.count(boto["op"].get<std::string>()))
      << "botocore does not know the operation " << boto["op"];
  return true;
}

void Compare(const Json& boto) {
  if (NewerOperationSkipped(boto)) return;
  const std::string op = boto["op"];
  SCOPED_TRACE(op + " " + boto["params"].dump());
  ExpectOnlyNewerMembersSkipped(boto["skipped"]);
  HttpRequest ours = EncodeParams(op, boto["params"]);
  EXPECT_EQ(ours.method, boto["method"]);
  EXPECT_EQ(ours.path, boto["url_path"]);
  std::map<std::string, std::string> query(ours.query.begin(), ours.query.end());
  EXPECT_EQ(Json(query), boto["query"]);
  EXPECT_EQ(Pairs(ours.QueryString()), Pairs(boto["query_string"]));
  if (boto["body"].is_null()) {
    EXPECT_EQ(ours.body, "");
  } else {
    EXPECT_EQ(Json::parse(ours.body), boto["body"]);
  }
  if (boto["content_type"].is_null()) {
    EXPECT_FALSE(ours.headers.count("content-type"));
  } else {
    EXPECT_EQ(ours.headers["content-type"], boto["content_type"]);
  }
}

TEST(Botocore, SerializerAgreesWithEncode) {
  std::vector<Case> cases;
  AddSamples(cases, FullInputs());
  AddSamples(cases, MinimalInputs());
  Generator g(20181115);
  for (int i = 0; i < 4; ++i) AddGenerated(cases, g);

  Json input = Json::array();
  for (const Case& c : cases) input.push_back({{"op", c.op}, {"params", c.params}});
  const std::string dir = ::testing::TempDir();
  const std::string in_path = dir + "/wire_botocore_cases.json";
  const std::string out_path = dir + "/wire_botocore_out.json";
  std::ofstream(in_path) << input.dump();
  if (!RunBotocore("botocore_serialize.py", in_path, out_path)) {
    PEER_MISSING("no python3 with botocore (apt-get install python3-botocore)");
  }
  std::ifstream out_file(out_path);
  const Json out = Json::parse(out_file);
  const Json& results = out["results"];
  ASSERT_EQ(results.size(), cases.size());
  RecordProperty("botocore_version", out["botocore_version"].get<std::string>());
  for (const Json& r : results) Compare(r);
}

// ---- responses: botocore's parser reads what Dispatch renders ---------------

template <typename In>
void AddResponse(Json& cases, RecordingApi& api, const In& in, const Json& expected) {
  HttpRequest req = Encode(in);
  HttpResponse resp = Dispatch(api, req);
  cases.push_back({{"op", req.operation},
                   {"status", resp.status},
                   {"headers", resp.headers},
                   {"body", resp.body},
                   {"expected", expected}});
}

Json ResponseCases() {
  const Inputs in = FullInputs();
  RecordingApi api;
  api.outputs = FullOutputs();
  const Outputs& o = api.outputs;
  const Json none = Json::object();
  Json cases = Json::array();
  AddResponse(cases, api, in.create_vault, ToJson(o.create_vault));
  AddResponse(cases, api, in.describe_vault, ToJson(o.describe_vault));
  AddResponse(cases, api, in.list_vaults, ToJson(o.list_vaults));
  AddResponse(cases, api, in.delete_vault, none);
  AddResponse(cases, api, in.create_plan, ToJson(o.create_plan));
  AddResponse(cases, api, in.get_plan, ToJson(o.get_plan));
  AddResponse(cases, api, in.list_plans, ToJson(o.list_plans));
  AddResponse(cases, api, in.update_plan, ToJson(o.update_plan));
  AddResponse(cases, api, in.delete_plan, ToJson(o.delete_plan));
  AddResponse(cases, api, in.list_plan_versions, ToJson(o.list_plan_versions));
  AddResponse(cases, api, in.create_selection, ToJson(o.create_selection));
  AddResponse(cases, api, in.get_selection, ToJson(o.get_selection));
  AddResponse(cases, api, in.list_selections, ToJson(o.list_selections));
  AddResponse(cases, api, in.put_notifications, none);
  AddResponse(cases, api, in.get_notifications, ToJson(o.get_notifications));
  AddResponse(cases, api, in.get_policy, ToJson(o.get_policy));
  AddResponse(cases, api, in.put_lock, none);
  AddResponse(cases, api, in.tag, none);
  AddResponse(cases, api, in.list_tags, ToJson(o.list_tags));
  AddResponse(cases, api, in.list_recovery_points, ToJson(o.list_recovery_points));
  AddResponse(cases, api, in.describe_region_settings, ToJson(o.describe_region_settings));
  AddResponse(cases, api, in.update_region_settings, none);
  AddResponse(cases, api, in.describe_global_settings, ToJson(o.describe_global_settings));
  AddResponse(cases, api, in.update_global_settings, none);
  const ApiError errors[] = {
      MakeError(ErrorKind::kNotFound, "ResourceNotFoundException", "no vault 'é'"),
      MakeError(ErrorKind::kThrottling, "ThrottlingException", "Rate exceeded"),
      MakeError(ErrorKind::kServiceUnavailable, "ServiceUnavailableException", "try again"),
      MakeError(ErrorKind::kAccessDenied, "AccessDeniedException", "denied"),
  };
  for (const ApiError& e : errors) {
    api.error = e;
    AddResponse(cases, api, in.describe_vault, nullptr);
  }
  api.error = MakeError(ErrorKind::kAlreadyExists, "AlreadyExistsException", "exists");
  api.error->arn = "arn:aws:backup:us-east-1:123456789012:backup-plan:p";
  AddResponse(cases, api, in.create_plan, nullptr);
  return cases;
}

TEST(Botocore, ParserReadsWhatDispatchRenders) {
  const Json cases = ResponseCases();
  const std::string dir = ::testing::TempDir();
  const std::string in_path = dir + "/wire_botocore_responses.json";
  const std::string out_path = dir + "/wire_botocore_parsed.json";
  std::ofstream(in_path) << cases.dump();
  if (!RunBotocore("botocore_parse.py", in_path, out_path)) {
    PEER_MISSING("no python3 with botocore (apt-get install python3-botocore)");
  }
  std::ifstream out_file(out_path);
  const Json results = Json::parse(out_file)["results"];
  ASSERT_EQ(results.size(), cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    const Json& c = cases[i];
    const Json& r = results[i];
    SCOPED_TRACE(c["op"].get<std::string>() + " " + c["body"].get<std::string>());
    if (NewerOperationSkipped(r)) continue;
    EXPECT_EQ(r["request_id"], c["headers"]["x-amzn-requestid"]);
    ExpectOnlyNewerMembersSkipped(r["skipped"]);
    if (c["status"] == 200) {
      EXPECT_EQ(r["parsed"], r["expected"]);
      EXPECT_FALSE(r["parsed"].contains("Error"));
    } else {
      const Json body = Json::parse(c["body"].get<std::string>());
      EXPECT_EQ(r["parsed"]["Error"]["Code"], body["Code"]);
      EXPECT_EQ(r["parsed"]["Error"]["Message"], body["Message"]);
    }
  }
}

}  // namespace
}  // namespace backupctl::testing
