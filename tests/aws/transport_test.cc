// The libcurl transport against local httplib servers: methods, bodies and
// headers; keep-alive reuse (counted by the server too); timeouts; refused
// connections; TLS verification with a certificate made here.

#include "providers/aws/transport.h"

#include <netinet/in.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "aws/loopback_server.h"
#include "tests/support/ports.h"

namespace backupctl {
namespace {

using testing::LoopbackServer;
using Clock = std::chrono::steady_clock;

// Records the client ports the server saw: one per TCP connection.
class PortLog {
 public:
  void Add(int port) {
    std::lock_guard<std::mutex> lock(mu_);
    ports_.insert(port);
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return ports_.size();
  }

 private:
  std::mutex mu_;
  std::set<int> ports_;
};

void AddEchoHandlers(httplib::Server& server, PortLog* ports) {
  auto echo = [ports](const httplib::Request& req, httplib::Response& res) {
    if (ports != nullptr) ports->Add(req.remote_port);
    std::string text = "method=" + req.method + "\npath=" + req.path + "\n";
    for (const auto& [name, value] : req.params) text += "param:" + name + "=" + value + "\n";
    for (const char* name : {"X-Test", "Content-Type", "Expect", "Host", "Content-Length"}) {
      if (req.has_header(name)) text += std::string(name) + "=" + req.get_header_value(name) + "\n";
    }
    text += "body-size=" + std::to_string(req.body.size()) + "\nbody=" + req.body.substr(0, 64);
    res.set_header("X-Amzn-RequestId", "req-123");
    res.set_header("X-Mixed-Case", "Value With Case");
    res.set_content(text, "text/plain");
  };
  server.Get(".*", echo);
  server.Put(".*", echo);
  server.Post(".*", echo);
  server.Delete(".*", echo);
}

HttpRequest Request(const std::string& method, const std::string& path,
                    const std::string& body = "") {
  HttpRequest req;
  req.method = method;
  req.path = path;
  req.body = body;
  return req;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Transport, SendsMethodsQueryBodiesAndHeaders) {
  LoopbackServer srv;
  AddEchoHandlers(srv.server(), nullptr);
  ASSERT_TRUE(srv.Start());
  Transport transport({});

  HttpRequest get = Request("GET", "/backup-vaults/");
  get.query = {{"maxResults", "10"}, {"nextToken", "a/b c=="}};
  get.headers = {{"x-test", "hello"}};
  auto r = transport.Send(srv.url(), get);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r.value().status, 200);
  EXPECT_TRUE(Contains(r.value().body, "method=GET\npath=/backup-vaults/\n"));
  EXPECT_TRUE(Contains(r.value().body, "param:nextToken=a/b c==\n"));
  EXPECT_TRUE(Contains(r.value().body, "X-Test=hello\n"));
  EXPECT_FALSE(Contains(r.value().body, "Content-Type="));
  EXPECT_EQ(r.value().headers.at("x-amzn-requestid"), "req-123");
  EXPECT_EQ(r.value().headers.at("x-mixed-case"), "Value With Case");

  HttpRequest put = Request("PUT", "/backup-vaults/v1", R"({"BackupVaultTags":{}})");
  put.headers = {{"content-type", "application/json"}};
  r = transport.Send(srv.url(), put);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(Contains(r.value().body, "method=PUT\n"));
  EXPECT_TRUE(Contains(r.value().body, "Content-Type=application/json\n"));
  EXPECT_TRUE(Contains(r.value().body, R"(body={"BackupVaultTags":{}})"));

  r = transport.Send(srv.url(), Request("POST", "/untag/arn%3Aaws%3Abackup", "{}"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(Contains(r.value().body, "method=POST\npath=/untag/arn:aws:backup\n"));
  EXPECT_FALSE(Contains(r.value().body, "Content-Type="));  // never curl's form default

  r = transport.Send(srv.url(), Request("DELETE", "/backup-vaults/v1"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(Contains(r.value().body, "method=DELETE\n"));
  EXPECT_TRUE(Contains(r.value().body, "body-size=0"));
}

TEST(Transport, SendsTheGivenHostHeader) {
  LoopbackServer srv;
  AddEchoHandlers(srv.server(), nullptr);
  ASSERT_TRUE(srv.Start());
  Transport transport({});
  auto r = transport.Send(srv.url(), Request("GET", "/"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r.value().body, "Host=127.0.0.1:" + std::to_string(srv.port())));
  HttpRequest req = Request("GET", "/");
  req.headers = {{"host", "backup.us-east-1.amazonaws.com"}};
  r = transport.Send(srv.url(), req);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r.value().body, "Host=backup.us-east-1.amazonaws.com\n"));
}

TEST(Transport, LargeBodyGoesWithoutExpectContinue) {
  LoopbackServer srv;
  AddEchoHandlers(srv.server(), nullptr);
  ASSERT_TRUE(srv.Start());
  Transport transport({});
  std::string body(1 << 20, 'x');
  auto r = transport.Send(srv.url(), Request("PUT", "/big", body));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(Contains(r.value().body, "body-size=1048576"));
  EXPECT_TRUE(Contains(r.value().body, "Content-Length=1048576"));
  EXPECT_FALSE(Contains(r.value().body, "Expect="));
}

TEST(Transport, ErrorStatusIsAResponseNotATransportError) {
  LoopbackServer srv;
  srv.server().Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_header("X-Amzn-ErrorType", "ResourceNotFoundException");
    res.set_content(R"({"Message":"no"})", "application/json");
  });
  ASSERT_TRUE(srv.Start());
  Transport transport({});
  auto r = transport.Send(srv.url(), Request("GET", "/missing"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().status, 404);
  EXPECT_EQ(r.value().headers.at("x-amzn-errortype"), "ResourceNotFoundException");
  EXPECT_EQ(r.value().body, R"({"Message":"no"})");
}

TEST(Transport, SequentialRequestsReuseOneConnection) {
  LoopbackServer srv;
  PortLog ports;
  AddEchoHandlers(srv.server(), &ports);
  ASSERT_TRUE(srv.Start());
  Transport transport({});
  for (int i = 0; i < 25; ++i) {
    auto r = transport.Send(srv.url(), Request(i % 2 ? "GET" : "PUT", "/x", i % 2 ? "" : "{}"));
    ASSERT_TRUE(r.ok()) << r.error().ToString();
  }
  EXPECT_EQ(transport.stats().requests, 25);
  EXPECT_EQ(transport.stats().new_connections, 1);
  EXPECT_EQ(ports.size(), 1u);
}

TEST(Transport, ParallelThreadsShareAtMostOneConnectionEach) {
  LoopbackServer srv;
  PortLog ports;
  AddEchoHandlers(srv.server(), &ports);
  ASSERT_TRUE(srv.Start());
  Transport transport({});
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      // httplib listens with a backlog of 5: staggered starts avoid a 1 s SYN retry.
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * t));
      for (int i = 0; i < 15; ++i) {
        if (!transport.Send(srv.url(), Request("GET", "/p")).ok()) failures++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(transport.stats().requests, 120);
  EXPECT_GE(transport.stats().new_connections, 1);
  EXPECT_LE(transport.stats().new_connections, 8);
  EXPECT_EQ(static_cast<long long>(ports.size()), transport.stats().new_connections);
}

TEST(Transport, TotalTimeoutFailsFast) {
  LoopbackServer srv;
  std::atomic<bool> release{false};
  srv.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    for (int i = 0; i < 500 && !release; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    res.set_content("late", "text/plain");
  });
  ASSERT_TRUE(srv.Start());
  TransportOptions options;
  options.total_timeout_ms = 300;
  Transport transport(options);
  auto start = Clock::now();
  auto r = transport.Send(srv.url(), Request("GET", "/slow"));
  auto elapsed = Clock::now() - start;
  release = true;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(r.error().code, "RequestTimeout");
  EXPECT_EQ(r.error().http_status, 0);
  EXPECT_TRUE(r.error().Retryable());
  EXPECT_TRUE(Contains(r.error().message, "timed out")) << r.error().message;
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
}

using testing::UnusedPort;

TEST(Transport, ConnectionRefusedIsATransportError) {
  Transport transport({});
  std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort());
  auto r = transport.Send(url, Request("GET", "/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(r.error().code, "ConnectionRefused");
  EXPECT_TRUE(Contains(r.error().message, url)) << r.error().message;
  EXPECT_TRUE(Contains(r.error().message, "onnect")) << r.error().message;
}

// --- TLS ---------------------------------------------------------------------

// A self-signed certificate (EC P-256) for `san`, written as PEM files.
struct TestCert {
  std::string cert_path, key_path;
};

bool WriteSelfSigned(const std::string& dir, const std::string& san, TestCert* out) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("backupctl test"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, san.c_str()},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  bool ok = X509_sign(x, key, EVP_sha256()) > 0;
  out->cert_path = dir + "/cert.pem";
  out->key_path = dir + "/key.pem";
  FILE* f = fopen(out->cert_path.c_str(), "w");
  ok = ok && f != nullptr && PEM_write_X509(f, x) == 1;
  if (f != nullptr) fclose(f);
  f = fopen(out->key_path.c_str(), "w");
  ok = ok && f != nullptr && PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  if (f != nullptr) fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
  return ok;
}

class TransportTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/transport_tls_" + std::to_string(getpid());
    std::filesystem::create_directories(dir_ + "/ip");
    std::filesystem::create_directories(dir_ + "/other");
    ASSERT_TRUE(WriteSelfSigned(dir_ + "/ip", "IP:127.0.0.1", &cert_));
    ASSERT_TRUE(WriteSelfSigned(dir_ + "/other", "DNS:not-this-host.example", &other_));
  }
  void TearDown() override {
    unsetenv("AWS_CA_BUNDLE");
    std::filesystem::remove_all(dir_);
  }
  std::string dir_;
  TestCert cert_, other_;
};

void AddHello(httplib::Server& server) {
  server.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hello over tls", "text/plain");
  });
}

TEST_F(TransportTls, UntrustedCertificateIsRejectedByDefault) {
  LoopbackServer srv(cert_.cert_path, cert_.key_path);
  AddHello(srv.server());
  ASSERT_TRUE(srv.Start());
  Transport transport({});
  auto r = transport.Send(srv.url(), Request("GET", "/hello"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(r.error().code, "TlsError");
  EXPECT_TRUE(Contains(r.error().message, "SSL certificate problem")) << r.error().message;
}

TEST_F(TransportTls, TrustedThroughCaBundleOptionOrEnvironment) {
  LoopbackServer srv(cert_.cert_path, cert_.key_path);
  AddHello(srv.server());
  ASSERT_TRUE(srv.Start());
  TransportOptions options;
  options.ca_bundle = cert_.cert_path;
  Transport with_option(options);
  auto r = with_option.Send(srv.url(), Request("GET", "/hello"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r.value().body, "hello over tls");

  setenv("AWS_CA_BUNDLE", cert_.cert_path.c_str(), 1);
  Transport with_env({});
  r = with_env.Send(srv.url(), Request("GET", "/hello"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r.value().body, "hello over tls");
}

TEST_F(TransportTls, HostNameMustMatchEvenWhenTrusted) {
  LoopbackServer srv(other_.cert_path, other_.key_path);
  AddHello(srv.server());
  ASSERT_TRUE(srv.Start());
  TransportOptions options;
  options.ca_bundle = other_.cert_path;
  Transport transport(options);
  auto r = transport.Send(srv.url(), Request("GET", "/hello"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTransport);
  EXPECT_EQ(r.error().code, "TlsError");
  EXPECT_TRUE(Contains(r.error().message, "subject name matches target host name '127.0.0.1'"))
      << r.error().message;
}

TEST_F(TransportTls, InsecureModeConnectsAndWarnsOnce) {
  LoopbackServer srv(other_.cert_path, other_.key_path);
  AddHello(srv.server());
  ASSERT_TRUE(srv.Start());
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  {
    TransportOptions options;
    options.insecure_skip_tls_verify = true;
    Transport transport(options);
    for (int i = 0; i < 3; ++i) {
      HttpRequest req = Request("GET", "/hello");
      req.headers = {{"authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, Signature=SECRET"}};
      auto r = transport.Send(srv.url(), req);
      ASSERT_TRUE(r.ok()) << r.error().ToString();
      EXPECT_EQ(r.value().body, "hello over tls");
    }
  }
  spdlog::set_default_logger(previous);
  std::vector<std::string> lines = sink->last_formatted();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(Contains(lines[0], "TLS certificate verification is turned off")) << lines[0];
  EXPECT_FALSE(Contains(lines[0], "SECRET"));
}

}  // namespace
}  // namespace backupctl
