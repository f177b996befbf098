// A real etcd cluster on loopback for tests: n members of Debian's
// etcd-server, each its own process with its own data directory under a
// fresh temporary folder, on ports picked at start. Members can be killed,
// frozen (SIGSTOP), thawed and restarted, to test quorum loss. Elections
// are tuned fast (50 ms heartbeat, 500 ms election timeout).
//   EtcdCluster cluster;
//   if (!cluster.Available()) PEER_MISSING("etcd-server is not installed ...");
//   ASSERT_TRUE(cluster.Start(3));

#ifndef BACKUPCTL_TESTS_SUPPORT_ETCD_CLUSTER_H_
#define BACKUPCTL_TESTS_SUPPORT_ETCD_CLUSTER_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/ports.h"

extern char** environ;

namespace backupctl::testing {

class EtcdCluster {
 public:
  EtcdCluster() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
      std::string path = std::string(dir) + "/etcd";
      if (::access(path.c_str(), X_OK) == 0) binary_ = path;
    }
  }
  ~EtcdCluster() {
    for (size_t i = 0; i < members_.size(); ++i) Kill(i);
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  EtcdCluster(const EtcdCluster&) = delete;
  EtcdCluster& operator=(const EtcdCluster&) = delete;

  bool Available() const { return !binary_.empty(); }

  // Starts `n` members and waits until every one reports healthy. With
  // `tls`, clients connect over https with a certificate for 127.0.0.1
  // signed by a fresh CA (CaFile()), made with the openssl command.
  bool Start(size_t n, bool tls = false) {
    char tmpl[] = "/tmp/backupctl-etcd.XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return false;
    dir_ = tmpl;
    tls_ = tls;
    if (tls && !MakeCertificates()) return false;
    std::string initial;
    for (size_t i = 0; i < n; ++i) {
      Member m;
      m.name = "m" + std::to_string(i);
      m.client =
          std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(UnusedPort());
      m.peer = "http://127.0.0.1:" + std::to_string(UnusedPort());
      initial += (initial.empty() ? "" : ",") + m.name + "=" + m.peer;
      members_.push_back(m);
    }
    initial_ = initial;
    for (size_t i = 0; i < n; ++i) {
      if (!Spawn(i)) return false;
    }
    return WaitHealthy(std::chrono::seconds(30));
  }

  std::vector<std::string> Endpoints() const {
    std::vector<std::string> out;
    for (const Member& m : members_) out.push_back(m.client);
    return out;
  }
  std::string EndpointList() const {
    std::string out;
    for (const Member& m : members_) out += (out.empty() ? "" : ",") + m.client;
    return out;
  }

  void Kill(size_t i) { Signal(i, SIGKILL, true); }
  void Freeze(size_t i) { Signal(i, SIGSTOP, false); }
  void Thaw(size_t i) { Signal(i, SIGCONT, false); }
  bool Restart(size_t i) { return members_[i].pid == 0 && Spawn(i); }

  // Every running member answers /health with "true".
  bool WaitHealthy(std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      bool all = true;
      for (const Member& m : members_) {
        if (m.pid != 0 && !Healthy(m.client)) all = false;
      }
      if (all) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }

  std::string CaFile() const { return dir_ + "/ca.pem"; }

  std::string Log(size_t i) const {
    std::ifstream in(dir_ + "/" + members_[i].name + ".log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  struct Member {
    std::string name, client, peer;
    pid_t pid = 0;
  };

  bool Spawn(size_t i) {
    Member& m = members_[i];
    std::vector<std::string> args = {binary_,
                                     "--name",
                                     m.name,
                                     "--data-dir",
                                     dir_ + "/" + m.name,
                                     "--listen-client-urls",
                                     m.client,
                                     "--advertise-client-urls",
                                     m.client,
                                     "--listen-peer-urls",
                                     m.peer,
                                     "--initial-advertise-peer-urls",
                                     m.peer,
                                     "--initial-cluster",
                                     initial_,
                                     "--initial-cluster-state",
                                     "new",
                                     "--initial-cluster-token",
                                     dir_,
                                     "--heartbeat-interval",
                                     "50",
                                     "--election-timeout",
                                     "500"};
    if (tls_) {
      for (const char* a : {"--cert-file", "server.pem", "--key-file", "server-key.pem"}) {
        std::string arg = a;
        args.push_back(arg.rfind("--", 0) == 0 ? arg : dir_ + "/" + arg);
      }
    }
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    std::string log = dir_ + "/" + m.name + ".log";
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc = posix_spawn(&m.pid, binary_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) m.pid = 0;
    return rc == 0;
  }

  void Signal(size_t i, int sig, bool reap) {
    Member& m = members_[i];
    if (m.pid == 0) return;
    ::kill(m.pid, sig);
    if (reap) {
      ::waitpid(m.pid, nullptr, 0);
      m.pid = 0;
    }
  }

  bool MakeCertificates() {
    std::string d = dir_;
    std::string script =
        "cd " + d +
        " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca "
        "-keyout ca-key.pem -out ca.pem && "
        "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem "
        "-out server.csr && printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext && "
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 "
        "-extfile san.ext -out server.pem";
    return std::system(("(" + script + ") >/dev/null 2>&1").c_str()) == 0;
  }

  bool Healthy(const std::string& client) const {
    std::string ca = tls_ ? " --cacert " + CaFile() : "";
    std::string cmd = "curl -s -m 2" + ca + " " + client + "/health 2>/dev/null";
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return false;
    char buf[256] = {0};
    size_t n = fread(buf, 1, sizeof(buf) - 1, p);
    ::pclose(p);
    return std::string(buf, n).find("\"health\":\"true\"") != std::string::npos;
  }

  std::string binary_;
  std::string dir_;
  bool tls_ = false;
  std::string initial_;
  std::vector<Member> members_;
};

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_SUPPORT_ETCD_CLUSTER_H_
