// backend::Step and backend::Action: one side effect, as data.
//
// A driver's plan is a list of Actions; each Action is a Step to take and
// the Step that undoes it, both computed when planning (before anything
// runs). Steps are data so that plans print (`commit check`, golden tests)
// and so that every side effect goes through a Host: the real system, the
// render host that writes what would be done under the state directory, or
// a fault-injecting host.
//
// Step kinds:
//   kWriteFile  write `data` to `path` atomically (temp, fsync, rename) with
//               mode `mode`;
//   kRemoveFile remove `path` (missing is fine);
//   kRun        run `argv` (never through a shell), `data` on stdin;
//   kMessage    a message on a named channel (`channel`: "vici", "netlink",
//               "vtysh:<daemon>") with a JSON `payload`; the host routes it
//               to the client that speaks that protocol.
//   kNone       nothing (an undo that has nothing to undo).
//
// Thread-safety: plain values.
#ifndef ROUTESH_BACKEND_STEP_H_
#define ROUTESH_BACKEND_STEP_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace backend {

struct Step {
  enum class Kind { kNone, kWriteFile, kRemoveFile, kRun, kMessage };
  Kind kind = Kind::kNone;
  std::string path;               // files
  std::string data;               // file contents / stdin
  int mode = 0644;                // files
  std::vector<std::string> argv;  // kRun
  std::string channel;            // kMessage
  nlohmann::json payload;         // kMessage

  static Step none() { return {}; }
  static Step write_file(std::string path, std::string data, int mode = 0644);
  static Step remove_file(std::string path);
  static Step run(std::vector<std::string> argv, std::string input = {});
  static Step message(std::string channel, nlohmann::json payload);

  // One line for plans and logs: "write /x (123 bytes)", "run vtysh -c …".
  std::string describe() const;
};

struct Action {
  std::string driver;   // who planned it
  std::string summary;  // what it achieves, for people: "vti0: set mtu 1436"
  Step step;
  Step undo;
  // The step may fail half-way (a batch of commands that stops at the
  // first refused one): when it fails, the engine runs its undo as well.
  // REQUIRES (when set): `undo` is safe on any prefix of `step`'s effect.
  bool partial = false;
};

// The actions a driver plans for one commit. Removals run first (drivers in
// reverse dependency order), then additions (in dependency order).
struct Plan {
  std::string driver;
  std::vector<Action> removals;
  std::vector<Action> additions;
  bool empty() const { return removals.empty() && additions.empty(); }
  std::string describe() const;
};

}  // namespace backend

#endif  // ROUTESH_BACKEND_STEP_H_
