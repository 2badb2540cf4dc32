// The "frr" channel: dry run through vtysh, batches over the vty sockets.
#include "backend/frr/vtysh_channel.h"

#include "backend/frr/readback.h"
#include "backend/frr/vty_client.h"
#include "backend/frr/vtysh.h"
#include "backend/process.h"

namespace backend::frr {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == '\n' || s[i] == ' ')) ++i;
  return s.substr(i);
}

rc::Error batch_error(const std::string& daemon, const std::string& what) {
  return rc::make_error(rc::Code::kBackend, daemon + ": " + what);
}

rc::Status dry_run(const FrrOptions& options, const std::vector<std::string>& commands) {
  std::vector<std::string> argv = dry_run_argv(options);
  std::string input;
  for (const auto& c : commands) input += c + "\n";
  auto r = run_process(argv, input);
  if (!r.ok()) return r.error();
  if (r->ok()) return rc::Status::Ok();
  rc::Error e = process_error(argv, *r);
  e.message = "FRR refuses the commands (dry run): " + trimmed(r->output);
  return e;
}

// One daemon's transaction. Stops at the first refused command.
rc::Status apply(VtyClient& vty, const std::string& daemon, const Batch& batch) {
  for (const char* c : {"enable", "configure terminal", "XFRR_start_configuration"}) {
    auto r = vty.run(c);
    if (!r.ok()) return batch_error(daemon, r.error().message);
    if (r->code != 0) return batch_error(daemon, std::string(c) + ": " + trimmed(r->output));
  }
  rc::Status failed = rc::Status::Ok();
  std::string refused;  // an undo's refusals, reported at its end
  for (const auto& c : batch.commands) {
    auto r = vty.run(c);
    if (!r.ok()) return batch_error(daemon, r.error().message);
    if (r->code == 0) continue;
    std::string why = "\"" + c + "\": " + trimmed(r->output) + " (code " +
                      std::to_string(r->code) + ")";
    if (!batch.undo) {
      failed = batch_error(daemon, why);
      break;
    }
    if (c.rfind("no ", 0) != 0) refused += (refused.empty() ? "" : "; ") + why;
  }
  if (!refused.empty()) failed = batch_error(daemon, refused);
  auto end = vty.run("XFRR_end_configuration");
  if (!end.ok()) return batch_error(daemon, end.error().message);
  std::string out = trimmed(end->output);
  if (failed.ok() && (end->code != 0 || out.rfind("%", 0) == 0 ||
                      out.find("\n%") != std::string::npos)) {
    failed = batch_error(daemon, "the transaction was rejected: " + out);
  }
  (void)vty.run("end");
  return failed;
}

}  // namespace

rc::Status run_batch(const FrrOptions& options, const Step& step, bool prepare) {
  auto batch = batch_of(step);
  if (!batch.ok()) return batch.error();
  std::vector<VtyClient> clients;
  for (const auto& d : batch->daemons) {
    auto c = VtyClient::connect(vty_socket_path(options.vty_socket, d));
    if (!c.ok()) {
      rc::Error e = c.error();
      e.message = d + " is not reachable: " + e.message;
      return e;
    }
    clients.push_back(std::move(c).value());
  }
  if (prepare) return dry_run(options, batch->commands);
  for (size_t i = 0; i < clients.size(); ++i) {
    rc::Status st = apply(clients[i], batch->daemons[i], *batch);
    if (!st.ok()) return st;
  }
  // Read back: each client is in enable mode again after `end`.
  return check_expectations(batch->expect, [&](const std::string& daemon,
                                               const std::string& show)
                                               -> rc::Result<std::string> {
    for (size_t i = 0; i < clients.size(); ++i) {
      if (batch->daemons[i] != daemon) continue;
      auto r = clients[i].run(show);
      if (!r.ok()) return r.error();
      return r->output;
    }
    return rc::make_error(rc::Code::kInternal, "readback from " + daemon +
                                                   ", which the batch did not configure");
  });
}

void attach_vtysh_channel(RealHost* host, const FrrOptions& options) {
  host->add_channel("frr", [options](const Step& step, bool prepare) {
    return run_batch(options, step, prepare);
  });
}

}  // namespace backend::frr
