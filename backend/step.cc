#include "backend/step.h"

namespace backend {

Step Step::write_file(std::string path, std::string data, int mode) {
  Step s;
  s.kind = Kind::kWriteFile;
  s.path = std::move(path);
  s.data = std::move(data);
  s.mode = mode;
  return s;
}

Step Step::remove_file(std::string path) {
  Step s;
  s.kind = Kind::kRemoveFile;
  s.path = std::move(path);
  return s;
}

Step Step::run(std::vector<std::string> argv, std::string input) {
  Step s;
  s.kind = Kind::kRun;
  s.argv = std::move(argv);
  s.data = std::move(input);
  return s;
}

Step Step::message(std::string channel, nlohmann::json payload) {
  Step s;
  s.kind = Kind::kMessage;
  s.channel = std::move(channel);
  s.payload = std::move(payload);
  return s;
}

std::string Step::describe() const {
  switch (kind) {
    case Kind::kNone:
      return "nothing";
    case Kind::kWriteFile:
      return "write " + path + " (" + std::to_string(data.size()) + " bytes)";
    case Kind::kRemoveFile:
      return "remove " + path;
    case Kind::kRun: {
      std::string s = "run";
      for (const auto& a : argv) s += " " + a;
      return s;
    }
    case Kind::kMessage:
      return channel + " " + payload.dump();
  }
  return "?";
}

std::string Plan::describe() const {
  std::string s;
  for (const auto& a : removals) s += driver + ": " + a.summary + "\n";
  for (const auto& a : additions) s += driver + ": " + a.summary + "\n";
  return s;
}

}  // namespace backend
