// TLS is verified unless explicitly turned off: `backupctl plan` against an
// HTTPS endpoint whose certificate is self-signed (a small TLS front in this
// process that forwards to the emulator) fails with a clear certificate
// error and sends no API call through; it succeeds when AWS_CA_BUNDLE names
// the certificate, and with --insecure-skip-tls-verify, which warns.

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>

#include "tests/reliability/test_support.h"
#include "tests/support/wait_until.h"

namespace backupctl::reliability {
namespace {

// A self-signed certificate for 127.0.0.1 made with the openssl CLI (setup.sh
// installs it); false when that fails.
bool MakeCertificate(const std::string& dir) {
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -keyout '" + dir +
                    "/key.pem' -out '" + dir + "/cert.pem' -days 2 -subj /CN=127.0.0.1" +
                    " -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// HTTPS on an ephemeral loopback port, forwarding every request unchanged
// (Host and signature included) to the emulator at `port`.
class TlsFront {
 public:
  TlsFront(const std::string& dir, int port)
      : server_((dir + "/cert.pem").c_str(), (dir + "/key.pem").c_str()),
        upstream_("127.0.0.1", port) {
    auto forward = [this](const httplib::Request& req, httplib::Response& res) {
      Forward(req, res);
    };
    server_.Get(".*", forward);
    server_.Put(".*", forward);
    server_.Post(".*", forward);
    server_.Delete(".*", forward);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    testing::WaitUntil([this] { return server_.is_running(); }, std::chrono::seconds(2));
  }
  ~TlsFront() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  bool valid() const { return server_.is_valid() && port_ > 0; }

 private:
  void Forward(const httplib::Request& req, httplib::Response& res) {
    httplib::Request out;
    out.method = req.method;
    out.path = req.target;
    out.headers = req.headers;
    out.headers.erase("Connection");
    out.body = req.body;
    std::lock_guard<std::mutex> lock(mu_);
    httplib::Result got = upstream_.send(out);
    if (!got) {
      res.status = 502;
      return;
    }
    res.status = got->status;
    for (const auto& [name, value] : got->headers) {
      if (name != "Content-Length" && name != "Connection") res.set_header(name, value);
    }
    res.body = got->body;
  }

  httplib::SSLServer server_;
  httplib::Client upstream_;
  std::mutex mu_;
  std::thread thread_;
  int port_ = 0;
};

class Tls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!MakeCertificate(dir_.path())) GTEST_SKIP() << "the openssl CLI could not make a cert";
    server_ = StartEmulator();
    ASSERT_NE(server_, nullptr);
    front_ = std::make_unique<TlsFront>(dir_.path(), server_->port());
    ASSERT_TRUE(front_->valid());
  }

  ChildResult Plan(std::map<std::string, std::string> env, bool insecure) {
    std::vector<std::string> args = {"plan",       EstateDir(),   "--target", "aws",
                                     "--endpoint", front_->url(), "--region", "us-east-1"};
    if (insecure) args.push_back("--insecure-skip-tls-verify");
    return RunBackupctl(args, env, 60);
  }

  std::map<std::string, std::string> Env() {
    std::map<std::string, std::string> env = EmulatorEnv(front_->url());
    env["AWS_CA_BUNDLE"] = "";
    env["SSL_CERT_FILE"] = "";
    env["CURL_CA_BUNDLE"] = "";
    return env;
  }

  TempDir dir_;
  std::unique_ptr<EmulatorServer> server_;
  std::unique_ptr<TlsFront> front_;
};

TEST_F(Tls, UntrustedCertificateFailsClearlyUnlessItsCaIsConfigured) {
  ChildResult untrusted = Plan(Env(), false);
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.out;
  EXPECT_NE(untrusted.err.find("certificate"), std::string::npos) << untrusted.err;
  EXPECT_EQ(server_->request_log().Records().size(), 0u) << "a call went through";
  EXPECT_LT(untrusted.seconds, 20) << "a certificate failure is not worth retrying";

  std::map<std::string, std::string> trusted = Env();
  trusted["AWS_CA_BUNDLE"] = dir_.path() + "/cert.pem";
  ChildResult ok = Plan(trusted, false);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("rel-primary"), std::string::npos) << ok.out;
  EXPECT_GT(server_->request_log().Records().size(), 0u);

  std::ostringstream line;
  line << "tls: untrusted_exit=" << untrusted.exit_code
       << " trusted_with_ca_bundle_exit=" << ok.exit_code << " ("
       << untrusted.err.substr(0, untrusted.err.find('\n')) << ")";
  ReportFigure("tls", line.str());
}

TEST_F(Tls, InsecureSkipTlsVerifyWorksAndWarns) {
  ChildResult r = Plan(Env(), true);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("verification is turned off"), std::string::npos) << r.err;
  EXPECT_GT(server_->request_log().Records().size(), 0u);
}

}  // namespace
}  // namespace backupctl::reliability
