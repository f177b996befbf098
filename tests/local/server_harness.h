// Helpers for the emulator server tests: start a server on 127.0.0.1:0 and
// send it requests signed with the project's SigV4 signer over httplib.

#ifndef BACKUPCTL_TESTS_LOCAL_SERVER_HARNESS_H_
#define BACKUPCTL_TESTS_LOCAL_SERVER_HARNESS_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "providers/local/emulator_server.h"
#include "providers/sigv4/sigv4.h"
#include "providers/wire/rest.h"

namespace backupctl::testing {

inline Credentials TestCredentials() { return {"test", "test", "", std::nullopt}; }

inline std::unique_ptr<EmulatorServer> StartServer(EmulatorOptions options = {}) {
  options.host = "127.0.0.1";
  options.port = 0;
  auto server = EmulatorServer::Start(options);
  EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().ToString());
  return server.ok() ? std::move(server.value()) : nullptr;
}

struct CallResult {
  bool answered = false;  // false: the connection ended without a response
  httplib::Error error = httplib::Error::Success;
  HttpResponse response;
};

inline std::unique_ptr<httplib::Client> NewClient(int port) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_url_encode(false);  // paths are already in wire form
  client->set_keep_alive(true);
  client->set_connection_timeout(5);
  client->set_read_timeout(10);
  return client;
}

// Sends `req` signed with `creds` (unsigned when creds is empty).
inline CallResult Call(httplib::Client& client, int port, HttpRequest req,
                       const Credentials& creds = TestCredentials()) {
  SigV4Request s{req.method, req.path, req.QueryString(), {}, req.body};
  for (const auto& [name, value] : req.headers) s.headers.emplace_back(name, value);
  s.headers.emplace_back("host", "127.0.0.1:" + std::to_string(port));
  SigV4Options options;
  options.region = "us-east-1";
  if (!creds.empty()) SignRequest(&s, creds, options);

  httplib::Request hreq;
  hreq.method = req.method;
  hreq.path = req.path + (s.query.empty() ? "" : "?" + s.query);
  for (const auto& [name, value] : s.headers) hreq.set_header(name, value);
  hreq.body = req.body;
  httplib::Response hres;
  CallResult result;
  result.answered = client.send(hreq, hres, result.error);
  if (!result.answered) return result;
  result.response.status = hres.status;
  for (const auto& [name, value] : hres.headers) {
    result.response.headers[Lower(name)] = value;
  }
  result.response.body = hres.body;
  return result;
}

inline CallResult Call(int port, HttpRequest req, const Credentials& creds = TestCredentials()) {
  auto client = NewClient(port);
  return Call(*client, port, std::move(req), creds);
}

// A typed call: Encode, send signed, decode.
template <typename Output, typename Input>
Outcome<Output> Api(int port, const Input& input) {
  CallResult r = Call(port, Encode(input));
  if (!r.answered) {
    return MakeError(ErrorKind::kTransport, "ConnectionClosed", "no response", 0);
  }
  if (r.response.status >= 300) return DecodeError(r.response);
  return DecodeOutput<Output>(r.response);
}

// Admin endpoint helpers (unsigned JSON).
inline nlohmann::json Admin(int port, const std::string& method, const std::string& name,
                            const nlohmann::json& body = nullptr, int* status = nullptr) {
  httplib::Client client("127.0.0.1", port);
  httplib::Request req;
  req.method = method;
  req.path = "/_emulator/" + name;
  if (!body.is_null()) {
    req.body = body.dump();
    req.set_header("Content-Type", "application/json");
  }
  httplib::Response res;
  httplib::Error error;
  if (!client.send(req, res, error)) {
    ADD_FAILURE() << "admin " << method << " " << name << " failed";
    return nullptr;
  }
  if (status != nullptr) *status = res.status;
  return nlohmann::json::parse(res.body, nullptr, false);
}

inline CreateBackupVaultInput VaultNamed(const std::string& name) {
  CreateBackupVaultInput in;
  in.backup_vault_name = name;
  return in;
}

inline bool VaultExists(EmulatorServer& server, const std::string& name) {
  return server.account().Snapshot().vaults.count(name) > 0;
}

}  // namespace backupctl::testing

#endif  // BACKUPCTL_TESTS_LOCAL_SERVER_HARNESS_H_
