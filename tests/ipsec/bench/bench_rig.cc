// ipsec_bench::Rig (see bench_rig.h).
#include "tests/ipsec/bench/bench_rig.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <vector>

namespace ipsec_bench {

rc::Result<std::unique_ptr<Rig>> Rig::open(const std::string& parent,
                                           const std::string& vici_socket) {
  std::unique_ptr<Rig> rig(new Rig());
  std::string tmpl = parent + "/routesh-ipsec-bench-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return rc::make_error(rc::Code::kIo, "cannot create a directory in " + parent);
  }
  rig->dir_ = tmpl;
  const std::string render_dir = rig->dir_ + "/render";
  if (::mkdir(render_dir.c_str(), 0750) != 0) {
    return rc::make_error(rc::Code::kIo, "cannot create " + render_dir);
  }
  const schema::Schema& schema = schema::Schema::builtin();
  backend::BackendOptions options;
  options.kind = "live";
  options.render_dir = render_dir;
  options.vici_socket = vici_socket;
  auto b = backend::make_backend(schema, options);
  if (!b.ok()) return b.error();
  rig->backend_ = std::move(b).value();
  rig->timing_ = std::make_unique<TimingHost>(rig->backend_->host());
  auto h = commits::History::open(rig->dir_ + "/history.db");
  if (!h.ok()) return h.error();
  rig->history_ = std::move(h).value();
  rig->engine_ = std::make_unique<commits::Engine>(
      schema, rig->history_.get(), rig->backend_->take_drivers(), rig->timing_.get());
  std::vector<std::string> log;
  if (auto st = rig->engine_->start(&log); !st.ok()) return st.error();
  return rig;
}

Rig::~Rig() {
  engine_.reset();
  history_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);  // our own mkdtemp directory
  }
}

rc::Result<CommitTimes> Rig::commit(const schema::NodePtr& candidate,
                                    bool check_only) {
  commits::CommitOptions o;
  o.info.user = "bench";
  o.info.source = "batch";
  o.check_only = check_only;
  timing_->reset();
  auto t0 = std::chrono::steady_clock::now();
  auto r = engine_->commit(candidate, o);
  CommitTimes t;
  t.total_ms = std::chrono::duration<double, std::milli>(
                   std::chrono::steady_clock::now() - t0)
                   .count();
  if (!r.ok()) return r.error();
  if (r->no_changes) {
    return rc::make_error(rc::Code::kInternal, "the commit changed nothing");
  }
  t.vici = timing_->times("vici");
  t.netlink = timing_->times("netlink");
  t.other_ms = timing_->total_ms() - t.vici.total_ms() - t.netlink.total_ms();
  t.operations = timing_->operations();
  return t;
}

}  // namespace ipsec_bench
