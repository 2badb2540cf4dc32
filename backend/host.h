// backend::Host: the one seam through which routesh touches the system.
//
// Every Step of every plan is prepared (checked, staged; must be
// reversible and leave the system unchanged) and then executed through a
// Host. Versions:
//   RealHost    the system itself (files, processes, channels to daemons);
//   RenderHost  files under its root are real; processes and channel
//               messages are appended to <root>/actions.log instead of run
//               (the embedded default: try routesh without root);
//   FaultHost   wraps another host and fails chosen steps, to prove that
//               failures are reverted exactly.
//
// Thread-safety: a Host is used by the engine thread only.
#ifndef ROUTESH_BACKEND_HOST_H_
#define ROUTESH_BACKEND_HOST_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "backend/step.h"
#include "schema/status.h"

namespace backend {

class Host {
 public:
  virtual ~Host() = default;
  // Checks that `step` can run (a dry run where the target supports one).
  // Must not change the system.
  virtual rc::Status prepare(const Step& step) = 0;
  // Runs the step.
  virtual rc::Status execute(const Step& step) = 0;
  // Reads a file (for planning undo); nullopt-like: returns false if absent.
  virtual bool read_file(const std::string& path, std::string* data) = 0;
};

// A handler for kMessage steps on one channel.
using ChannelHandler = std::function<rc::Status(const Step&, bool prepare)>;

class RealHost : public Host {
 public:
  void add_channel(const std::string& name, ChannelHandler handler);
  rc::Status prepare(const Step& step) override;
  rc::Status execute(const Step& step) override;
  bool read_file(const std::string& path, std::string* data) override;

 private:
  std::map<std::string, ChannelHandler> channels_;
};

class RenderHost : public Host {
 public:
  // REQUIRES: root exists or can be created.
  explicit RenderHost(std::string root) : root_(std::move(root)) {}
  rc::Status prepare(const Step& step) override;
  rc::Status execute(const Step& step) override;
  bool read_file(const std::string& path, std::string* data) override;
  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// Fails steps whose action belongs to `driver` in `phase` ("prepare" or
// "apply"), after letting `skip` matching steps through. Also used for
// crash tests: with crash=true the process kills itself (SIGKILL) instead of
// failing.
class FaultHost : public Host {
 public:
  struct Spec {
    std::string phase;   // prepare | apply
    std::string path_prefix;  // steps whose path/channel starts with this
    int skip = 0;
  };
  FaultHost(Host* inner, Spec spec)
      : inner_(inner), spec_(std::move(spec)), armed_(true) {}
  explicit FaultHost(Host* inner) : inner_(inner) {}
  // Arms one fault: the first matching step fails, later ones pass (so the
  // revert that follows runs normally).
  void arm(Spec spec) {
    spec_ = std::move(spec);
    armed_ = true;
  }
  bool armed() const { return armed_; }
  rc::Status prepare(const Step& step) override;
  rc::Status execute(const Step& step) override;
  bool read_file(const std::string& path, std::string* data) override {
    return inner_->read_file(path, data);
  }
  // "apply:/state/render/vti" -> Spec. Returns false if malformed.
  static bool parse(const std::string& text, Spec* spec);

 private:
  bool hit(const std::string& phase, const Step& step);
  Host* inner_;
  Spec spec_;
  bool armed_ = false;
};

// Writes a file atomically: temp file in the same directory, fsync,
// rename, fsync of the directory.
rc::Status write_file_atomic(const std::string& path, const std::string& data,
                             int mode);

}  // namespace backend

#endif  // ROUTESH_BACKEND_HOST_H_
