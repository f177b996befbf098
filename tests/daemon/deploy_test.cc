// deploy/: the IAM policies against the client's operation table, the
// Kubernetes manifests' invariants, the systemd unit through systemd-analyze,
// the container image's packages and binary, the GitOps examples' commands.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "desired/loader.h"
#include "providers/backup_operations.h"
#include "providers/wire/operations.h"

namespace backupctl {
namespace {

namespace fs = std::filesystem;

const fs::path kDeploy = fs::path(BACKUPCTL_SOURCE_DIR) / "deploy";

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct ShellResult {
  int status = -1;
  std::string output;  // stdout and stderr
};

ShellResult Shell(const std::string& command) {
  ShellResult run;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) run.output.append(buf.data(), n);
  int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

bool Have(const std::string& tool) { return Shell("command -v " + tool).status == 0; }

// ---- IAM ------------------------------------------------------------------

std::vector<nlohmann::json> Statements(const std::string& file) {
  nlohmann::json policy = nlohmann::json::parse(Slurp(kDeploy / "iam" / file));
  EXPECT_EQ(policy["Version"], "2012-10-17");
  return policy["Statement"].get<std::vector<nlohmann::json>>();
}

std::vector<std::string> Actions(const nlohmann::json& statement) {
  const nlohmann::json& a = statement.at("Action");
  if (a.is_string()) return {a.get<std::string>()};
  return a.get<std::vector<std::string>>();
}

std::set<std::string> BackupActionsOf(const std::vector<nlohmann::json>& statements) {
  std::set<std::string> out;
  for (const auto& s : statements) {
    for (const auto& action : Actions(s)) {
      if (action.rfind("backup:", 0) == 0) {
        EXPECT_TRUE(out.insert(action).second) << action;
      }
    }
  }
  return out;
}

void ExpectPlainAllows(const std::vector<nlohmann::json>& statements) {
  for (const auto& s : statements) {
    EXPECT_EQ(s.at("Effect"), "Allow");
    EXPECT_FALSE(s.contains("NotAction"));
    EXPECT_FALSE(s.contains("NotResource"));
    for (const auto& action : Actions(s)) {
      EXPECT_EQ(action.find('*'), std::string::npos) << "wildcard action " << action;
    }
  }
}

TEST(IamPolicyTest, BackupActionsAreExactlyTheClientsOperations) {
  auto statements = Statements("backupctl-policy.json");
  ExpectPlainAllows(statements);
  std::set<std::string> client;
  for (const OperationInfo& op : Operations()) client.insert("backup:" + op.name);
  ASSERT_EQ(client.size(), static_cast<size_t>(kOperationCount));  // no name twice
  std::set<std::string> policy = BackupActionsOf(statements);
  for (const auto& a : client) EXPECT_TRUE(policy.count(a)) << "policy lacks " << a;
  for (const auto& a : policy) EXPECT_TRUE(client.count(a)) << "client never calls " << a;
}

TEST(IamPolicyTest, EverythingElseIsWhatCreatingAVaultAndASelectionNeeds) {
  // iam:PassRole for selections (only to AWS Backup); MountCapsule and the KMS
  // grant calls are what AWS documents CreateBackupVault to need, via Backup only.
  const std::set<std::string> allowed = {
      "iam:PassRole",    "backup-storage:MountCapsule", "kms:CreateGrant", "kms:Decrypt",
      "kms:DescribeKey", "kms:GenerateDataKey",         "kms:RetireGrant"};
  std::set<std::string> others;
  for (const auto& s : Statements("backupctl-policy.json")) {
    for (const auto& action : Actions(s)) {
      if (action.rfind("backup:", 0) == 0) continue;
      others.insert(action);
      if (action == "iam:PassRole") {
        EXPECT_EQ(s["Condition"]["StringEquals"]["iam:PassedToService"], "backup.amazonaws.com");
      }
      if (action.rfind("kms:", 0) == 0) {
        EXPECT_EQ(s["Condition"]["StringLike"]["kms:ViaService"], "backup.*.amazonaws.com");
      }
    }
  }
  EXPECT_EQ(others, allowed);
}

TEST(IamPolicyTest, ReadOnlyVariantHasExactlyTheReadOperations) {
  auto statements = Statements("backupctl-readonly-policy.json");
  ExpectPlainAllows(statements);
  std::set<std::string> reads;
  for (const OperationInfo& op : Operations()) {
    if (op.name.rfind("List", 0) == 0 || op.name.rfind("Get", 0) == 0 ||
        op.name.rfind("Describe", 0) == 0) {
      reads.insert("backup:" + op.name);
    }
  }
  EXPECT_EQ(BackupActionsOf(statements), reads);
  for (const auto& s : statements) {
    for (const auto& action : Actions(s)) EXPECT_EQ(action.rfind("backup:", 0), 0u) << action;
  }
}

// ---- Kubernetes -----------------------------------------------------------

std::vector<YAML::Node> Documents(const fs::path& file) {
  std::vector<YAML::Node> docs;
  for (const YAML::Node& doc : YAML::LoadAllFromFile(file.string())) {
    if (doc && !doc.IsNull()) docs.push_back(doc);
  }
  return docs;
}

YAML::Node FindKind(const fs::path& file, const std::string& kind) {
  for (const YAML::Node& doc : Documents(file)) {
    if (doc["kind"].as<std::string>() == kind) return doc;
  }
  ADD_FAILURE() << "no " << kind << " in " << file;
  return YAML::Node();
}

TEST(KubernetesTest, EveryManifestParsesAndNamesItsKind) {
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kDeploy / "kubernetes")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    for (const YAML::Node& doc : Documents(entry.path())) {
      EXPECT_TRUE(doc["apiVersion"].IsScalar()) << entry.path();
      EXPECT_TRUE(doc["kind"].IsScalar()) << entry.path();
    }
  }
  EXPECT_GE(files, 7);
}

TEST(KubernetesTest, KustomizationsListFilesThatExist) {
  for (const fs::path& dir : {kDeploy / "kubernetes", kDeploy / "kubernetes" / "git-sync",
                              kDeploy / "kubernetes" / "ha"}) {
    YAML::Node k = YAML::LoadFile((dir / "kustomization.yaml").string());
    for (const auto& r : k["resources"]) {
      EXPECT_TRUE(fs::exists(dir / r.as<std::string>())) << dir / r.as<std::string>();
    }
    for (const auto& p : k["patches"]) {
      if (p["path"]) {
        EXPECT_TRUE(fs::exists(dir / p["path"].as<std::string>()));
      }
    }
  }
}

TEST(KubernetesTest, DeploymentProbesPortsAndSecurityContext) {
  YAML::Node d = FindKind(kDeploy / "kubernetes" / "deployment.yaml", "Deployment");
  YAML::Node pod = d["spec"]["template"];
  EXPECT_EQ(pod["metadata"]["annotations"]["prometheus.io/scrape"].as<std::string>(), "true");
  EXPECT_EQ(pod["metadata"]["annotations"]["prometheus.io/port"].as<std::string>(), "9464");
  EXPECT_EQ(pod["metadata"]["annotations"]["prometheus.io/path"].as<std::string>(), "/metrics");
  EXPECT_EQ(pod["spec"]["serviceAccountName"].as<std::string>(), "backupctl");
  EXPECT_TRUE(pod["spec"]["securityContext"]["runAsNonRoot"].as<bool>());
  EXPECT_EQ(pod["spec"]["securityContext"]["runAsUser"].as<int>(), 65532);
  YAML::Node c = pod["spec"]["containers"][0];
  EXPECT_EQ(c["name"].as<std::string>(), "backupctl");
  EXPECT_EQ(c["ports"][0]["containerPort"].as<int>(), 9464);
  EXPECT_EQ(c["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/healthz");
  EXPECT_EQ(c["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/readyz");
  EXPECT_TRUE(c["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  EXPECT_FALSE(c["securityContext"]["allowPrivilegeEscalation"].as<bool>());
  EXPECT_EQ(c["securityContext"]["capabilities"]["drop"][0].as<std::string>(), "ALL");
  EXPECT_TRUE(c["resources"]["requests"]["memory"].IsScalar());
  EXPECT_TRUE(c["resources"]["limits"]["memory"].IsScalar());
  std::vector<std::string> args = c["args"].as<std::vector<std::string>>();
  ASSERT_GE(args.size(), 2u);
  EXPECT_EQ(args[0], "daemon");
  EXPECT_NE(std::find(args.begin(), args.end(), "--listen=0.0.0.0:9464"), args.end());
}

TEST(KubernetesTest, ServiceAccountIsAnnotatedForIrsaAndServiceExposesMetrics) {
  YAML::Node sa = FindKind(kDeploy / "kubernetes" / "serviceaccount.yaml", "ServiceAccount");
  std::string role = sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"].as<std::string>();
  EXPECT_TRUE(std::regex_match(role, std::regex("arn:aws:iam::[0-9]{12}:role/.+"))) << role;
  YAML::Node svc = FindKind(kDeploy / "kubernetes" / "service.yaml", "Service");
  EXPECT_EQ(svc["spec"]["ports"][0]["port"].as<int>(), 9464);
  EXPECT_EQ(svc["spec"]["selector"]["app.kubernetes.io/name"].as<std::string>(), "backupctl");
}

TEST(KubernetesTest, TheConfigMapTreeIsValid) {
  YAML::Node cm = FindKind(kDeploy / "kubernetes" / "configmap.yaml", "ConfigMap");
  fs::path dir = fs::temp_directory_path() / ("backupctl-cm-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& kv : cm["data"]) {
    std::ofstream(dir / kv.first.as<std::string>()) << kv.second.as<std::string>();
  }
  LoadResult loaded = LoadTree(dir.string());
  for (const auto& d : loaded.diagnostics) ADD_FAILURE() << d.ToString();
  EXPECT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.state.vaults.size(), 1u);
  fs::remove_all(dir);
}

TEST(KubernetesTest, GitSyncOverlaySharesTheTreeVolumeReadOnly) {
  YAML::Node patch =
      YAML::LoadFile((kDeploy / "kubernetes/git-sync/deployment-patch.yaml").string());
  YAML::Node containers = patch["spec"]["template"]["spec"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["name"].as<std::string>(), "backupctl");
  EXPECT_EQ(containers[0]["args"][1].as<std::string>().rfind("/config/current/", 0), 0u);
  YAML::Node sync = containers[1];
  EXPECT_EQ(sync["name"].as<std::string>(), "git-sync");
  std::vector<std::string> args = sync["args"].as<std::vector<std::string>>();
  EXPECT_NE(std::find(args.begin(), args.end(), "--root=/config"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "--link=current"), args.end());
  EXPECT_TRUE(sync["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  YAML::Node volumes = patch["spec"]["template"]["spec"]["volumes"];
  EXPECT_EQ(volumes[0]["name"].as<std::string>(), "tree");
  EXPECT_TRUE(volumes[0]["emptyDir"].IsMap());
}

TEST(KubernetesTest, HaOverlayRunsThreeCoordinatedReplicasWithADisruptionBudget) {
  YAML::Node patch = YAML::LoadFile((kDeploy / "kubernetes/ha/deployment-patch.yaml").string());
  EXPECT_EQ(patch["spec"]["replicas"].as<int>(), 3);
  EXPECT_EQ(patch["spec"]["strategy"]["type"].as<std::string>(), "RollingUpdate");
  YAML::Node c = patch["spec"]["template"]["spec"]["containers"][0];
  std::vector<std::string> args = c["args"].as<std::vector<std::string>>();
  EXPECT_NE(std::find(args.begin(), args.end(), "--coordination=etcd"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "--replica-id=$(POD_NAME)"), args.end());
  EXPECT_EQ(c["env"][0]["name"].as<std::string>(), "POD_NAME");
  EXPECT_EQ(c["env"][0]["valueFrom"]["fieldRef"]["fieldPath"].as<std::string>(), "metadata.name");
  YAML::Node pdb =
      FindKind(kDeploy / "kubernetes" / "ha" / "poddisruptionbudget.yaml", "PodDisruptionBudget");
  EXPECT_EQ(pdb["spec"]["maxUnavailable"].as<int>(), 1);
  EXPECT_EQ(pdb["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"].as<std::string>(),
            "backupctl");
  // Every flag is one the binary has, and the margin fits the TTL.
  ShellResult help = Shell(std::string(BACKUPCTL_BIN) + " daemon --help");
  for (std::string flag : args) {
    if (flag.rfind("--", 0) != 0) continue;
    flag = flag.substr(0, flag.find('='));
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
  }
}

// The flags the manifests and the unit pass must be flags the binary has.
TEST(KubernetesTest, DaemonArgsAreRealFlags) {
  ShellResult help = Shell(std::string(BACKUPCTL_BIN) + " daemon --help");
  ASSERT_EQ(help.status, 0) << help.output;
  YAML::Node d = FindKind(kDeploy / "kubernetes" / "deployment.yaml", "Deployment");
  for (const auto& arg : d["spec"]["template"]["spec"]["containers"][0]["args"]) {
    std::string flag = arg.as<std::string>();
    if (flag.rfind("--", 0) != 0) continue;
    flag = flag.substr(0, flag.find('='));
    EXPECT_NE(help.output.find(flag), std::string::npos) << flag;
  }
}

// ---- systemd --------------------------------------------------------------

TEST(SystemdTest, UnitIsHardenedAndReloadsWithSighup) {
  std::string unit = Slurp(kDeploy / "systemd" / "backupctl.service");
  for (const char* line :
       {"DynamicUser=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
        "NoNewPrivileges=yes", "CapabilityBoundingSet=\n",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
        "ReadOnlyPaths=/etc/backupctl", "ExecReload=/bin/kill -HUP $MAINPID"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << line;
  }
}

TEST(SystemdTest, SystemdAnalyzeVerifiesAndRatesItOk) {
  if (!Have("systemd-analyze")) GTEST_SKIP() << "systemd-analyze is not installed";
  fs::path dir = fs::temp_directory_path() / ("backupctl-unit-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // verify checks that ExecStart exists: point it at the binary just built.
  std::string unit = Slurp(kDeploy / "systemd" / "backupctl.service");
  unit = std::regex_replace(unit, std::regex("/usr/local/bin/backupctl"), BACKUPCTL_BIN);
  std::ofstream(dir / "backupctl.service") << unit;
  std::string path = (dir / "backupctl.service").string();
  ShellResult verify = Shell("systemd-analyze verify " + path);
  EXPECT_EQ(verify.status, 0) << verify.output;
  EXPECT_EQ(verify.output, "") << "warnings: " << verify.output;
  // Exposure 0.0 (locked down) .. 10.0 (unsafe); threshold is tenths. <= 2.0 is "OK".
  ShellResult security = Shell("systemd-analyze security --offline=true --threshold=20 " + path);
  EXPECT_EQ(security.status, 0) << security.output;
  fs::remove_all(dir);
}

// ---- container image ------------------------------------------------------

std::vector<std::string> AptInstallList(const std::string& dockerfile, const std::string& stage) {
  size_t from = dockerfile.find("AS " + stage);
  size_t next = dockerfile.find("\nFROM ", from);
  std::string text =
      dockerfile.substr(from, next == std::string::npos ? std::string::npos : next - from);
  size_t install = text.find("--no-install-recommends");
  size_t end = text.find("&&", install);
  std::istringstream words(text.substr(install, end - install));
  std::vector<std::string> packages;
  for (std::string w; words >> w;) {
    if (w != "\\" && w.rfind("--", 0) != 0) packages.push_back(w);
  }
  return packages;
}

TEST(DockerfileTest, NonRootReadOnlyDaemonImageOfTheCmakeTarget) {
  std::string df = Slurp(kDeploy / "Dockerfile");
  EXPECT_NE(df.find("FROM debian:12 AS build"), std::string::npos);
  EXPECT_NE(df.find("FROM debian:12-slim AS runtime"), std::string::npos);
  EXPECT_NE(df.find("USER 65532:65532"), std::string::npos);
  EXPECT_NE(df.find("ENTRYPOINT [\"backupctl\"]"), std::string::npos);
  EXPECT_NE(df.find("CMD [\"daemon\", \"/config\""), std::string::npos);
  // The binary copied out is the CMake executable target it builds.
  std::string cmake = Slurp(fs::path(BACKUPCTL_SOURCE_DIR) / "CMakeLists.txt");
  EXPECT_NE(cmake.find("add_executable(backupctl "), std::string::npos);
  EXPECT_NE(df.find("--target backupctl"), std::string::npos);
  EXPECT_NE(df.find("COPY --from=build /build/backupctl /usr/local/bin/backupctl"),
            std::string::npos);
}

TEST(DockerfileTest, BuildStageHasTheLibrariesSetupInstalls) {
  std::vector<std::string> build = AptInstallList(Slurp(kDeploy / "Dockerfile"), "build");
  std::string setup = Slurp(fs::path(BACKUPCTL_SOURCE_DIR) / "scripts" / "setup.sh");
  std::regex dev("(lib[a-z0-9.+-]*-dev)");
  for (auto it = std::sregex_iterator(setup.begin(), setup.end(), dev);
       it != std::sregex_iterator(); ++it) {
    std::string pkg = (*it)[1];
    if (pkg.find("gtest") != std::string::npos || pkg.find("gmock") != std::string::npos ||
        pkg.find("clang") != std::string::npos || pkg == "libyaml-cpp-dev") {
      continue;  // tests and fuzzing only (yaml-cpp: deploy_test reads the manifests)
    }
    EXPECT_NE(std::find(build.begin(), build.end(), pkg), build.end()) << pkg;
  }
}

// Every shared library the binary needs comes from a runtime package, from
// the slim base, or from a dependency of a runtime package.
TEST(DockerfileTest, RuntimePackagesExistAndCoverTheBinarysLibraries) {
  if (!Have("apt-cache") || !Have("dpkg") || !Have("readelf") || !Have("ldd")) {
    GTEST_SKIP() << "needs apt-cache, dpkg, readelf and ldd (Debian)";
  }
  std::vector<std::string> runtime = AptInstallList(Slurp(kDeploy / "Dockerfile"), "runtime");
  ASSERT_FALSE(runtime.empty());
  std::string names;
  for (const auto& pkg : runtime) names += " " + pkg;
  // One apt-cache call each: every call reads the whole package cache (~1 s).
  // An archive source line ends in " Packages"; without package lists there is none.
  ShellResult policy = Shell("apt-cache policy libc6" + names);
  if (policy.output.find(" Packages\n") == std::string::npos) {
    GTEST_SKIP() << "apt has no package lists (run apt-get update)";
  }
  for (const auto& pkg : runtime) {
    size_t at = policy.output.find("\n" + pkg + ":\n");
    ASSERT_NE(at, std::string::npos) << pkg << " is not in the archive:\n" << policy.output;
    size_t next = policy.output.find(":\n  Installed:", at + pkg.size() + 3);
    std::string section = policy.output.substr(at, next == std::string::npos ? next : next - at);
    EXPECT_NE(section.find(" Packages\n"), std::string::npos)
        << pkg << " is not in the Debian archive:\n"
        << section;
  }
  std::string depends = Shell("apt-cache depends --no-recommends --no-suggests" + names).output;
  ShellResult needed = Shell("readelf -d " + std::string(BACKUPCTL_BIN));
  ShellResult linked = Shell("ldd " + std::string(BACKUPCTL_BIN));
  ASSERT_EQ(linked.status, 0) << linked.output;
  ASSERT_EQ(needed.status, 0) << needed.output;
  const std::set<std::string> base = {"libc6", "libstdc++6", "libgcc-s1", "zlib1g"};
  std::regex lib("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]");
  for (auto it = std::sregex_iterator(needed.output.begin(), needed.output.end(), lib);
       it != std::sregex_iterator(); ++it) {
    std::string so = (*it)[1];
    // A sanitizer build (scripts/sanitize.sh) links its runtime; a release never does.
    if (std::regex_match(so, std::regex("lib[atl]san\\.so.*|libubsan\\.so.*"))) continue;
    // The directory ldd resolved it in (x86_64-linux-gnu, ...) keeps other
    // architectures' copies (libc6-i386) out of the match.
    std::smatch where;
    std::regex resolved(std::regex_replace(so, std::regex("[.+]"), "\\$&") +
                        " => \\S*/([^/ ]+)/[^/ ]+ ");
    ASSERT_TRUE(std::regex_search(linked.output, where, resolved)) << so << linked.output;
    ShellResult owner =
        Shell("dpkg -S '*/" + where[1].str() + "/" + so + "' | head -1 | cut -d: -f1");
    std::string pkg = owner.output.substr(0, owner.output.find('\n'));
    ASSERT_FALSE(pkg.empty()) << "no package owns " << so;
    bool covered = base.count(pkg) ||
                   std::find(runtime.begin(), runtime.end(), pkg) != runtime.end() ||
                   depends.find("Depends: " + pkg + "\n") != std::string::npos;
    EXPECT_TRUE(covered) << so << " (" << pkg << ") is not installed in the runtime image";
  }
}

// ---- GitOps ---------------------------------------------------------------

TEST(GitOpsTest, WorkflowUsesRealCommandsAndFlags) {
  YAML::Node wf = YAML::LoadFile((kDeploy / "gitops" / "github-actions.yml").string());
  EXPECT_TRUE(wf["on"]["pull_request"].IsDefined());
  EXPECT_EQ(wf["on"]["push"]["branches"][0].as<std::string>(), "main");
  EXPECT_EQ(wf["jobs"]["plan"]["permissions"]["pull-requests"].as<std::string>(), "write");
  std::string text = Slurp(kDeploy / "gitops" / "github-actions.yml");
  EXPECT_NE(text.find("backupctl plan \"$TREE\" --prune --output markdown --detailed-exitcode"),
            std::string::npos);
  EXPECT_NE(text.find("backupctl apply plan.json"), std::string::npos);
  ShellResult plan_help = Shell(std::string(BACKUPCTL_BIN) + " plan --help");
  ASSERT_EQ(plan_help.status, 0) << plan_help.output;
  for (const char* flag : {"--prune", "--output", "--detailed-exitcode", "--out"}) {
    EXPECT_NE(plan_help.output.find(flag), std::string::npos) << flag;
  }
  YAML::Node gitlab = YAML::LoadFile((kDeploy / "gitops" / "gitlab-ci.yml").string());
  EXPECT_TRUE(gitlab["apply"]["script"].IsSequence());
}

TEST(GitOpsTest, PreCommitHookRefusesAnInvalidStagedTree) {
  if (!Have("git")) GTEST_SKIP() << "git is not installed";
  fs::path repo = fs::temp_directory_path() / ("backupctl-hook-" + std::to_string(::getpid()));
  fs::remove_all(repo);
  fs::create_directories(repo);
  fs::copy(fs::path(BACKUPCTL_SOURCE_DIR) / "examples" / "minimal", repo / "backup",
           fs::copy_options::recursive);
  std::string bin_dir = fs::path(BACKUPCTL_BIN).parent_path().string();
  std::string env = "cd " + repo.string() + " && PATH=" + bin_dir + ":$PATH ";
  std::string hook = (kDeploy / "gitops" / "pre-commit-hook.sh").string();
  ASSERT_EQ(Shell(env + "git init -q . && git add backup").status, 0);
  ShellResult good = Shell(env + "sh " + hook);
  EXPECT_EQ(good.status, 0) << good.output;
  std::ofstream(repo / "backup" / "broken.yaml") << "kind: [\n";
  ASSERT_EQ(Shell(env + "git add backup").status, 0);
  ShellResult bad = Shell(env + "sh " + hook);
  EXPECT_NE(bad.status, 0) << bad.output;
  EXPECT_NE(bad.output.find("broken.yaml"), std::string::npos) << bad.output;
  fs::remove_all(repo);
}

}  // namespace
}  // namespace backupctl
